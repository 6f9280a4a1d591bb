import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/session.server";
import { JoinCohortForm } from "../_components/forms";

export const metadata: Metadata = { title: "Join a cohort" };

export default async function JoinWithCodePage({ searchParams }: { searchParams: Promise<{ code?: string }> }) {
  const { code } = await searchParams;
  await requireUser("/mentor/join");
  return (
    <div className="container page mentor-page mentor-narrow">
      <h1>Join a cohort</h1>
      <p className="lead muted">
        A mentor gave you an invitation code. Once you join, they can see your progress: reviews, quiz answers and drills. You can
        leave at any time from <Link href="/account#my-mentors">your account</Link>, and their access ends at once.
      </p>
      <div className="card">
        <JoinCohortForm initialKey={typeof code === "string" ? code.slice(0, 80) : ""} />
      </div>
    </div>
  );
}
