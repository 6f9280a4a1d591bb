"use server";
// The review screen's server actions. Each one: signed-in learner, permission check, zod-validated
// input, one call into lib/practice, and a result the screen can show. Expected refusals (bad
// input, a card that is not yours) come back as { ok: false, error }; nothing is written then.
import { recordId, userText } from "@/lib/validations/input";
import { z } from "zod";
import { after } from "next/server";
import { actingUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { FAMILY_SLUGS } from "@/lib/content/families";
import type { Action } from "@/lib/permissions";
import { asActionResult, type ActionResult } from "@/lib/forms";
import { InvalidReviewError, StaleCardError, addToReviewQueue, resumeLeech, revealCard, submitReview, undoLastReview } from "@/lib/practice/review";
import { fitParametersAfterRating } from "@/lib/practice/optimizer.server";
import type { Db } from "@/lib/db/database";
import type { NextView, ReviewCardView, RevealView, QueueView } from "@/lib/views/review";
import { nextView, revealView, undoneView } from "@/lib/views/review.server";

const answerSchema = z.union([userText("an answer", 10_000, { optional: true }), z.array(z.string().max(100)).max(20), z.number().finite()]).nullable();
const durationSchema = z.number({ error: "Missing answer time." }).int().min(0).max(86_400_000);
const cardIdSchema = recordId;

const versionSchema = z.number({ error: "Missing card version." }).int().min(0).max(2_147_483_647);
const revealSchema = z.object({ cardId: cardIdSchema, version: versionSchema, answer: answerSchema, durationMs: durationSchema }).strict();
const rateSchema = z
  .object({
    cardId: cardIdSchema,
    version: versionSchema,
    rating: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], { error: "Rate with Again, Hard, Good or Easy." }),
    answer: answerSchema,
    durationMs: durationSchema,
  })
  .strict();
const resumeSchema = z.object({ cardId: cardIdSchema }).strict();
const scopeSchema = z.union(
  [z.object({ family: z.enum(FAMILY_SLUGS) }).strict(), z.object({ all: z.literal(true) }).strict()],
  { error: "Choose a family or everything." },
);

/** Errors a learner can act on come back as { ok: false }; anything else is a fault and propagates (the screen offers a retry). */
async function asLearner<T extends object>(action: Action, run: (db: Db, userId: string) => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  return asActionResult(async () => {
    const user = await actingUser(action);
    return run(await getDb(), user.id);
  });
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new InvalidReviewError(parsed.error.issues[0]?.message ?? "Invalid input.");
  return parsed.data;
}

/** Checks the answer and returns the explanation; nothing is recorded until the learner rates. */
export async function revealAction(input: unknown): Promise<ActionResult<{ reveal: RevealView }>> {
  return asLearner("read", async (db, userId) => {
    const { cardId, version, answer, durationMs } = parse(revealSchema, input);
    const revealed = await revealCard(db, userId, { cardId, version }, answer, durationMs);
    return { ok: true, reveal: await revealView(db, revealed) };
  });
}

/** Records a rating of the card as shown (once per shown version) and returns the next card. */
export async function rateAction(input: unknown): Promise<ActionResult<NextView & { leech: boolean; notice: string | null }>> {
  return asLearner("create", async (db, userId) => {
    const { cardId, version, rating, answer, durationMs } = parse(rateSchema, input);
    let leech = false;
    let notice: string | null = null;
    try {
      const outcome = await submitReview(db, userId, { cardId, version, rating, answer, durationMs });
      leech = outcome.leech;
    } catch (err) {
      // Another tab rated this card first with what it saw: move on to the next card.
      if (!(err instanceof StaleCardError)) throw err;
      notice = err.message;
    }
    after(() => fitParametersAfterRating(db, userId)); // personal FSRS parameters, fitted in the background when due
    return { ok: true, leech, notice, ...(await nextView(db, userId)) };
  });
}

/** Undoes the last rating and shows that card again. */
export async function undoAction(): Promise<ActionResult<{ card: ReviewCardView | null; queue: QueueView }>> {
  return asLearner<{ card: ReviewCardView | null; queue: QueueView }>("create", async (db, userId) => {
    const undone = await undoLastReview(db, userId);
    if (!undone) return { ok: false, error: "There is no rating to undo." };
    return { ok: true, ...(await undoneView(db, userId, undone.cardId)) };
  });
}

/** The current card and queue, e.g. when a card that was waiting falls due. */
export async function loadQueueAction(): Promise<ActionResult<NextView>> {
  return asLearner("read", async (db, userId) => ({ ok: true, ...(await nextView(db, userId)) }));
}

/** Adds a whole family, or every lesson, to the learner's queue. */
export async function addToQueueAction(input: unknown): Promise<ActionResult<NextView & { added: number }>> {
  return asLearner("create", async (db, userId) => {
    const scope = parse(scopeSchema, input);
    const { added } = await addToReviewQueue(db, userId, "all" in scope ? { all: true } : { family: scope.family });
    return { ok: true, added, ...(await nextView(db, userId)) };
  });
}

/** Puts one of the learner's suspended leeches back in the queue (after re-reading its lesson). */
export async function resumeLeechAction(input: unknown): Promise<ActionResult<{ cardId: string }>> {
  return asLearner<{ cardId: string }>("update", async (db, userId) => {
    const { cardId } = parse(resumeSchema, input);
    if (!(await resumeLeech(db, userId, cardId))) return { ok: false, error: "That card is not one of your set-aside cards." };
    return { ok: true, cardId };
  });
}
