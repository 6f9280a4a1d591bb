// The signed-in start page: what to do now. Cards due, the lesson to continue, today's challenge,
// an unfinished quiz or drill, and the streak, each read by the function that owns it.
import type { Db } from "@/lib/db/database";
import { queueStatus } from "./review";
import { attemptInProgress, dailyAttempt, quizHistory } from "./quiz";
import { drillHistory } from "./drill";
import { streak, type Streak } from "./dashboard";
import { dayKey } from "./time";

/**
 * The lesson to go on with, in teaching order: the first unread lesson after the one read most
 * recently (wrapping round to earlier ones left unread), or the first unread lesson for someone
 * who has read none. null when every lesson is read.
 */
export function lessonToContinue<L extends { id: string }>(lessons: readonly L[], read: ReadonlySet<string>, lastReadId: string | null): { lesson: L; afterLastRead: boolean } | null {
  const from = lastReadId === null ? -1 : lessons.findIndex((l) => l.id === lastReadId);
  for (let k = 1; k <= lessons.length; k++) {
    const lesson = lessons[(from + k + lessons.length) % lessons.length];
    if (!read.has(lesson.id)) return { lesson, afterLastRead: from >= 0 };
  }
  return null;
}

export interface StartPage {
  queue: { due: number; newAvailable: number; total: number; nextDue: Date | null; doneToday: number };
  streak: Streak;
  daily: { state: "not-started" } | { state: "in-progress"; id: string } | { state: "finished"; id: string; score: number; total: number };
  /** A timed quiz the learner started and has not finished (the daily challenge is under `daily`). */
  quiz: { id: string; kind: string; startedAt: Date; running: boolean } | null;
  drill: { id: string; title: string; startedAt: Date; phaseNumber: number | null } | null;
  read: Set<string>;
  lastReadId: string | null;
}

/** Everything the start page shows for one learner at `now`. The caller checks permissions. */
export async function startPage(db: Db, userId: string, now = new Date()): Promise<StartPage> {
  const { timezone } = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { timezone: true } });
  const today = dayKey(now, "UTC"); // the daily challenge changes at midnight UTC, for everyone
  const [queue, streakNow, daily, running, quizzes, drills, progress] = await Promise.all([
    queueStatus(db, userId, now),
    streak(db, userId, now, timezone),
    dailyAttempt(db, userId, today),
    attemptInProgress(db, userId),
    quizHistory(db, userId, 10),
    drillHistory(db, userId, 5),
    db.lessonProgress.findMany({ where: { userId, readAt: { not: null } }, orderBy: { readAt: "desc" }, select: { lessonId: true } }),
  ]);
  const unfinished = quizzes.find((q) => !q.finishedAt && q.kind !== "DAILY");
  const quiz = running && running.kind !== "DAILY" ? quizzes.find((q) => q.id === running.id) ?? unfinished : unfinished;
  const drill = drills.find((d) => d.stage !== "finished");
  return {
    queue: { due: queue.due, newAvailable: queue.newAvailable, total: queue.total, nextDue: queue.nextDue, doneToday: queue.today.newDone + queue.today.reviewsDone },
    streak: streakNow,
    daily: !daily ? { state: "not-started" } : daily.finished ? { state: "finished", id: daily.id, score: daily.score, total: daily.total } : { state: "in-progress", id: daily.id },
    quiz: quiz ? { id: quiz.id, kind: quiz.kind, startedAt: quiz.startedAt, running: running?.id === quiz.id } : null,
    drill: drill ? { id: drill.id, title: drill.title, startedAt: drill.startedAt, phaseNumber: drill.phaseNumber } : null,
    read: new Set(progress.map((p) => p.lessonId)),
    lastReadId: progress[0]?.lessonId ?? null,
  };
}
