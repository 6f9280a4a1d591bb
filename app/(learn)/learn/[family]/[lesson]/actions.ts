"use server";
// The lesson page's two buttons. Both need a signed-in learner; anyone else is sent to sign in
// and comes back to the lesson.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { getCatalog, lessonHref } from "@/lib/content/catalog.server";
import { addLessonToReviewQueue, markLessonRead, markLessonUnread } from "@/lib/content/progress";
import { assertCan } from "@/lib/permissions";
import { parseId } from "@/lib/validations/input";

type LessonActionResult<T = object> = ({ ok: true } & T) | { ok: false; error: string };

async function learnerFor(formData: FormData) {
  const lessonId = parseId(formData.get("lessonId"));
  const lesson = lessonId ? (await getCatalog()).lessons.find((l) => l.id === lessonId) : undefined;
  if (!lesson) return null;
  const href = lessonHref(lesson);
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(href)}`);
  assertCan(user, "create", { type: "learnerData", ownerId: user.id, mentorIds: [] });
  return { user, lesson, href, db: await getDb() };
}

const UNKNOWN_LESSON = { ok: false, error: "That lesson does not exist." } as const;

/** Adds the lesson's questions to the learner's queue; says how many were new to it, for the confirmation. */
export async function addToReviewQueueAction(formData: FormData): Promise<LessonActionResult<{ added: number; total: number }>> {
  const learner = await learnerFor(formData);
  if (!learner) return UNKNOWN_LESSON;
  const result = await addLessonToReviewQueue(learner.db, learner.user.id, learner.lesson.id);
  revalidatePath("/learn");
  return { ok: true, ...result };
}

export async function toggleReadAction(formData: FormData): Promise<LessonActionResult> {
  const learner = await learnerFor(formData);
  if (!learner) return UNKNOWN_LESSON;
  if (formData.get("read") === "false") await markLessonUnread(learner.db, learner.user.id, learner.lesson.id);
  else await markLessonRead(learner.db, learner.user.id, learner.lesson.id);
  revalidatePath("/learn");
  return { ok: true };
}
