// A learner's relation to lessons: "mark as read", "add this lesson's questions to my review
// queue" and the guided simulation tasks they completed. Plain database functions, called by the lesson page's server actions after `can()`.
import type { Db } from "@/lib/db/database";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getSimTask, gradeTask, type TaskGrade, type TaskRun } from "@/lib/sim/tasks";
import { addToReviewQueue } from "./review";

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

/** Guided simulation tasks (lib/sim/tasks.ts) the learner has completed, by id. */
export async function completedTaskIds(db: Db, userId: string): Promise<Set<string>> {
  const rows = await db.simTaskCompletion.findMany({ where: { userId }, select: { taskId: true } });
  return new Set(rows.map((r) => r.taskId));
}

/**
 * Grades a submitted task on the server (re-running every step's configuration) and, when it is done and
 * someone is signed in, records it. Never trusts the browser's verdict: the grade returned is the server's.
 * A repeat completion keeps the first date and the latest runs.
 */
export async function submitSimTask(
  db: Db,
  userId: string | null,
  submission: { taskId: string; runs: TaskRun[] },
  now = new Date(),
): Promise<{ ok: true; grade: TaskGrade; saved: boolean } | { ok: false; error: string }> {
  const task = getSimTask(submission.taskId);
  if (!task) return { ok: false, error: "That task does not exist." };
  const grade = gradeTask(task, submission.runs);
  if (!grade.done || !userId) return { ok: true, grade, saved: false };
  // Parameters are checked by the simulation's schema (numbers, booleans, strings), so they are JSON.
  const runs = submission.runs.slice(0, task.steps.length).map(({ seed, params, faults }) => ({ seed, params: params as Prisma.InputJsonObject, faults }));
  await db.simTaskCompletion.upsert({
    where: { userId_taskId: { userId, taskId: task.id } },
    create: { userId, taskId: task.id, runs, completedAt: now },
    update: { runs },
  });
  return { ok: true, grade, saved: true };
}
