// Item statistics as CSV for spreadsheets. Text cells are always quoted, and text that a
// spreadsheet would run as a formula (=, +, -, @, tab, carriage return at the start) is prefixed
// with an apostrophe (OWASP "CSV injection"): question ids and option texts come from content
// files that many people edit. Numbers are written by us and are never prefixed.
import { FLAG_LABELS, sourceLocation, type ItemStats } from "./item-stats";

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: numbers as they are, null as empty, text quoted and defused. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${text.replace(/"/g, '""')}"`;
}

function round(value: number | null, digits = 3): number | null {
  return value === null ? null : Number(value.toFixed(digits));
}

export const CSV_COLUMNS = [
  "question_id",
  "family",
  "lesson_id",
  "type",
  "difficulty",
  "mode",
  "version",
  "source",
  "attempts",
  "quiz_answers",
  "review_answers",
  "graded",
  "correct",
  "facility",
  "learners",
  "discrimination",
  "discrimination_learners",
  "median_ms",
  "time_limit_ms",
  "late_share",
  "reviews",
  "again_share",
  "option_shares",
  "flags",
] as const;

function optionSummary(item: ItemStats): string | null {
  if (!item.options) return null;
  return item.options
    .map((o) => `${o.id}${o.correct ? " (correct)" : ""}: ${o.share === null ? "-" : `${Math.round(o.share * 100)}%`}`)
    .join("; ");
}

/** The whole table, CRLF line ends (RFC 4180), one row per question. */
export function itemStatsCsv(items: readonly ItemStats[]): string {
  const rows = items.map((i) =>
    [
      csvCell(i.questionId),
      csvCell(i.family),
      csvCell(i.lessonId),
      csvCell(i.type),
      csvCell(i.difficulty),
      csvCell(i.mode),
      csvCell(i.version),
      csvCell(sourceLocation(i)),
      csvCell(i.attempts),
      csvCell(i.quizAnswers),
      csvCell(i.reviewAnswers),
      csvCell(i.graded),
      csvCell(i.correct),
      csvCell(round(i.facility)),
      csvCell(i.learners),
      csvCell(round(i.discrimination)),
      csvCell(i.discriminationLearners),
      csvCell(i.medianMs === null ? null : Math.round(i.medianMs)),
      csvCell(i.timeLimitMs),
      csvCell(round(i.lateShare)),
      csvCell(i.reviews),
      csvCell(round(i.againShare)),
      csvCell(optionSummary(i)),
      csvCell(i.flags.map((f) => FLAG_LABELS[f]).join("; ")),
    ].join(","),
  );
  return [CSV_COLUMNS.map((c) => csvCell(c)).join(","), ...rows].join("\r\n") + "\r\n";
}
