import "server-only";
// Shared by the quiz JSON routes: who is asking, and how domain errors become HTTP answers.
import { actingUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import type { Action } from "@/lib/permissions";
import { asDomainError } from "@/lib/errors";

/** The signed-in learner acting on their own quiz data; throws 401/403 errors otherwise. */
export async function quizActor(action: Action) {
  const user = await actingUser(action);
  return { user, db: await getDb() };
}

/**
 * A DomainError (bad input 400, not found 404 — also another learner's quiz, so its existence is
 * not revealed — conflicts 409, permission 401/403) becomes `{ error }` with its status; anything
 * else is a 500 without internals.
 */
export function errorResponse(err: unknown): Response {
  const refused = asDomainError(err);
  if (refused) return Response.json({ error: refused.message }, { status: refused.status, headers: { "Cache-Control": "no-store" } });
  console.error(err);
  return Response.json({ error: "Something went wrong on our side. Try again in a moment." }, { status: 500 });
}

export function json(body: unknown): Response {
  return Response.json(body, { headers: { "Cache-Control": "no-store" } });
}
