"use client";
// The cohort's learners as a table the mentor can sort (column headers) and filter (name, flag).
// Learners who need attention come first until another sort is chosen.
import Link from "next/link";
import { useMemo, useState } from "react";
import { ago, duration, percent, plural } from "@/lib/format";
import { FLAG_LABELS, recallBand } from "./bands";

import type { AttentionFlag as Flag } from "@/lib/mentor/dashboard";

export interface LearnerTableRow {
  userId: string;
  name: string;
  email: string;
  lastActiveAt: string | null;
  reviews7d: number;
  recallRate7d: number | null;
  recallRatePrev7d: number | null;
  quizAnswers7d: number;
  due: number;
  overdue: number;
  leeches: number;
  quizAccuracy: number | null;
  medianAnswerMs: number | null;
  recall: number | null;
  flags: Flag[];
}


type SortKey = "attention" | "name" | "lastActiveAt" | "reviews7d" | "recallRate7d" | "quizAnswers7d" | "due" | "overdue" | "quizAccuracy" | "medianAnswerMs" | "recall" | "leeches";

const COLUMNS: Array<{ key: Exclude<SortKey, "attention">; label: string; numeric: boolean; title?: string }> = [
  { key: "name", label: "Learner", numeric: false },
  { key: "lastActiveAt", label: "Last active", numeric: false, title: "Latest review, quiz answer or drill" },
  { key: "reviews7d", label: "Reviews 7 d", numeric: true },
  { key: "recallRate7d", label: "Recalled 7 d", numeric: true, title: "Share of the last 7 days' reviews not rated Again (previous 7 days below)" },
  { key: "quizAnswers7d", label: "Quiz answers 7 d", numeric: true },
  { key: "due", label: "Due", numeric: true, title: "Reviews due now" },
  { key: "overdue", label: "Overdue", numeric: true, title: "Reviews overdue by more than a day" },
  { key: "recall", label: "Recall", numeric: true, title: "Mean predicted recall (FSRS retrievability) of reviewed cards, now" },
  { key: "quizAccuracy", label: "Quiz accuracy 30 d", numeric: true },
  { key: "medianAnswerMs", label: "Median time 30 d", numeric: true, title: "Median time per answered quiz question" },
  { key: "leeches", label: "Leeches", numeric: true, title: "Cards suspended after 8 lapses" },
];

function compare(a: LearnerTableRow, b: LearnerTableRow, key: Exclude<SortKey, "attention">): number {
  if (key === "name") return a.name.localeCompare(b.name, "en", { sensitivity: "base" });
  if (key === "lastActiveAt") return (a.lastActiveAt ? Date.parse(a.lastActiveAt) : -Infinity) - (b.lastActiveAt ? Date.parse(b.lastActiveAt) : -Infinity);
  const x = a[key];
  const y = b[key];
  // Missing values sort last whichever the direction.
  if (x === null && y === null) return 0;
  if (x === null) return Number.POSITIVE_INFINITY;
  if (y === null) return Number.NEGATIVE_INFINITY;
  return x - y;
}

export function LearnerTable({ rows, now, cohortName }: { rows: LearnerTableRow[]; now: string; cohortName: string }) {
  const [query, setQuery] = useState("");
  const [flag, setFlag] = useState<"all" | "any" | Flag>("all");
  const [sort, setSort] = useState<{ key: SortKey; dir: "asc" | "desc" }>({ key: "attention", dir: "asc" });
  const nowDate = useMemo(() => new Date(now), [now]);

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    const filtered = rows.filter(
      (r) =>
        (!q || r.name.toLowerCase().includes(q) || r.email.toLowerCase().includes(q)) &&
        (flag === "all" || (flag === "any" ? r.flags.length > 0 : r.flags.includes(flag))),
    );
    if (sort.key === "attention") return filtered;
    const key = sort.key;
    const sign = sort.dir === "asc" ? 1 : -1;
    return [...filtered].sort((a, b) => {
      const c = compare(a, b, key);
      if (!Number.isFinite(c)) return c > 0 ? 1 : -1; // nulls last in both directions
      return sign * c || a.name.localeCompare(b.name);
    });
  }, [rows, query, flag, sort]);

  const toggle = (key: Exclude<SortKey, "attention">, numeric: boolean) =>
    setSort((s) => (s.key === key ? { key, dir: s.dir === "asc" ? "desc" : "asc" } : { key, dir: numeric ? "desc" : "asc" }));

  return (
    <div className="mentor-learners">
      <div className="mentor-controls" role="search" aria-label={`Filter the learners of ${cohortName}`}>
        <div className="field">
          <label htmlFor="learner-filter">Find a learner</label>
          <input id="learner-filter" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Name or email" />
        </div>
        <div className="field">
          <label htmlFor="flag-filter">Show</label>
          <select id="flag-filter" value={flag} onChange={(e) => setFlag(e.target.value as typeof flag)}>
            <option value="all">Everyone</option>
            <option value="any">Needs attention</option>
            <option value="backlog">Backlog</option>
            <option value="recallFalling">Recall falling</option>
            <option value="inactive">Inactive 7+ days</option>
          </select>
        </div>
        {sort.key !== "attention" ? (
          <button type="button" className="button secondary mentor-small" onClick={() => setSort({ key: "attention", dir: "asc" })}>
            Attention first
          </button>
        ) : null}
        <p className="mentor-count muted" aria-live="polite">
          {shown.length === rows.length ? plural(rows.length, "learner") : `${shown.length} of ${plural(rows.length, "learner")}`}
        </p>
      </div>
      <div className="mentor-scroll" tabIndex={0} role="region" aria-label={`Learners of ${cohortName}`}>
        <table className="mentor-table">
          <thead>
            <tr>
              {COLUMNS.map((c) => {
                const active = sort.key === c.key;
                return (
                  <th
                    key={c.key} scope="col" className={c.numeric ? "num" : undefined}
                    aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : "none"}
                  >
                    <button type="button" className="mentor-sort" onClick={() => toggle(c.key, c.numeric)} title={c.title}>
                      {c.label}
                      <span className="mentor-sort-indicator" aria-hidden="true">{active ? (sort.dir === "asc" ? "▲" : "▼") : "↕"}</span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.userId} data-attention={r.flags.length > 0 || undefined}>
                <th scope="row">
                  <Link href={`/mentor/learners/${r.userId}`} className="mentor-learner-link">{r.name}</Link>
                  <small className="muted">{r.email}</small>
                  {r.flags.length > 0 ? (
                    <span className="mentor-flags">
                      {r.flags.map((f) => (
                        <span key={f} className={`mentor-flag mentor-flag-${f}`}>{FLAG_LABELS[f]}</span>
                      ))}
                    </span>
                  ) : null}
                </th>
                <td>{ago(r.lastActiveAt, nowDate)}</td>
                <td className="num">{r.reviews7d}</td>
                <td className="num">
                  {percent(r.recallRate7d)}
                  <small className="muted">prev {percent(r.recallRatePrev7d)}</small>
                </td>
                <td className="num">{r.quizAnswers7d}</td>
                <td className="num">{r.due}</td>
                <td className="num" data-alarm={r.flags.includes("backlog") || undefined}>{r.overdue}</td>
                <td className="num"><span className={`mentor-chip band-${recallBand(r.recall)}`}>{percent(r.recall)}</span></td>
                <td className="num">{percent(r.quizAccuracy)}</td>
                <td className="num">{duration(r.medianAnswerMs)}</td>
                <td className="num">{r.leeches}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {shown.length === 0 ? <p className="muted mentor-empty">No learner matches these filters.</p> : null}
      </div>
    </div>
  );
}
