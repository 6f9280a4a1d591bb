"use client";
// Client-only chart slots: recharts loads after the page, in its own chunk, into a box whose
// height is reserved so nothing moves when a chart appears. Each chart is an image with a
// one-sentence summary; a table on the page carries every number.
import dynamic from "next/dynamic";
import type { DayChartPoint, WeekChartPoint } from "./chart-views";

const placeholder = () => <div className="mentor-chart-placeholder" />;
const WeeklyReviewsChart = dynamic(() => import("./chart-views").then((m) => m.WeeklyReviewsChart), { ssr: false, loading: placeholder });
const WeeklyAccuracyChart = dynamic(() => import("./chart-views").then((m) => m.WeeklyAccuracyChart), { ssr: false, loading: placeholder });
const ActivityChart = dynamic(() => import("./chart-views").then((m) => m.ActivityChart), { ssr: false, loading: placeholder });

function ChartBox({ title, summary, children }: { title: string; summary: string; children: React.ReactNode }) {
  return (
    <figure className="mentor-chart">
      <figcaption className="mentor-chart-title">{title}</figcaption>
      <div className="mentor-chart-area" role="img" aria-label={summary}>
        {children}
      </div>
    </figure>
  );
}

export function WeeklyReviewsChartBox({ data, summary }: { data: WeekChartPoint[]; summary: string }) {
  return (
    <ChartBox title="Reviews per week" summary={summary}>
      <WeeklyReviewsChart data={data} />
    </ChartBox>
  );
}

export function WeeklyAccuracyChartBox({ data, summary }: { data: WeekChartPoint[]; summary: string }) {
  return (
    <ChartBox title="Recall and quiz accuracy per week" summary={summary}>
      <WeeklyAccuracyChart data={data} />
    </ChartBox>
  );
}

export function ActivityChartBox({ data, summary }: { data: DayChartPoint[]; summary: string }) {
  return (
    <ChartBox title="Activity, last 4 weeks" summary={summary}>
      <ActivityChart data={data} />
    </ChartBox>
  );
}
