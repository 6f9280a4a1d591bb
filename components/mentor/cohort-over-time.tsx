// The cohort's weekly series, streamed after the learner table: the page does not wait for
// twelve weeks of history before showing who needs attention (see app/mentor/cohorts/[id]).
import type { WeekPoint } from "@/lib/mentor/dashboard";
import { WeeklyAccuracyChartBox, WeeklyReviewsChartBox } from "./charts";
import { formatDate, percent } from "@/lib/format";

const weekLabel = (d: Date) => formatDate(d, { day: "numeric", month: "short" });

export async function CohortOverTime({ series: pending }: { series: Promise<WeekPoint[]> }) {
  const series = await pending;
  const thisWeek = series.at(-1);
  const busiest = series.reduce((a, b) => (b.reviews > a.reviews ? b : a), series[0]);
  const chartData = series.map((w) => ({
    week: weekLabel(w.week),
    reviews: w.reviews,
    recallRate: w.recallRate === null ? null : Math.round(w.recallRate * 100),
    quizAccuracy: w.quizAccuracy === null ? null : Math.round(w.quizAccuracy * 100),
  }));
  return (
    <>
      <div className="mentor-charts">
        <WeeklyReviewsChartBox
          data={chartData}
          summary={`Reviews per week over the last ${series.length} weeks: ${thisWeek?.reviews ?? 0} this week; the busiest week was ${busiest ? weekLabel(busiest.week) : "–"} with ${busiest?.reviews ?? 0}.`}
        />
        <WeeklyAccuracyChartBox
          data={chartData}
          summary={`Share of reviews recalled and quiz accuracy per week: this week ${percent(thisWeek?.recallRate)} recalled and ${percent(thisWeek?.quizAccuracy)} quiz accuracy.`}
        />
      </div>
      <details className="mentor-series">
        <summary>The numbers, week by week</summary>
        <div className="mentor-scroll" tabIndex={0} role="region" aria-label="Weekly figures">
          <table className="mentor-table">
            <thead>
              <tr>
                <th scope="col">Week of</th>
                <th scope="col" className="num">Reviews</th>
                <th scope="col" className="num">Recalled</th>
                <th scope="col" className="num">Quiz answers</th>
                <th scope="col" className="num">Quiz accuracy</th>
              </tr>
            </thead>
            <tbody>
              {series.map((w) => (
                <tr key={w.week.toISOString()}>
                  <th scope="row">{weekLabel(w.week)}</th>
                  <td className="num">{w.reviews}</td>
                  <td className="num">{percent(w.recallRate)}</td>
                  <td className="num">{w.quizAnswers}</td>
                  <td className="num">{percent(w.quizAccuracy)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}

/** Holds the charts' place while the series loads, at their final height: nothing below moves. */
export function CohortOverTimePlaceholder() {
  return (
    <div className="mentor-charts" aria-busy="true">
      <p className="visually-hidden">Loading the weekly figures…</p>
      <figure className="mentor-chart">
        <figcaption className="mentor-chart-title">Reviews per week</figcaption>
        <div className="mentor-chart-area"><div className="mentor-chart-placeholder" /></div>
      </figure>
      <figure className="mentor-chart">
        <figcaption className="mentor-chart-title">Recall and quiz accuracy per week</figcaption>
        <div className="mentor-chart-area"><div className="mentor-chart-placeholder" /></div>
      </figure>
    </div>
  );
}
