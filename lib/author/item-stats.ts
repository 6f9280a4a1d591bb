// Item statistics for authors: how each question behaves once learners answer it, read from
// per-question running totals, so the list costs the same at any number of answers.
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
// Discrimination is a point-biserial correlation: between a learner's first graded attempt at this
// version of the item (right = 1, wrong = 0) and the same learner's prior score, their share
// correct over every graded answer they had given before it. Each learner counts once per item, so
// someone who reviews a card twenty times does not outweigh twenty learners; the item's own attempt
// is never in its prior score, so it cannot correlate with itself; learners with no earlier graded
// answer have no prior score and are left out. It is a rest-score correlation whose rest score is
// frozen when the learner first meets the item: that is what lets the database keep it as five
// running sums per question as answers arrive (docs/decisions/060), rather than recomputing every
// learner's rest score over all answers (about 1 s at half a million answers, decision 010).
//
// Figures are running totals in `QuestionStat`, kept by triggers in the statement that records
// each answer, rating, undo or edit (prisma/migrations/0008). Median time comes from a histogram of
// 5 % wide buckets (within 2.5 % of the exact median).
import type { Db } from "@/lib/db/database";
import { Prisma } from "@/lib/generated/prisma/client";
import { CONTENT_STATS, assertCan, type Actor } from "@/lib/permissions";
import { correctAnswer, questionData } from "@/lib/practice/grading";
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
  timed: number | null;
  durations: Record<string, number> | null;
  reviews: number | null;
  again: number | null;
  choices: Record<string, number> | null;
  pb_learners: number | null;
  pb_x: number | null;
  pb_y: number | null;
  pb_yy: number | null;
  pb_xy: number | null;
}

/** Item statistics for authors and admins (`contentStats` read); throws for anyone else. */
export async function itemStatistics(db: Db, actor: Actor | null, query: ItemStatsQuery = {}): Promise<ItemStats[]> {
  assertCan(actor, "read", CONTENT_STATS);
  const rows = await statisticsRows(db, query);
  // A simulation question's key costs a simulation run (memoised): on the list, only once it has answers.
  return rows.map((row) => toItemStats(row, query.questionId !== undefined || (row.attempts ?? 0) > 0));
}

/**
 * One row per question, read from the running totals in `QuestionStat` (kept by database triggers
 * as answers, ratings, undos and edits are recorded: prisma/migrations/0008, docs/decisions/060).
 * No pass over the answers: the cost grows with the number of questions only.
 */
async function statisticsRows(db: Db, query: ItemStatsQuery): Promise<Row[]> {
  const which = query.questionId === undefined ? Prisma.sql`q."retiredAt" IS NULL` : Prisma.sql`q.id = ${query.questionId}`;
  return db.$queryRaw<Row[]>`
    SELECT q.id, q."lessonId" AS lesson_id, l.slug AS lesson_slug, l.title AS lesson_title, q.family, q.type, q.difficulty, q.mode, q.prompt, q.data,
           q."sourcePath" AS source_path, q."sourceLine" AS source_line, q.version, q."retiredAt" AS retired_at, s."countedSince" AS since,
           s.attempts, s."quizAnswers" AS quiz_answers, s.graded, s."gradedCorrect" AS correct, s.late, s.unanswered, s.learners,
           s.timed, s.durations, s.reviews, s.again, s.choices,
           s."pbLearners" AS pb_learners, s."pbSumX" AS pb_x, s."pbSumY" AS pb_y, s."pbSumYY" AS pb_yy, s."pbSumXY" AS pb_xy
    FROM "Question" q
    JOIN "Lesson" l ON l.id = q."lessonId"
    LEFT JOIN "QuestionStat" s ON s."questionId" = q.id
    WHERE ${which}
    ORDER BY q.family, q."sourcePath", q."sourceLine", q.id`;
}

/** Durations are counted in buckets k = [100·1.05^k, 100·1.05^(k+1)) ms (quorum_duration_bucket). */
export const DURATION_BUCKET_RATIO = 1.05;

/**
 * The median of a duration histogram: the geometric middle of the bucket holding the middle
 * attempt (the mean of the two middle buckets' for an even count), so within 2.5 % of the exact
 * median. Null when nothing was timed.
 */
export function histogramMedian(histogram: Record<string, number>): number | null {
  const buckets = Object.entries(histogram)
    .map(([k, n]) => [Number(k), Number(n)] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  const at = (rank: number) => {
    let seen = 0;
    for (const [k, n] of buckets) {
      seen += n;
      if (seen > rank) return 100 * DURATION_BUCKET_RATIO ** (k + 0.5);
    }
    return 100 * DURATION_BUCKET_RATIO ** (buckets[buckets.length - 1][0] + 0.5);
  };
  return total % 2 === 1 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
}

/** The bucket a duration falls in (the same formula as the database's quorum_duration_bucket). */
export function durationBucket(ms: number): number {
  return Math.floor(Math.log(Math.max(ms, 100) / 100) / Math.log(DURATION_BUCKET_RATIO));
}

/**
 * Pearson's r from running sums over n pairs (x binary, so Σx² = Σx): the point-biserial
 * correlation. Null below two pairs or when either side has no variance.
 */
export function correlationFromSums(n: number, sx: number, sy: number, syy: number, sxy: number): number | null {
  if (n < 2) return null;
  const vx = n * sx - sx * sx;
  const vy = n * syy - sy * sy;
  // Sums of floating-point prior scores: a spread below rounding noise is no spread.
  if (vx <= 0 || vy <= 1e-9 * n * n) return null;
  return Math.max(-1, Math.min(1, (n * sxy - sx * sy) / Math.sqrt(vx * vy)));
}

/**
 * Every live question's statistics, read fresh from the running totals on every call (a few
 * milliseconds whatever the number of answers: bench/cohort-dashboard.ts). `computedAt` is the
 * time of the read. The permission check comes first.
 */
export async function itemStatisticsSnapshot(db: Db, actor: Actor | null, now = Date.now()): Promise<ItemStatsSnapshot> {
  const items = await itemStatistics(db, actor);
  return { items, computedAt: new Date(now) };
}

export interface ItemStatsSnapshot {
  items: ItemStats[];
  /** When the figures were read. */
  computedAt: Date;
}

/** One question's statistics (live or retired) and when they were read; null when there is no such question. */
export async function questionStatistics(db: Db, actor: Actor | null, questionId: string, now = Date.now()): Promise<{ item: ItemStats; computedAt: Date } | null> {
  const [item] = await itemStatistics(db, actor, { questionId });
  return item ? { item, computedAt: new Date(now) } : null;
}

function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

function toItemStats(row: Row, withSimulationKey: boolean): ItemStats {
  const data = questionData({ id: row.id, type: row.type, data: row.data });
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
    ? optionShares(row, data.options ?? [], row.choices ?? {}, answeredChoices, withSimulationKey)
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
    // Null when either side has no variance (everyone right, or every prior score equal).
    discrimination: correlationFromSums(row.pb_learners ?? 0, row.pb_x ?? 0, row.pb_y ?? 0, row.pb_yy ?? 0, row.pb_xy ?? 0),
    discriminationLearners: row.pb_learners ?? 0,
    medianMs: histogramMedian(row.durations ?? {}),
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

function optionShares(row: Row, options: readonly { id: string; text: string }[], chosen: Record<string, number>, answered: number, withSimulationKey: boolean): OptionShare[] {
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
