import "server-only";
// Shared by the quiz JSON routes: who is asking, and how domain errors become HTTP answers.
import { currentUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { assertCan, type Action } from "@/lib/permissions";
import { QuizError } from "@/lib/practice/quiz";
import { NotFoundError } from "@/lib/practice/review";

/** The signed-in learner acting on their own quiz data; throws 401/403 errors otherwise. */
export async function quizActor(action: Action) {
  const user = await currentUser();
  assertCan(user, action, { type: "learnerData", ownerId: user?.id ?? "", mentorIds: [] });
  return { user, db: await getDb() };
}

/**
 * QuizError (400, 409 for a daily challenge already taken), NotFoundError (404: also another
 * learner's quiz, so its existence is not revealed) and the permission errors (401/403) become
 * `{ error }` with their status; anything else is a 500 without internals.
 */
export function errorResponse(err: unknown): Response {
  const status = (err as { status?: number }).status;
  if (err instanceof QuizError || err instanceof NotFoundError || status === 401 || status === 403) {
    return Response.json({ error: (err as Error).message }, { status: status ?? 400, headers: { "Cache-Control": "no-store" } });
  }
  console.error(err);
  return Response.json({ error: "Something went wrong on our side. Try again in a moment." }, { status: 500 });
}

export function json(body: unknown): Response {
  return Response.json(body, { headers: { "Cache-Control": "no-store" } });
}
