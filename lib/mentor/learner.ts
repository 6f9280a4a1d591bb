// One learner's progress in detail, for their mentor's drill-down page: daily activity, recall per
// family and lesson, the weakest questions with recent answers, quizzes, drills and the answers a
// mentor can comment on. Aggregates run in SQL; lists are bounded.
import { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/db/database";
import { FINISHED_ANSWER } from "@/lib/practice/dashboard";
import { answerInWords } from "@/lib/practice/grading";
import { DEFAULT_DECAY } from "./dashboard";

const DAY_MS = 86_400_000;

export async function learnerIdentity(db: Db, learnerId: string) {
  return db.user.findUnique({ where: { id: learnerId }, select: { id: true, name: true, email: true, createdAt: true, dailyReviewLimit: true } });
}

export interface ActivityDay {
  /** YYYY-MM-DD (UTC). */
  day: string;
  reviews: number;
  quizAnswers: number;
  drills: number;
}

/** Reviews, quiz answers and drills per UTC day for the last `days` days, oldest first, empty days included. */
export async function activityTimeline(db: Db, learnerId: string, now = new Date(), days = 28): Promise<ActivityDay[]> {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (days - 1) * DAY_MS);
  const rows = await db.$queryRaw<ActivityDay[]>`
    WITH days AS (SELECT generate_series(${start}::timestamp, ${now}::timestamp, interval '1 day')::date AS day),
    reviews AS (
      SELECT r."reviewedAt"::date AS day, COUNT(*) AS n FROM "ReviewLog" r
      WHERE r."userId" = ${learnerId} AND r."kind" = 'REVIEW' AND r."reviewedAt" >= ${start} AND r."reviewedAt" <= ${now}
        AND NOT EXISTS (SELECT 1 FROM "ReviewLog" u WHERE u."undoesId" = r."id")
      GROUP BY 1
    ),
    quiz AS (
      SELECT a."submittedAt"::date AS day, COUNT(*) AS n FROM "QuizAnswer" a
      WHERE a."userId" = ${learnerId} AND a."submittedAt" >= ${start} AND a."submittedAt" <= ${now} GROUP BY 1
    ),
    drills AS (
      SELECT s."startedAt"::date AS day, COUNT(*) AS n FROM "DrillSession" s
      WHERE s."userId" = ${learnerId} AND s."startedAt" >= ${start} AND s."startedAt" <= ${now} GROUP BY 1
    )
    SELECT to_char(d.day, 'YYYY-MM-DD') AS day, COALESCE(r.n, 0)::int AS reviews, COALESCE(q.n, 0)::int AS "quizAnswers", COALESCE(x.n, 0)::int AS drills
    FROM days d LEFT JOIN reviews r ON r.day = d.day LEFT JOIN quiz q ON q.day = d.day LEFT JOIN drills x ON x.day = d.day
    ORDER BY d.day`;
  return rows;
}

export interface LessonRecall {
  family: string;
  lessonId: string;
  lessonTitle: string;
  cards: number;
  reviewed: number;
  /** Mean retrievability of the reviewed cards; null if none reviewed yet. */
  recall: number | null;
  due: number;
  lapses: number;
}

/** Recall per lesson (grouped by family in teaching order), from the learner's cards. */
export async function recallByLesson(db: Db, learnerId: string, now = new Date()): Promise<LessonRecall[]> {
  return db.$queryRaw<LessonRecall[]>`
    WITH d AS (
      SELECT CASE WHEN jsonb_typeof(u."fsrsWeights") = 'array' AND jsonb_array_length(u."fsrsWeights") >= 21
        THEN (u."fsrsWeights"->>20)::float8 ELSE ${DEFAULT_DECAY}::float8 END AS decay
      FROM "User" u WHERE u."id" = ${learnerId}
    )
    SELECT l."family", l."id" AS "lessonId", l."title" AS "lessonTitle", COUNT(*)::int AS cards,
      COUNT(*) FILTER (WHERE c."state" = 'REVIEW' AND c."lastReview" IS NOT NULL AND c."stability" > 0)::int AS reviewed,
      AVG(CASE WHEN c."state" = 'REVIEW' AND c."lastReview" IS NOT NULL AND c."stability" > 0 THEN
        power(1 + (power(0.9::float8, -1 / d.decay) - 1) * GREATEST(0, date_part('epoch', ${now}::timestamp - c."lastReview") / 86400) / c."stability", -d.decay)
      END)::float8 AS recall,
      COUNT(*) FILTER (WHERE NOT c."suspended" AND c."state" <> 'NEW' AND c."due" <= ${now})::int AS due,
      COALESCE(SUM(c."lapses"), 0)::int AS lapses
    FROM "Card" c CROSS JOIN d
    JOIN "Question" q ON q."id" = c."questionId"
    JOIN "Lesson" l ON l."id" = q."lessonId"
    WHERE c."userId" = ${learnerId} AND q."retiredAt" IS NULL
    GROUP BY l."family", l."id", l."title", l."position"
    ORDER BY l."family", l."position"`;
}

export interface WeakQuestion {
  questionId: string;
  prompt: string;
  family: string;
  lessonTitle: string;
  recall: number | null;
  lapses: number;
  /** Wrong or "Again" answers among the last 10 attempts (reviews and quizzes). */
  misses: number;
  attempts: number;
  /** Latest answers, in words (option texts); `withheld` ones hide answer and grade (today's challenge). */
  recent: Array<{ source: "review" | "quiz"; at: Date; answer: string | null; correct: boolean | null; rating: number | null; withheld: boolean }>;
}

