// Item statistics for authors: how each question behaves once learners answer it. Everything is
// aggregated in one SQL statement (per question, per learner and per option), so the cost does not
// grow with a JavaScript loop over every answer ever given.
//
// What counts:
//  - An attempt is a quiz answer (including a timed-out item, which the quiz records as wrong) or a
//    review whose learner submitted an answer. Reviews rated without answering only count towards
//    the share of Again ratings. Reviews that were undone are left out: the learner rates again.
//  - Only the question's current version counts: attempts before its last EDITED content change
//    are ignored, so fixing a question clears its flags and option ids that changed cannot mix.
//  - Facility is the share correct among graded attempts (free-text answers are not auto-graded).
//    A late quiz answer counts by its content; lateness is reported on its own and by the slow flag.
//
// Discrimination is the point-biserial correlation between a learner's score on this item and the
// same learner's mean score on their other items (the corrected item-rest correlation). We chose
// it over the upper-lower 27 % index because it uses every learner rather than discarding the
// middle 46 %, it is meaningful at the small cohort sizes Quorum has, and PostgreSQL computes it
// directly (`corr`). Each learner counts once per item (their share correct on it), so someone
// who reviews a card twenty times does not outweigh twenty learners. Leaving the item out of the
// rest score keeps it from correlating with itself. Learners who answered only this item have no
// rest score and are left out.
import type { Db } from "@/lib/db/database";
import { Prisma } from "@/lib/generated/prisma/client";
import { assertCan, type Actor } from "@/lib/permissions";
import { correctAnswer } from "@/lib/practice/grading";
import { expectedTimeMs } from "@/lib/practice/scheduler";

/** A flag is raised only when its sample (graded attempts, learners or timed attempts) reaches this. */
export const MIN_SAMPLE = 20;
export const THRESHOLDS = { tooEasy: 0.9, tooHard: 0.3, poorDiscrimination: 0.1 } as const;

export const ITEM_FLAGS = ["too-easy", "too-hard", "poor-discrimination", "ambiguous-distractor", "slow"] as const;
export type ItemFlag = (typeof ITEM_FLAGS)[number];

export const FLAG_LABELS: Record<ItemFlag, string> = {
  "too-easy": "Too easy",
  "too-hard": "Too hard",
  "poor-discrimination": "Poor discrimination",
  "ambiguous-distractor": "Popular distractor",
  slow: "Slow",
};

export const FLAG_EXPLANATIONS: Record<ItemFlag, string> = {
  "too-easy": `More than ${THRESHOLDS.tooEasy * 100}% answer correctly: it tells strong and weak learners apart poorly. Sharpen the distractors or ask about a harder case.`,
  "too-hard": `Fewer than ${THRESHOLDS.tooHard * 100}% answer correctly. Check the key, the wording, and whether the lesson teaches it.`,
  "poor-discrimination": `Learners who do well elsewhere do no better here (correlation below ${THRESHOLDS.poorDiscrimination}). The question may be ambiguous, miskeyed or testing something else.`,
  "ambiguous-distractor": "A wrong option is chosen more often than the right one: it may be defensible, or the key may be wrong.",
  slow: "The median answer takes longer than the question's time limit. Shorten the prompt or make it a scenario question.",
};

const CHOICE_TYPES = new Set(["single", "multiple", "simulation"]);

export interface OptionShare {
  id: string;
  text: string;
  correct: boolean;
  /** Attempts that chose (or, for multiple choice, ticked) this option. */
  chosen: number;
  /** chosen / attempts that gave an answer; null before anyone answered. */
  share: number | null;
}

export interface ItemStats {
  questionId: string;
  lessonId: string;
  lessonSlug: string;
  lessonTitle: string;
  family: string;
  type: string;
  difficulty: string;
  mode: string;
  prompt: string;
  data: Record<string, unknown>;
  sourcePath: string;
  sourceLine: number;
  version: number;
  retiredAt: Date | null;
  /** Start of the current version (its last edit); null when never edited. */
  countedSince: Date | null;
  attempts: number;
  quizAnswers: number;
  reviewAnswers: number;
  /** Attempts with a right/wrong grade. */
  graded: number;
  correct: number;
  facility: number | null;
  /** Distinct learners with an attempt. */
  learners: number;
  discrimination: number | null;
  /** Learners behind the discrimination figure (those with at least one other graded item). */
  discriminationLearners: number;
  medianMs: number | null;
  /** Attempts with a recorded duration (the median's sample). */
  timed: number;
  timeLimitMs: number;
  /** Quiz answers after the deadline (including timeouts), as a share of quiz answers. */
  late: number;
  lateShare: number | null;
  /** Quiz items that timed out with no answer. */
  unanswered: number;
  /** Reviews (with or without an answer) and how many were rated Again. */
  reviews: number;
  again: number;
  againShare: number | null;
  /** Choice questions: every option with its share; null for other types. */
  options: OptionShare[] | null;
  /** Attempts that chose something (the denominator of option shares). */
  answeredChoices: number;
  flags: ItemFlag[];
}

