import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { previewInvitation } from "@/lib/mentor/invitations";
import { JoinByLinkForm } from "@/app/mentor/_components/forms";
import { date } from "@/lib/format";
import "@/components/mentor/mentor.css";

export const metadata: Metadata = { title: "Join a cohort" };

/** An invitation link: says whose cohort it is and what joining shares, then joins on request. */
export default async function JoinLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const user = await requireUser(`/join/${encodeURIComponent(token)}`);
  const invitation = await previewInvitation(await getDb(), token);

  return (
    <div className="container page mentor-page mentor-narrow">
      {!invitation ? (
        <div className="card mentor-denied">
          <h1>This invitation link is not valid</h1>
          <p>Check that the whole link was copied, or ask your mentor for the 8-character code and enter it instead.</p>
          <Link className="button" href="/mentor/join">Enter a code</Link>
        </div>
      ) : invitation.status !== "valid" ? (
        <div className="card mentor-denied">
          <h1>{invitation.cohortName}</h1>
          <p className="form-error">{invitation.message}</p>
        </div>
      ) : (
        <div className="card mentor-join">
          <p className="mentor-denied-code">Invitation</p>
          <h1>Join “{invitation.cohortName}”</h1>
          <p>
            <strong>{invitation.mentor.name}</strong> invited you to their cohort. As a member, you share your progress with them: your
            reviews, quiz answers (including free-text ones, which they can comment on) and mock drills.
          </p>
          <p className="muted">
            You join as a learner, signed in as {user.name}. You can leave at any time from your account; their access ends at once.
            This invitation is valid until {date(invitation.expiresAt)}.
          </p>
          {invitation.mentor.id === user.id ? (
            <p className="form-error">This is your own cohort: share this link with your learners.</p>
          ) : (
            <JoinByLinkForm token={token} cohortName={invitation.cohortName} />
          )}
        </div>
      )}
    </div>
  );
}
