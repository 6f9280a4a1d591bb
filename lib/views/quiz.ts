// What the quiz runner receives for "the question now": lib's CurrentItem plus the prompt as
// server-rendered HTML and the grace the server allows, so the browser needs neither a Markdown
// parser nor the quiz module. Shared by the runner page, the route handlers and the client.
import type { CurrentItem } from "@/lib/practice/quiz";

export type QuizQuestionItem = Extract<CurrentItem, { status: "question" }> & { promptHtml: string; graceMs: number };
export type ServedItem = QuizQuestionItem | Extract<CurrentItem, { status: "finished" }>;

export interface AnswerResponse {
  outcome: { late: boolean; duplicate: boolean };
  next: ServedItem;
}

/** Milliseconds left on the server's clock when it sent the item: the client counts down from this. */
export function remainingAtServer(item: Pick<QuizQuestionItem, "deadlineAt" | "serverNow">): number {
  return Date.parse(item.deadlineAt) - Date.parse(item.serverNow);
}
