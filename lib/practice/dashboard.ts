// The learner's dashboard: recall per family, mastery per lesson, the due forecast, the streak,
// accuracy and answer time per week, the weakest questions and quiz history. Every aggregation
// runs in the database (one grouped query each), so the cost does not grow with a learner's
// history in JS. `learnerDashboard` takes the learner's id rather than the viewer so that a
// mentor's view can load the same data after its own permission check.
import type { Db } from "@/lib/db/database";
import { Prisma } from "@/lib/generated/prisma/client";
import { FAMILIES, type FamilySlug } from "@/lib/content/families";
import { DEFAULT_WEIGHTS } from "./scheduler";
import { dueForecast, type ForecastDay } from "./forecast";
import { quizHistory } from "./quiz";

/** Weeks of accuracy and answer-time history shown. */
export const ACTIVITY_WEEKS = 12;
export const FORECAST_DAYS = 14;
export const WEAKEST_COUNT = 8;

export const MASTERY_LEVELS = ["Not started", "Learning", "Familiar", "Mastered"] as const;
export type MasteryLevel = (typeof MASTERY_LEVELS)[number];

/**
 * What each level asks of a lesson's live questions. A level needs every question reviewed and
 * out of (re)learning with at least this stability, and the lesson's mean recall at least this.
 */
export const MASTERY_THRESHOLDS = {
  Familiar: { stabilityDays: 7, recall: 0.75 },
  Mastered: { stabilityDays: 30, recall: 0.85 },
} as const;

/** The rules above in words, for the page that shows the levels. */
export function masteryRules(): Array<{ level: MasteryLevel; rule: string }> {
  const pct = (x: number) => `${Math.round(x * 100)} %`;
  const { Familiar, Mastered } = MASTERY_THRESHOLDS;
  return [
    { level: "Not started", rule: "None of the lesson's questions reviewed yet." },
    { level: "Learning", rule: "At least one question reviewed, but not yet Familiar." },
    {
      level: "Familiar",
      rule: `Every question reviewed and remembered for at least ${Familiar.stabilityDays} days (FSRS stability), with mean recall of ${pct(Familiar.recall)} or more.`,
    },
    {
      level: "Mastered",
      rule: `Every question remembered for at least ${Mastered.stabilityDays} days, with mean recall of ${pct(Mastered.recall)} or more.`,
    },
  ];
}

export interface LessonCounts {
  questions: number;
  reviewed: number;
  /** Cards in the REVIEW state with stability of at least the Familiar / Mastered threshold. */
  stableFamiliar: number;
  stableMastered: number;
  recall: number | null;
}

export function masteryLevel(l: LessonCounts): MasteryLevel {
  if (l.reviewed === 0 || l.questions === 0) return "Not started";
  const recall = l.recall ?? 0;
  if (l.stableMastered >= l.questions && recall >= MASTERY_THRESHOLDS.Mastered.recall) return "Mastered";
  if (l.stableFamiliar >= l.questions && recall >= MASTERY_THRESHOLDS.Familiar.recall) return "Familiar";
  return "Learning";
}

/** The FSRS-6 decay: the last of the learner's weights, or of the defaults. */
export function decayOf(weights: readonly number[] | null | undefined): number {
  const w = weights && weights.length > 0 ? weights : DEFAULT_WEIGHTS;
  return w[w.length - 1];
}

/** True for cards whose recall can be computed (reviewed at least once, stability known). */
const REVIEWED = Prisma.sql`c."state" <> 'NEW' AND c."lastReview" IS NOT NULL AND c."stability" > 0`;

/**
 * Probability of recall of card `c` at `now`, in SQL: the FSRS-6 forgetting curve
 * R = (1 + factor·t/S)^(−decay), factor = 0.9^(1/−decay) − 1, t in days since the last review.
 * Must agree with scheduler.ts `retrievability()` (tested).
 */
export function recallSql(now: Date, decay: number): Prisma.Sql {
  const d = Prisma.sql`${decay}::float8`;
  const days = Prisma.sql`GREATEST(0, EXTRACT(EPOCH FROM (${now}::timestamp - c."lastReview"))::float8 / 86400.0)`;
  return Prisma.sql`CASE WHEN ${REVIEWED} THEN POWER(1 + (POWER(0.9::float8, -1.0 / ${d}) - 1) * ${days} / c."stability", -${d}) END`;
}

/** A review that counts: a REVIEW row that no UNDO row points at. */
const LIVE_REVIEW = Prisma.sql`r."kind" = 'REVIEW' AND NOT EXISTS (SELECT 1 FROM "ReviewLog" u WHERE u."undoesId" = r."id")`;

