import type { Metadata } from "next";
import Link from "next/link";
import { AuthorNav } from "@/components/author/author-nav";
import { ItemTable } from "@/components/author/item-table";
import { FLAG_LABELS, ITEM_FLAGS, MIN_SAMPLE, THRESHOLDS, itemStatisticsSnapshot } from "@/lib/author/item-stats";
import { filterItems, parseItemView, sortItems, summarizeItems, viewQuery, type SearchParams } from "@/lib/author/item-view";
import { requireUser } from "@/lib/auth/session.server";
import { CONTENT_STATS } from "@/lib/permissions";
import { FAMILIES } from "@/lib/content/families";
import { getDb } from "@/lib/db/client.server";
import { count, time } from "@/lib/format";

export const metadata: Metadata = { title: "Item statistics" };


export default async function ItemStatisticsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { view, problems } = parseItemView(await searchParams);
  const user = await requireUser(`/author${viewQuery(view)}`, "read", CONTENT_STATS); // app/author/forbidden.tsx, HTTP 403

  const { items: all, computedAt } = await itemStatisticsSnapshot(await getDb(), user);
  const summary = summarizeItems(all);
  const shown = sortItems(filterItems(all, view), view.sort, view.dir);
  const filtered = view.family !== "all" || view.flag !== "all";

  return (
    <div className="container page author-page">
      <header className="author-header">
        <h1>Item statistics</h1>
        <p className="lead muted">
          How each live question behaves once learners answer it in quizzes and reviews, with the questions that need an
          author&apos;s look flagged. Writing or fixing a question: <Link href="/author/guide">the authoring guide</Link> (<code>docs/authoring.md</code> in the repository).
        </p>
        <p className="muted author-as-of">
          Figures as of <time dateTime={computedAt.toISOString()}>{time(computedAt)} UTC</time>, counting every answer recorded so far.
        </p>
        <AuthorNav current="/author" />
      </header>

      <dl className="author-summary">
        <div>
          <dt>Live questions</dt>
          <dd>{summary.questions}</dd>
        </div>
        <div>
          <dt>Attempts counted</dt>
          <dd>{count(summary.attempts)}</dd>
        </div>
        <div>
          <dt>Questions answered</dt>
          <dd>{summary.withAttempts}</dd>
        </div>
        <div>
          <dt>Flagged</dt>
          <dd data-alarm={summary.flagged > 0 || undefined}>{summary.flagged}</dd>
          {summary.pending > 0 ? (
            <dd className="author-summary-note">
              {summary.pending} more past a threshold, on too few answers to flag (under {MIN_SAMPLE})
            </dd>
          ) : null}
        </div>
      </dl>

      {problems.length > 0 ? (
        <div className="form-error author-problems" role="status">
          {problems.map((p) => (
            <p key={p}>{p} It was ignored.</p>
          ))}
        </div>
      ) : null}

      {summary.attempts === 0 ? (
        <section className="card author-empty" aria-labelledby="empty-title">
          <h2 id="empty-title">No answers yet</h2>
          <p>
            The {summary.questions} live questions have not been answered yet. Statistics appear here as soon as learners take
            timed quizzes or answer questions in their review queue; a question is flagged once it has at least {MIN_SAMPLE}{" "}
            answers, so that a handful of answers cannot raise a false alarm.
          </p>
          <p className="muted">
            Meanwhile, <Link href="/author/status">content status</Link> shows what is published and what the last content sync changed.
          </p>
        </section>
      ) : (
        <>
          <form className="author-filters" method="get" action="/author">
            <div className="field">
              <label htmlFor="family">Family</label>
              <select id="family" name="family" defaultValue={view.family}>
                <option value="all">All families</option>
                {FAMILIES.map((f) => (
                  <option key={f.slug} value={f.slug}>
                    {f.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="flag">Flag</label>
              <select id="flag" name="flag" defaultValue={view.flag}>
                <option value="all">All questions</option>
                <option value="flagged">Any flag ({summary.flagged})</option>
                {ITEM_FLAGS.map((f) => (
                  <option key={f} value={f}>
                    {FLAG_LABELS[f]} ({summary.byFlag[f]})
                  </option>
                ))}
              </select>
            </div>
            <input type="hidden" name="sort" value={view.sort} />
            <input type="hidden" name="dir" value={view.dir} />
            <div className="author-filter-actions">
              <button className="button secondary" type="submit">Apply</button>
              {filtered ? <Link href={`/author${viewQuery({ ...view, family: "all", flag: "all" })}`}>Clear filters</Link> : null}
            </div>
            <a className="author-download" href={`/author/items.csv${viewQuery(view)}`} download>
              <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
                <path d="M12 4v11m0 0l-4-4m4 4l4-4M5 19h14" />
              </svg>
              Download CSV
            </a>
          </form>

          <p className="author-count muted" aria-live="polite">
            Showing {shown.length} of {all.length} questions.
          </p>
          {shown.length === 0 ? (
            <div className="card author-empty">
              <p>No question matches these filters.</p>
              <Link href="/author">Show all questions</Link>
            </div>
          ) : (
            <ItemTable items={shown} view={view} />
          )}
        </>
      )}

      <details className="author-method">
        <summary>How these figures are computed</summary>
        <ul>
          <li>
            <strong>Attempts</strong>: quiz answers (a timed-out item counts as a wrong attempt) plus reviews in which the learner
            answered. Undone reviews are left out. After a question is edited, only answers to the new version count.
          </li>
          <li>
            <strong>Facility</strong>: the share of graded attempts that were right (free-text answers are not graded). Flagged
            above {THRESHOLDS.tooEasy * 100}% (too easy) or below {THRESHOLDS.tooHard * 100}% (too hard).
          </li>
          <li>
            <strong>Discrimination</strong>: the point-biserial correlation between a learner&apos;s first graded answer to this
            question and the share of the answers they had given before it that were right, one value per learner (learners
            with no earlier answer are left out). We use it rather than the upper-lower 27% index because it uses every learner
            instead of discarding the middle half, and stays meaningful for small cohorts. Below {THRESHOLDS.poorDiscrimination} the question does not separate stronger from weaker learners:
            often a sign of ambiguity or a wrong key. Shown as — when everyone scored the same.
          </li>
          <li>
            <strong>Median time</strong> (within 2.5%) against the question&apos;s time limit (60 s for recall, 120 s for scenarios);{" "}
            <strong>Again</strong>: the share of reviews rated Again.
          </li>
          <li>
            <strong>Popular distractor</strong>: a wrong option chosen more often than the right one (for multiple choice, more
            often than the least-chosen right option).
          </li>
          <li>
            No flag is raised until its own sample (graded attempts, learners, or timed attempts, shown as <em>n</em> under each
            figure) reaches {MIN_SAMPLE}.
          </li>
        </ul>
      </details>
    </div>
  );
}