export interface ItemStatsQuery {
  /** One question (also when retired); default every live question. */
  questionId?: string;
}

interface Row {
  id: string;
  lesson_id: string;
  lesson_slug: string;
  lesson_title: string;
  family: string;
  type: string;
  difficulty: string;
  mode: string;
  prompt: string;
  data: Record<string, unknown> | null;
  source_path: string;
  source_line: number;
  version: number;
  retired_at: Date | null;
  since: Date | null;
  attempts: number | null;
  quiz_answers: number | null;
  graded: number | null;
  correct: number | null;
  late: number | null;
  unanswered: number | null;
  learners: number | null;
  median_ms: number | null;
  timed: number | null;
  reviews: number | null;
  again: number | null;
  discrimination: number | null;
  discrimination_learners: number | null;
  choices: Record<string, number> | null;
}

/** Item statistics for authors and admins (`contentStats` read); throws for anyone else. */
export async function itemStatistics(db: Db, actor: Actor | null, query: ItemStatsQuery = {}): Promise<ItemStats[]> {
  assertCan(actor, "read", { type: "contentStats" });
  const rows = await statisticsRows(db, query);
  // A simulation question's key costs a simulation run (memoised): on the list, only once it has answers.
  return rows.map((row) => toItemStats(row, query.questionId !== undefined || (row.attempts ?? 0) > 0));
}

/** One row per question from one pass over every answer (the SQL behind both the list and one question). */
async function statisticsRows(db: Db, query: ItemStatsQuery): Promise<Row[]> {
  const which = query.questionId === undefined ? Prisma.sql`q."retiredAt" IS NULL` : Prisma.sql`q.id = ${query.questionId}`;
  return db.$queryRaw<Row[]>`
    WITH edits AS (
      SELECT c."itemId" AS question_id, max(s."startedAt") AS since
      FROM "ContentChange" c JOIN "ContentSync" s ON s.id = c."syncId"
      WHERE c."itemType" = 'question' AND c.kind = 'EDITED'
      GROUP BY c."itemId"
    ),
    events AS (
      -- Narrow rows: the answer is kept only where option shares need it (choice questions).
      SELECT x.question_id, x.user_id, x.is_quiz, x.is_quiz OR x.answer IS NOT NULL AS is_attempt, x.answer IS NULL AS no_answer,
             CASE WHEN q.type IN ('single', 'multiple', 'simulation') THEN x.answer END AS choice,
             x.correct, x.late, x.duration_ms, x.rating
      FROM (
        SELECT i."questionId" AS question_id, a."userId" AS user_id, true AS is_quiz, a.answer, a.correct, a.late,
               a."durationMs" AS duration_ms, NULL::int AS rating, a."submittedAt" AS at
        FROM "QuizAnswer" a JOIN "QuizItem" i ON i.id = a."itemId"
        UNION ALL
        SELECT r."questionId", r."userId", false, r.answer, r.correct, false, r."durationMs", r.rating, r."reviewedAt"
        FROM "ReviewLog" r
        WHERE r.kind = 'REVIEW' AND NOT EXISTS (SELECT 1 FROM "ReviewLog" u WHERE u."undoesId" = r.id)
      ) x
      JOIN "Question" q ON q.id = x.question_id
      LEFT JOIN edits e ON e.question_id = x.question_id
      WHERE e.since IS NULL OR x.at >= e.since
    ),
    per_question AS (
      SELECT question_id,
             count(*)::int AS attempts,
             count(*) FILTER (WHERE is_quiz)::int AS quiz_answers,
             count(correct)::int AS graded,
             count(*) FILTER (WHERE correct)::int AS correct,
             count(*) FILTER (WHERE late)::int AS late,
             count(*) FILTER (WHERE is_quiz AND no_answer)::int AS unanswered,
             count(DISTINCT user_id)::int AS learners,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms)::float8 AS median_ms,
             count(duration_ms)::int AS timed
      FROM events WHERE is_attempt GROUP BY question_id
    ),
    reviews AS (
      SELECT question_id, count(*)::int AS reviews, count(*) FILTER (WHERE rating = 1)::int AS again
      FROM events WHERE NOT is_quiz GROUP BY question_id
    ),
    learner_item AS (
      SELECT question_id, user_id, avg(CASE WHEN correct THEN 1.0 ELSE 0.0 END)::float8 AS score
      FROM events WHERE is_attempt AND correct IS NOT NULL GROUP BY question_id, user_id
    ),
    learner_total AS (
      SELECT user_id, sum(score) AS total, count(*)::float8 AS items FROM learner_item GROUP BY user_id
    ),
    discrimination AS (
      SELECT li.question_id, corr(li.score, (lt.total - li.score) / (lt.items - 1)) AS r, count(*)::int AS learners
      FROM learner_item li JOIN learner_total lt ON lt.user_id = li.user_id
      WHERE lt.items > 1
      GROUP BY li.question_id
    ),
    option_counts AS (
      SELECT question_id, option_id, count(*)::int AS chosen FROM (
        SELECT question_id, choice #>> '{}' AS option_id FROM events WHERE is_attempt AND jsonb_typeof(choice) = 'string'
        UNION ALL
        -- A multiple-choice answer that lists an option twice still ticks it once.
        SELECT ev.question_id, o.option_id
        FROM events ev CROSS JOIN LATERAL (SELECT DISTINCT v AS option_id FROM jsonb_array_elements_text(ev.choice) AS v) o
        WHERE ev.is_attempt AND jsonb_typeof(ev.choice) = 'array'
      ) ticks
      GROUP BY question_id, option_id
    ),
    choices AS (
      SELECT question_id, jsonb_object_agg(option_id, chosen) AS choices FROM option_counts GROUP BY question_id
    )
    SELECT q.id, q."lessonId" AS lesson_id, l.slug AS lesson_slug, l.title AS lesson_title, q.family, q.type, q.difficulty, q.mode, q.prompt, q.data,
           q."sourcePath" AS source_path, q."sourceLine" AS source_line, q.version, q."retiredAt" AS retired_at, e.since,
           p.attempts, p.quiz_answers, p.graded, p.correct, p.late, p.unanswered, p.learners, p.median_ms, p.timed,
           r.reviews, r.again, d.r AS discrimination, d.learners AS discrimination_learners, c.choices
    FROM "Question" q
    JOIN "Lesson" l ON l.id = q."lessonId"
    LEFT JOIN edits e ON e.question_id = q.id
    LEFT JOIN per_question p ON p.question_id = q.id
    LEFT JOIN reviews r ON r.question_id = q.id
    LEFT JOIN discrimination d ON d.question_id = q.id
    LEFT JOIN choices c ON c.question_id = q.id
    WHERE ${which}
    ORDER BY q.family, q."sourcePath", q."sourceLine", q.id`;
}

