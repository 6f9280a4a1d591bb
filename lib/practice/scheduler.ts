// Spaced-repetition scheduling, delegated to ts-fsrs (FSRS-6). This module only translates
// between Quorum's card rows and ts-fsrs cards, and holds the learner-facing policy around it:
// retention bounds, leech threshold, suggested ratings. See docs/decisions/008.
import { interval } from "@/lib/format";
import { createEmptyCard, forgetting_curve, fsrs, generatorParameters, Rating, State, default_w, type Card as FsrsCard, type Grade, type StepUnit } from "ts-fsrs";

export const RETENTION = { default: 0.9, min: 0.7, max: 0.97 } as const;
/** A card that lapses this many times is suspended as a leech (Anki's default). */
export const LEECH_LAPSES = 8;
/** A resumed leech is flagged again every this many further lapses: half the threshold, as in Anki. */
export const LEECH_REPEAT = 4;

/** Whether the lapse that brought a card to `lapses` makes it a leech: at 8, then 12, 16, … */
export function isLeechLapse(lapses: number): boolean {
  return lapses === LEECH_LAPSES || (lapses > LEECH_LAPSES && (lapses - LEECH_LAPSES) % LEECH_REPEAT === 0);
}
/** Reviews a learner needs before their own FSRS parameters are fitted. */
export const FIT_THRESHOLD = 400;
export const DEFAULT_WEIGHTS: readonly number[] = default_w;

export type CardStateName = "NEW" | "LEARNING" | "REVIEW" | "RELEARNING";
export type RatingValue = 1 | 2 | 3 | 4;
export const RATING_LABELS: Record<RatingValue, string> = { 1: "Again", 2: "Hard", 3: "Good", 4: "Easy" };

/** The scheduling fields of a Card row. */
export interface CardSchedule {
  due: Date;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  state: CardStateName;
  lastReview: Date | null;
}

export interface SchedulerSettings {
  desiredRetention: number;
  /** Personal FSRS weights; null or absent = the FSRS-6 defaults. */
  weights?: readonly number[] | null;
  /** Same-session steps for new cards and for lapses ("1m 10m", "10m"); absent = the defaults. */
  learningSteps?: string;
  relearningSteps?: string;
}

/** Anki's defaults: a new card comes back after 1 and 10 minutes, a forgotten one after 10. */
export const DEFAULT_STEPS = { learning: "1m 10m", relearning: "10m" } as const;
/** At most this many steps, each at most this long: longer belongs to the FSRS schedule. */
export const STEP_LIMITS = { count: 6, maxMinutes: 7 * 24 * 60 } as const;

const STEP = /^([1-9]\d{0,4})(m|h|d)$/;
const MINUTES = { m: 1, h: 60, d: 1440 } as const;

/**
 * Parses steps written as whole minutes, hours or days separated by spaces ("1m 10m", "15m 1h",
 * or "" for none). Whole units only: the scheduler's step format has no seconds or fractions.
 * Returns the steps, or a message saying what is wrong.
 */
export function parseSteps(text: string): { ok: true; steps: StepUnit[] } | { ok: false; error: string } {
  const parts = text.trim().split(/[\s,]+/).filter(Boolean);
  if (parts.length > STEP_LIMITS.count) return { ok: false, error: `Use at most ${STEP_LIMITS.count} steps.` };
  const steps: StepUnit[] = [];
  for (const part of parts) {
    const m = STEP.exec(part.toLowerCase());
    if (!m) return { ok: false, error: `"${part.slice(0, 20)}" is not a step: write whole minutes, hours or days, e.g. 1m 10m 1h.` };
    const minutes = Number(m[1]) * MINUTES[m[2] as keyof typeof MINUTES];
    if (minutes > STEP_LIMITS.maxMinutes) return { ok: false, error: `"${part}" is longer than a week: leave long intervals to the schedule.` };
    steps.push(`${Number(m[1])}${m[2]}` as StepUnit);
  }
  return { ok: true, steps };
}

function stepsOr(text: string | undefined, fallback: string): StepUnit[] {
  const parsed = parseSteps(text ?? fallback);
  return parsed.ok ? parsed.steps : (parseSteps(fallback) as { steps: StepUnit[] }).steps;
}

const STATE_TO_FSRS: Record<CardStateName, State> = { NEW: State.New, LEARNING: State.Learning, REVIEW: State.Review, RELEARNING: State.Relearning };
const FSRS_TO_STATE: Record<State, CardStateName> = { [State.New]: "NEW", [State.Learning]: "LEARNING", [State.Review]: "REVIEW", [State.Relearning]: "RELEARNING" };

export function clampRetention(value: number): number {
  if (!Number.isFinite(value)) return RETENTION.default;
  return Math.min(RETENTION.max, Math.max(RETENTION.min, value));
}

