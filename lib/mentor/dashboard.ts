// The cohort dashboard: one row per current learner, every figure aggregated in SQL so the page
// costs a few queries however long the learners' histories are (bench/cohort-dashboard.ts).
// Recall is the mean FSRS-6 retrievability of a learner's reviewed cards at `now`:
//   R = (1 + factor * t / S) ^ (-decay),  factor = 0.9 ^ (1 / -decay) - 1,
// with t the days since the card's last review, S its stability, and decay the last FSRS weight
// (the learner's own fitted weights, else the ts-fsrs defaults), exactly as ts-fsrs computes it.
import { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/db/database";
import { DEFAULT_WEIGHTS } from "@/lib/practice/scheduler";
import { FAMILY_SLUGS } from "@/lib/content/families";
import { FINISHED_ANSWER } from "@/lib/practice/dashboard";

const DAY_MS = 86_400_000;

/** When a learner is flagged as needing attention. */
export const ATTENTION = {
  /** Reviews overdue by more than a day. */
  overdueBacklog: 50,
  /** …or more reviews due now than this many days of the learner's daily review limit. */
  dueDailyLimits: 2,
  /** Days without a review, quiz answer or drill. */
  inactiveDays: 7,
  /** Recall rate (reviews not rated Again) this far below the previous 7 days… */
  recallDrop: 0.15,
  /** …with at least this many reviews in each of the two weeks. */
  recallMinReviews: 10,
} as const;

/** Window for quiz accuracy and median answer time. */
export const QUIZ_WINDOW_DAYS = 30;

export type AttentionFlag = "backlog" | "recallFalling" | "inactive";

export interface FamilyRecall {
  /** Mean retrievability 0..1 of the reviewed cards in the family. */
  recall: number;
  cards: number;
}

export interface LearnerRow {
  userId: string;
  name: string;
  email: string;
  joinedAt: Date;
  /** Latest review, quiz answer or drill; null if none yet. */
  lastActiveAt: Date | null;
  reviews7d: number;
  /** Of those, the reviews not rated Again. */
  recalled7d: number;
  /** Reviews in the 7 days before those, and how many of them were not rated Again. */
  reviewsPrev7d: number;
  recalledPrev7d: number;
  /** Share of the last 7 days' reviews not rated Again; null without reviews. */
  recallRate7d: number | null;
  recallRatePrev7d: number | null;
  quizAnswers7d: number;
  /** Reviews due now (excluding new and suspended cards). */
  due: number;
  /** Reviews overdue by more than a day. */
  overdue: number;
  dailyReviewLimit: number;
  leeches: number;
  /** Correct share of auto-graded quiz answers in the last 30 days; null without any. */
  quizAccuracy: number | null;
  quizGraded: number;
  /** Median time per answered quiz question in the last 30 days, ms. */
  medianAnswerMs: number | null;
  /** Mean retrievability over all reviewed cards; null if none reviewed. */
  recall: number | null;
  recallByFamily: Partial<Record<string, FamilyRecall>>;
  flags: AttentionFlag[];
}

export interface CohortDashboard {
  cohort: { id: string; name: string; mentorId: string; createdAt: Date };
  now: Date;
  learners: LearnerRow[];
  families: readonly string[];
}

/** The FSRS-6 decay (last weight) from a learner's stored weights, else the ts-fsrs default. */
export const DEFAULT_DECAY = DEFAULT_WEIGHTS[DEFAULT_WEIGHTS.length - 1];

/**
 * SQL for a user's decay: their 21st fitted weight when they have a full FSRS-6 set, else the
 * default. `u` is the alias of the "User" row.
 */
const decaySql = Prisma.sql`CASE WHEN jsonb_typeof(u."fsrsWeights") = 'array' AND jsonb_array_length(u."fsrsWeights") >= 21
  THEN (u."fsrsWeights"->>20)::float8 ELSE ${DEFAULT_DECAY}::float8 END`;

/**
 * Retrievability at ${now} of a card last reviewed at `lastReview` with `stability`, for columns
 * `d.decay` and `d.factor` (see factorSql).
 * date_part, not EXTRACT: EXTRACT returns numeric, whose arithmetic made this aggregate 1.5× slower.
 */
function retrievabilitySql(now: Date, lastReview: Prisma.Sql, stability: Prisma.Sql) {
  return Prisma.sql`power(1 + d.factor * GREATEST(0, date_part('epoch', ${now}::timestamp - ${lastReview}) / 86400) / ${stability}, -d.decay)`;
}

/** FSRS-6's factor for a decay column: 0.9 ^ (1 / -decay) - 1, so that R = 0.9 when t = S. */
const factorSql = (decay: Prisma.Sql) => Prisma.sql`power(0.9::float8, -1 / (${decay})) - 1`;

/**
 * The rows of a query as one JSON text, parsed here: for a thousand rows, Prisma's per-value
 * conversion of raw results cost about as much as the query itself (bench/cohort-dashboard.ts).
 * Each statement here is kept small enough (estimated cost ~15-50k for 1,000 learners × 500
 * reviews) to stay under PostgreSQL's jit_above_cost (100k): an earlier single statement did not,
 * and JIT compilation alone then took 0.5-1 s per call.
 */
async function jsonRows<T>(db: Db, query: Prisma.Sql): Promise<T[]> {
  const [{ rows }] = await db.$queryRaw<Array<{ rows: string }>>`SELECT COALESCE(json_agg(x), '[]')::text AS rows FROM (${query}) x`;
  return JSON.parse(rows) as T[];
}

/** A timestamp column as json_agg writes it (UTC, without a zone) → Date. */
const utc = (value: string | null): Date | null => (value === null ? null : new Date(`${value}Z`));

/** Per learner: who they are and what their cards say (due, overdue, leeches, recall). */
interface CardRow {
  userId: string;
  name: string;
  email: string;
  joinedAt: string;
  dailyReviewLimit: number;
  due: number;
  overdue: number;
  leeches: number;
  recall: number | null;
  familyNames: string[] | null;
  familyRecall: number[] | null;
  familyCards: number[] | null;
}

/** Per learner: what they did (reviews in the two last weeks, quiz answers, last activity). */
interface ActivityRow {
  userId: string;
  lastActiveAt: string | null;
  reviews7: number;
  recalled7: number;
  reviewsPrev7: number;
  recalledPrev7: number;
  quiz7: number;
  quizGraded: number;
  quizCorrect: number;
  medianMs: number | null;
}

/**
 * Current learners of one active cohort owned by `mentorId`, needing-attention first.
 * Two statements: the card summaries (one row per learner and family), and activity (reviews, quizzes). On
 * PostgreSQL they run at the same time on two connections, and each may use parallel workers
 * (neither references a materialised CTE, which would forbid that).
 */
export async function cohortDashboard(db: Db, mentorId: string, cohortId: string, now = new Date()): Promise<CohortDashboard | null> {
  const cohort = await db.cohort.findFirst({
    where: { id: cohortId, mentorId, archivedAt: null },
    select: { id: true, name: true, mentorId: true, createdAt: true },
  });
  if (!cohort) return null;
  const since7 = new Date(now.getTime() - 7 * DAY_MS);
  const since14 = new Date(now.getTime() - 14 * DAY_MS);
  const overdueBefore = new Date(now.getTime() - DAY_MS);
  const quizSince = new Date(now.getTime() - QUIZ_WINDOW_DAYS * DAY_MS);
  const inactiveBefore = new Date(now.getTime() - ATTENTION.inactiveDays * DAY_MS);
  const members = Prisma.sql`SELECT "userId", "joinedAt" FROM "CohortMembership" WHERE "cohortId" = ${cohortId} AND "leftAt" IS NULL`;

  const [cardRows, activityRows] = await Promise.all([
    jsonRows<CardRow>(db, Prisma.sql`
      WITH card_family AS (
        -- From the learners' card summaries (kept by triggers, docs/decisions/061), not their cards:
        -- due counts are binary searches of the sorted due dates, recall a pass over the reviewed cards' two arrays.
        SELECT s."userId", s."family",
          width_bucket(${now}::timestamp, s."due") AS due,
          width_bucket(${overdueBefore}::timestamp, s."due") AS overdue,
          s."leeches" AS leeches,
          cardinality(s."stability") AS reviewed, r.recall_sum
        FROM "LearnerCardSummary" s
        JOIN (${members}) m ON m."userId" = s."userId"
        JOIN (SELECT u."id", ${decaySql} AS decay, ${factorSql(decaySql)} AS factor FROM "User" u) d ON d."id" = s."userId"
        -- A lateral join, not a scalar subquery: the latter was copied into both uses of recall_sum below and run twice.
        CROSS JOIN LATERAL (
          SELECT SUM(${retrievabilitySql(now, Prisma.sql`x.l`, Prisma.sql`x.st`)}) AS recall_sum FROM unnest(s."lastReview", s."stability") AS x(l, st)
        ) r
      ),
      cards AS (
        SELECT "userId", SUM(due) AS due, SUM(overdue) AS overdue, SUM(leeches) AS leeches,
          -- Recall only over cards past their learning steps (docs/recall.md); shown with the number of such cards.
          SUM(recall_sum) / NULLIF(SUM(reviewed), 0) AS recall,
          -- Parallel arrays rather than a JSON object: building JSON per learner cost more than the arrays.
          array_agg("family") FILTER (WHERE reviewed > 0) AS "familyNames",
          array_agg(recall_sum / reviewed) FILTER (WHERE reviewed > 0) AS "familyRecall",
          array_agg(reviewed::int) FILTER (WHERE reviewed > 0) AS "familyCards"
      FROM card_family GROUP BY "userId"
      )
      SELECT m."userId", u."name", u."email", m."joinedAt", u."dailyReviewLimit",
        COALESCE(c.due, 0)::int AS due, COALESCE(c.overdue, 0)::int AS overdue, COALESCE(c.leeches, 0)::int AS leeches,
        c.recall::float8 AS recall, c."familyNames", c."familyRecall", c."familyCards"
      FROM (${members}) m
      JOIN "User" u ON u."id" = m."userId"
      LEFT JOIN cards c ON c."userId" = m."userId"`),
    jsonRows<ActivityRow>(db, Prisma.sql`
      WITH m AS (${members}),
      -- Each rating in the last 14 days counts +1 at its time; an UNDO cancels it (-1 at the
      -- undone rating's time), so undone ratings count nowhere. The log itself is append-only.
      rating_events AS (
        SELECT r."userId", r."reviewedAt" AS at, r."rating", 1 AS sign
        FROM "ReviewLog" r JOIN m ON m."userId" = r."userId"
        WHERE r."kind" = 'REVIEW' AND r."reviewedAt" > ${since14} AND r."reviewedAt" <= ${now}
        UNION ALL
        SELECT x."userId", t."reviewedAt", t."rating", -1
        FROM "ReviewLog" x JOIN m ON m."userId" = x."userId"
        JOIN "ReviewLog" t ON t."id" = x."undoesId"
        WHERE x."kind" = 'UNDO' AND x."reviewedAt" > ${since14} AND x."reviewedAt" <= ${now} AND t."reviewedAt" > ${since14}
      ),
      reviews AS (
        SELECT "userId",
          SUM(sign) FILTER (WHERE at > ${since7}) AS reviews7,
          SUM(sign) FILTER (WHERE at > ${since7} AND "rating" > 1) AS recalled7,
          SUM(sign) FILTER (WHERE at <= ${since7}) AS "reviewsPrev7",
          SUM(sign) FILTER (WHERE at <= ${since7} AND "rating" > 1) AS "recalledPrev7"
        FROM rating_events GROUP BY "userId"
      ),
      quiz AS (
        SELECT a."userId",
          COUNT(*) FILTER (WHERE a."submittedAt" > ${since7}) AS quiz7,
          -- Grades count once the attempt has finished: an attempt in progress shows nowhere.
          COUNT(*) FILTER (WHERE a."correct" IS NOT NULL AND fs."finishedAt" IS NOT NULL) AS "quizGraded",
          COUNT(*) FILTER (WHERE a."correct" AND fs."finishedAt" IS NOT NULL) AS "quizCorrect",
          percentile_cont(0.5) WITHIN GROUP (ORDER BY a."durationMs") FILTER (WHERE a."answer" IS NOT NULL) AS "medianMs"
        FROM "QuizAnswer" a JOIN m ON m."userId" = a."userId"
        -- Every answer has one item and one attempt: a join, where FINISHED_ANSWER's EXISTS per answer
        -- made PostgreSQL estimate the statement past jit_above_cost (JIT then cost ~270 ms a call).
        JOIN "QuizItem" fi ON fi."id" = a."itemId" JOIN "QuizSession" fs ON fs."id" = fi."sessionId"
        WHERE a."submittedAt" > ${quizSince} AND a."submittedAt" <= ${now}
        GROUP BY a."userId"
      )
      SELECT m."userId",
        GREATEST(
          (SELECT MAX(r."reviewedAt") FROM "ReviewLog" r WHERE r."userId" = m."userId" AND r."reviewedAt" <= ${now}),
          (SELECT MAX(a."submittedAt") FROM "QuizAnswer" a WHERE a."userId" = m."userId" AND a."submittedAt" <= ${now}),
          (SELECT MAX(s."startedAt") FROM "DrillSession" s WHERE s."userId" = m."userId" AND s."startedAt" <= ${now})
        ) AS "lastActiveAt",
        COALESCE(r.reviews7, 0)::int AS reviews7, COALESCE(r.recalled7, 0)::int AS recalled7,
        COALESCE(r."reviewsPrev7", 0)::int AS "reviewsPrev7", COALESCE(r."recalledPrev7", 0)::int AS "recalledPrev7",
        COALESCE(q.quiz7, 0)::int AS quiz7, COALESCE(q."quizGraded", 0)::int AS "quizGraded", COALESCE(q."quizCorrect", 0)::int AS "quizCorrect",
        q."medianMs"::float8 AS "medianMs"
      FROM m
      LEFT JOIN reviews r ON r."userId" = m."userId"
      LEFT JOIN quiz q ON q."userId" = m."userId"`),
  ]);

  const activity = new Map(activityRows.map((a) => [a.userId, a]));
  const learners = cardRows.map((c): LearnerRow => {
    const a = activity.get(c.userId)!;
    const recallRate7d = a.reviews7 > 0 ? a.recalled7 / a.reviews7 : null;
    const recallRatePrev7d = a.reviewsPrev7 > 0 ? a.recalledPrev7 / a.reviewsPrev7 : null;
    const flags: AttentionFlag[] = [];
    if (c.overdue > ATTENTION.overdueBacklog || c.due > ATTENTION.dueDailyLimits * c.dailyReviewLimit) flags.push("backlog");
    if (
      a.reviews7 >= ATTENTION.recallMinReviews &&
      a.reviewsPrev7 >= ATTENTION.recallMinReviews &&
      recallRate7d! < recallRatePrev7d! - ATTENTION.recallDrop
    ) {
      flags.push("recallFalling");
    }
    const joinedAt = utc(c.joinedAt)!;
    const lastActiveAt = utc(a.lastActiveAt);
    if ((lastActiveAt ?? joinedAt).getTime() <= inactiveBefore.getTime()) flags.push("inactive");
    return {
      userId: c.userId,
      name: c.name,
      email: c.email,
      joinedAt,
      lastActiveAt,
      reviews7d: a.reviews7,
      recalled7d: a.recalled7,
      reviewsPrev7d: a.reviewsPrev7,
      recalledPrev7d: a.recalledPrev7,
      recallRate7d,
      recallRatePrev7d,
      quizAnswers7d: a.quiz7,
      due: c.due,
      overdue: c.overdue,
      dailyReviewLimit: c.dailyReviewLimit,
      leeches: c.leeches,
      quizAccuracy: a.quizGraded > 0 ? a.quizCorrect / a.quizGraded : null,
      quizGraded: a.quizGraded,
      medianAnswerMs: a.medianMs,
      recall: c.recall,
      recallByFamily: Object.fromEntries((c.familyNames ?? []).map((f, i) => [f, { recall: c.familyRecall![i], cards: c.familyCards![i] }])),
      flags,
    };
  });
  // Most flags first, then the largest overdue backlog, then by name.
  learners.sort(
    (x, y) =>
      y.flags.length - x.flags.length || y.overdue - x.overdue || x.name.toLowerCase().localeCompare(y.name.toLowerCase()) || (x.userId < y.userId ? -1 : 1),
  );
  return { cohort, now, families: FAMILY_SLUGS, learners };
}

/** The cohort's reviews in the last 7 days and the 7 before, and the share recalled in each. */
export interface CohortWeekTotals {
  reviews7d: number;
  recallRate7d: number | null;
  reviewsPrev7d: number;
  recallRatePrev7d: number | null;
}

/** Sums the learners' rows (already aggregated in SQL): no second pass over the review log. */
export function cohortWeekTotals(learners: readonly LearnerRow[]): CohortWeekTotals {
  let reviews = 0, recalled = 0, reviewsPrev = 0, recalledPrev = 0;
  for (const l of learners) {
    reviews += l.reviews7d;
    recalled += l.recalled7d;
    reviewsPrev += l.reviewsPrev7d;
    recalledPrev += l.recalledPrev7d;
  }
  return {
    reviews7d: reviews,
    recallRate7d: reviews > 0 ? recalled / reviews : null,
    reviewsPrev7d: reviewsPrev,
    recallRatePrev7d: reviewsPrev > 0 ? recalledPrev / reviewsPrev : null,
  };
}

export interface WeekPoint {
  /** Monday 00:00 UTC of the week. */
  week: Date;
  reviews: number;
  /** Share of the week's reviews not rated Again; null without reviews. */
  recallRate: number | null;
  quizAnswers: number;
  /** Correct share of the week's auto-graded quiz answers; null without any. */
  quizAccuracy: number | null;
}

/** Weekly reviews and accuracy of the cohort's current learners over the last `weeks` weeks. */
export async function cohortSeries(db: Db, cohortId: string, now = new Date(), weeks = 12): Promise<WeekPoint[]> {
  const rows = await db.$queryRaw<Array<{ week: Date; reviews: number; recalled: number; quizGraded: number; quizCorrect: number; quizAnswers: number }>>`
    WITH m AS (
      SELECT "userId" FROM "CohortMembership" WHERE "cohortId" = ${cohortId} AND "leftAt" IS NULL
    ),
    bounds AS (
      SELECT date_trunc('week', ${now}::timestamp) - (${weeks - 1}::int * interval '1 week') AS start
    ),
    weeks AS (
      SELECT generate_series(b.start, date_trunc('week', ${now}::timestamp), interval '1 week') AS week FROM bounds b
    ),
    rating_events AS (
      SELECT r."reviewedAt" AS at, r."rating", 1 AS sign
      FROM "ReviewLog" r JOIN m ON m."userId" = r."userId", bounds b
      WHERE r."kind" = 'REVIEW' AND r."reviewedAt" >= b.start AND r."reviewedAt" <= ${now}
      UNION ALL
      SELECT t."reviewedAt", t."rating", -1
      FROM "ReviewLog" x JOIN m ON m."userId" = x."userId"
      JOIN "ReviewLog" t ON t."id" = x."undoesId", bounds b
      WHERE x."kind" = 'UNDO' AND x."reviewedAt" >= b.start AND x."reviewedAt" <= ${now} AND t."reviewedAt" >= b.start
    ),
    review_weeks AS (
      SELECT date_trunc('week', at) AS week, SUM(sign) AS reviews, SUM(sign) FILTER (WHERE "rating" > 1) AS recalled
      FROM rating_events GROUP BY 1
    ),
    quiz_weeks AS (
      SELECT date_trunc('week', a."submittedAt") AS week, COUNT(*) AS answers,
        COUNT(*) FILTER (WHERE a."correct" IS NOT NULL AND ${FINISHED_ANSWER}) AS graded, COUNT(*) FILTER (WHERE a."correct" AND ${FINISHED_ANSWER}) AS correct
      FROM "QuizAnswer" a JOIN m ON m."userId" = a."userId", bounds b
      WHERE a."submittedAt" >= b.start AND a."submittedAt" <= ${now}
      GROUP BY 1
    )
    SELECT w.week, COALESCE(r.reviews, 0)::int AS reviews, COALESCE(r.recalled, 0)::int AS recalled,
      COALESCE(q.answers, 0)::int AS "quizAnswers", COALESCE(q.graded, 0)::int AS "quizGraded", COALESCE(q.correct, 0)::int AS "quizCorrect"
    FROM weeks w
    LEFT JOIN review_weeks r ON r.week = w.week
    LEFT JOIN quiz_weeks q ON q.week = w.week
    ORDER BY w.week`;
  return rows.map((r) => ({
    week: r.week,
    reviews: r.reviews,
    recallRate: r.reviews > 0 ? r.recalled / r.reviews : null,
    quizAnswers: r.quizAnswers,
    quizAccuracy: r.quizGraded > 0 ? r.quizCorrect / r.quizGraded : null,
  }));
}
