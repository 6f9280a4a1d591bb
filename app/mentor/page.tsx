import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { requireUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { mentorCohorts } from "@/lib/mentor/cohorts";
import { publicOrigin } from "@/lib/http/public-url";
import { formatCode } from "@/lib/mentor/invitations";
import { newCohort } from "@/lib/permissions";
import { CopyButton } from "@/components/mentor/copy-button";
import { CreateCohortForm, InvitationForm } from "./_components/forms";
import { date, plural } from "@/lib/format";
import { revokeInvitationAction } from "./actions";

export const metadata: Metadata = { title: "Mentor" };

/** The configured public address for invitation links (null: only the code can be shared). */
async function origin(): Promise<string | null> {
  const h = await headers();
  return publicOrigin({ publicUrl: process.env.PUBLIC_URL, development: process.env.NODE_ENV === "development", host: h.get("host") });
}

export default async function MentorPage() {
  // Learners and authors get app/mentor/forbidden.tsx (HTTP 403), which points to joining a cohort.
  const user = await requireUser("/mentor", "create", newCohort);

  const db = await getDb();
  const [cohorts, base] = await Promise.all([mentorCohorts(db, user.id), origin()]);
  return (
    <div className="container page mentor-page">
      <header className="mentor-header">
        <h1>Mentor</h1>
        <p className="lead muted">
          Your cohorts, and the invitations learners use to join them. Learners who join share their progress with you until they
          leave.
        </p>
        {user.role === "ADMIN" ? (
          <p><Link href="/admin/users">Manage users and roles</Link></p>
        ) : null}
      </header>

      <section className="card mentor-create" aria-labelledby="create-cohort">
        <h2 id="create-cohort">New cohort</h2>
        <CreateCohortForm />
      </section>

      <section aria-labelledby="my-cohorts">
        <h2 id="my-cohorts">Your cohorts</h2>
        {cohorts.length === 0 ? (
          <p className="muted">No cohorts yet. Create one above, then share its invitation link or code with your learners.</p>
        ) : (
          <ul className="mentor-cohorts">
            {cohorts.map((c) => (
              <li key={c.id} className="card mentor-cohort">
                <div className="mentor-cohort-head">
                  <div>
                    <h3><Link href={`/mentor/cohorts/${c.id}`}>{c.name}</Link></h3>
                    <p className="muted">
                      {plural(c.learners, "learner")} · created {date(c.createdAt)}
                    </p>
                  </div>
                  <Link className="button" href={`/mentor/cohorts/${c.id}`}>Open dashboard</Link>
                </div>
                <h4>Invitations</h4>
                {c.invitations.length === 0 ? (
                  <p className="muted">No open invitations.</p>
                ) : (
                  <ul className="mentor-invitations">
                    {c.invitations.map((inv) => {
                      const link = base ? `${base}/join/${inv.token}` : null;
                      return (
                        <li key={inv.id} className="mentor-invitation">
                          <div className="mentor-invite-row">
                            <span className="mentor-invite-label">Code</span>
                            <code className="mentor-code" aria-label={`Invitation code ${formatCode(inv.code).split("").join(" ")}`}>{formatCode(inv.code)}</code>
                            <CopyButton text={formatCode(inv.code)} label={`Copy the invitation code for ${c.name}`} />
                          </div>
                          {link ? (
                            <div className="mentor-invite-row">
                              <span className="mentor-invite-label">Link</span>
                              <input className="mentor-link-input" readOnly value={link} aria-label={`Invitation link for ${c.name}`} />
                              <CopyButton text={link} label={`Copy the invitation link for ${c.name}`} />
                            </div>
                          ) : (
                            <p className="mentor-invite-meta muted">
                              Share the code: invitation links need the site&apos;s public address (PUBLIC_URL) in the server&apos;s settings.
                            </p>
                          )}
                          <p className="mentor-invite-meta muted">
                            Valid until {date(inv.expiresAt)} ·{" "}
                            {inv.maxUses === null ? `used ${plural(inv.useCount, "time")}, no limit` : `${inv.useCount} of ${inv.maxUses} uses`}
                          </p>
                          <form action={revokeInvitationAction}>
                            <input type="hidden" name="cohortId" value={c.id} />
                            <input type="hidden" name="invitationId" value={inv.id} />
                            <button type="submit" className="mentor-text-button">Withdraw this invitation</button>
                          </form>
                        </li>
                      );
                    })}
                  </ul>
                )}
                <InvitationForm cohortId={c.id} cohortName={c.name} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