/** A UTC timestamp column as the learner's local time (columns are `timestamp` holding UTC). */
function local(column: Prisma.Sql, timezone: string): Prisma.Sql {
  return Prisma.sql`((${column} AT TIME ZONE 'UTC') AT TIME ZONE ${timezone})`;
}

export interface FamilyRecall {
  slug: string;
  name: string;
  cards: number;
  reviewed: number;
  /** Mean retrievability over reviewed cards; null when none is reviewed. */
  recall: number | null;
}

export async function familyRecall(db: Db, userId: string, now: Date, decay: number): Promise<FamilyRecall[]> {
  const rows = await db.$queryRaw<Array<{ family: string; cards: number; reviewed: number; recall: number | null }>>`
    SELECT t."family", COUNT(*)::int AS cards, COUNT(t.recall)::int AS reviewed, AVG(t.recall)::float8 AS recall
    FROM (
      SELECT q."family", ${recallSql(now, decay)} AS recall
      FROM "Card" c JOIN "Question" q ON q."id" = c."questionId"
      WHERE c."userId" = ${userId} AND q."retiredAt" IS NULL
    ) t
    GROUP BY t."family"`;
  const byFamily = new Map(rows.map((r) => [r.family, r]));
  return FAMILIES.map((f) => {
    const r = byFamily.get(f.slug);
    return { slug: f.slug, name: f.name, cards: r?.cards ?? 0, reviewed: r?.reviewed ?? 0, recall: r?.recall ?? null };
  });
}

export interface LessonMastery extends LessonCounts {
  lessonId: string;
  family: FamilySlug;
  slug: string;
  title: string;
  level: MasteryLevel;
}

export async function lessonMastery(db: Db, userId: string, now: Date, decay: number): Promise<LessonMastery[]> {
  const rows = await db.$queryRaw<Array<{ id: string; family: FamilySlug; slug: string; title: string; position: number } & LessonCounts>>`
    SELECT l."id", l."family", l."slug", l."title", l."position",
      COUNT(q."id")::int AS questions,
      COUNT(t.recall)::int AS reviewed,
      COUNT(*) FILTER (WHERE t."state" = 'REVIEW' AND t."stability" >= ${MASTERY_THRESHOLDS.Familiar.stabilityDays})::int AS "stableFamiliar",
      COUNT(*) FILTER (WHERE t."state" = 'REVIEW' AND t."stability" >= ${MASTERY_THRESHOLDS.Mastered.stabilityDays})::int AS "stableMastered",
      AVG(t.recall)::float8 AS recall
    FROM "Lesson" l
    LEFT JOIN "Question" q ON q."lessonId" = l."id" AND q."retiredAt" IS NULL
    LEFT JOIN (
      SELECT c."questionId", c."state", c."stability", ${recallSql(now, decay)} AS recall
      FROM "Card" c WHERE c."userId" = ${userId}
    ) t ON t."questionId" = q."id"
    WHERE l."retiredAt" IS NULL
    GROUP BY l."id"`;
  const familyOrder = new Map<string, number>(FAMILIES.map((f, i) => [f.slug, i]));
  return rows
    .sort((a, b) => (familyOrder.get(a.family) ?? 99) - (familyOrder.get(b.family) ?? 99) || a.position - b.position)
    .map((r) => {
      const counts: LessonCounts = { questions: r.questions, reviewed: r.reviewed, stableFamiliar: r.stableFamiliar, stableMastered: r.stableMastered, recall: r.recall };
      return { lessonId: r.id, family: r.family, slug: r.slug, title: r.title, ...counts, level: masteryLevel(counts) };
    });
}

export interface Streak {
  /** Consecutive local days with a review or quiz answer, ending today or yesterday. */
  current: number;
  longest: number;
  activeToday: boolean;
  activeDays: number;
  /** YYYY-MM-DD of the last active day, in the learner's time zone. */
  lastActiveDay: string | null;
}

