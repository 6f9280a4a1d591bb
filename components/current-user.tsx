"use client";
// The signed-in user as the browser sees it, for the header on otherwise static pages. Fetched from
// /api/me on load and after each navigation (sign-in and sign-out navigate), shared by context.
import { usePathname } from "next/navigation";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import type { Role } from "@/lib/generated/prisma/enums";

export interface ClientUser {
  name: string;
  email: string;
  role: Role;
}
export type CurrentUserState = { status: "loading" } | { status: "anonymous" } | { status: "signed-in"; user: ClientUser; unreadNotifications: number };

const CurrentUserContext = createContext<CurrentUserState>({ status: "loading" });

/** Leaving these pages is how signing in or up ends: the account may have changed. */
const signInPages = /^\/(signin|signup)(\/|$)/;

export function CurrentUserProvider({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const [state, setState] = useState<CurrentUserState>({ status: "loading" });
  // Right after signing in or up, the last answer ("anonymous") is stale: show the neutral
  // placeholder until /api/me answers, never "Sign in / Sign up" next to the page that welcomes the
  // user (adjusted during render, so the new page and the placeholder appear together).
  const [shownFor, setShownFor] = useState(pathname);
  if (shownFor !== pathname) {
    setShownFor(pathname);
    if (signInPages.test(shownFor) && state.status !== "loading") setState({ status: "loading" });
  }
  useEffect(() => {
    let live = true;
    fetch("/api/me", { cache: "no-store", credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : { user: null }))
      .then((body: { user: ClientUser | null; unreadNotifications?: number }) => {
        if (!live) return;
        setState(body.user ? { status: "signed-in", user: body.user, unreadNotifications: body.unreadNotifications ?? 0 } : { status: "anonymous" });
      })
      .catch(() => live && setState({ status: "anonymous" }));
    return () => {
      live = false;
    };
  }, [pathname]);
  return <CurrentUserContext.Provider value={state}>{children}</CurrentUserContext.Provider>;
}

export function useCurrentUser(): CurrentUserState {
  return useContext(CurrentUserContext);
}
