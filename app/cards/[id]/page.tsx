import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { familyName } from "@/lib/content/families";
import { renderMarkdown } from "@/lib/content/markdown.server";
import { NotFoundError } from "@/lib/errors";
import { cardDetail, type HistoryEntry } from "@/lib/practice/cards";
import { RATING_LABELS, type RatingValue } from "@/lib/practice/scheduler";
import { dateTime, decimal, duration, percent, plural, relative } from "@/lib/format";
import { CardStateChip, STATE_LABELS } from "../card-state";
import { forgetCardAction, resetCardAction, resumeCardAction, suspendCardAction } from "../actions";
import "../cards.css";

export const metadata: Metadata = { title: "Card" };

const DONE: Record<string, string> = {
  suspended: "Suspended: the card stays out of your reviews until you resume it.",
  resumed: "Back in your queue: it comes up when it is due.",
  reset: "Reset: the card starts again as new. Its history is kept.",
  forgotten: "Forgotten: the card starts again as new, with its review and lapse counts cleared. Its history is kept.",
};

function eventText(h: HistoryEntry): string {
  if (h.kind === "UNDO") return "Rating undone";
  if (h.kind === "RESET") return "Reset to new";
  if (h.kind === "FORGET") return "Forgotten (counts cleared)";
  return `Rated ${RATING_LABELS[h.rating as RatingValue] ?? h.rating}`;
}

export default async function CardPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ done?: string }> }) {
  const [{ id }, { done }] = await Promise.all([params, searchParams]);
  const user = await requireUser(`/cards/${id}`);
  const db = await getDb();
  const now = new Date();
  let card;
  try {
    card = await cardDetail(db, user.id, id, now);
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
  const m = card.memory;
  const q = card.question;
  const lessonHref = `/learn/${q.lesson.family}/${q.lesson.slug}${q.section ? `#${q.section}` : ""}`;
  const notice = done ? DONE[done] : undefined;

  return (
    <div className="container page cards-page card-page">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link href="/cards">Your cards</Link> <span aria-hidden="true">/</span> <span aria-current="page">This card</span>
      </nav>
      <header className="card-page-header">
        <h1>Card</h1>
        <p className="muted">
          {familyName(q.family)} · <Link href={lessonHref}>{q.lesson.title}</Link>
        </p>
      </header>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}

      <section className="card card-prompt" aria-label="Question">
        <div className="prose-inline" dangerouslySetInnerHTML={{ __html: renderMarkdown(q.prompt) }} />
      </section>

      <div className="card-page-grid">
        <section aria-labelledby="memory-title">
          <h2 id="memory-title">Memory state</h2>
          <dl className="facts card-facts">
            <dt>State</dt>
            <dd>
              <CardStateChip state={m.state} suspended={m.suspended} leech={m.leech} />
            </dd>
            <dt>Due</dt>
            <dd>
              {m.suspended ? "not while suspended" : m.due <= now ? "now" : relative(m.due, now)} <span className="muted">({dateTime(m.due)})</span>
            </dd>
            <dt>Recall now</dt>
            <dd>{m.recall === null ? <span className="muted">{m.state === "NEW" ? "not studied yet" : "shown once past its learning steps"}</span> : percent(m.recall)}</dd>
            <dt>Stability</dt>
            <dd>{m.stability > 0 ? `${decimal(m.stability, 1)} days` : "—"}</dd>
            <dt>Difficulty</dt>
            <dd>{m.difficulty > 0 ? `${decimal(m.difficulty, 1)} of 10` : "—"}</dd>
            <dt>Reviews</dt>
            <dd>{plural(m.reps, "review")}, {plural(m.lapses, "lapse")}</dd>
            <dt>Last review</dt>
            <dd>{m.lastReview ? dateTime(m.lastReview) : "—"}</dd>
            <dt>Added</dt>
            <dd>{dateTime(m.addedAt)}</dd>
          </dl>
          <p className="muted card-facts-note">
            Stability is how many days until recall falls to 90 %; difficulty runs from 1 (easy) to 10. Both come from FSRS, the scheduler.
          </p>
        </section>

        <section aria-labelledby="change-title" className="card-changes">
          <h2 id="change-title">Change this card</h2>
          {m.suspended ? (
            <form action={resumeCardAction}>
              <input type="hidden" name="cardId" value={card.cardId} />
              <button className="button" type="submit">
                Resume
              </button>
              <p className="muted">Back into your reviews with the schedule it had.</p>
            </form>
          ) : (
            <form action={suspendCardAction}>
              <input type="hidden" name="cardId" value={card.cardId} />
              <button className="button secondary" type="submit">
                Suspend
              </button>
              <p className="muted">Out of your reviews until you resume it; its schedule is kept.</p>
            </form>
          )}
          <form action={resetCardAction}>
            <input type="hidden" name="cardId" value={card.cardId} />
            <button className="button secondary" type="submit">
              Reset to new
            </button>
            <p className="muted">Study it again from the start. Its history and counts are kept.</p>
          </form>
          <form action={forgetCardAction}>
            <input type="hidden" name="cardId" value={card.cardId} />
            <button className="button secondary" type="submit">
              Forget
            </button>
            <p className="muted">As reset, and its review and lapse counts go back to zero (a leech starts over). The history stays below.</p>
          </form>
        </section>
      </div>

      <section aria-labelledby="history-title" className="card-history">
        <h2 id="history-title">History</h2>
        {card.withheld ? (
          <p className="notice-warning" role="note">
            This question is part of a timed attempt in progress: its answers and results are hidden until you finish it.
          </p>
        ) : null}
        {card.history.length === 0 ? (
          <p className="muted">Not reviewed yet.</p>
        ) : (
          <div className="table-scroll" role="region" aria-label="Review history" tabIndex={0}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">What</th>
                  <th scope="col">Answer</th>
                  <th scope="col">Time</th>
                  <th scope="col">Then</th>
                </tr>
              </thead>
              <tbody>
                {card.history.map((h) => (
                  <tr key={h.id} data-kind={h.kind.toLowerCase()} className={h.undone ? "is-undone" : undefined}>
                    <th scope="row">
                      <time dateTime={h.at.toISOString()}>{dateTime(h.at)}</time>
                    </th>
                    <td>
                      {eventText(h)}
                      {h.undone ? <span className="muted"> (undone)</span> : null}
                    </td>
                    <td>
                      {h.answer ?? <span className="muted">—</span>}
                      {h.correct === true ? <span className="card-outcome is-right"> ✓ right</span> : h.correct === false ? <span className="card-outcome is-wrong"> ✗ wrong</span> : null}
                    </td>
                    <td>{h.durationMs === null ? "—" : duration(h.durationMs)}</td>
                    <td>
                      {h.after ? STATE_LABELS[h.after] : "—"}
                      {h.dueAfter && h.kind !== "UNDO" ? <span className="muted">, due {dateTime(h.dueAfter)}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="muted">
          The history only grows: an undo, a reset or a forget is a row of its own, and what came before stays as it was.
        </p>
      </section>
    </div>
  );
}
