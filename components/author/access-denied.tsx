import Link from "next/link";
import { roleLabels } from "@/lib/navigation";
import type { Role } from "@/lib/generated/prisma/enums";

/** What a signed-in learner or mentor sees in the author area: why not, and what to do. */
export function AccessDenied({ role }: { role: Role }) {
  return (
    <div className="container page author-denied">
      <div className="card">
        <p className="author-denied-code">403 · Not allowed</p>
        <h1>Authors and admins only</h1>
        <p>
          The author area shows how every question performs across all learners, so it is open to authors and admins. You are
          signed in as a <strong>{roleLabels[role].toLowerCase()}</strong>.
        </p>
        <p className="muted">If you write lessons or questions for Quorum, ask an admin to give your account the Author role.</p>
        <div className="author-denied-actions">
          <Link className="button" href="/learn">Go to lessons</Link>
          <Link className="button secondary" href="/account">Your account</Link>
        </div>
      </div>
    </div>
  );
}
