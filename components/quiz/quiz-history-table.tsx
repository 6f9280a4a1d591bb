// The list of a learner's quizzes, as the learner sees it (with links to continue or read the
// results) and as their mentor sees it (status only: a mentor cannot open the learner's quiz).
import Link from "next/link";
import type { QuizHistoryEntry } from "@/lib/practice/quiz";
import { score } from "@/lib/format";
import { QUIZ_KIND_LABELS } from "./labels";
import "./quiz-history.css";

interface Props {
  quizzes: readonly QuizHistoryEntry[];
  /** How the start time reads on this page (time zone and precision differ per page). */
  formatStarted: (date: Date) => string;
  /** The learner's own list: links to continue a quiz or open its results. */
  own: boolean;
  /** Names the table for screen readers and its scroll region for keyboard users. */
  label: string;
  /** The table's class on this page (the mentor pages use their denser table). */
  tableClassName?: string;
}

export function QuizHistoryTable({ quizzes, formatStarted, own, label, tableClassName = "table" }: Props) {
  return (
    <div className="quiz-history-scroll" role="region" aria-label={label} tabIndex={0}>
      <table className={tableClassName}>
        <caption className="visually-hidden">{label}</caption>
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">Quiz</th>
            <th scope="col" className="num">Score</th>
            <th scope="col">{own ? <span className="visually-hidden">Open</span> : "Status"}</th>
          </tr>
        </thead>
        <tbody>
          {quizzes.map((q) => {
            const started = formatStarted(q.startedAt);
            return (
              <tr key={q.id}>
                <th scope="row">
                  <time dateTime={q.startedAt.toISOString()}>{started}</time>
                </th>
                <td>
                  {QUIZ_KIND_LABELS[q.kind] ?? q.kind}
                  {q.dailyDate ? <span className="muted"> · {q.dailyDate}</span> : null}
                </td>
                <td className="num">{q.finishedAt ? `${score(q.score)} / ${q.total}` : <span className="muted">In progress</span>}</td>
                <td>
                  {!own ? (
                    q.finishedAt ? "Finished" : "Not finished"
                  ) : q.finishedAt ? (
                    <Link href={`/practice/quiz/${q.id}/results`} aria-label={`Results of the quiz started ${started}`}>
                      Results
                    </Link>
                  ) : (
                    <Link href={`/practice/quiz/${q.id}`} aria-label={`Continue the quiz started ${started}`}>
                      Continue
                    </Link>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
