import { requireUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { roleLabels } from "@/lib/navigation";
import { parameterStatus } from "@/lib/practice/optimizer.server";
import { decayOf } from "@/lib/practice/dashboard";
import { DAILY_LIMITS, RETENTION_PERCENT, practiceSettings, reviewLoadFactor, timeZones } from "@/lib/practice/settings";
import { signOutAction } from "@/app/(auth)/actions";
import { signOutEverywhereAction } from "./actions";
import { PracticeSettingsForm } from "./practice-settings-form";
import { ChangePasswordForm, DeleteAccountForm } from "./security-forms";
import { myMentors } from "@/lib/mentor/cohorts";
import { MyMentors } from "./_components/my-mentors";
import "./account.css";

export const metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requireUser("/account");
  const db = await getDb();
  const [settings, parameters, mentors] = await Promise.all([practiceSettings(db, user.id), parameterStatus(db, user.id), myMentors(db, user.id)]);
  const decay = decayOf(parameters.kind === "personal" ? parameters.weights : null);
  const loadByPercent: Record<number, number> = {};
  for (let p = RETENTION_PERCENT.min; p <= RETENTION_PERCENT.max; p++) loadByPercent[p] = reviewLoadFactor(p / 100, decay);
  const fittedOn = (d: Date) => new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: settings.timezone }).format(d);

  return (
    <div className="container page account-page">
      <h1>Account</h1>
      <div className="card">
        <dl className="facts">
          <dt>Name</dt><dd>{user.name}</dd>
          <dt>Email</dt><dd>{user.email}</dd>
          <dt>Role</dt><dd>{roleLabels[user.role]}</dd>
        </dl>
      </div>

      <section aria-labelledby="practice-settings">
        <h2 id="practice-settings">Practice settings</h2>
        <div className="card">
          <PracticeSettingsForm
            initial={{
              desiredRetention: String(Math.round(settings.desiredRetention * 100)),
              dailyNewLimit: String(settings.dailyNewLimit),
              dailyReviewLimit: String(settings.dailyReviewLimit),
              timezone: settings.timezone,
              learningSteps: settings.learningSteps,
              relearningSteps: settings.relearningSteps,
            }}
            retention={RETENTION_PERCENT}
            limits={DAILY_LIMITS}
            timeZones={timeZones()}
            loadByPercent={loadByPercent}
          />
        </div>
      </section>

      <section aria-labelledby="scheduler-parameters">
        <h2 id="scheduler-parameters">Scheduler parameters</h2>
        <div className="card parameters">
          {parameters.kind === "default" ? (
            <>
              <p>
                <strong>Scheduler parameters in use: FSRS-6 defaults</strong>{" "}
                {parameters.reviews < parameters.needed
                  ? `(you have ${parameters.reviews} of ${parameters.needed} reviews needed to personalise).`
                  : `(you have ${parameters.reviews} reviews, enough to personalise: your parameters are fitted after your next review).`}
              </p>
              <p className="muted">
                Once you reach {parameters.needed} reviews, Quorum fits the scheduler to your own memory in the background, and
                refits as your history grows.
              </p>
            </>
          ) : (
            <>
              <p>
                <strong>Personal parameters fitted on {fittedOn(parameters.fittedAt)} from {parameters.fittedOn} reviews.</strong>{" "}
                You now have {parameters.reviews} reviews; they are refitted as your history grows.
              </p>
              <details>
                <summary>The 21 FSRS-6 weights</summary>
                <ul className="weights">
                  {parameters.weights.map((w, i) => (
                    <li key={i}>
                      <span className="weight-name">w{i}</span> <span className="weight-value">{w.toFixed(4)}</span>
                    </li>
                  ))}
                </ul>
              </details>
            </>
          )}
        </div>
      </section>

      <MyMentors mentors={mentors} />

      <section aria-labelledby="password-and-sessions">
        <h2 id="password-and-sessions">Password and sessions</h2>
        <div className="card">
          <ChangePasswordForm />
        </div>
        <div className="card sessions">
          <p>
            Signed in on a device you no longer have, or on a shared computer? Signing out everywhere ends every session of
            this account at once, this one included; each device has to sign in again.
          </p>
          <form action={signOutEverywhereAction}>
            <button className="button secondary" type="submit">Sign out everywhere</button>
          </form>
        </div>
      </section>

      <section aria-labelledby="your-data">
        <h2 id="your-data">Your data</h2>
        <div className="card">
          <p>
            Download everything Quorum holds about you as one JSON file: your profile and settings, lesson progress, review
            cards and every rating, quizzes and answers, drills, cohorts, comments you wrote and comments on your work,
            notifications, and the sign-in attempts made with your email (time, network address, outcome).
          </p>
          <a className="button secondary" href="/account/export" download>Download my data</a>
        </div>
        <div className="card danger-zone">
          <h3 id="delete-account">Delete my account</h3>
          <p>
            This removes your account and everything above for good: your reviews, quiz answers and drills are deleted, not
            kept anonymously, so they also leave the question statistics authors see. Comments on your answers go with them,
            your mentors&apos; included, and so do comments you wrote. Cohorts you mentor are deleted with their invitations.
            It cannot be undone: download your data first if you want to keep it.
          </p>
          <DeleteAccountForm />
        </div>
      </section>

      <form action={signOutAction} className="sign-out">
        <button className="button secondary" type="submit">Sign out</button>
      </form>
    </div>
  );
}
