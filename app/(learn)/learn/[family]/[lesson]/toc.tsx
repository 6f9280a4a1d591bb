"use client";
// The lesson's table of contents: sticky beside the text on wide screens (with the section in
// view marked), a collapsible list above the text on narrow ones.
import { useEffect, useState } from "react";

export interface TocItem {
  depth: number;
  text: string;
  slug: string;
}

function useActiveSection(items: TocItem[]): string | null {
  const [active, setActive] = useState<string | null>(null);
  useEffect(() => {
    const targets = items.map((i) => document.getElementById(i.slug)).filter((el): el is HTMLElement => el !== null);
    if (targets.length === 0) return;
    const observer = new IntersectionObserver(
      (entries) => {
        const visible = entries.filter((e) => e.isIntersecting).sort((a, b) => a.boundingClientRect.top - b.boundingClientRect.top);
        if (visible[0]) setActive(visible[0].target.id);
      },
      { rootMargin: "-64px 0px -70% 0px" },
    );
    targets.forEach((t) => observer.observe(t));
    return () => observer.disconnect();
  }, [items]);
  return active;
}

function List({ items, active }: { items: TocItem[]; active: string | null }) {
  return (
    <ol className="toc-list">
      {items.map((item) => (
        <li key={item.slug} className={item.depth === 3 ? "toc-sub" : undefined}>
          <a href={`#${item.slug}`} aria-current={active === item.slug ? "location" : undefined}>
            {item.text}
          </a>
        </li>
      ))}
    </ol>
  );
}

export function TableOfContents({ items, variant }: { items: TocItem[]; variant: "sidebar" | "inline" }) {
  const active = useActiveSection(variant === "sidebar" ? items : []);
  if (items.length === 0) return null;
  if (variant === "inline") {
    return (
      <details className="toc toc-inline">
        <summary>On this page</summary>
        <List items={items} active={null} />
      </details>
    );
  }
  return (
    <nav className="toc toc-sidebar" aria-label="On this page">
      <p className="toc-title">On this page</p>
      <List items={items} active={active} />
    </nav>
  );
}
