// The learner's dashboard: recall per family, mastery per lesson, the due forecast, the streak,
// accuracy and answer time per week, the weakest questions and quiz history. Every aggregation
// runs in the database (one grouped query each), so the cost does not grow with a learner's
// history in JS. `learnerDashboard` takes the learner's id rather than the viewer so that a
// mentor's view can load the same data after its own permission check.
import type { Db } from "@/lib/db/database";
import { Prisma } from "@/lib/generated/prisma/client";
import { FAMILIES, type FamilySlug } from "@/lib/content/families";
import { percent } from "@/lib/format";
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
  const pct = percent;
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

/**
 * Cards whose recall is shown: past their learning steps (REVIEW state), stability known. A card
 * still in its (re)learning steps was just seen, so its computed recall is near 100 % whether or
 * not it was remembered; counting it made a new learner who pressed Again look perfect. See
 * docs/recall.md.
 */
const REVIEWED = Prisma.sql`c."state" = 'REVIEW' AND c."lastReview" IS NOT NULL AND c."stability" > 0`;

/** Cards past their learning steps a family (or the whole dashboard) needs before its recall is shown as a percentage. */
export const RECALL_MIN_CARDS = 5;
/** Days of answers behind "recent accuracy". */
export const RECENT_DAYS = 30;

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

/**
 * A quiz answer `a` whose attempt has finished: only those count in figures, so the correctness
 * of an attempt in progress shows nowhere (not even as a moving accuracy).
 */
export const FINISHED_ANSWER = Prisma.sql`EXISTS (SELECT 1 FROM "QuizItem" fi JOIN "QuizSession" fs ON fs."id" = fi."sessionId" WHERE fi."id" = a."itemId" AND fs."finishedAt" IS NOT NULL)`;

/** A UTC timestamp column as the learner's local time (columns are `timestamp` holding UTC). */
function local(column: Prisma.Sql, timezone: string): Prisma.Sql {
  return Prisma.sql`((${column} AT TIME ZONE 'UTC') AT TIME ZONE ${timezone})`;
}

export interface FamilyRecall {
  slug: string;
  name: string;
  cards: number;
  /** Cards past their learning steps: the ones recall is computed over. */
  reviewed: number;
  /** Mean retrievability over those cards; null until there are RECALL_MIN_CARDS of them. */
  recall: number | null;
  /** Times the family's cards were forgotten after being learned. */
  lapses: number;
  /** Auto-graded reviews and finished-quiz answers in the last RECENT_DAYS days. */
  recent: { graded: number; correct: number };
}

export async function familyRecall(db: Db, userId: string, now: Date, decay: number): Promise<FamilyRecall[]> {
  const since = new Date(now.getTime() - RECENT_DAYS * 86_400_000);
  const [rows, recent] = await Promise.all([
    db.$queryRaw<Array<{ family: string; cards: number; reviewed: number; recall: number | null; lapses: number }>>`
      SELECT t."family", COUNT(*)::int AS cards, COUNT(t.recall)::int AS reviewed, AVG(t.recall)::float8 AS recall, SUM(t."lapses")::int AS lapses
      FROM (
        SELECT q."family", c."lapses", ${recallSql(now, decay)} AS recall
        FROM "Card" c JOIN "Question" q ON q."id" = c."questionId"
        WHERE c."userId" = ${userId} AND q."retiredAt" IS NULL
      ) t
      GROUP BY t."family"`,
    db.$queryRaw<Array<{ family: string; graded: number; correct: number }>>`
      SELECT a."family", COUNT(*)::int AS graded, COUNT(*) FILTER (WHERE a."correct")::int AS correct
      FROM (
        SELECT q."family", r."correct" FROM "ReviewLog" r JOIN "Question" q ON q."id" = r."questionId"
        WHERE r."userId" = ${userId} AND ${LIVE_REVIEW} AND r."correct" IS NOT NULL AND r."reviewedAt" >= ${since}::timestamp AND r."reviewedAt" <= ${now}::timestamp
        UNION ALL
        SELECT q."family", a."correct" FROM "QuizAnswer" a JOIN "QuizItem" i ON i."id" = a."itemId" JOIN "Question" q ON q."id" = i."questionId"
        WHERE a."userId" = ${userId} AND a."correct" IS NOT NULL AND ${FINISHED_ANSWER} AND a."submittedAt" >= ${since}::timestamp AND a."submittedAt" <= ${now}::timestamp
      ) a
      GROUP BY a."family"`,
  ]);
  const byFamily = new Map(rows.map((r) => [r.family, r]));
  const recentByFamily = new Map(recent.map((r) => [r.family, r]));
  return FAMILIES.map((f) => {
    const r = byFamily.get(f.slug);
    const reviewed = r?.reviewed ?? 0;
    const a = recentByFamily.get(f.slug);
    return {
      slug: f.slug,
      name: f.name,
      cards: r?.cards ?? 0,
      reviewed,
      recall: reviewed >= RECALL_MIN_CARDS ? (r?.recall ?? null) : null,
      lapses: r?.lapses ?? 0,
      recent: { graded: a?.graded ?? 0, correct: a?.correct ?? 0 },
    };
  });
}

/**
 * The family to name as weakest: the lowest recall among families whose recall is shown and is
 * below the learner's target. None when nothing is below target: a family at 96 % is not weak.
 */
