// How everyone scored on a daily challenge, as a table whose cells carry bars: screen readers
// read a table, sighted users see a bar chart. The learner's own row is marked in words too.
import { plural, score } from "@/lib/format";

interface Props {
  rows: ReadonlyArray<{ score: number; learners: number }>;
  /** Questions in the challenge: every whole score from 0 to this gets a row, even with nobody on it. */
  maxScore: number;
  ownScore: number | null;
  caption: string;
}

const sameScore = (a: number, b: number) => Math.abs(a - b) < 1e-6;

export function ScoreDistribution({ rows, maxScore, ownScore, caption }: Props) {
  const scores = [...Array.from({ length: maxScore + 1 }, (_, i) => i), ...rows.map((r) => r.score)];
  const all = scores
    .filter((s, i) => scores.findIndex((t) => sameScore(s, t)) === i)
    .sort((a, b) => b - a)
    .map((score) => ({ score, learners: rows.find((r) => sameScore(r.score, score))?.learners ?? 0 }));
  const most = Math.max(1, ...all.map((r) => r.learners));
  const everyone = all.reduce((n, r) => n + r.learners, 0);

  return (
    <table className="score-distribution">
      <caption>
        {caption} <span className="muted">({plural(everyone, "learner")})</span>
      </caption>
      <thead>
        <tr>
          <th scope="col">Score</th>
          <th scope="col">Learners</th>
        </tr>
      </thead>
      <tbody>
        {all.map((r) => {
          const own = ownScore !== null && sameScore(r.score, ownScore);
          return (
            <tr key={r.score} data-own={own || undefined}>
              <th scope="row">
                {score(r.score)}
                {own ? <span className="score-you">You</span> : null}
              </th>
              <td>
                <span className="score-bar" aria-hidden="true">
                  <span style={{ width: `${(r.learners / most) * 100}%` }} />
                </span>
                <span className="score-count">{r.learners}</span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
