"use server";
// A lesson's checkpoints: grade an answer (anyone, signed in or not; nothing is stored, see
// docs/decisions/096) and add the question's card to the learner's review queue (signed in).
// Only questions the lesson places as checkpoints are answered here, so these actions cannot
// grade or explain any other question.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { currentUser, requireUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { getCatalog } from "@/lib/content/catalog.server";
import { lessonHref } from "@/lib/content/families";
import { findCheckpoint } from "@/lib/practice/checkpoint";
import { renderMarkdownCached } from "@/lib/content/markdown-cache.server";
import { asDomainError } from "@/lib/errors";
import { gradeCheckpoint } from "@/lib/practice/checkpoint";
import { heldOutDuringAttempt } from "@/lib/practice/daily";
import { addToReviewQueue } from "@/lib/practice/review";
import { recordId } from "@/lib/validations/input";

export type CheckpointResult =
  | { ok: true; correct: boolean; score: number; correctAnswer: unknown; explanationHtml: string; signedIn: boolean; inQueue: boolean }
  | { ok: false; error: string };
export type CheckpointQueueResult = { ok: true; added: boolean } | { ok: false; error: string };

const answerSchema = z.union([z.string().max(100), z.array(z.string().max(100)).max(20), z.number().finite()], { error: "Choose or enter an answer." });
const answerInput = z.object({ lessonId: recordId, questionId: recordId, answer: answerSchema }, { error: "Send the answer as an object." }).strict();
const queueInput = z.object({ lessonId: recordId, questionId: recordId }, { error: "Send the question as an object." }).strict();

const NOT_A_CHECKPOINT = "That question is not a checkpoint of this lesson.";

async function checkpointOf(lessonId: string, questionId: string) {
  const catalog = await getCatalog();
  const lesson = catalog.lessons.find((l) => l.id === lessonId);
  const question = lesson ? findCheckpoint(lesson, catalog.questions, questionId) : null;
  return lesson && question ? { lesson, question } : null;
}

export async function answerCheckpointAction(input: unknown): Promise<CheckpointResult> {
  const parsed = answerInput.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "Invalid answer." };
  const { lessonId, questionId, answer } = parsed.data;
  const found = await checkpointOf(lessonId, questionId);
  if (!found) return { ok: false, error: NOT_A_CHECKPOINT };
  try {
    const user = await currentUser();
    let inQueue = false;
    if (user) {
      const db = await getDb();
      // The key is not shown while the same question waits in the learner's timed attempt.
      if (await heldOutDuringAttempt(db, user.id, questionId)) {
        return { ok: false, error: "This question is part of your quiz in progress. Answer it there; its checkpoint opens again when the quiz ends." };
      }
      inQueue = (await db.card.count({ where: { userId: user.id, questionId } })) > 0;
    }
    const verdict = gradeCheckpoint(found.question, answer);
    return {
      ok: true,
      correct: verdict.correct,
      score: verdict.score,
      correctAnswer: verdict.correctAnswer,
      explanationHtml: renderMarkdownCached(verdict.explanation),
      signedIn: user !== null,
      inQueue,
    };
  } catch (err) {
    const refused = asDomainError(err);
    if (!refused) throw err;
    return { ok: false, error: refused.message };
  }
}

export async function addCheckpointToReviewAction(input: unknown): Promise<CheckpointQueueResult> {
  const parsed = queueInput.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "Invalid question." };
  const found = await checkpointOf(parsed.data.lessonId, parsed.data.questionId);
  if (!found) return { ok: false, error: NOT_A_CHECKPOINT };
  const user = await requireUser(lessonHref(found.lesson, `checkpoint-${found.question.id}`), "create");
  const { added } = await addToReviewQueue(await getDb(), user.id, { questionId: found.question.id });
  revalidatePath("/learn");
  return { ok: true, added: added > 0 };
}