/** How long the author pages reuse one computation of every live question's statistics. */
export const ITEM_STATS_TTL_MS = 5 * 60_000;

export interface ItemStatsSnapshot {
  items: ItemStats[];
  /** When the figures were computed: the pages say "as of" this time. */
  computedAt: Date;
}

interface CachedStatistics {
  computedAt: number;
  pending: Promise<{ rows: Row[]; snapshot: ItemStatsSnapshot }>;
}
const snapshots = new WeakMap<Db, CachedStatistics>();

/** The cached pass over every answer, computed again once older than ITEM_STATS_TTL_MS. */
function cachedStatistics(db: Db, now: number): CachedStatistics["pending"] {
  const cached = snapshots.get(db);
  if (cached && now - cached.computedAt < ITEM_STATS_TTL_MS) return cached.pending;
  const pending = statisticsRows(db, {}).then((rows) => ({
    rows,
    snapshot: { items: rows.map((row) => toItemStats(row, (row.attempts ?? 0) > 0)), computedAt: new Date(now) },
  }));
  const entry = { computedAt: now, pending };
  snapshots.set(db, entry);
  // A failed computation is not kept: the next request tries again.
  pending.catch(() => snapshots.get(db) === entry && snapshots.delete(db));
  return pending;
}

/**
 * Every live question's statistics, computed at most once per ITEM_STATS_TTL_MS per database and
 * process. One pass over all answers takes about 1 s on PGlite and 0.7 s on PostgreSQL with half a
 * million of them (bench/cohort-dashboard.ts); authors read trends, not the last minute. Callers
 * that arrive while the figures are being computed share that computation. The permission check
 * runs on every call, before the cache is consulted.
 */
export async function itemStatisticsSnapshot(db: Db, actor: Actor | null, now = Date.now()): Promise<ItemStatsSnapshot> {
  assertCan(actor, "read", { type: "contentStats" });
  return (await cachedStatistics(db, now)).snapshot;
}

/** One question's statistics (live or retired) and when they were computed; null when there is no such question. */
export async function questionStatistics(db: Db, actor: Actor | null, questionId: string, now = Date.now()): Promise<{ item: ItemStats; computedAt: Date } | null> {
  assertCan(actor, "read", { type: "contentStats" });
  // A live question comes from the cached pass (computing one question alone costs as much: its
  // discrimination needs every answer of its learners); a retired one is computed on its own.
  const { rows, snapshot } = await cachedStatistics(db, now);
  const row = rows.find((r) => r.id === questionId);
  if (row) return { item: toItemStats(row, true), computedAt: snapshot.computedAt };
  const [item] = await itemStatistics(db, actor, { questionId });
  return item ? { item, computedAt: new Date(now) } : null;
}

