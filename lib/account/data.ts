// A person's own data: everything Quorum holds about them as one JSON document, and deleting it all
// with the account (docs/decisions/052). The caller has established who is asking (their own
// account only: nothing here takes someone else's id from a request).
import type { Db } from "@/lib/db/database";
import { withTransaction } from "@/lib/db/transactions";

export const EXPORT_FORMAT = "quorum-account-export/1";

/** Everything stored about the user, including what others wrote about their work (mentors' comments). */
export async function exportAccountData(db: Db, userId: string, now = new Date()) {
  const account = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true, name: true, email: true, role: true, createdAt: true, updatedAt: true, lastActiveAt: true, emailVerified: true, image: true,
      desiredRetention: true, dailyNewLimit: true, dailyReviewLimit: true, timezone: true, fsrsWeights: true, fsrsFittedAt: true, fsrsFittedOn: true,
    },
  });
  if (!account) return null;
  const { desiredRetention, dailyNewLimit, dailyReviewLimit, timezone, fsrsWeights, fsrsFittedAt, fsrsFittedOn, ...profile } = account;
  const byOwner = { where: { userId } };
  const [lessonProgress, simTasks, cards, reviews, quizzes, drills, memberships, mentoredCohorts, invitationsCreated, commentsWritten, commentsReceived, notifications, signInActivity] =
    await Promise.all([
      db.lessonProgress.findMany({ ...byOwner, orderBy: { lessonId: "asc" }, omit: { userId: true } }),
      db.simTaskCompletion.findMany({ ...byOwner, orderBy: { completedAt: "asc" }, omit: { userId: true } }),
      db.card.findMany({ ...byOwner, orderBy: { createdAt: "asc" }, omit: { userId: true } }),
      db.reviewLog.findMany({ ...byOwner, orderBy: { reviewedAt: "asc" }, omit: { userId: true } }),
      db.quizSession.findMany({
        ...byOwner,
        orderBy: { startedAt: "asc" },
        omit: { userId: true },
        include: { items: { orderBy: { position: "asc" }, include: { answer: { omit: { userId: true } } } } },
      }),
      db.drillSession.findMany({ ...byOwner, orderBy: { startedAt: "asc" }, omit: { userId: true } }),
      db.cohortMembership.findMany({
        ...byOwner,
        orderBy: { joinedAt: "asc" },
        select: { cohortId: true, joinedAt: true, leftAt: true, cohort: { select: { name: true, mentor: { select: { name: true } } } } },
      }),
      // Cohorts the user runs: their own records, with how many joined (the members' data is theirs, not this user's).
      db.cohort.findMany({
        where: { mentorId: userId },
        orderBy: { createdAt: "asc" },
        select: { id: true, name: true, createdAt: true, archivedAt: true, _count: { select: { members: true } } },
      }),
      db.invitation.findMany({
        where: { createdById: userId },
        orderBy: { createdAt: "asc" },
        select: { id: true, cohortId: true, email: true, createdAt: true, expiresAt: true, revokedAt: true, maxUses: true, useCount: true },
      }),
      db.comment.findMany({ where: { authorId: userId }, orderBy: { createdAt: "asc" }, omit: { authorId: true } }),
      db.comment.findMany({
        where: { learnerId: userId, authorId: { not: userId } },
        orderBy: { createdAt: "asc" },
        select: { id: true, quizAnswerId: true, drillSessionId: true, body: true, createdAt: true, author: { select: { name: true } } },
      }),
      db.notification.findMany({ ...byOwner, orderBy: { createdAt: "asc" }, omit: { userId: true } }),
      db.authAttempt.findMany({
        where: { email: account.email },
        orderBy: { createdAt: "asc" },
        select: { kind: true, address: true, outcome: true, createdAt: true },
      }),
    ]);
  return {
    format: EXPORT_FORMAT,
    exportedAt: now.toISOString(),
    account: profile,
    practiceSettings: { desiredRetention, dailyNewLimit, dailyReviewLimit, timezone, fsrsWeights, fsrsFittedAt, fsrsFittedOn },
    lessonProgress,
    simTasks,
    cards,
    reviews,
    quizzes,
    drills,
    cohorts: {
      memberOf: memberships.map(({ cohort, ...m }) => ({ ...m, cohortName: cohort.name, mentorName: cohort.mentor.name })),
      mentoring: mentoredCohorts.map(({ _count, ...c }) => ({ ...c, members: _count.members })),
      invitationsCreated,
    },
    comments: {
      written: commentsWritten,
      onYourWork: commentsReceived.map(({ author, ...c }) => ({ ...c, authorName: author.name })),
    },
    notifications,
    signInActivity,
  };
}

export type AccountExport = NonNullable<Awaited<ReturnType<typeof exportAccountData>>>;

export type DeletionResult = { ok: true } | { ok: false; error: string };

/**
 * Deletes the account and everything that belongs to it: practice history, quizzes, drills,
 * progress, memberships, cohorts it runs (with their invitations), comments it wrote and every
 * comment on its work, notifications about those comments, and its sign-in records. Its answers
 * leave the item statistics at once (the questions it answered are recomputed).
 */
export async function deleteAccount(db: Db, userId: string): Promise<DeletionResult> {
  return withTransaction(db, async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true, role: true } });
    if (!user) return { ok: false, error: "This account no longer exists." };
    if (user.role === "ADMIN") {
      // Serialised with role changes (lib/admin/users.ts): the last admin cannot disappear.
      const admins = await tx.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "User" WHERE "role" = 'ADMIN' FOR UPDATE`;
      if (admins.length <= 1) return { ok: false, error: "Quorum needs at least one admin. Make someone else an admin first, then delete your account." };
    }
    // Other people's notifications that quote this user's comments or their threads.
    await tx.$executeRaw`
      DELETE FROM "Notification"
      WHERE "payload"->>'learnerId' = ${userId}
         OR "payload"->>'commentId' IN (SELECT "id" FROM "Comment" WHERE "authorId" = ${userId} OR "learnerId" = ${userId})`;
    await tx.authAttempt.deleteMany({ where: { email: user.email } });
    // The questions this learner answered or reviewed: their item statistics are recomputed
    // without them (the running totals cannot subtract a learner's first-attempt contributions
    // from other learners' figures otherwise; decision 060).
    const answered = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT DISTINCT i."questionId" AS "id" FROM "QuizAnswer" a JOIN "QuizItem" i ON i."id" = a."itemId" WHERE a."userId" = ${userId}
      UNION SELECT DISTINCT "questionId" FROM "ReviewLog" WHERE "userId" = ${userId}`;
    // Everything else references the user with ON DELETE CASCADE.
    await tx.user.delete({ where: { id: userId } });
    if (answered.length > 0) await tx.$executeRaw`SELECT quorum_item_stats_rebuild(${answered.map((r) => r.id)}::text[])`;
    return { ok: true };
  });
}
