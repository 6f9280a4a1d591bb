// What the review screen receives from the server (app/review): plain, serialisable views with
// Markdown already rendered to HTML and dates already put into words in the learner's time zone.
import type { PublicQuestion } from "@/lib/practice/grading";
import type { RatingValue } from "@/lib/practice/scheduler";

export interface ReviewCardView {
  cardId: string;
  /** The card's version as shown, sent with the answer and rating: a retry or a second tab records one review. */
  version: number;
  isNew: boolean;
  question: PublicQuestion;
  promptHtml: string;
  familyName: string;
  previews: Array<{ rating: RatingValue; label: string; interval: string }>;
}

export interface ForecastDayView {
  date: string;
  /** "Today", "Tue 3". */
  label: string;
  /** "Today, Monday 2 March". */
  longLabel: string;
  due: number;
}

export interface QueueView {
  due: number;
  newAvailable: number;
  /** Due now but held back by today's limits. */
  waiting: { reviews: number; new: number };
  total: number;
  doneToday: number;
  limits: { newPerDay: number; reviewsPerDay: number };
  /** When the next studied card falls due, in words ("in 9 min", "tomorrow at 09:30"); null if none is scheduled. */
  nextDue: { iso: string; words: string } | null;
  /** A card rated Again (or still in its learning steps) that comes back within the session: the screen counts down to it. */
  nextLearning: { iso: string; words: string; inMs: number } | null;
  forecast: ForecastDayView[];
}

export interface LessonLink {
  href: string;
  title: string;
  /** The heading of the section that teaches the question, if the question names one. */
  section: string | null;
}

export interface RevealView {
  correct: boolean | null;
  /** In the labels the learner was shown (A, B, C…). */
  correctAnswer: unknown;
  suggestedRating: RatingValue | null;
  explanationHtml: string;
  modelAnswerHtml: string | null;
  rubric: string[];
  lesson: LessonLink;
}

export interface NextView {
  card: ReviewCardView | null;
  queue: QueueView;
}

/** A leech the learner may bring back once they have re-read its lesson. */
export interface SetAsideCard {
  cardId: string;
  /** The question's prompt, rendered from its Markdown. */
  promptHtml: string;
  lapses: number;
  lesson: LessonLink;
}

/** Dispatched on window when something outside the review session changed the queue (a card brought back). */
export const QUEUE_CHANGED_EVENT = "quorum:review-queue-changed";
