// Recall by family for every learner: a table with the percentage printed in each cell and a
// colour band as an extra cue, so it reads without colour (and in a screen reader) too.
import Link from "next/link";
import { familyBySlug } from "@/lib/content/families";
import type { FamilyRecall } from "@/lib/mentor/dashboard";
import { percent } from "@/lib/format";
import { recallBand } from "./bands";

export function RecallHeatmap({
  learners, families, caption,
}: {
  learners: Array<{ userId: string; name: string; recallByFamily: Partial<Record<string, FamilyRecall>> }>;
  families: readonly string[];
  caption: string;
}) {
  return (
    <div className="mentor-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="mentor-heatmap">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Learner</th>
            {families.map((f) => (
              <th key={f} scope="col" className="num">{familyBySlug(f)?.name ?? f}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {learners.map((l) => (
            <tr key={l.userId}>
              <th scope="row"><Link href={`/mentor/learners/${l.userId}`}>{l.name}</Link></th>
              {families.map((f) => {
                const cell = l.recallByFamily[f];
                return (
                  <td key={f} className={`num mentor-heat band-${recallBand(cell?.recall)}`} title={cell ? `${cell.cards} reviewed cards` : "No reviewed cards"}>
                    {cell ? percent(cell.recall) : <span aria-label="no data">–</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RecallLegend() {
  return (
    <p className="mentor-legend muted">
      <span className="mentor-heat band-low">below 70 %</span>
      <span className="mentor-heat band-mid">70–79 %</span>
      <span className="mentor-heat band-good">80–89 %</span>
      <span className="mentor-heat band-high">90 % and above</span>
      <span className="mentor-heat band-none">– no reviewed cards</span>
    </p>
  );
}