export function weakestFamily(families: readonly FamilyRecall[], target: number): FamilyRecall | null {
  return families.filter((f) => f.recall !== null && f.recall < target).reduce<FamilyRecall | null>((w, f) => (w === null || f.recall! < w.recall! ? f : w), null);
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
      -- Studied at least once (in learning steps or past them); recall below is over cards past them.
      COUNT(*) FILTER (WHERE t."state" <> 'NEW')::int AS reviewed,
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
      SELECT a."submittedAt", a."correct", a."durationMs", false FROM "QuizAnswer" a
      WHERE a."userId" = ${userId} AND a."answer" IS NOT NULL AND ${FINISHED_ANSWER} AND a."submittedAt" >= ${since}::timestamp AND a."submittedAt" <= ${now}::timestamp
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
  /** Chance of recall now; null while the card is back in its learning steps (just missed). */
  recall: number | null;
  lapses: number;
  /** The latest rating was Again. */
  missedLast: boolean;
  suspended: boolean;
}

/**
 * Questions that are actually weak: missed at their latest review (and so back in learning
 * steps), or past their steps with recall below the learner's target. Missed ones first, then
 * by recall; more lapses first among equals. A card remembered well is never listed.
 */
export async function weakestQuestions(db: Db, userId: string, now: Date, decay: number, target: number, take = WEAKEST_COUNT): Promise<WeakQuestion[]> {
  const rows = await db.$queryRaw<Array<WeakQuestion>>`
    SELECT * FROM (
      SELECT c."id" AS "cardId", q."id" AS "questionId", q."prompt",
        q."family", l."slug" AS "lessonSlug", l."title" AS "lessonTitle", q."section",
        ${recallSql(now, decay)}::float8 AS recall, c."lapses", c."suspended",
        COALESCE((SELECT r."rating" = 1 FROM "ReviewLog" r WHERE r."cardId" = c."id" AND ${LIVE_REVIEW} ORDER BY r."reviewedAt" DESC, r."id" DESC LIMIT 1), false) AS "missedLast"
      FROM "Card" c
      JOIN "Question" q ON q."id" = c."questionId"
      JOIN "Lesson" l ON l."id" = q."lessonId"
      WHERE c."userId" = ${userId} AND q."retiredAt" IS NULL AND c."state" <> 'NEW' AND c."lastReview" IS NOT NULL
    ) w
    WHERE w."missedLast" OR w.recall < ${target}
    ORDER BY w."missedLast" DESC, w.recall ASC NULLS FIRST, w."lapses" DESC, w."cardId"
    LIMIT ${take}`;
  return rows.map((r) => ({ ...r, prompt: promptExcerpt(r.prompt) }));
}

export interface DashboardTotals {
  cards: number;
  /** Cards past their learning steps. */
  reviewedCards: number;
  dueNow: number;
  reviews: number;
  quizAnswers: number;
  /** Mean retrievability over cards past their learning steps; null until there are RECALL_MIN_CARDS. */
  recall: number | null;
  lapses: number;
  recent: { graded: number; correct: number };
}

/** Mean recall over every card past its learning steps (families below the threshold included). */
async function overallRecall(db: Db, userId: string, now: Date, decay: number): Promise<number | null> {
  const [row] = await db.$queryRaw<Array<{ recall: number | null }>>`
    SELECT AVG(${recallSql(now, decay)})::float8 AS recall FROM "Card" c JOIN "Question" q ON q."id" = c."questionId"
    WHERE c."userId" = ${userId} AND q."retiredAt" IS NULL AND ${REVIEWED}`;
  return row?.recall ?? null;
}

async function totals(db: Db, userId: string, now: Date, decay: number, families: FamilyRecall[]): Promise<DashboardTotals> {
  const [dueNow, reviews, quizAnswers] = await Promise.all([
    db.card.count({ where: { userId, suspended: false, state: { not: "NEW" }, due: { lte: now }, question: { retiredAt: null } } }),
    db.reviewLog.count({ where: { userId, kind: "REVIEW", undoneBy: null } }),
    db.quizAnswer.count({ where: { userId, item: { session: { finishedAt: { not: null } } } } }),
  ]);
  const reviewedCards = families.reduce((n, f) => n + f.reviewed, 0);
  const recall = reviewedCards >= RECALL_MIN_CARDS ? await overallRecall(db, userId, now, decay) : null;
  return {
    cards: families.reduce((n, f) => n + f.cards, 0),
    reviewedCards,
    dueNow,
    reviews,
    quizAnswers,
    recall,
    lapses: families.reduce((n, f) => n + f.lapses, 0),
    recent: families.reduce((r, f) => ({ graded: r.graded + f.recent.graded, correct: r.correct + f.recent.correct }), { graded: 0, correct: 0 }),
  };
}

export interface LearnerDashboard {
  learner: { id: string; name: string; timezone: string; desiredRetention: number };
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
  const learner = await db.user.findUniqueOrThrow({ where: { id: learnerId }, select: { id: true, name: true, timezone: true, fsrsWeights: true, desiredRetention: true } });
  const decay = decayOf(Array.isArray(learner.fsrsWeights) ? (learner.fsrsWeights as number[]) : null);
  const tz = learner.timezone;
  const [families, lessons, forecast, streakNow, weeks, weakest, quizzes] = await Promise.all([
    familyRecall(db, learnerId, now, decay),
    lessonMastery(db, learnerId, now, decay),
    dueForecast(db, learnerId, now, FORECAST_DAYS, tz),
    streak(db, learnerId, now, tz),
    weeklyActivity(db, learnerId, now, tz),
    weakestQuestions(db, learnerId, now, decay, learner.desiredRetention),
    quizHistory(db, learnerId, 10),
  ]);
  const sums = await totals(db, learnerId, now, decay, families);
  return {
    learner: { id: learner.id, name: learner.name, timezone: tz, desiredRetention: learner.desiredRetention },
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
