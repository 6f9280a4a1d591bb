"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { navFor, type NavItem } from "@/lib/navigation";
import { useCurrentUser } from "./current-user";

/** The header's links, with the current area marked and a menu button on narrow screens. */
export function MainNav({ items: all }: { items: NavItem[] }) {
  const pathname = usePathname();
  const me = useCurrentUser();
  // Role-specific areas (Mentor, Author) appear once the user is known.
  const allowed = new Set(navFor(me.status === "signed-in" ? me.user.role : null).map((i) => i.href));
  const items = all.filter((i) => allowed.has(i.href));
  const [open, setOpen] = useState(false);
  // Close the menu when the route changes (state adjusted during render, not in an effect).
  const [shownFor, setShownFor] = useState(pathname);
  if (shownFor !== pathname) {
    setShownFor(pathname);
    setOpen(false);
  }
  useEffect(() => {
    document.querySelector(".site-header")?.setAttribute("data-open", String(open));
  }, [open]);
  return (
    <>
      <button
        type="button"
        className="icon-button menu-toggle"
        aria-expanded={open}
        aria-controls="main-nav"
        aria-label={open ? "Close menu" : "Open menu"}
        onClick={() => setOpen((o) => !o)}
      >
        <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
          <path d={open ? "M6 6l12 12M18 6L6 18" : "M4 7h16M4 12h16M4 17h16"} />
        </svg>
      </button>
      <nav id="main-nav" className="nav" aria-label="Main">
        {items.map((item) => {
          const active = pathname === item.href || pathname.startsWith(item.href + "/");
          return (
            <Link key={item.href} href={item.href} aria-current={active ? "page" : undefined}>
              {item.label}
            </Link>
          );
        })}
      </nav>
    </>
  );
}
