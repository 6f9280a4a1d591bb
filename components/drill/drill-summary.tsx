// The record of a drill: each phase's text, time used against time allotted, and the
// self-assessment against the rubric. Read-only; used after finishing and by readers other than
// the owner (a mentor, later).
import type { DrillView, SelfRating } from "@/lib/practice/drill";
import { clock, dateTime } from "@/lib/format";
import { InlineText } from "./inline-text";

export const RATING_LABELS: Record<SelfRating, string> = { met: "Met", partly: "Partly", missed: "Missed" };

export function RatingBadge({ rating }: { rating: SelfRating }) {
  return (
    <span className="drill-rating" data-rating={rating}>
      {RATING_LABELS[rating]}
    </span>
  );
}

function TimeUsed({ usedMs, allottedMs }: { usedMs: number; allottedMs: number }) {
  const over = usedMs - allottedMs;
  const scale = Math.max(usedMs, allottedMs);
  return (
    <div className="drill-time-used">
      <p>
        <strong>{clock(usedMs, "elapsed")}</strong> <span className="muted">of {clock(allottedMs, "elapsed")}</span>
        {over > 1000 ? <span className="drill-over"> · {clock(over, "elapsed")} over</span> : null}
      </p>
      <span className="drill-time-track" aria-hidden="true">
        <span className="drill-time-fill" data-over={over > 1000 || undefined} style={{ width: `${(usedMs / scale) * 100}%` }} />
        {over > 1000 ? <span className="drill-time-limit" style={{ left: `${(allottedMs / scale) * 100}%` }} /> : null}
      </span>
    </div>
  );
}

export function DrillSummary({ view, headingId }: { view: DrillView; headingId: string }) {
  const assessment = view.selfAssessment;
  const usedMs = view.phases.reduce((sum, p) => sum + (p.usedMs ?? 0), 0);
  const allottedMs = view.phases.reduce((sum, p) => sum + p.allottedMs, 0);
  const whose = view.isOwner ? "Your" : "The learner's";
  return (
    <section className="drill-summary" aria-labelledby={headingId}>
      <div className="card drill-summary-overview">
        <h2 id={headingId} tabIndex={-1}>
          {view.stage === "finished" ? "Drill summary" : "Drill so far"}
        </h2>
        <dl className="drill-facts">
          <div>
            <dt>Time used</dt>
            <dd>
              {clock(usedMs, "elapsed")} <span className="muted">of {clock(allottedMs, "elapsed")}</span>
            </dd>
          </div>
          <div>
            <dt>Started</dt>
            <dd>
              <time dateTime={view.startedAt}>{dateTime(view.startedAt)}</time>
            </dd>
          </div>
          {assessment ? (
            <div>
              <dt>Self-assessment</dt>
              <dd className="drill-tally">
                <span className="drill-rating" data-rating="met">
                  {assessment.tally.met} met
                </span>
                <span className="drill-rating" data-rating="partly">
                  {assessment.tally.partly} partly
                </span>
                <span className="drill-rating" data-rating="missed">
                  {assessment.tally.missed} missed
                </span>
              </dd>
            </div>
          ) : null}
        </dl>
        {assessment?.note ? (
          <div className="drill-note">
            <h3>{whose} note</h3>
            <p>{assessment.note}</p>
          </div>
        ) : null}
      </div>

      {view.phases.map((phase) => {
        const points = assessment ? assessment.points.filter((p) => p.phase === phase.key) : phase.rubric.map((r) => ({ ...r, rating: null }));
        return (
          <article key={phase.key} className="card drill-summary-phase" aria-labelledby={`summary-${phase.key}`}>
            <header className="drill-summary-phase-header">
              <h3 id={`summary-${phase.key}`}>
                <span className="drill-phase-number" aria-hidden="true">
                  {phase.number}
                </span>
                {phase.title}
              </h3>
              {phase.usedMs !== null ? <TimeUsed usedMs={phase.usedMs} allottedMs={phase.allottedMs} /> : <p className="muted">Not started</p>}
            </header>
            {phase.question.length ? (
              <p className="drill-question">
                <InlineText inlines={phase.question} />
              </p>
            ) : null}
            {phase.text.trim() ? (
              <div className="drill-answer">
                <h4 className="visually-hidden">{whose} answer</h4>
                <p>{phase.text}</p>
              </div>
            ) : (
              <p className="muted drill-answer-empty">Nothing written in this phase.</p>
            )}
            {phase.withinTime === false ? <p className="drill-late">Last edited after this phase&apos;s time was up.</p> : null}
            {points.length ? (
              <div className="drill-rubric">
                <h4>Rubric{assessment ? "" : " (not assessed yet)"}</h4>
                <ul>
                  {points.map((point) => (
                    <li key={point.index}>
                      {point.rating ? <RatingBadge rating={point.rating} /> : null}
                      <span>
                        <InlineText inlines={point.inlines} />
                      </span>
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </article>
        );
      })}
    </section>
  );
}
