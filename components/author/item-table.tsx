import Link from "next/link";
import { familyBySlug } from "@/lib/content/families";
import { correlation, duration, percent, plural } from "@/lib/format";
import { excerpt } from "@/lib/author/excerpt";
import { sourceLocation, type ItemStats } from "@/lib/author/item-stats";
import { FIRST_DIRECTION, pendingFlags, viewQuery, type ItemView, type SortKey } from "@/lib/author/item-view";
import { FLAG_LABELS, MIN_SAMPLE } from "@/lib/author/item-stats";
import { FlagBadges } from "./flag-badges";

const COLUMNS: ReadonlyArray<{ key: SortKey; label: string; numeric?: boolean }> = [
  { key: "source", label: "Question" },
  { key: "attempts", label: "Attempts", numeric: true },
  { key: "facility", label: "Facility", numeric: true },
  { key: "discrimination", label: "Discrimination", numeric: true },
  { key: "median", label: "Median time", numeric: true },
  { key: "again", label: "Again", numeric: true },
  { key: "flags", label: "Flags" },
];

function SortHeader({ column, view }: { column: (typeof COLUMNS)[number]; view: ItemView }) {
  const active = view.sort === column.key;
  const next = active ? (view.dir === "asc" ? "desc" : "asc") : FIRST_DIRECTION[column.key];
  return (
    <th scope="col" aria-sort={active ? (view.dir === "asc" ? "ascending" : "descending") : undefined} className={column.numeric ? "num" : undefined}>
      <Link href={`/author${viewQuery({ ...view, sort: column.key, dir: next })}`} className="author-sort" data-active={active || undefined}>
        {column.label}
        <svg width="10" height="10" viewBox="0 0 10 10" aria-hidden="true">
          {active ? <path d={view.dir === "asc" ? "M5 2l4 6H1z" : "M5 8L1 2h8z"} fill="currentColor" /> : <path d="M5 1l3 3.5H2zM5 9L2 5.5h6z" fill="currentColor" opacity="0.45" />}
        </svg>
        <span className="visually-hidden">{active ? `, sorted ${view.dir === "asc" ? "ascending" : "descending"}` : ", sort"}</span>
      </Link>
    </th>
  );
}

/** Thresholds a question has crossed on too small a sample to flag yet, so a striking figure is not left unexplained. */
function PendingFlags({ item }: { item: ItemStats }) {
  const pending = pendingFlags(item);
  if (pending.length === 0) return null;
  return (
    <small className="author-pending">
      Not flagged yet (fewer than {MIN_SAMPLE}): {pending.map((p) => `${FLAG_LABELS[p.flag].toLowerCase()}, n = ${p.sample}`).join("; ")}
    </small>
  );
}

/** The item statistics table; every figure carries its sample size underneath. */
export function ItemTable({ items, view }: { items: readonly ItemStats[]; view: ItemView }) {
  return (
    <div className="author-table-scroll" role="region" aria-labelledby="item-table-caption" tabIndex={0}>
      <table className="author-table">
        <caption id="item-table-caption" className="visually-hidden">
          Item statistics, one row per question
        </caption>
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <SortHeader key={c.key} column={c} view={view} />
            ))}
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.questionId} data-flagged={i.flags.length > 0 || undefined}>
              <td className="author-question-cell">
                <Link href={`/author/questions/${encodeURIComponent(i.questionId)}`} className="author-qid">
                  {i.questionId}
                </Link>
                <span className="author-prompt">{excerpt(i.prompt)}</span>
                <span className="author-question-meta">
                  {familyBySlug(i.family)?.name ?? i.family} · {i.type} · {i.difficulty}
                </span>
                <code className="author-source">{sourceLocation(i)}</code>
              </td>
              <td className="num">
                {i.attempts}
                <small>{plural(i.learners, "learner")}</small>
              </td>
              <td className="num">
                {percent(i.facility)}
                <small>n = {i.graded}</small>
              </td>
              <td className="num">
                {correlation(i.discrimination)}
                <small>n = {i.discriminationLearners}</small>
              </td>
              <td className="num">
                {duration(i.medianMs)}
                <small>limit {duration(i.timeLimitMs)}</small>
              </td>
              <td className="num">
                {percent(i.againShare)}
                <small>{plural(i.reviews, "review")}</small>
              </td>
              <td>
                <FlagBadges flags={i.flags} />
                <PendingFlags item={i} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
