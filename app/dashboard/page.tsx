import type { Metadata } from "next";
import Link from "next/link";
import { LearnerDashboardView } from "@/components/dashboard/learner-dashboard";
import { requireUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { learnerDashboard } from "@/lib/practice/dashboard";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requireUser("/dashboard");
  const db = await getDb();
  const data = await learnerDashboard(db, user.id, new Date());
  return (
    <div className="container page">
      <header className="dash-header">
        <h1>Your dashboard</h1>
        <p className="muted">
          How well you remember each topic, what is coming due, and where to spend your next session. Days follow your time zone,{" "}
          {data.learner.timezone.replaceAll("_", " ")} (change it in <Link href="/account#practice-settings">settings</Link>).
        </p>
      </header>
      <LearnerDashboardView data={data} self />
    </div>
  );
}
