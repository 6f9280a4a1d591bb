/**
 * The review screen's state machine: which card is shown and how far the learner got with it
 * (prompt → revealed), the queue, the request in flight, failures, notices and undo. A pure
 * reducer, so every transition is tested without a browser (tests/practice/review-state.test.ts);
 * the component calls the server actions, dispatches their outcomes and renders. Time and focus
 * stay in the component: the reducer is told durations, it never reads a clock.
 */
import { answerWithOption, initialAnswer, optionNumberForKey, type AnswerValue } from "@/components/practice/answer-input";
import type { LessonLink, QueueView, RevealView, ReviewCardView } from "@/lib/views/review";
import { plural } from "@/lib/format";
import { suggestRatingFromRubric, type RatingValue } from "@/lib/practice/scheduler";

/** The request in flight; one at a time. */
export type Busy = "reveal" | "rate" | "undo" | "load" | "add";
/** What a Retry button repeats after the server could not be reached. */
export type Retry = { kind: "reveal" } | { kind: "rate"; rating: RatingValue } | { kind: "undo" } | { kind: "load" };
export interface Failure {
  message: string;
  retry?: Retry;
}

export const OFFLINE = "Quorum could not be reached. Check your connection and try again.";
export const UNDONE = "Last rating undone. Here is that card again.";

/** The card area: a card being answered, a card whose answer is shown, or no card. */
export type Screen =
  | { kind: "prompt"; card: ReviewCardView; answer: AnswerValue }
  | {
      kind: "revealed";
      card: ReviewCardView;
      answer: AnswerValue;
      reveal: RevealView;
      explanationOpen: boolean;
      rubricChecked: boolean[];
      /** Time to answer, measured at the reveal and sent with the rating. */
      answerMs: number;
    }
  | { kind: "none" };

export interface ReviewState {
  screen: Screen;
  queue: QueueView;
  busy: Busy | null;
  failure: Failure | null;
  notice: string | null;
  /** The lesson of a card just set aside as a leech, offered for re-reading. */
  leech: LessonLink | null;
  canUndo: boolean;
}

export type ReviewAction =
  | { type: "started"; busy: Busy }
  /** The request failed: `retry` when the server could not be reached, none when it refused. */
  | { type: "failed"; message: string; retry?: Retry }
  | { type: "answer-changed"; answer: AnswerValue }
  | { type: "revealed"; reveal: RevealView; answerMs: number }
  /** A rating was recorded (or the card was stale and `notice` says so): the next card. */
  | { type: "rated"; card: ReviewCardView | null; queue: QueueView; leech: boolean; notice: string | null }
  | { type: "undone"; card: ReviewCardView | null; queue: QueueView }
  | { type: "undo-refused"; message: string }
  /** A fresh queue from the server; its card is shown only if none is on screen. */
  | { type: "loaded"; card: ReviewCardView | null; queue: QueueView }
  | { type: "added"; added: number; from: string; card: ReviewCardView | null; queue: QueueView }
  | { type: "explanation-toggled" }
  | { type: "rubric-ticked"; index: number; checked: boolean };

function show(card: ReviewCardView | null): Screen {
  return card ? { kind: "prompt", card, answer: initialAnswer(card.question) } : { kind: "none" };
}

export function initialReviewState(card: ReviewCardView | null, queue: QueueView): ReviewState {
  return { screen: show(card), queue, busy: null, failure: null, notice: null, leech: null, canUndo: false };
}

export function reviewReducer(state: ReviewState, action: ReviewAction): ReviewState {
  const { screen } = state;
  switch (action.type) {
    case "started":
      return { ...state, busy: action.busy, failure: null };
    case "failed":
      return { ...state, busy: null, failure: { message: action.message, ...(action.retry ? { retry: action.retry } : {}) } };
    case "answer-changed":
      // Once revealed the answer is what was checked; it no longer changes.
      return screen.kind === "prompt" ? { ...state, screen: { ...screen, answer: action.answer } } : state;
    case "revealed":
      if (screen.kind !== "prompt") return { ...state, busy: null };
      return {
        ...state,
        busy: null,
        notice: null,
        // A right answer needs no explanation unless asked for; anything else opens it.
        screen: { ...screen, kind: "revealed", reveal: action.reveal, explanationOpen: action.reveal.correct !== true, rubricChecked: [], answerMs: action.answerMs },
      };
    case "rated":
      return {
        ...state,
        busy: null,
        leech: action.leech && screen.kind === "revealed" ? screen.reveal.lesson : null,
        notice: action.notice,
        canUndo: true,
        queue: action.queue,
        screen: show(action.card),
      };
    case "undone":
      return { ...state, busy: null, canUndo: false, leech: null, notice: UNDONE, queue: action.queue, screen: show(action.card) };
    case "undo-refused":
      return { ...state, busy: null, canUndo: false, notice: action.message };
    case "loaded":
      return { ...state, busy: null, queue: action.queue, screen: screen.kind === "none" ? show(action.card) : screen };
    case "added":
      return {
        ...state,
        busy: null,
        notice: action.added > 0 ? `Added ${plural(action.added, "card")} from ${action.from}.` : `Every question from ${action.from} is already in your queue.`,
        queue: action.queue,
        screen: screen.kind === "none" ? show(action.card) : screen,
      };
    case "explanation-toggled":
      return screen.kind === "revealed" ? { ...state, screen: { ...screen, explanationOpen: !screen.explanationOpen } } : state;
    case "rubric-ticked": {
      if (screen.kind !== "revealed") return state;
      const rubricChecked = [...screen.rubricChecked];
      rubricChecked[action.index] = action.checked;
      return { ...state, screen: { ...screen, rubricChecked } };
    }
  }
}

