// A learner's progress on one lesson (read marker, questions in the review queue, guided tasks done), fetched by the
// static lesson page after it loads.
import { currentUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { getCatalog } from "@/lib/content/catalog.server";
import { completedTaskIds, queuedQuestionCount, readLessonIds } from "@/lib/practice/progress";
import { lessonTaskIds } from "@/lib/content/simulations";
import { can, ownData } from "@/lib/permissions";

export const dynamic = "force-dynamic";

export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const headers = { "Cache-Control": "private, no-store" };
  const user = await currentUser();
  if (!user || !can(user, "read", ownData(user))) return Response.json({ signedIn: false }, { headers });
  const db = await getDb();
  const lesson = (await getCatalog()).lessons.find((l) => l.id === id);
  const taskIds = lesson ? lessonTaskIds(lesson) : [];
  const [read, queue, tasks] = await Promise.all([readLessonIds(db, user.id), queuedQuestionCount(db, user.id, id), completedTaskIds(db, user.id)]);
  const tasksDone = taskIds.filter((t) => tasks.has(t));
  return Response.json({ signedIn: true, read: read.has(id), queued: queue.queued, total: queue.total, tasksDone, tasksTotal: taskIds.length }, { headers });
}