/** Days with at least one (not undone) review or quiz answer, grouped into runs in SQL. */
export async function streak(db: Db, userId: string, now: Date, timezone: string): Promise<Streak> {
  const [row] = await db.$queryRaw<Array<{ current: number; longest: number; active_today: boolean; active_days: number; last_active: string | null }>>`
    WITH days AS (
      SELECT DISTINCT ${local(Prisma.sql`a."at"`, timezone)}::date AS day
      FROM (
        SELECT r."reviewedAt" AS at FROM "ReviewLog" r
        WHERE r."userId" = ${userId} AND ${LIVE_REVIEW} AND r."reviewedAt" <= ${now}::timestamp
        UNION ALL
        SELECT q."submittedAt" FROM "QuizAnswer" q WHERE q."userId" = ${userId} AND q."submittedAt" <= ${now}::timestamp
      ) a
    ),
    runs AS (
      SELECT MAX(d.day) AS last_day, COUNT(*)::int AS length
      FROM (SELECT day, day - (ROW_NUMBER() OVER (ORDER BY day))::int AS run FROM days) d
      GROUP BY d.run
    ),
    today AS (SELECT ${local(Prisma.sql`${now}::timestamp`, timezone)}::date AS day)
    SELECT COALESCE(MAX(runs.length) FILTER (WHERE runs.last_day >= today.day - 1), 0)::int AS current,
      COALESCE(MAX(runs.length), 0)::int AS longest,
      COALESCE(BOOL_OR(runs.last_day = today.day), false) AS active_today,
      COALESCE(SUM(runs.length), 0)::int AS active_days,
      to_char(MAX(runs.last_day), 'YYYY-MM-DD') AS last_active
    FROM runs CROSS JOIN today`;
  return {
    current: row?.current ?? 0,
    longest: row?.longest ?? 0,
    activeToday: row?.active_today ?? false,
    activeDays: row?.active_days ?? 0,
    lastActiveDay: row?.last_active ?? null,
  };
}

export interface ActivityWeek {
  /** YYYY-MM-DD of the week's Monday, in the learner's time zone. */
  week: string;
  reviews: number;
  quizAnswers: number;
  /** Answers with an automatic grade (free-text reviews are self-rated and have none). */
  graded: number;
  correct: number;
  /** correct / graded; null in a week without graded answers. */
  accuracy: number | null;
  /** Median answer time in ms over reviews and quiz answers; null in an empty week. */
  medianMs: number | null;
}

/**
 * Accuracy and median answer time per local week, over the last `weeks` weeks (empty weeks
 * included). Quiz items that timed out unanswered are left out: their time is the limit, not
 * the learner's.
 */
export async function weeklyActivity(db: Db, userId: string, now: Date, timezone: string, weeks = ACTIVITY_WEEKS): Promise<ActivityWeek[]> {
  const thisWeek = Prisma.sql`date_trunc('week', ${local(Prisma.sql`${now}::timestamp`, timezone)})`;
  // A UTC lower bound a little wider than the local one, so the (userId, time) indexes apply.
  const since = new Date(now.getTime() - (weeks * 7 + 2) * 86_400_000);
  const rows = await db.$queryRaw<Array<{ week: string; reviews: number; quiz_answers: number; graded: number; correct: number; median_ms: number | null }>>`
    WITH answers AS (
      SELECT r."reviewedAt" AS at, r."correct", r."durationMs", true AS is_review FROM "ReviewLog" r
      WHERE r."userId" = ${userId} AND ${LIVE_REVIEW} AND r."reviewedAt" >= ${since}::timestamp AND r."reviewedAt" <= ${now}::timestamp
      UNION ALL
      SELECT q."submittedAt", q."correct", q."durationMs", false FROM "QuizAnswer" q
      WHERE q."userId" = ${userId} AND q."answer" IS NOT NULL AND q."submittedAt" >= ${since}::timestamp AND q."submittedAt" <= ${now}::timestamp
    ),
    weeks AS (
      SELECT generate_series(${thisWeek} - make_interval(weeks => ${weeks - 1}), ${thisWeek}, interval '1 week') AS week
    )
    SELECT to_char(w.week, 'YYYY-MM-DD') AS week,
      COUNT(a.at) FILTER (WHERE a.is_review)::int AS reviews,
      COUNT(a.at) FILTER (WHERE NOT a.is_review)::int AS quiz_answers,
      COUNT(a."correct")::int AS graded,
      COUNT(*) FILTER (WHERE a."correct")::int AS correct,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY a."durationMs")::float8 AS median_ms
    FROM weeks w
    LEFT JOIN answers a ON date_trunc('week', ${local(Prisma.sql`a."at"`, timezone)}) = w.week
    GROUP BY w.week
    ORDER BY w.week`;
  return rows.map((r) => ({
    week: r.week,
    reviews: r.reviews,
    quizAnswers: r.quiz_answers,
    graded: r.graded,
    correct: r.correct,
    accuracy: r.graded > 0 ? r.correct / r.graded : null,
    medianMs: r.median_ms === null ? null : Number(r.median_ms),
  }));
}

/** Longest prompt excerpt shown for a weak question. */
const PROMPT_EXCERPT = 160;

