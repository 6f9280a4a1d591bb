// The main navigation as data: what each area is called, where it lives, and who sees it.
import type { Role } from "@/lib/generated/prisma/enums";

export interface NavItem {
  href: string;
  label: string;
  /** Roles that see the item; absent = everyone. */
  roles?: readonly Role[];
}

export const mainNav: readonly NavItem[] = [
  { href: "/learn", label: "Learn" },
  { href: "/practice", label: "Practice" },
  { href: "/review", label: "Review" },
  { href: "/cards", label: "Cards" },
  { href: "/dashboard", label: "Dashboard" },
  { href: "/tools/linearizability", label: "Checker" },
  { href: "/mentor", label: "Mentor", roles: ["MENTOR", "ADMIN"] },
  { href: "/author", label: "Author", roles: ["AUTHOR", "ADMIN"] },
];

export function navFor(role: Role | null | undefined): NavItem[] {
  return mainNav.filter((item) => !item.roles || (role != null && item.roles.includes(role)));
}

export const roleLabels: Record<Role, string> = {
  LEARNER: "Learner",
  AUTHOR: "Author",
  MENTOR: "Mentor",
  ADMIN: "Admin",
};

/** The role in a sentence, with its article: "a learner", "an author", "an admin". */
export function aRole(role: Role): string {
  const label = roleLabels[role].toLowerCase();
  return `${/^[aeiou]/.test(label) ? "an" : "a"} ${label}`;
}
