import Link from "next/link";

const TABS = [
  { href: "/author", label: "Item statistics" },
  { href: "/author/status", label: "Content status" },
  { href: "/author/guide", label: "Authoring guide" },
] as const;

/** The author area's views, as tabs under the page title. */
export function AuthorNav({ current }: { current: (typeof TABS)[number]["href"] | null }) {
  return (
    <nav className="author-tabs" aria-label="Author area">
      {TABS.map((t) => (
        <Link key={t.href} href={t.href} aria-current={t.href === current ? "page" : undefined}>
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
