// Facts about who relates to whom, read from the database for `can()`.
import type { Db } from "@/lib/db/database";

/** Mentors who can currently see this learner: owners of active cohorts the learner has not left. */
export async function mentorIdsOf(db: Db, learnerId: string): Promise<string[]> {
  const rows = await db.cohortMembership.findMany({
    where: { userId: learnerId, leftAt: null, cohort: { archivedAt: null } },
    select: { cohort: { select: { mentorId: true } } },
  });
  return [...new Set(rows.map((r) => r.cohort.mentorId))];
}

export async function learnerDataResource(db: Db, ownerId: string) {
  return { type: "learnerData" as const, ownerId, mentorIds: await mentorIdsOf(db, ownerId) };
}
