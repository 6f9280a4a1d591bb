// Answering as a learner does: options are shown shuffled under labels A, B, C… (presentation.ts),
// so a test that means "option a" must send the label that option had in that presentation.
import type { Db } from "@/lib/db/database";
import { arrangementOf } from "@/lib/practice/grading";
import { cardKey, quizItemKey } from "@/lib/practice/presentation";
import { submitReview, type ReviewOutcome } from "@/lib/practice/review";
import type { RatingValue } from "@/lib/practice/scheduler";

/** Maps authored option ids to the labels of one presentation (strings and lists of ids). */
function labeller(question: { id: string; type: string; data: unknown }, key: string) {
  const { labelOf } = arrangementOf(question, key);
  const one = (id: string) => labelOf.get(id) ?? id;
  return (answer: string | string[] | number | null): string | string[] | number | null =>
    answer === null || typeof answer === "number" ? answer : Array.isArray(answer) ? answer.map(one) : one(answer);
}

/** A card as the review screen shows it now: its version, and option ids → the labels shown. */
export async function cardAsShown(db: Db, cardId: string) {
  const card = await db.card.findUniqueOrThrow({ where: { id: cardId }, select: { version: true, question: { select: { id: true, type: true, data: true } } } });
  return { cardId, version: card.version, label: labeller(card.question, cardKey(cardId, card.version)) };
}

/** Rates a card as currently shown, answering with authored option id(s) (null: no answer). */
export async function rateAsShown(db: Db, userId: string, cardId: string, rating: RatingValue, answer: string | string[] | number | null, now: Date, durationMs = 5_000): Promise<ReviewOutcome> {
  const shown = await cardAsShown(db, cardId);
  return submitReview(db, userId, { cardId, version: shown.version, rating, answer: shown.label(answer), durationMs }, now);
}

/** The label(s) a quiz item showed for authored option id(s). */
export async function quizLabel(db: Db, itemId: string, answer: string | string[] | number | null) {
  const item = await db.quizItem.findUniqueOrThrow({ where: { id: itemId }, select: { question: { select: { id: true, type: true, data: true } } } });
  return labeller(item.question, quizItemKey(itemId))(answer);
}
