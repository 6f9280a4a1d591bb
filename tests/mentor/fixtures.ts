// Small builders for the mentor tests: lessons and questions, cards, reviews and quiz answers,
// written straight through Prisma so each test states exactly the history it depends on. Users
// come from createUser in tests/support/content-fixtures.
import type { FamilySlug } from "@/lib/content/families";
import type { Db } from "@/lib/db/database";
import type { Prisma } from "@/lib/generated/prisma/client";
import { createContent, type QuestionSpec } from "@/tests/support/content-fixtures";

export const DAY = 86_400_000;
let counter = 0;
const next = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

/** One lesson per family with `perLesson` questions each; returns question ids by family. */
export async function makeQuestions(db: Db, families: FamilySlug[], perLesson = 3, type: QuestionSpec["type"] = "single") {
  const byFamily: Record<string, string[]> = {};
  // Fresh lesson ids per call: these tests keep their database across cases.
  const lessons = families.map((family) => {
    const id = `lesson-${family}-${next()}`;
    byFamily[family] = Array.from({ length: perLesson }, (_, i) => `${id}-q${i}`);
    return { id, family, questions: byFamily[family].map((questionId, i) => ({ id: questionId, type, prompt: `Question ${i} about ${family}?` })) };
  });
  await createContent(db, lessons);
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

/** One quiz answer in its own finished one-item session. `answer: null` is a timed-out item. */
export async function makeQuizAnswer(
  db: Db,
  userId: string,
  questionId: string,
  a: { answer: Prisma.InputJsonValue | null; correct: boolean | null; durationMs: number; at: Date },
) {
  const session = await db.quizSession.create({ data: { userId, config: {}, startedAt: a.at, finishedAt: a.at, items: { create: [{ questionId, position: 0, timeLimitMs: 60_000, servedAt: a.at }] } }, select: { items: { select: { id: true } } } });
  return db.quizAnswer.create({
    data: { itemId: session.items[0].id, userId, answer: a.answer ?? undefined, correct: a.correct, score: a.correct ? 1 : 0, durationMs: a.durationMs, submittedAt: a.at, clientSubmissionId: `t-${next()}` },
    select: { id: true },
  });
}

export async function joinCohort(db: Db, cohortId: string, userId: string, joinedAt: Date, leftAt: Date | null = null) {
  return db.cohortMembership.create({ data: { cohortId, userId, joinedAt, leftAt } });
}
