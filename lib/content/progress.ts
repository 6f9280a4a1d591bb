// A learner's relation to lessons: "mark as read" and "add this lesson's questions to my review
// queue". Plain database functions, called by the lesson page's server actions after `can()`.
import type { Db } from "@/lib/db/database";
import { addToReviewQueue } from "@/lib/practice/review";

/** Creates a new card, due now, for every non-retired question of the lesson the learner has no
 *  card for yet. Idempotent. The review queue owns card creation; this is the lesson page's name for it. */
export function addLessonToReviewQueue(db: Db, userId: string, lessonId: string, now = new Date()): Promise<{ added: number; total: number }> {
  return addToReviewQueue(db, userId, { lessonId }, now);
}

export async function markLessonRead(db: Db, userId: string, lessonId: string, now = new Date()): Promise<void> {
  await db.lessonProgress.upsert({
    where: { userId_lessonId: { userId, lessonId } },
    create: { userId, lessonId, readAt: now },
    update: { readAt: now },
  });
}

export async function markLessonUnread(db: Db, userId: string, lessonId: string): Promise<void> {
  await db.lessonProgress.updateMany({ where: { userId, lessonId }, data: { readAt: null } });
}

/** Lesson ids the learner has marked as read. */
export async function readLessonIds(db: Db, userId: string): Promise<Set<string>> {
  const rows = await db.lessonProgress.findMany({ where: { userId, readAt: { not: null } }, select: { lessonId: true } });
  return new Set(rows.map((r) => r.lessonId));
}

/** How many of the lesson's live questions are already in the learner's queue. */
export async function queuedQuestionCount(db: Db, userId: string, lessonId: string): Promise<{ queued: number; total: number }> {
  const [total, queued] = await Promise.all([
    db.question.count({ where: { lessonId, retiredAt: null } }),
    db.card.count({ where: { userId, question: { lessonId, retiredAt: null } } }),
  ]);
  return { queued, total };
}
