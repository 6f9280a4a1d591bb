import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { familyBySlug } from "@/lib/content/families";
import { drillHistory, type DrillHistoryEntry } from "@/lib/practice/drill";
import { DRILL_MINUTES, DRILL_PHASES, drillPrompts } from "@/lib/content/drills";
import { dateTime } from "@/lib/format";
import { startDrillAction } from "./actions";
import "./drills.css";

export const metadata: Metadata = {
  title: "Design drills",
  description: "Mock system-design interviews: one open prompt, 45 minutes in six timed phases, then a self-assessment against a rubric.",
};

function status(entry: DrillHistoryEntry): string {
  if (entry.stage === "finished") return "Finished";
  if (entry.stage === "assessment") return "Self-assessment to do";
  return `In progress · phase ${entry.phaseNumber} of ${DRILL_PHASES.length}`;
}

export default async function DrillsPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const user = await requireUser("/practice/drills");
  const [db, prompts, params] = await Promise.all([getDb(), drillPrompts(), searchParams]);
  const history = await drillHistory(db, user.id);
  const open = new Map(history.filter((h) => h.stage !== "finished").map((h) => [h.promptId, h]));

  return (
    <div className="container page drills-page">
      <nav className="drill-breadcrumb" aria-label="Breadcrumb">
        <Link href="/practice">Practice</Link>
        <span aria-hidden="true">/</span>
        <span aria-current="page">Design drills</span>
      </nav>
      <header className="drills-header">
        <h1>Design drills</h1>
        <p className="lead muted">
          One open prompt, {DRILL_MINUTES} minutes, the shape of a system-design interview. Each phase has its own clock; when the six are done,
          you rate your answer against what a strong candidate covers.
        </p>
        <ol className="drill-phase-strip" aria-label="The six phases">
          {DRILL_PHASES.map((p, i) => (
            <li key={p.key}>
              <span className="drill-phase-number" aria-hidden="true">
                {i + 1}
              </span>
              <span>
                {p.title} <span className="muted">{p.minutes} min</span>
              </span>
            </li>
          ))}
        </ol>
      </header>

      {params.error === "unknown-prompt" ? (
        <p className="form-error" role="alert">
          That prompt is no longer available. Choose another one below.
        </p>
      ) : null}

      <section aria-labelledby="prompts-title">
        <h2 id="prompts-title" className="drills-section-title">
          Prompts
        </h2>
        <ul className="drill-prompt-list">
          {prompts.map((prompt) => {
            const inProgress = open.get(prompt.id);
            return (
              <li key={prompt.id} className="card drill-prompt-card">
                <h3 id={`prompt-${prompt.id}`}>{prompt.title}</h3>
                <p className="drill-families">
                  {prompt.families.map((f) => (
                    <span key={f} className="drill-family">
                      {familyBySlug(f)?.name ?? f}
                    </span>
                  ))}
                </p>
                <p className="muted">{prompt.summary}</p>
                <div className="drill-prompt-card-footer">
                  <span className="muted">{DRILL_MINUTES} min</span>
                  {inProgress ? (
                    <Link className="button secondary" href={`/practice/drills/${inProgress.id}`} aria-describedby={`prompt-${prompt.id}`}>
                      Resume
                    </Link>
                  ) : (
                    <form action={startDrillAction}>
                      <input type="hidden" name="promptId" value={prompt.id} />
                      <button className="button" type="submit" aria-describedby={`prompt-${prompt.id}`}>
                        Start drill
                      </button>
                    </form>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-labelledby="history-title" className="drills-history">
        <h2 id="history-title" className="drills-section-title">
          Your drills
        </h2>
        {history.length === 0 ? (
          <p className="muted">No drills yet. Your first one will appear here with its self-assessment.</p>
        ) : (
          <div className="drill-table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Prompt</th>
                  <th scope="col">Started</th>
                  <th scope="col">Status</th>
                  <th scope="col">Self-assessment</th>
                  <th scope="col">
                    <span className="visually-hidden">Open</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {history.map((h) => (
                  <tr key={h.id}>
                    <td>{h.title}</td>
                    <td>
                      <time dateTime={h.startedAt.toISOString()}>{dateTime(h.startedAt)}</time>
                    </td>
                    <td>{status(h)}</td>
                    <td className="drill-tally">
                      {h.tally ? (
                        <>
                          <span className="drill-rating" data-rating="met">
                            {h.tally.met} met
                          </span>
                          <span className="drill-rating" data-rating="partly">
                            {h.tally.partly} partly
                          </span>
                          <span className="drill-rating" data-rating="missed">
                            {h.tally.missed} missed
                          </span>
                        </>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td>
                      <Link href={`/practice/drills/${h.id}`} aria-label={`${h.stage === "finished" ? "Summary of" : "Continue"} ${h.title}, started ${dateTime(h.startedAt)}`}>
                        {h.stage === "finished" ? "Summary" : "Continue"}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