/** The card on screen, if any. */
export function shownCard(state: ReviewState): ReviewCardView | null {
  return state.screen.kind === "none" ? null : state.screen.card;
}

/** The rating marked "Suggested": the server's for graded answers, else from the rubric points ticked. */
export function suggestedRating(screen: Screen): RatingValue | null {
  if (screen.kind !== "revealed") return null;
  const { reveal, rubricChecked } = screen;
  return reveal.suggestedRating ?? suggestRatingFromRubric(rubricChecked.filter(Boolean).length, reveal.rubric.length);
}

/**
 * What the screen says when no card is shown: a learning card coming back within minutes (counted
 * down), nothing in the queue at all, today's limits reached with cards waiting, or all caught up.
 */
export type QueueStatus = "waiting" | "empty" | "limit" | "caught-up";
export function queueStatus(queue: QueueView): QueueStatus {
  if (queue.nextLearning) return "waiting";
  if (queue.total === 0) return "empty";
  return queue.waiting.new + queue.waiting.reviews > 0 ? "limit" : "caught-up";
}

/**
 * How long to wait before asking the server for the next card, when no card is shown: until a
 * learning card falls due (`learningInMs`, the queue's `nextLearning.inMs`, from the server's clock,
 * not this computer's, which may be set differently), else until the next due date; half a second
 * late so it is due by then. Null when nothing is scheduled or it is more than two hours away.
 */
export function nextCheckDelay(nextDueIso: string | null, learningInMs: number | null, nowMs: number): number | null {
  if (!nextDueIso) return null;
  const wait = (learningInMs !== null ? learningInMs : Date.parse(nextDueIso) - nowMs) + 500;
  if (wait > 2 * 3_600_000) return null;
  return Math.max(500, wait);
}

/** "40 s", "3 min 5 s", "2 min": the time left until a learning card comes back. */
export function countdownText(ms: number): string {
  const seconds = Math.ceil(Math.max(0, ms) / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min${seconds % 60 ? ` ${seconds % 60} s` : ""}`;
}

export type KeyCommand =
  | { type: "undo" }
  | { type: "reveal" }
  | { type: "rate"; rating: RatingValue }
  | { type: "answer"; answer: AnswerValue }
  | { type: "toggle-explanation" };

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  /** Space already does something on the focused element (a button, a link, an unchecked radio). */
  spaceTaken: boolean;
}

/**
 * The shortcut a key press means in this state, or null to let the key through. Space reveals,
 * 1–4 rate once revealed (before, number and letter keys pick options), E toggles the explanation,
 * U or Ctrl+Z undoes. Keys typed into text fields and repeats never reach here.
 */
export function keyCommand(state: ReviewState, press: KeyPress): KeyCommand | null {
  const key = press.key.toLowerCase();
  const modified = press.ctrlKey || press.metaKey;
  if (modified && !press.altKey && !press.shiftKey && key === "z") return { type: "undo" };
  if (modified || press.altKey) return null;
  if (key === "u") return { type: "undo" };
  const { screen } = state;
  if (screen.kind === "none") return null;
  if (screen.kind === "revealed") {
    if (/^[1-4]$/.test(key)) return { type: "rate", rating: Number(key) as RatingValue };
    return key === "e" ? { type: "toggle-explanation" } : null;
  }
  if (key === " " && !press.spaceTaken) return { type: "reveal" };
  // Number keys choose by position, letter keys by the label shown (A, B, C…).
  if (state.busy !== null) return null;
  const n = optionNumberForKey(screen.card.question, key);
  if (n <= 0) return null;
  const answer = answerWithOption(screen.card.question, screen.answer, n);
  return answer === null ? null : { type: "answer", answer };
}
