// Item statistics as CSV for spreadsheets (lib/csv writes the cells and defuses formulas: question
// ids and option texts come from content files that many people edit).
import { csvRound, toCsv } from "@/lib/csv";
import { FLAG_LABELS, sourceLocation, type ItemStats } from "./item-stats";

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
    .map((o) => `${o.text}${o.correct ? " (correct)" : ""}: ${o.share === null ? "-" : `${Math.round(o.share * 100)}%`}`)
    .join("; ");
}

/** The whole table, CRLF line ends (RFC 4180), one row per question. */
export function itemStatsCsv(items: readonly ItemStats[]): string {
  const rows = items.map((i) =>
    [
      i.questionId,
      i.family,
      i.lessonId,
      i.type,
      i.difficulty,
      i.mode,
      i.version,
      sourceLocation(i),
      i.attempts,
      i.quizAnswers,
      i.reviewAnswers,
      i.graded,
      i.correct,
      csvRound(i.facility),
      i.learners,
      csvRound(i.discrimination),
      i.discriminationLearners,
      i.medianMs === null ? null : Math.round(i.medianMs),
      i.timeLimitMs,
      csvRound(i.lateShare),
      i.reviews,
      csvRound(i.againShare),
      optionSummary(i),
      i.flags.map((f) => FLAG_LABELS[f]).join("; "),
    ],
  );
  return toCsv(CSV_COLUMNS, rows);
}
