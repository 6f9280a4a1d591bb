import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { cohortAccessFacts } from "@/lib/mentor/cohorts";
import { ATTENTION, cohortDashboard, cohortSeries, type LearnerRow } from "@/lib/mentor/dashboard";
import { can } from "@/lib/permissions";
import { WeeklyAccuracyChartBox, WeeklyReviewsChartBox } from "@/components/mentor/charts";
import { LearnerTable, type LearnerTableRow } from "@/components/mentor/learner-table";
import { RecallHeatmap, RecallLegend } from "@/components/mentor/recall-heatmap";
import { FLAG_LABELS, ago, percent } from "@/components/mentor/format";

export const metadata: Metadata = { title: "Cohort dashboard" };

function reasons(l: LearnerRow, now: Date): string[] {
  return l.flags.map((f) => {
    if (f === "backlog") return `${l.overdue} overdue, ${l.due} due (daily limit ${l.dailyReviewLimit})`;
    if (f === "inactive") return l.lastActiveAt ? `last active ${ago(l.lastActiveAt, now)}` : "has not practised since joining";
    return `recalled ${percent(l.recallRate7d)} this week, ${percent(l.recallRatePrev7d)} the week before`;
  });
}

const weekLabel = (d: Date) => new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" }).format(d);

export default async function CohortPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/mentor/cohorts/${id}`);
  const db = await getDb();
  const facts = await cohortAccessFacts(db, id);
  if (!facts || !can(user, "read", facts.resource)) notFound();
  const now = new Date();
  const [board, series] = await Promise.all([cohortDashboard(db, facts.cohort.mentorId, id, now), cohortSeries(db, id, now)]);
  if (!board) notFound();

  const rows: LearnerTableRow[] = board.learners.map((l) => ({
    userId: l.userId, name: l.name, email: l.email, lastActiveAt: l.lastActiveAt?.toISOString() ?? null, reviews7d: l.reviews7d,
    recallRate7d: l.recallRate7d, recallRatePrev7d: l.recallRatePrev7d, quizAnswers7d: l.quizAnswers7d, due: l.due, overdue: l.overdue,
    leeches: l.leeches, quizAccuracy: l.quizAccuracy, medianAnswerMs: l.medianAnswerMs, recall: l.recall, flags: l.flags,
  }));
  const flagged = board.learners.filter((l) => l.flags.length > 0);
  const thisWeek = series.at(-1);
  const lastWeek = series.at(-2);
  const chartData = series.map((w) => ({
    week: weekLabel(w.week),
    reviews: w.reviews,
    recallRate: w.recallRate === null ? null : Math.round(w.recallRate * 100),
    quizAccuracy: w.quizAccuracy === null ? null : Math.round(w.quizAccuracy * 100),
  }));
  const busiest = series.reduce((a, b) => (b.reviews > a.reviews ? b : a), series[0]);

  return (
    <div className="container page mentor-page">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link href="/mentor">Mentor</Link> <span aria-hidden="true">/</span> <span aria-current="page">{board.cohort.name}</span>
      </nav>
      <header className="mentor-header mentor-header-row">
        <div>
          <h1>{board.cohort.name}</h1>
          <p className="lead muted">
            {rows.length} {rows.length === 1 ? "learner" : "learners"}. Learners who need attention come first; figures are as of now.
          </p>
        </div>
        <a className="button secondary" href={`/mentor/cohorts/${id}/export.csv`} download>Download CSV</a>
      </header>

      <dl className="mentor-stats">
        <div>
          <dt>Learners</dt>
          <dd>{rows.length}</dd>
        </div>
        <div>
          <dt>Need attention</dt>
          <dd data-alarm={flagged.length > 0 || undefined}>{flagged.length}</dd>
        </div>
        <div>
          <dt>Reviews this week</dt>
          <dd>{thisWeek?.reviews ?? 0}</dd>
          <dd className="mentor-stat-detail">last week {lastWeek?.reviews ?? 0}</dd>
        </div>
        <div>
          <dt>Recalled this week</dt>
          <dd>{percent(thisWeek?.recallRate)}</dd>
          <dd className="mentor-stat-detail">last week {percent(lastWeek?.recallRate)}</dd>
        </div>
      </dl>

      {rows.length === 0 ? (
        <section className="card mentor-empty-cohort">
          <h2>No learners yet</h2>
          <p>Share an invitation link or code from the <Link href="/mentor">mentor page</Link>; learners appear here once they join.</p>
        </section>
      ) : (
        <>
          {flagged.length > 0 ? (
            <section className="mentor-attention" aria-labelledby="attention">
              <h2 id="attention">Needs attention</h2>
              <p className="muted mentor-intro">
                Flagged when more than {ATTENTION.overdueBacklog} reviews are overdue or more than {ATTENTION.dueDailyLimits}× the daily limit
                is due; when this week&apos;s recall is {Math.round(ATTENTION.recallDrop * 100)} points below last week&apos;s; or after{" "}
                {ATTENTION.inactiveDays} days without practice.
              </p>
              <ul className="mentor-attention-list">
                {flagged.slice(0, 8).map((l) => (
                  <li key={l.userId}>
                    <Link href={`/mentor/learners/${l.userId}`}>{l.name}</Link>
                    <span className="mentor-flags">
                      {l.flags.map((f) => <span key={f} className={`mentor-flag mentor-flag-${f}`}>{FLAG_LABELS[f]}</span>)}
                    </span>
                    <span className="muted">{reasons(l, now).join("; ")}</span>
                  </li>
                ))}
              </ul>
              {flagged.length > 8 ? <p className="muted">…and {flagged.length - 8} more, at the top of the table below.</p> : null}
            </section>
          ) : null}

          <section aria-labelledby="learners">
            <h2 id="learners">Learners</h2>
            <LearnerTable rows={rows} now={now.toISOString()} cohortName={board.cohort.name} />
          </section>

          <section aria-labelledby="recall-map">
            <h2 id="recall-map">Recall by family</h2>
            <p className="muted mentor-intro">
              The mean predicted chance of recalling each family&apos;s reviewed cards right now (FSRS retrievability, with each learner&apos;s
              own parameters when fitted).
            </p>
            <RecallLegend />
            <RecallHeatmap learners={board.learners} families={board.families} caption={`Recall by family for each learner of ${board.cohort.name}`} />
          </section>
        </>
      )}

      <section aria-labelledby="over-time">
        <h2 id="over-time">Over time</h2>
        <div className="mentor-charts">
          <WeeklyReviewsChartBox
            data={chartData}
            summary={`Reviews per week over the last ${series.length} weeks: ${thisWeek?.reviews ?? 0} this week; the busiest week was ${busiest ? weekLabel(busiest.week) : "–"} with ${busiest?.reviews ?? 0}.`}
          />
          <WeeklyAccuracyChartBox
            data={chartData}
            summary={`Share of reviews recalled and quiz accuracy per week: this week ${percent(thisWeek?.recallRate)} recalled and ${percent(thisWeek?.quizAccuracy)} quiz accuracy.`}
          />
        </div>
        <details className="mentor-series">
          <summary>The numbers, week by week</summary>
          <div className="mentor-scroll" tabIndex={0} role="region" aria-label="Weekly figures">
            <table className="mentor-table">
              <thead>
                <tr>
                  <th scope="col">Week of</th>
                  <th scope="col" className="num">Reviews</th>
                  <th scope="col" className="num">Recalled</th>
                  <th scope="col" className="num">Quiz answers</th>
                  <th scope="col" className="num">Quiz accuracy</th>
                </tr>
              </thead>
              <tbody>
                {series.map((w) => (
                  <tr key={w.week.toISOString()}>
                    <th scope="row">{weekLabel(w.week)}</th>
                    <td className="num">{w.reviews}</td>
                    <td className="num">{percent(w.recallRate)}</td>
                    <td className="num">{w.quizAnswers}</td>
                    <td className="num">{percent(w.quizAccuracy)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </section>
    </div>
  );
}
