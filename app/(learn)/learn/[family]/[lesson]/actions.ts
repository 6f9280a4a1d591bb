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

async function learnerFor(formData: FormData) {
  const lessonId = String(formData.get("lessonId") ?? "");
  const lesson = (await getCatalog()).lessons.find((l) => l.id === lessonId);
  if (!lesson) throw new Error("Unknown lesson.");
  const href = lessonHref(lesson);
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(href)}`);
  assertCan(user, "create", { type: "learnerData", ownerId: user.id, mentorIds: [] });
  return { user, lesson, href, db: await getDb() };
}

export async function addToReviewQueueAction(formData: FormData) {
  const { user, lesson, db } = await learnerFor(formData);
  await addLessonToReviewQueue(db, user.id, lesson.id);
  revalidatePath("/learn");
}

export async function toggleReadAction(formData: FormData) {
  const { user, lesson, db } = await learnerFor(formData);
  if (formData.get("read") === "false") await markLessonUnread(db, user.id, lesson.id);
  else await markLessonRead(db, user.id, lesson.id);
  revalidatePath("/learn");
}
