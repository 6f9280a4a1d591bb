// Cohorts: a mentor's group of learners. Membership is what gives a mentor access to a learner's
// data (lib/permissions/relations.ts reads it fresh on every request), so leaving or being
// removed ends that access at once. Memberships are never deleted: `leftAt` records the end.
import { storableText } from "@/lib/validations/input";
import type { Db } from "@/lib/db/database";
import { MentorError } from "./errors";
import { createInvitation } from "./invitations";

export const cohortNameSchema = storableText("Name the cohort.")
  .trim()
  .min(2, "Use at least 2 characters for the cohort's name.")
  .max(80, "Keep the cohort's name under 80 characters.");

/**
 * A new cohort comes with its first invitation (the default 14 days, no use limit): a mentor who
 * creates a cohort means to invite someone, and an empty cohort with nothing to share looked broken.
 */
export async function createCohort(db: Db, mentorId: string, name: unknown, now = new Date()) {
  const parsed = cohortNameSchema.safeParse(name);
  if (!parsed.success) throw new MentorError(parsed.error.issues[0].message);
  const cohort = await db.cohort.create({ data: { name: parsed.data, mentorId }, select: { id: true, name: true } });
  const invitation = await createInvitation(db, cohort.id, mentorId, {}, now);
  return { ...cohort, invitation };
}

/** What `can()` needs to decide about a cohort: its owner and current learners. */
export async function cohortAccessFacts(db: Db, cohortId: string) {
  const cohort = await db.cohort.findFirst({
    where: { id: cohortId, archivedAt: null },
    select: { id: true, name: true, mentorId: true, members: { where: { leftAt: null }, select: { userId: true } } },
  });
  if (!cohort) return null;
  return {
    cohort: { id: cohort.id, name: cohort.name, mentorId: cohort.mentorId },
    resource: { type: "cohort" as const, mentorId: cohort.mentorId, memberIds: cohort.members.map((m) => m.userId) },
  };
}

export interface CohortSummary {
  id: string;
  name: string;
  createdAt: Date;
  learners: number;
  invitations: Array<{ id: string; token: string; code: string; expiresAt: Date; maxUses: number | null; useCount: number }>;
}

/** A mentor's active cohorts, newest first, with learner counts and their usable invitations. */
export async function mentorCohorts(db: Db, mentorId: string, now = new Date()): Promise<CohortSummary[]> {
  const cohorts = await db.cohort.findMany({
    where: { mentorId, archivedAt: null },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      name: true,
      createdAt: true,
      _count: { select: { members: { where: { leftAt: null } } } },
      invitations: {
        where: { revokedAt: null, expiresAt: { gt: now } },
        orderBy: { createdAt: "desc" },
        select: { id: true, token: true, code: true, expiresAt: true, maxUses: true, useCount: true },
      },
    },
  });
  return cohorts.map((c) => ({
    id: c.id,
    name: c.name,
    createdAt: c.createdAt,
    learners: c._count.members,
    invitations: c.invitations.filter((i) => i.maxUses === null || i.useCount < i.maxUses),
  }));
}

/** Ends a learner's membership at the mentor's request; false if they were not a current member. */
export async function removeLearner(db: Db, cohortId: string, learnerId: string, now = new Date()): Promise<boolean> {
  const r = await db.cohortMembership.updateMany({ where: { cohortId, userId: learnerId, leftAt: null }, data: { leftAt: now } });
  return r.count === 1;
}

/** The learner leaves a cohort: its mentor loses access to their data from the next request on. */
export async function leaveCohort(db: Db, learnerId: string, cohortId: string, now = new Date()): Promise<boolean> {
  const r = await db.cohortMembership.updateMany({ where: { cohortId, userId: learnerId, leftAt: null }, data: { leftAt: now } });
  return r.count === 1;
}

export interface MyMentor {
  cohortId: string;
  cohortName: string;
  joinedAt: Date;
  mentor: { id: string; name: string; email: string };
}

/** Who can currently see the learner's progress: one entry per cohort they belong to. */
export async function myMentors(db: Db, learnerId: string): Promise<MyMentor[]> {
  const rows = await db.cohortMembership.findMany({
    where: { userId: learnerId, leftAt: null, cohort: { archivedAt: null } },
    orderBy: { joinedAt: "asc" },
    select: { joinedAt: true, cohort: { select: { id: true, name: true, mentor: { select: { id: true, name: true, email: true } } } } },
  });
  return rows.map((r) => ({ cohortId: r.cohort.id, cohortName: r.cohort.name, joinedAt: r.joinedAt, mentor: r.cohort.mentor }));
}

/** The cohorts of `mentorId` that the learner currently belongs to (for the drill-down's header). */
export async function sharedCohorts(db: Db, mentorId: string, learnerId: string) {
  return db.cohort.findMany({
    where: { mentorId, archivedAt: null, members: { some: { userId: learnerId, leftAt: null } } },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
}
