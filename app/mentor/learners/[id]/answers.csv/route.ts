// Every quiz answer and review rating of one learner as CSV: for the learner themselves, their
// current mentors and admins (learnerData "export").
import { currentUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { csvDownload, fileSlug } from "@/lib/csv";
import { learnerAnswersCsv } from "@/lib/mentor/csv";
import { learnerIdentity } from "@/lib/mentor/learner";
import { heldOutQuestions } from "@/lib/practice/daily";
import { can } from "@/lib/permissions";
import { learnerDataResource } from "@/lib/permissions/relations";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await currentUser();
  if (!user) return new Response("Sign in to download this file.", { status: 401 });
  const db = await getDb();
  const learner = await learnerIdentity(db, id);
  if (!learner || !can(user, "export", await learnerDataResource(db, id))) return new Response("Not found.", { status: 404 });
  const filename = `${fileSlug(learner.name, "learner")}-answers-${new Date().toISOString().slice(0, 10)}.csv`;
  // Today's challenge questions stay out for a viewer who has not taken it yet.
  return csvDownload(await learnerAnswersCsv(db, id, await heldOutQuestions(db, user.id)), filename);
}
