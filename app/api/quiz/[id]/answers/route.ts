// Records an answer (exactly once per question, however often it is sent) and returns the next
// question, so the runner needs one round trip per answer. Correctness is not sent back: results
// are shown when the quiz ends.
import { answerAndContinue } from "@/lib/practice/quiz";
import { toServedItem } from "@/lib/views/quiz.server";
import type { AnswerResponse } from "@/lib/views/quiz";
import { errorResponse, json, quizActor } from "../../respond.server";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await params;
    const { user, db } = await quizActor("create");
    // answerAndContinue validates the body (a bad one is a 400 with the message, nothing written).
    const { outcome, next } = await answerAndContinue(db, user.id, id, await request.json().catch(() => null));
    const response: AnswerResponse = { outcome: { late: outcome.late, duplicate: outcome.duplicate }, next: toServedItem(next) };
    return json(response);
  } catch (err) {
    return errorResponse(err);
  }
}
