// The question the learner should see now. POST, not GET: serving a question starts its clock
// and may record a timeout, so it must never be prefetched or cached.
import { currentQuizItem } from "@/lib/practice/quiz";
import { toServedItem } from "@/lib/views/quiz.server";
import { errorResponse, json, quizActor } from "../../respond.server";

export const dynamic = "force-dynamic";

export async function POST(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await params;
    const { user, db } = await quizActor("update");
    return json(toServedItem(await currentQuizItem(db, user.id, id)));
  } catch (err) {
    return errorResponse(err);
  }
}
