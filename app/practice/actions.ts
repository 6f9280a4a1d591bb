"use server";
// The Practice forms: start a quiz, start today's challenge, queue a quiz's missed questions.
// Each one needs a signed-in learner acting on their own data.
import { revalidatePath } from "next/cache";
import { notFound, redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { AttemptInProgressError, DailyAlreadyTakenError, createQuiz, endQuiz, queueMissedQuestions, quizConfigSchema, startDailyChallenge } from "@/lib/practice/quiz";
import { NotFoundError } from "@/lib/errors";
import { fieldErrors, formCheckbox, formChoices, formRefusal, formText, formTexts, type FormState } from "@/lib/forms";

const SETUP_FIELDS = ["families", "count", "difficulty", "secondsPerQuestion", "adaptive"] as const;
type SetupField = (typeof SETUP_FIELDS)[number];
type SetupValues = { families: string[]; count: string; difficulty: string; secondsPerQuestion: string; adaptive: boolean; lessonId: string };

export type QuizSetupState = FormState<SetupField, SetupValues>;

async function learner(returnTo: string) {
  const user = await requireUser(returnTo, "create");
  return { user, db: await getDb() };
}

export async function createQuizAction(_prev: QuizSetupState, form: FormData): Promise<QuizSetupState> {
  const { user, db } = await learner("/practice");
  const values: SetupValues = {
    families: formChoices(form, "families"),
    ...formTexts(form, ["count", "difficulty", "secondsPerQuestion", "lessonId"], { trim: true }),
    adaptive: formCheckbox(form, "adaptive"),
  };
  // Empty fields mean "use the default"; everything else goes to the schema as typed.
  const input = {
    families: values.families,
    adaptive: values.adaptive,
    ...(values.count ? { count: values.count } : {}),
    ...(values.difficulty ? { difficulty: values.difficulty } : {}),
    ...(values.secondsPerQuestion ? { secondsPerQuestion: values.secondsPerQuestion } : {}),
    ...(values.lessonId ? { lessonId: values.lessonId } : {}),
  };
  const parsed = quizConfigSchema.safeParse(input);
  if (!parsed.success) return { errors: fieldErrors(parsed.error, SETUP_FIELDS), values };
  let quizId: string;
  try {
    quizId = (await createQuiz(db, user.id, parsed.data)).id;
  } catch (err) {
    return formRefusal(err, values);
  }
  redirect(`/practice/quiz/${quizId}`);
}

/** One attempt per UTC day: a second start opens the attempt already made (its results once finished). */
export async function startDailyChallengeAction() {
  const { user, db } = await learner("/practice");
  let quizId: string;
  try {
    quizId = (await startDailyChallenge(db, user.id)).id;
  } catch (err) {
    // One timed attempt at a time: the practice page offers to resume or end the one running.
    if (err instanceof AttemptInProgressError) redirect("/practice?blocked=1");
    if (!(err instanceof DailyAlreadyTakenError)) throw err;
    quizId = err.sessionId;
  }
  redirect(`/practice/quiz/${quizId}`);
}

/** Ends the learner's attempt in progress and opens its results. */
export async function endQuizAction(form: FormData) {
  const quizId = formText(form, "quizId", { trim: true });
  const { user, db } = await learner("/practice");
  try {
    await endQuiz(db, user.id, quizId);
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
  revalidatePath("/practice");
  redirect(`/practice/quiz/${encodeURIComponent(quizId)}/results`);
}

export async function queueMissedQuestionsAction(form: FormData) {
  const quizId = formText(form, "quizId", { trim: true });
  const results = `/practice/quiz/${encodeURIComponent(quizId)}/results`;
  const { user, db } = await learner(results);
  let added: number;
  try {
    added = await queueMissedQuestions(db, user.id, quizId);
  } catch (err) {
    // Another learner's quiz is not found, exactly like a quiz that does not exist.
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
  revalidatePath(results);
  redirect(`${results}?queued=${added}`);
}
