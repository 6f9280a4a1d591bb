import Link from "next/link";
import { ForbiddenNotice } from "@/components/forbidden-notice";
import { currentUser } from "@/lib/auth/session.server";
import { aRole } from "@/lib/navigation";

/** HTTP 403 for the mentor area, with the way in for a learner who was given an invitation code. */
export default async function MentorForbidden() {
  const user = await currentUser();
  return (
    <ForbiddenNotice
      code="403 · Mentors and admins only"
      title="The mentor area"
      actions={
        <>
          <Link className="button" href="/mentor/join">Enter an invitation code</Link>
          <Link className="button secondary" href="/account#my-mentors">Your mentors</Link>
        </>
      }
    >
      <p>
        Mentors create cohorts, invite learners and follow their progress.
        {user ? (
          <>
            {" "}You are signed in as <strong>{aRole(user.role)}</strong>; an admin can make your account a mentor account.
          </>
        ) : null}
      </p>
      <h2>Joining a mentor&apos;s cohort?</h2>
      <p className="muted">Enter the code your mentor gave you. They will see your progress until you leave the cohort.</p>
    </ForbiddenNotice>
  );
}
