// The cohort dashboard as a CSV download, for the cohort's mentor (or an admin).
import { currentUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { cohortAccessFacts } from "@/lib/mentor/cohorts";
import { cohortDashboard } from "@/lib/mentor/dashboard";
import { cohortDashboardCsv } from "@/lib/mentor/csv";
import { canReadCohortDashboard } from "@/lib/permissions";
import { csvDownload, fileSlug } from "@/lib/csv";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await currentUser();
  if (!user) return new Response("Sign in to download this file.", { status: 401 });
  const db = await getDb();
  const facts = await cohortAccessFacts(db, id);
  // The same figures as the dashboard, so the same rule.
  if (!facts || !canReadCohortDashboard(user, facts.resource)) return new Response("Not found.", { status: 404 });
  const now = new Date();
  const board = await cohortDashboard(db, facts.cohort.mentorId, id, now);
  if (!board) return new Response("Not found.", { status: 404 });
  return csvDownload(cohortDashboardCsv(board), `${fileSlug(board.cohort.name, "cohort")}-${now.toISOString().slice(0, 10)}.csv`);
}
