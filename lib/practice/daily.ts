// Today's challenge: the same five questions for everyone on a UTC date, and the rule that keeps
// them from being looked up while a learner is taking it. See docs/decisions/011-practice-integrity.md.
import type { Db } from "@/lib/db/database";
import { Prisma } from "@/lib/generated/prisma/client";
import { Rng } from "@/lib/sim/random";
import { pickQuestions, type Candidate } from "./selection";
import { dayKey } from "./time";

/** The daily challenge's questions for a UTC date: the same five for everyone. */
export async function dailyQuestions(db: Db, date: string): Promise<Candidate[]> {
  const pool = await db.question.findMany({
    where: { retiredAt: null, type: { not: "free" } },
    select: { id: true, difficulty: true, mode: true },
    orderBy: { id: "asc" },
  });
  const seed = [...date].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261);
  return pickQuestions(pool, ["easy", "medium", "medium", "hard", "hard"], new Rng(seed));
}

/**
 * The question ids the learner must not see answered anywhere right now: the questions of today's
 * challenge while the learner's attempt at it is running (started, not finished). Other timed
 * attempts cannot run meanwhile (one at a time: quiz.ts), so what is left to close is every place
 * an answer can be read outside an attempt: review reveals, results pages, answer views and CSV.
 * Once the attempt is finished, or the UTC day is over, nothing is held out.
 */
export async function heldOutQuestions(db: Db, userId: string, now = new Date()): Promise<string[]> {
  const attempt = await db.quizSession.findUnique({
    where: { userId_dailyDate: { userId, dailyDate: dayKey(now, "UTC") } },
    select: { finishedAt: true, items: { select: { questionId: true } } },
  });
  return attempt && !attempt.finishedAt ? attempt.items.map((i) => i.questionId) : [];
}

/**
 * The same rule as a SQL condition on a question id column, so that queue queries can leave those
 * questions out without a round trip to find them first.
 */
export function notHeldOut(userId: string, now: Date, questionId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`NOT EXISTS (
    SELECT 1 FROM "QuizSession" hs JOIN "QuizItem" hi ON hi."sessionId" = hs."id"
    WHERE hs."userId" = ${userId} AND hs."dailyDate" = ${dayKey(now, "UTC")} AND hs."finishedAt" IS NULL AND hi."questionId" = ${questionId})`;
}

/**
 * Whether an answer to `questionId` must not be shown to the learner now, outside the attempt:
 * it is a question of their timed attempt in progress (any kind: a quiz, an adaptive quiz or today's
 * challenge, started and not finished). Used where a key is revealed on request, such as a lesson's
 * checkpoints, which would otherwise be a lookup during the attempt.
 */
export async function heldOutDuringAttempt(db: Db, userId: string, questionId: string): Promise<boolean> {
  const row = await db.quizItem.findFirst({
    where: { questionId, session: { userId, finishedAt: null, items: { some: { servedAt: { not: null } } } } },
    select: { id: true },
  });
  return row !== null;
}