/** The prompt's first paragraph on one line, cut at a word boundary with an ellipsis if long. */
export function promptExcerpt(prompt: string, max = PROMPT_EXCERPT): string {
  const first = prompt.trim().split(/\n\s*\n/)[0].replace(/\s+/g, " ");
  if (first.length <= max) return first;
  const cut = first.slice(0, max + 1);
  const space = cut.lastIndexOf(" ");
  let excerpt = cut.slice(0, space > max * 0.6 ? space : max).replace(/[\s,;:.]+$/, "");
  // A cut inside a `code` span would leave its backtick open.
  if ((excerpt.match(/`/g) ?? []).length % 2 === 1) excerpt = excerpt.replace(/`([^`]*)$/, "$1");
  return `${excerpt}…`;
}

export interface WeakQuestion {
  cardId: string;
  questionId: string;
  /** The prompt's first paragraph, shortened (promptExcerpt). */
  prompt: string;
  family: FamilySlug;
  lessonSlug: string;
  lessonTitle: string;
  section: string | null;
  recall: number;
  lapses: number;
  suspended: boolean;
}

/** Reviewed cards the learner is least likely to recall now; more lapses first among equals. */
export async function weakestQuestions(db: Db, userId: string, now: Date, decay: number, take = WEAKEST_COUNT): Promise<WeakQuestion[]> {
  const rows = await db.$queryRaw<Array<WeakQuestion>>`
    SELECT c."id" AS "cardId", q."id" AS "questionId", q."prompt",
      q."family", l."slug" AS "lessonSlug", l."title" AS "lessonTitle", q."section",
      ${recallSql(now, decay)}::float8 AS recall, c."lapses", c."suspended"
    FROM "Card" c
    JOIN "Question" q ON q."id" = c."questionId"
    JOIN "Lesson" l ON l."id" = q."lessonId"
    WHERE c."userId" = ${userId} AND q."retiredAt" IS NULL AND ${REVIEWED}
    ORDER BY recall ASC, c."lapses" DESC, c."id"
    LIMIT ${take}`;
  return rows.map((r) => ({ ...r, prompt: promptExcerpt(r.prompt) }));
}

export interface DashboardTotals {
  cards: number;
  reviewedCards: number;
  dueNow: number;
  reviews: number;
  quizAnswers: number;
  /** Mean retrievability over all reviewed cards. */
  recall: number | null;
}

async function totals(db: Db, userId: string, now: Date, families: FamilyRecall[]): Promise<DashboardTotals> {
  const [dueNow, reviews, quizAnswers] = await Promise.all([
    db.card.count({ where: { userId, suspended: false, state: { not: "NEW" }, due: { lte: now }, question: { retiredAt: null } } }),
    db.reviewLog.count({ where: { userId, kind: "REVIEW", undoneBy: null } }),
    db.quizAnswer.count({ where: { userId } }),
  ]);
  const reviewedCards = families.reduce((n, f) => n + f.reviewed, 0);
  const recallSum = families.reduce((s, f) => s + (f.recall ?? 0) * f.reviewed, 0);
  return {
    cards: families.reduce((n, f) => n + f.cards, 0),
    reviewedCards,
    dueNow,
    reviews,
    quizAnswers,
    recall: reviewedCards > 0 ? recallSum / reviewedCards : null,
  };
}

export interface LearnerDashboard {
  learner: { id: string; name: string; timezone: string };
  generatedAt: Date;
  /** Nothing to show yet: no cards, no reviews, no quizzes. */
  empty: boolean;
  totals: DashboardTotals;
  families: FamilyRecall[];
  lessons: LessonMastery[];
  forecast: ForecastDay[];
  streak: Streak;
  weeks: ActivityWeek[];
  weakest: WeakQuestion[];
  quizzes: Awaited<ReturnType<typeof quizHistory>>;
}

/** Everything the dashboard shows for one learner at `now`. The caller checks permissions. */
export async function learnerDashboard(db: Db, learnerId: string, now = new Date()): Promise<LearnerDashboard> {
  const learner = await db.user.findUniqueOrThrow({ where: { id: learnerId }, select: { id: true, name: true, timezone: true, fsrsWeights: true } });
  const decay = decayOf(Array.isArray(learner.fsrsWeights) ? (learner.fsrsWeights as number[]) : null);
  const tz = learner.timezone;
  const [families, lessons, forecast, streakNow, weeks, weakest, quizzes] = await Promise.all([
    familyRecall(db, learnerId, now, decay),
    lessonMastery(db, learnerId, now, decay),
    dueForecast(db, learnerId, now, FORECAST_DAYS, tz),
    streak(db, learnerId, now, tz),
    weeklyActivity(db, learnerId, now, tz),
    weakestQuestions(db, learnerId, now, decay),
    quizHistory(db, learnerId, 10),
  ]);
  const sums = await totals(db, learnerId, now, families);
  return {
    learner: { id: learner.id, name: learner.name, timezone: tz },
    generatedAt: now,
    empty: sums.cards === 0 && sums.reviews === 0 && quizzes.length === 0,
    totals: sums,
    families,
    lessons,
    forecast,
    streak: streakNow,
    weeks,
    weakest,
    quizzes,
  };
}
