// The one permissions module (docs/decisions/006). Every route and server action asks
// `can(actor, action, resource)`. Permissions are data: for each role, entity and action, the
// widest access the role has: "own" (the actor's own data), "mentee" (own, or a learner in one of
// the actor's cohorts), "member" (a cohort the actor belongs to), or "any".
import { DomainError } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/enums";

/** `leave` is a member leaving a cohort; `update` on a cohort is managing it (invitations, learners). */
export type Action = "read" | "create" | "update" | "delete" | "export" | "comment" | "leave";
export type Access = "own" | "mentee" | "member" | "any";

export interface Actor {
  id: string;
  role: Role;
}

export type Resource =
  /** Published lessons and questions: readable by everyone, signed in or not. */
  | { type: "lesson" }
  /** Item statistics and content status: aggregated over learners, never per learner. */
  | { type: "contentStats" }
  /** A learner's cards, reviews, quiz answers, drills, settings and dashboards. */
  | { type: "learnerData"; ownerId: string; mentorIds: readonly string[] }
  /** A mentor's cohort; `memberIds` are its current learners. A cohort being created is `newCohort(actor)`. */
  | { type: "cohort"; mentorId: string; memberIds?: readonly string[] }
  /** A comment thread on one of a learner's answers. */
  | { type: "comment"; learnerId: string; authorId?: string; mentorIds: readonly string[] }
  /** A user's account (profile, password); `role` is changing someone's role. */
  | { type: "account"; userId: string }
  | { type: "role"; userId: string };

type Entity = Exclude<Resource["type"], "lesson">;
type Rules = Partial<Record<Entity, Partial<Record<Action, Access>>>>;

const learner: Rules = {
  learnerData: { read: "own", create: "own", update: "own", delete: "own", export: "own" },
  cohort: { read: "member", leave: "member" },
  comment: { read: "own", comment: "own" }, // reply on their own answers
  account: { read: "own", update: "own" },
};

export const PERMISSIONS: Record<Role, Rules> = {
  LEARNER: learner,
  AUTHOR: { ...learner, contentStats: { read: "any", export: "any" } },
  MENTOR: {
    ...learner,
    learnerData: { ...learner.learnerData, read: "mentee", export: "mentee", comment: "mentee" },
    cohort: { create: "any", read: "own", update: "own", delete: "own", export: "own", leave: "member" },
    comment: { read: "mentee", comment: "mentee", delete: "own" },
  },
  ADMIN: {
    learnerData: { read: "any", create: "own", update: "own", delete: "any", export: "any", comment: "any" },
    contentStats: { read: "any", export: "any" },
    cohort: { create: "any", read: "any", update: "any", delete: "any", export: "any", leave: "member" },
    comment: { read: "any", comment: "any", delete: "any" },
    account: { read: "any", update: "any" },
    role: { update: "any" },
  },
};

/** How the actor relates to the resource, from narrowest to widest access that covers it. */
function relation(actor: Actor, resource: Exclude<Resource, { type: "lesson" }>): Access | "none" {
  switch (resource.type) {
    case "learnerData":
      if (resource.ownerId === actor.id) return "own";
      return resource.mentorIds.includes(actor.id) ? "mentee" : "none";
    case "comment":
      if (resource.authorId === actor.id) return "own";
      if (resource.learnerId === actor.id) return "own";
      return resource.mentorIds.includes(actor.id) ? "mentee" : "none";
    case "cohort":
      // A cohort without a mentor is no one's: it never counts as the actor's own.
      if (resource.mentorId === actor.id) return "own";
      return resource.memberIds?.includes(actor.id) ? "member" : "none";
    case "account":
    case "role":
      return resource.userId === actor.id ? "own" : "none";
    case "contentStats":
      return "none";
  }
}

const covers: Record<Access, ReadonlyArray<Access | "none">> = {
  own: ["own"],
  member: ["member"],
  mentee: ["own", "mentee"],
  any: ["own", "mentee", "member", "none"],
};

/** The actor's own learner data (cards, reviews, quizzes, drills, settings, dashboards). */
export function ownData(actor: Actor): Resource {
  return { type: "learnerData", ownerId: actor.id, mentorIds: [] };
}

/** The actor's own account (profile, password, notifications). */
export function ownAccount(actor: Actor): Resource {
  return { type: "account", userId: actor.id };
}

/** A cohort the actor is about to create: theirs, with no learners yet. */
export function newCohort(actor: Actor): Resource {
  return { type: "cohort", mentorId: actor.id, memberIds: [] };
}

/** Item statistics and content status, aggregated over learners (the author area). */
export const CONTENT_STATS: Resource = { type: "contentStats" };

/** Every account (the admin's user list): owned by no one, so only "any" access covers it. */
export const ALL_ACCOUNTS: Resource = { type: "account", userId: "" };

export function can(actor: Actor | null | undefined, action: Action, resource: Resource): boolean {
  if (resource.type === "lesson") return action === "read";
  if (!actor) return false;
  const granted = PERMISSIONS[actor.role]?.[resource.type]?.[action];
  if (!granted) return false;
  return covers[granted].includes(relation(actor, resource));
}

/**
 * A cohort's dashboard (and its learner rows) shows each member's progress: the cohort's mentor's
 * tool, the same data as its CSV export. Members may read their cohort, to see who mentors them,
 * but never open its dashboard, even alone in it; and every member's learner data must be readable
 * by the actor, so a cohort cannot become a way around the learner-data rules.
 */
export function canReadCohortDashboard(actor: Actor | null | undefined, cohort: { mentorId: string; memberIds: readonly string[] }): boolean {
  const { mentorId, memberIds } = cohort;
  if (!can(actor, "export", { type: "cohort", mentorId, memberIds })) return false;
  return memberIds.every((ownerId) => can(actor, "read", { type: "learnerData", ownerId, mentorIds: [mentorId] }));
}

export class ForbiddenError extends DomainError {
  constructor(message = "You don't have access to this.") {
    super(message, 403);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = "Sign in to continue.") {
    super(message, 401);
  }
}

/** Throws ForbiddenError (or UnauthenticatedError for anonymous actors) unless `can` allows it. */
export function assertCan(actor: Actor | null | undefined, action: Action, resource: Resource): asserts actor is Actor {
  if (can(actor, action, resource)) return;
  if (!actor) throw new UnauthenticatedError();
  throw new ForbiddenError();
}
