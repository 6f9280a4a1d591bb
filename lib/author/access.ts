// Who may open the author area: the one permissions module decides (`contentStats`, decision 006);
// this only turns its answer into what a route does next.
import { can, type Action, type Actor } from "@/lib/permissions";

export type ContentStatsAccess = { kind: "allowed"; actor: Actor } | { kind: "sign-in" } | { kind: "forbidden" };

export function contentStatsAccess(actor: Actor | null | undefined, action: Extract<Action, "read" | "export">): ContentStatsAccess {
  if (!actor) return { kind: "sign-in" };
  return can(actor, action, { type: "contentStats" }) ? { kind: "allowed", actor } : { kind: "forbidden" };
}