/** A ts-fsrs scheduler for one learner. Fuzz is off so the interval shown on a button is the one applied. */
export function schedulerFor(settings: SchedulerSettings) {
  return fsrs(
    generatorParameters({
      request_retention: clampRetention(settings.desiredRetention),
      w: settings.weights && settings.weights.length > 0 ? [...settings.weights] : undefined,
      enable_fuzz: false,
      enable_short_term: true,
      learning_steps: stepsOr(settings.learningSteps, DEFAULT_STEPS.learning),
      relearning_steps: stepsOr(settings.relearningSteps, DEFAULT_STEPS.relearning),
      maximum_interval: 36500,
    }),
  );
}

export function newSchedule(now: Date): CardSchedule {
  return fromFsrs(createEmptyCard(now));
}

export function toFsrs(c: CardSchedule): FsrsCard {
  return {
    due: c.due,
    stability: c.stability,
    difficulty: c.difficulty,
    elapsed_days: c.elapsedDays,
    scheduled_days: c.scheduledDays,
    learning_steps: c.learningSteps,
    reps: c.reps,
    lapses: c.lapses,
    state: STATE_TO_FSRS[c.state],
    last_review: c.lastReview ?? undefined,
  };
}

export function fromFsrs(c: FsrsCard): CardSchedule {
  return {
    due: new Date(c.due),
    stability: c.stability,
    difficulty: c.difficulty,
    elapsedDays: c.elapsed_days,
    scheduledDays: c.scheduled_days,
    learningSteps: c.learning_steps,
    reps: c.reps,
    lapses: c.lapses,
    state: FSRS_TO_STATE[c.state],
    lastReview: c.last_review ? new Date(c.last_review) : null,
  };
}

/** The card after rating it at `now`. */
export function rateCard(settings: SchedulerSettings, card: CardSchedule, rating: RatingValue, now: Date): CardSchedule {
  return fromFsrs(schedulerFor(settings).next(toFsrs(card), now, rating as Grade).card);
}

export interface RatingPreview {
  rating: RatingValue;
  label: string;
  due: Date;
  /** Time until due, in words: "10 min", "3 d", "2.5 mo". */
  interval: string;
}

/** What each of the four buttons would do, for showing the next interval on each. */
export function previewRatings(settings: SchedulerSettings, card: CardSchedule, now: Date): RatingPreview[] {
  const preview = schedulerFor(settings).repeat(toFsrs(card), now);
  return ([Rating.Again, Rating.Hard, Rating.Good, Rating.Easy] as const).map((r) => {
    const due = new Date(preview[r].card.due);
    return { rating: r as RatingValue, label: RATING_LABELS[r as RatingValue], due, interval: interval(due.getTime() - now.getTime()) };
  });
}

/**
 * Probability of recall at `now` (FSRS forgetting curve); null for a card never reviewed. The
 * decay is the last FSRS-6 weight. What learners are shown is narrower: only cards past their
 * learning steps (dashboard.ts, docs/recall.md).
 */
export function retrievability(card: Pick<CardSchedule, "state" | "stability" | "lastReview">, now: Date, weights?: readonly number[] | null): number | null {
  if (card.state === "NEW" || !card.lastReview || card.stability <= 0) return null;
  const w = weights && weights.length > 0 ? weights : DEFAULT_WEIGHTS;
  const elapsedDays = Math.max(0, (now.getTime() - card.lastReview.getTime()) / 86_400_000);
  return forgetting_curve([...w], elapsedDays, card.stability);
}

/**
 * The rating suggested for an objective question: wrong → Again; right → Easy when answered in
 * under a quarter of the expected time, Hard when it took longer than the expected time, else Good.
 * The learner can always choose another.
 */
export function suggestRating(correct: boolean, durationMs: number, expectedMs: number): RatingValue {
  if (!correct) return 1;
  if (durationMs <= expectedMs * 0.25) return 4;
  if (durationMs > expectedMs) return 2;
  return 3;
}

/**
 * The rating suggested for free text, which is not auto-graded: from how many of the rubric's
 * points the learner ticked. All of them → Good; at least half → Hard; fewer → Again; none ticked
 * (or no rubric) → no suggestion. Ticked points say what was recalled, not how fast, so never Easy.
 */
export function suggestRatingFromRubric(ticked: number, points: number): RatingValue | null {
  if (ticked <= 0 || points <= 0) return null;
  if (ticked >= points) return 3;
  return ticked * 2 >= points ? 2 : 1;
}

/** Expected answer time by question mode (also the quiz's default time limit). */
export function expectedTimeMs(mode: string): number {
  return mode === "scenario" ? 120_000 : 60_000;
}