function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

type Option = { id: string; text: string };

function toItemStats(row: Row, withSimulationKey: boolean): ItemStats {
  const data = row.data ?? {};
  const attempts = row.attempts ?? 0;
  const quizAnswers = row.quiz_answers ?? 0;
  const graded = row.graded ?? 0;
  const correct = row.correct ?? 0;
  const reviews = row.reviews ?? 0;
  const again = row.again ?? 0;
  const late = row.late ?? 0;
  const unanswered = row.unanswered ?? 0;
  const answeredChoices = CHOICE_TYPES.has(row.type) ? attempts - unanswered : 0;
  const options = CHOICE_TYPES.has(row.type)
    ? optionShares(row, (data.options as Option[] | undefined) ?? [], row.choices ?? {}, answeredChoices, withSimulationKey)
    : null;
  const base = {
    questionId: row.id,
    lessonId: row.lesson_id,
    lessonSlug: row.lesson_slug,
    lessonTitle: row.lesson_title,
    family: row.family,
    type: row.type,
    difficulty: row.difficulty,
    mode: row.mode,
    prompt: row.prompt,
    data,
    sourcePath: row.source_path,
    sourceLine: row.source_line,
    version: row.version,
    retiredAt: row.retired_at,
    countedSince: row.since,
    attempts,
    quizAnswers,
    reviewAnswers: attempts - quizAnswers,
    graded,
    correct,
    facility: ratio(correct, graded),
    learners: row.learners ?? 0,
    // NULL when either side has no variance (everyone right, or every rest score equal).
    discrimination: row.discrimination,
    discriminationLearners: row.discrimination_learners ?? 0,
    medianMs: row.median_ms,
    timed: row.timed ?? 0,
    timeLimitMs: expectedTimeMs(row.mode),
    late,
    lateShare: ratio(late, quizAnswers),
    unanswered,
    reviews,
    again,
    againShare: ratio(again, reviews),
    options,
    answeredChoices,
  };
  return { ...base, flags: flagsOf(base) };
}

function optionShares(row: Row, options: Option[], chosen: Record<string, number>, answered: number, withSimulationKey: boolean): OptionShare[] {
  const key = withSimulationKey || row.type !== "simulation" ? correctAnswer({ id: row.id, type: row.type, data: row.data }) : null;
  const correctIds = new Set(Array.isArray(key) ? key.map(String) : key === null || key === undefined ? [] : [String(key)]);
  return options.map((o) => ({
    id: o.id,
    text: o.text,
    correct: correctIds.has(o.id),
    chosen: chosen[o.id] ?? 0,
    share: ratio(chosen[o.id] ?? 0, answered),
  }));
}

type FlagInput = Pick<
  ItemStats,
  "graded" | "facility" | "discrimination" | "discriminationLearners" | "options" | "answeredChoices" | "medianMs" | "timed" | "timeLimitMs"
>;

/** The flags an item earns; each needs MIN_SAMPLE observations so small samples don't cry wolf. */
export function flagsOf(s: FlagInput): ItemFlag[] {
  const flags: ItemFlag[] = [];
  if (s.facility !== null && s.graded >= MIN_SAMPLE) {
    if (s.facility > THRESHOLDS.tooEasy) flags.push("too-easy");
    if (s.facility < THRESHOLDS.tooHard) flags.push("too-hard");
  }
  if (s.discrimination !== null && s.discriminationLearners >= MIN_SAMPLE && s.discrimination < THRESHOLDS.poorDiscrimination) {
    flags.push("poor-discrimination");
  }
  if (s.options && s.answeredChoices >= MIN_SAMPLE && popularDistractor(s.options)) flags.push("ambiguous-distractor");
  if (s.medianMs !== null && s.timed >= MIN_SAMPLE && s.medianMs > s.timeLimitMs) flags.push("slow");
  return flags;
}

/** A wrong option chosen more often than the (least chosen) right one. */
export function popularDistractor(options: readonly OptionShare[]): OptionShare | null {
  const right = options.filter((o) => o.correct);
  if (right.length === 0) return null;
  const leastRight = Math.min(...right.map((o) => o.chosen));
  const wrong = options.filter((o) => !o.correct && o.chosen > leastRight).sort((a, b) => b.chosen - a.chosen);
  return wrong[0] ?? null;
}

/** `content/<family>/<slug>.questions.yaml:<line>`, the place an author edits. */
export function sourceLocation(item: Pick<ItemStats, "sourcePath" | "sourceLine">): string {
  return `${item.sourcePath}:${item.sourceLine}`;
}
