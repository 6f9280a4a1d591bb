// "My mentors" on the account page: who can currently see the learner's progress, a Leave button
// for each cohort (access ends at once), and the form to join a cohort with a code.
import type { MyMentor } from "@/lib/mentor/cohorts";
import { leaveCohortAction } from "@/app/mentor/actions";
import { JoinCohortForm } from "@/app/mentor/_components/forms";
import { date } from "@/lib/format";
import "@/components/mentor/mentor.css";

export function MyMentors({ mentors }: { mentors: readonly MyMentor[] }) {
  return (
    <section aria-labelledby="my-mentors" className="my-mentors">
      <h2 id="my-mentors">My mentors</h2>
      <div className="card">
        {mentors.length === 0 ? (
          <p className="muted">Nobody else can see your progress. Join a mentor&apos;s cohort with the code they gave you.</p>
        ) : (
          <>
            <p className="muted">These mentors can see your reviews, quiz answers and drills, and comment on your answers.</p>
            <ul className="my-mentors-list">
              {mentors.map((m) => (
                <li key={m.cohortId}>
                  <div>
                    <strong>{m.mentor.name}</strong> <span className="muted">({m.mentor.email})</span>
                    <div className="muted">Cohort “{m.cohortName}”, joined {date(m.joinedAt)}</div>
                  </div>
                  <form action={leaveCohortAction}>
                    <input type="hidden" name="cohortId" value={m.cohortId} />
                    <button type="submit" className="button secondary" aria-label={`Leave ${m.cohortName}`}>Leave</button>
                  </form>
                </li>
              ))}
            </ul>
          </>
        )}
        <h3 className="my-mentors-join">Join a cohort</h3>
        <JoinCohortForm />
      </div>
    </section>
  );
}
