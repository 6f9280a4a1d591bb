import type { Metadata } from "next";
import Link from "next/link";
import { AuthorNav } from "@/components/author/author-nav";
import { CHANGE_KINDS, contentStatus, type ChangeKind, type ChangedItem } from "@/lib/author/content-status";
import { dateTime } from "@/lib/format";
import { excerpt } from "@/lib/author/excerpt";
import { requireUser } from "@/lib/auth/session.server";
import { CONTENT_STATS } from "@/lib/permissions";
import { LESSON_DIFFICULTIES, QUESTION_DIFFICULTIES, QUESTION_TYPES } from "@/lib/content/schema";
import { getDb } from "@/lib/db/client.server";

export const metadata: Metadata = { title: "Content status" };

const KIND_LABELS: Record<ChangeKind, string> = { ADDED: "Added", EDITED: "Edited", RETIRED: "Retired", RESTORED: "Restored" };
const capitalize = (s: string) => s[0].toUpperCase() + s.slice(1);

export default async function ContentStatusPage() {
  const user = await requireUser("/author/status", "read", CONTENT_STATS); // app/author/forbidden.tsx, HTTP 403
  const status = await contentStatus(await getDb(), user);
  const lastSync = status.recentSyncs[0];
  const families = status.families;

  return (
    <div className="container page author-page">
      <header className="author-header">
        <h1>Content status</h1>
        <p className="lead muted">
          What the database holds from <code>content/</code>, family by family, and what each content sync changed. Retired items
          are hidden from new practice; learners&apos; cards and history for them are kept. How to write and change content:{" "}
          <Link href="/author/guide">the authoring guide</Link>.
        </p>
        <AuthorNav current="/author/status" />
      </header>

      <dl className="author-summary">
        <div>
          <dt>Lessons</dt>
          <dd>{status.totals.lessons}</dd>
        </div>
        <div>
          <dt>Questions</dt>
          <dd>{status.totals.questions}</dd>
        </div>
        <div>
          <dt>Retired lessons</dt>
          <dd>{status.totals.retiredLessons}</dd>
        </div>
        <div>
          <dt>Retired questions</dt>
          <dd>{status.totals.retiredQuestions}</dd>
        </div>
      </dl>

      <section className="author-section" aria-labelledby="by-family-title">
        <h2 id="by-family-title">By family and difficulty</h2>
        <div className="author-table-scroll" role="region" aria-labelledby="by-family-title" tabIndex={0}>
          <table className="author-table author-matrix">
            <thead>
              <tr>
                <th scope="col" rowSpan={2}>Family</th>
                <th scope="colgroup" colSpan={LESSON_DIFFICULTIES.length + 1} className="num author-group">Lessons</th>
                <th scope="colgroup" colSpan={QUESTION_DIFFICULTIES.length + 1} className="num author-group">Questions</th>
                <th scope="col" rowSpan={2} className="num">
                  Retired <small className="author-th-note">lessons / questions</small>
                </th>
              </tr>
              <tr>
                {LESSON_DIFFICULTIES.map((d) => (
                  <th key={d} scope="col" className="num">{capitalize(d)}</th>
                ))}
                <th scope="col" className="num author-total">Live</th>
                {QUESTION_DIFFICULTIES.map((d) => (
                  <th key={d} scope="col" className="num">{capitalize(d)}</th>
                ))}
                <th scope="col" className="num author-total">Live</th>
              </tr>
            </thead>
            <tbody>
              {families.map((f) => (
                <tr key={f.slug}>
                  <th scope="row">{f.name}</th>
                  {LESSON_DIFFICULTIES.map((d) => (
                    <td key={d} className="num" data-zero={f.lessons.byDifficulty[d] === 0 || undefined}>{f.lessons.byDifficulty[d]}</td>
                  ))}
                  <td className="num author-total">{f.lessons.live}</td>
                  {QUESTION_DIFFICULTIES.map((d) => (
                    <td key={d} className="num" data-zero={f.questions.byDifficulty[d] === 0 || undefined}>{f.questions.byDifficulty[d]}</td>
                  ))}
                  <td className="num author-total">{f.questions.live}</td>
                  <td className="num" data-zero={f.lessons.retired + f.questions.retired === 0 || undefined}>
                    {f.lessons.retired} / {f.questions.retired}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="author-section" aria-labelledby="by-type-title">
        <h2 id="by-type-title">Live questions by type</h2>
        <div className="author-table-scroll" role="region" aria-labelledby="by-type-title" tabIndex={0}>
          <table className="author-table author-matrix">
            <thead>
              <tr>
                <th scope="col">Family</th>
                {QUESTION_TYPES.map((t) => (
                  <th key={t} scope="col" className="num">{capitalize(t)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {families.map((f) => (
                <tr key={f.slug}>
                  <th scope="row">{f.name}</th>
                  {QUESTION_TYPES.map((t) => (
                    <td key={t} className="num" data-zero={f.questions.byType[t] === 0 || undefined}>{f.questions.byType[t]}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="author-section" aria-labelledby="last-sync-title">
        <h2 id="last-sync-title">Last content sync</h2>
        {lastSync ? (
          <>
            <p className="author-sync-line">
              <time dateTime={lastSync.startedAt.toISOString()}>{dateTime(lastSync.startedAt)}</time>
              <span className="muted">
                {" "}
                · {lastSync.lessons} lessons and {lastSync.questions} questions in <code>content/</code> at the time
              </span>
            </p>
            <ul className="author-kind-counts">
              {CHANGE_KINDS.map((k) => (
                <li key={k} className={`author-kind author-kind-${k.toLowerCase()}`} data-zero={lastSync.counts[k] === 0 || undefined}>
                  <strong>{lastSync.counts[k]}</strong> {KIND_LABELS[k].toLowerCase()}
                </li>
              ))}
            </ul>
            <ChangeList changes={status.lastSyncChanges} />
          </>
        ) : (
          <div className="card author-empty">
            <p>
              No content sync has changed anything yet. Run <code>npm run content:sync</code> (it also runs when the app starts) to
              load <code>content/</code> into the database.
            </p>
          </div>
        )}
      </section>

      {status.recentSyncs.length > 1 ? (
        <section className="author-section" aria-labelledby="recent-title">
          <h2 id="recent-title">Recent syncs</h2>
          <div className="author-table-scroll" role="region" aria-labelledby="recent-title" tabIndex={0}>
            <table className="author-table">
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  {CHANGE_KINDS.map((k) => (
                    <th key={k} scope="col" className="num">{KIND_LABELS[k]}</th>
                  ))}
                  <th scope="col" className="num">Lessons</th>
                  <th scope="col" className="num">Questions</th>
                </tr>
              </thead>
              <tbody>
                {status.recentSyncs.map((s) => (
                  <tr key={s.id}>
                    <td><time dateTime={s.startedAt.toISOString()}>{dateTime(s.startedAt)}</time></td>
                    {CHANGE_KINDS.map((k) => (
                      <td key={k} className="num" data-zero={s.counts[k] === 0 || undefined}>{s.counts[k]}</td>
                    ))}
                    <td className="num">{s.lessons}</td>
                    <td className="num">{s.questions}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </div>
  );
}

/** The last sync's changes, grouped by kind; long lists (a first import) are folded. */
function ChangeList({ changes }: { changes: readonly ChangedItem[] }) {
  const groups = CHANGE_KINDS.map((k) => ({ kind: k, items: changes.filter((c) => c.kind === k) })).filter((g) => g.items.length > 0);
  return (
    <div className="author-changes">
      {groups.map((g) => (
        <details key={g.kind} open={g.items.length <= 12}>
          <summary>
            {KIND_LABELS[g.kind]} <span className="muted">({g.items.length})</span>
          </summary>
          <ul>
            {g.items.map((c) => (
              <li key={`${c.itemType}:${c.itemId}`}>
                <span className="author-chip">{c.itemType}</span>
                {c.itemType === "question" ? (
                  <Link href={`/author/questions/${c.itemId}`} className="author-qid">{c.itemId}</Link>
                ) : (
                  <span className="author-qid">{c.itemId}</span>
                )}
                {c.label ? <span className="author-change-label">{excerpt(c.label, 100)}</span> : null}
                {c.sourcePath ? (
                  <code className="author-source">
                    {c.sourcePath}
                    {c.sourceLine ? `:${c.sourceLine}` : ""}
                  </code>
                ) : null}
                {c.version && c.version > 1 ? <span className="muted author-version">v{c.version}</span> : null}
              </li>
            ))}
          </ul>
        </details>
      ))}
    </div>
  );
}
