import type { Metadata } from "next";
import { Suspense } from "react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { cohortAccessFacts } from "@/lib/mentor/cohorts";
import { ATTENTION, cohortDashboard, cohortSeries, cohortWeekTotals, type LearnerRow } from "@/lib/mentor/dashboard";
import { canReadCohortDashboard } from "@/lib/permissions";
import { CohortOverTime, CohortOverTimePlaceholder } from "@/components/mentor/cohort-over-time";
import { LearnerTable, type LearnerTableRow } from "@/components/mentor/learner-table";
import { RecallHeatmap, RecallLegend } from "@/components/mentor/recall-heatmap";
import { FLAG_LABELS } from "@/components/mentor/bands";
import { ago, percent, plural } from "@/lib/format";

export const metadata: Metadata = { title: "Cohort dashboard" };

function reasons(l: LearnerRow, now: Date): string[] {
  return l.flags.map((f) => {
    if (f === "backlog") return `${l.overdue} overdue, ${l.due} due (daily limit ${l.dailyReviewLimit})`;
    if (f === "inactive") return l.lastActiveAt ? `last active ${ago(l.lastActiveAt, now)}` : "has not practised since joining";
    return `recalled ${percent(l.recallRate7d)} this week, ${percent(l.recallRatePrev7d)} the week before`;
  });
}

export default async function CohortPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/mentor/cohorts/${id}`);
  const db = await getDb();
  const facts = await cohortAccessFacts(db, id);
  if (!facts || !canReadCohortDashboard(user, facts.resource)) notFound();
  const now = new Date();
  const board = await cohortDashboard(db, facts.cohort.mentorId, id, now);
  if (!board) notFound();
  // Started only now, so the table's queries go first on a single-connection database; the
  // charts stream in when it resolves.
  const series = cohortSeries(db, id, now);

  const rows: LearnerTableRow[] = board.learners.map((l) => ({
    userId: l.userId, name: l.name, email: l.email, lastActiveAt: l.lastActiveAt?.toISOString() ?? null, reviews7d: l.reviews7d,
    recallRate7d: l.recallRate7d, recallRatePrev7d: l.recallRatePrev7d, quizAnswers7d: l.quizAnswers7d, due: l.due, overdue: l.overdue,
    leeches: l.leeches, quizAccuracy: l.quizAccuracy, medianAnswerMs: l.medianAnswerMs, recall: l.recall, flags: l.flags,
  }));
  const flagged = board.learners.filter((l) => l.flags.length > 0);
  const week = cohortWeekTotals(board.learners);

  return (
    <div className="container page mentor-page">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link href="/mentor">Mentor</Link> <span aria-hidden="true">/</span> <span aria-current="page">{board.cohort.name}</span>
      </nav>
      <header className="mentor-header mentor-header-row">
        <div>
          <h1>{board.cohort.name}</h1>
          <p className="lead muted">
            {plural(rows.length, "learner")}. Learners who need attention come first; figures are as of now.
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
          <dt>Reviews, last 7 days</dt>
          <dd>{week.reviews7d}</dd>
          <dd className="mentor-stat-detail">7 days before {week.reviewsPrev7d}</dd>
        </div>
        <div>
          <dt>Recalled, last 7 days</dt>
          <dd>{percent(week.recallRate7d)}</dd>
          <dd className="mentor-stat-detail">7 days before {percent(week.recallRatePrev7d)}</dd>
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
        <Suspense fallback={<CohortOverTimePlaceholder />}>
          <CohortOverTime series={series} />
        </Suspense>
      </section>
    </div>
  );
}
