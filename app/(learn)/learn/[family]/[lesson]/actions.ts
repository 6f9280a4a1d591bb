"use server";
// The lesson page's buttons and its guided tasks. Both need a signed-in learner; anyone else is sent to sign in
// and comes back to the lesson.
import { revalidatePath } from "next/cache";
import { currentUser, requireUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { getCatalog } from "@/lib/content/catalog.server";
import { lessonHref } from "@/lib/content/families";
import { addLessonToReviewQueue, markLessonRead, markLessonUnread, submitSimTask } from "@/lib/practice/progress";
import { lessonTaskIds } from "@/lib/content/simulations";
import { can, ownData } from "@/lib/permissions";
import { parseId } from "@/lib/validations/input";
import { simTaskSubmissionSchema } from "@/lib/validations/sim-task";
import type { SaveTaskResult } from "@/components/sim/task-host";
import type { ActionResult } from "@/lib/forms";

async function learnerFor(formData: FormData) {
  const lessonId = parseId(formData.get("lessonId"));
  const lesson = lessonId ? (await getCatalog()).lessons.find((l) => l.id === lessonId) : undefined;
  if (!lesson) return null;
  const href = lessonHref(lesson);
  const user = await requireUser(href, "create");
  return { user, lesson, href, db: await getDb() };
}

const UNKNOWN_LESSON = { ok: false, error: "That lesson does not exist." } as const;

/** Adds the lesson's questions to the learner's queue; says how many were new to it, for the confirmation. */
export async function addToReviewQueueAction(formData: FormData): Promise<ActionResult<{ added: number; total: number }>> {
  const learner = await learnerFor(formData);
  if (!learner) return UNKNOWN_LESSON;
  const result = await addLessonToReviewQueue(learner.db, learner.user.id, learner.lesson.id);
  revalidatePath("/learn");
  return { ok: true, ...result };
}

export async function toggleReadAction(formData: FormData): Promise<ActionResult> {
  const learner = await learnerFor(formData);
  if (!learner) return UNKNOWN_LESSON;
  if (formData.get("read") === "false") await markLessonUnread(learner.db, learner.user.id, learner.lesson.id);
  else await markLessonRead(learner.db, learner.user.id, learner.lesson.id);
  revalidatePath("/learn");
  return { ok: true };
}

/**
 * A guided task's runs, one per step. The server re-runs each configuration and grades it again; a done
 * task is stored for a signed-in learner and counts toward the lesson that embeds it. Signed out, the
 * grade comes back and nothing is stored.
 */
export async function submitSimTaskAction(input: unknown): Promise<SaveTaskResult> {
  const parsed = simTaskSubmissionSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "That run could not be read." };
  const { taskId, runs } = parsed.data;
  const lesson = (await getCatalog()).lessons.find((l) => lessonTaskIds(l).includes(taskId));
  if (!lesson) return { ok: false, error: "That task does not exist." };
  const user = await currentUser();
  const learner = user && can(user, "create", ownData(user)) ? user : null;
  const result = await submitSimTask(await getDb(), learner?.id ?? null, { taskId, runs: runs as Parameters<typeof submitSimTask>[2]["runs"] });
  if (result.ok && result.saved) revalidatePath("/learn");
  return result;
}
