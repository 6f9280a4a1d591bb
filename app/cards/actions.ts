"use server";
// The card page's four changes: suspend, resume, reset and forget one of the learner's own cards.
// Each needs a signed-in learner acting on their own data; a card that is not theirs answers 404,
// exactly as one that does not exist.
import { revalidatePath } from "next/cache";
import { notFound, redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { NotFoundError } from "@/lib/errors";
import { parseId } from "@/lib/validations/input";
import { resumeCard, startCardOver, suspendCard } from "@/lib/practice/cards";
import type { Db } from "@/lib/db/database";

type Change = "suspended" | "resumed" | "reset" | "forgotten";

async function changeCard(form: FormData, change: Change, run: (db: Db, userId: string, cardId: string) => Promise<unknown>) {
  const cardId = parseId(form.get("cardId")) ?? "";
  const page = `/cards/${encodeURIComponent(cardId)}`;
  const user = await requireUser(page, "update");
  const db = await getDb();
  // Only the owner's card exists here: suspending a card already suspended changes nothing, and says so.
  if (!cardId || !(await db.card.findFirst({ where: { id: cardId, userId: user.id }, select: { id: true } }))) notFound();
  try {
    await run(db, user.id, cardId);
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
  revalidatePath("/cards");
  redirect(`${page}?done=${change}`);
}

export async function suspendCardAction(form: FormData) {
  await changeCard(form, "suspended", (db, userId, cardId) => suspendCard(db, userId, cardId));
}

export async function resumeCardAction(form: FormData) {
  await changeCard(form, "resumed", (db, userId, cardId) => resumeCard(db, userId, cardId));
}

export async function resetCardAction(form: FormData) {
  await changeCard(form, "reset", (db, userId, cardId) => startCardOver(db, userId, cardId, "reset"));
}

export async function forgetCardAction(form: FormData) {
  await changeCard(form, "forgotten", (db, userId, cardId) => startCardOver(db, userId, cardId, "forget"));
}
