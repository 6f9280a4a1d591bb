// How one quiz answer turned out, in the words the results page uses.
import type { QuizResults } from "./quiz";

export type AnswerOutcome = "correct" | "partial" | "incorrect" | "late" | "timed-out" | "skipped" | "not-graded" | "unanswered" | "withheld";

type ResultItem = Pick<QuizResults["items"][number], "answerId" | "answer" | "late" | "skipped" | "type" | "correct" | "score" | "withheld">;

export function answerOutcome(item: ResultItem): AnswerOutcome {
  if (item.answerId === null) return "unanswered";
  if (item.skipped) return "skipped";
  if (item.withheld) return "withheld";
  // A timeout is recorded as a late answer with nothing in it.
  if (item.answer === null && item.late) return "timed-out";
  if (item.late) return "late";
  if (item.type === "free") return "not-graded";
  if (item.correct) return "correct";
  return item.score > 0 ? "partial" : "incorrect";
}

export const OUTCOME_LABELS: Record<AnswerOutcome, string> = {
  correct: "Correct",
  partial: "Partly right",
  incorrect: "Incorrect",
  late: "Late",
  "timed-out": "Timed out",
  skipped: "Skipped",
  "not-graded": "Not auto-graded",
  unanswered: "Not answered",
  withheld: "Hidden for now",
};

/** Outcomes worth another look: everything but a correct answer in time (a hidden one is not known yet). */
export function isMissed(outcome: AnswerOutcome): boolean {
  return outcome !== "correct" && outcome !== "withheld";
}
