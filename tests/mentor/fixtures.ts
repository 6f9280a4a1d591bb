// Small builders for the mentor tests: users, lessons and questions, cards, reviews and quiz answers,
// written straight through Prisma so each test states exactly the history it depends on.
import type { Db } from "@/lib/db/database";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";

export const DAY = 86_400_000;
let counter = 0;
const next = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export async function makeUser(db: Db, name: string, role: Role = "LEARNER", extra: Partial<Prisma.UserCreateInput> = {}) {
  return db.user.create({ data: { email: `${name.toLowerCase().replace(/\W+/g, "-")}-${next()}@quorum.test`, name, role, ...extra }, select: { id: true, name: true, email: true, role: true } });
}

/** One lesson per family with `perLesson` questions each; returns question ids by family. */
export async function makeQuestions(db: Db, families: string[], perLesson = 3, type = "single") {
  const byFamily: Record<string, string[]> = {};
  for (const family of families) {
    const lessonId = `lesson-${family}-${next()}`;
    await db.lesson.create({
      data: { id: lessonId, family, slug: lessonId, title: `Lesson on ${family}`, summary: "s", difficulty: "introductory", minutes: 5, position: 1, sourcePath: "x", contentHash: "h" },
    });
    byFamily[family] = [];
    for (let i = 0; i < perLesson; i++) {
      const id = `${lessonId}-q${i}`;
      await db.question.create({
        data: { id, lessonId, family, type, difficulty: "easy", mode: "recall", prompt: `Question ${i} about ${family}?`, data: { options: [{ id: "a", text: "A" }], answer: "a" }, sourcePath: "x", sourceLine: i + 1, contentHash: "h" },
      });
      byFamily[family].push(id);
    }
  }
  return byFamily;
}

export async function makeCard(db: Db, userId: string, questionId: string, fields: Partial<Prisma.CardUncheckedCreateInput> & { due: Date }) {
  return db.card.create({ data: { userId, questionId, state: "REVIEW", ...fields }, select: { id: true } });
}

export async function makeReview(db: Db, card: { id: string }, userId: string, questionId: string, rating: number, reviewedAt: Date) {
  return db.reviewLog.create({
    data: { cardId: card.id, userId, questionId, rating, correct: rating > 1, durationMs: 5000, stateBefore: {}, stateAfter: {}, reviewedAt },
    select: { id: true },
  });
}

export async function undoReview(db: Db, review: { id: string }, card: { id: string }, userId: string, questionId: string, at: Date) {
  return db.reviewLog.create({ data: { cardId: card.id, userId, questionId, kind: "UNDO", undoesId: review.id, rating: 0, stateBefore: {}, stateAfter: {}, reviewedAt: at } });
}

/** One quiz answer in its own one-item session. `answer: null` is a timed-out item. */
export async function makeQuizAnswer(
  db: Db,
  userId: string,
  questionId: string,
  a: { answer: Prisma.InputJsonValue | null; correct: boolean | null; durationMs: number; at: Date },
) {
  const session = await db.quizSession.create({ data: { userId, config: {}, startedAt: a.at, items: { create: [{ questionId, position: 0, timeLimitMs: 60_000, servedAt: a.at }] } }, select: { items: { select: { id: true } } } });
  return db.quizAnswer.create({
    data: { itemId: session.items[0].id, userId, answer: a.answer ?? undefined, correct: a.correct, score: a.correct ? 1 : 0, durationMs: a.durationMs, submittedAt: a.at, clientSubmissionId: `t-${next()}` },
    select: { id: true },
  });
}

export async function joinCohort(db: Db, cohortId: string, userId: string, joinedAt: Date, leftAt: Date | null = null) {
  return db.cohortMembership.create({ data: { cohortId, userId, joinedAt, leftAt } });
}