/**
 * The questions the learner struggles with most: most misses in their last 10 attempts, then
 * lowest recall. Each with its three latest answers.
 */
export async function weakestQuestions(db: Db, learnerId: string, now = new Date(), take = 8, withheld: readonly string[] = []): Promise<WeakQuestion[]> {
  const rows = await db.$queryRaw<Array<Omit<WeakQuestion, "recent"> & { type: string; data: unknown }>>`
    WITH attempts AS (
      SELECT r."questionId", r."reviewedAt" AS at, (r."rating" = 1 OR r."correct" = false) AS missed
      FROM "ReviewLog" r
      WHERE r."userId" = ${learnerId} AND r."kind" = 'REVIEW' AND NOT EXISTS (SELECT 1 FROM "ReviewLog" u WHERE u."undoesId" = r."id")
      UNION ALL
      SELECT i."questionId", a."submittedAt", (a."correct" = false)
      FROM "QuizAnswer" a JOIN "QuizItem" i ON i."id" = a."itemId" WHERE a."userId" = ${learnerId} AND ${FINISHED_ANSWER}
    ),
    ranked AS (
      SELECT *, row_number() OVER (PARTITION BY "questionId" ORDER BY at DESC) AS n FROM attempts
    ),
    per_question AS (
      SELECT "questionId", COUNT(*) FILTER (WHERE missed)::int AS misses, COUNT(*)::int AS attempts FROM ranked WHERE n <= 10 GROUP BY "questionId"
    ),
    d AS (
      SELECT CASE WHEN jsonb_typeof(u."fsrsWeights") = 'array' AND jsonb_array_length(u."fsrsWeights") >= 21
        THEN (u."fsrsWeights"->>20)::float8 ELSE ${DEFAULT_DECAY}::float8 END AS decay
      FROM "User" u WHERE u."id" = ${learnerId}
    )
    SELECT q."id" AS "questionId", q."prompt", q."type", q."data", q."family", l."title" AS "lessonTitle", p.misses, p.attempts,
      COALESCE(c."lapses", 0)::int AS lapses,
      CASE WHEN c."state" = 'REVIEW' AND c."lastReview" IS NOT NULL AND c."stability" > 0 THEN
        power(1 + (power(0.9::float8, -1 / d.decay) - 1) * GREATEST(0, date_part('epoch', ${now}::timestamp - c."lastReview") / 86400) / c."stability", -d.decay)
      END::float8 AS recall
    FROM per_question p CROSS JOIN d
    JOIN "Question" q ON q."id" = p."questionId"
    JOIN "Lesson" l ON l."id" = q."lessonId"
    LEFT JOIN "Card" c ON c."userId" = ${learnerId} AND c."questionId" = q."id"
    WHERE p.misses > 0
    ORDER BY p.misses DESC, recall ASC NULLS LAST, q."id"
    LIMIT ${take}`;
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.questionId);
  const recent = await db.$queryRaw<Array<{ questionId: string; source: "review" | "quiz"; at: Date; answer: unknown; correct: boolean | null; rating: number | null }>>`
    SELECT * FROM (
      SELECT x.*, row_number() OVER (PARTITION BY x."questionId" ORDER BY x.at DESC) AS n FROM (
        SELECT r."questionId", 'review' AS source, r."reviewedAt" AS at, r."answer", r."correct", r."rating"
        FROM "ReviewLog" r WHERE r."userId" = ${learnerId} AND r."kind" = 'REVIEW' AND r."questionId" IN (${Prisma.join(ids)})
          AND NOT EXISTS (SELECT 1 FROM "ReviewLog" u WHERE u."undoesId" = r."id")
        UNION ALL
        SELECT i."questionId", 'quiz', a."submittedAt", a."answer", a."correct", NULL::int
        FROM "QuizAnswer" a JOIN "QuizItem" i ON i."id" = a."itemId" WHERE a."userId" = ${learnerId} AND i."questionId" IN (${Prisma.join(ids)}) AND ${FINISHED_ANSWER}
      ) x
    ) y WHERE n <= 3 ORDER BY "questionId", at DESC`;
  const hidden = new Set(withheld);
  return rows.map(({ type, data, ...r }) => ({
    ...r,
    recent: recent
      .filter((a) => a.questionId === r.questionId)
      .map(({ source, at, answer, correct, rating }) =>
        hidden.has(r.questionId)
          ? { source, at, answer: null, correct: null, rating: null, withheld: true }
          : { source, at, answer: answerInWords({ id: r.questionId, type, data }, answer), correct, rating, withheld: false },
      ),
  }));
}

/** Free-text quiz answers (the ones a mentor reads and comments on), newest first. */
export async function freeTextAnswers(db: Db, learnerId: string, take = 30) {
  return db.quizAnswer.findMany({
    where: { userId: learnerId, answer: { not: Prisma.AnyNull }, item: { question: { type: "free" }, session: { finishedAt: { not: null } } } },
    orderBy: { submittedAt: "desc" },
    take,
    select: {
      id: true,
      answer: true,
      submittedAt: true,
      durationMs: true,
      late: true,
      item: { select: { question: { select: { id: true, prompt: true, family: true, data: true } } } },
    },
  });
}

/** Mock-design drills, newest first, with the learner's text per phase. */
export async function drillHistory(db: Db, learnerId: string, take = 20) {
  return db.drillSession.findMany({
    where: { userId: learnerId },
    orderBy: { startedAt: "desc" },
    take,
    select: { id: true, promptId: true, startedAt: true, finishedAt: true, phases: true, selfAssessment: true },
  });
}
