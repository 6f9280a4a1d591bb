"use client";
// Client-only chart slots: recharts loads after the page (its own chunk), into a box whose height
// is reserved, so nothing moves when a chart appears. Each chart is an image with a one-sentence
// summary; the table next to it carries every number, for screen readers and without JavaScript.
import dynamic from "next/dynamic";
import type { ActivityPoint, ForecastPoint, RecallPoint } from "./chart-views";

const placeholder = () => <div className="chart-placeholder" />;
const RecallChart = dynamic(() => import("./chart-views").then((m) => m.RecallChart), { ssr: false, loading: placeholder });
const ForecastChart = dynamic(() => import("./chart-views").then((m) => m.ForecastChart), { ssr: false, loading: placeholder });
const ActivityChart = dynamic(() => import("./chart-views").then((m) => m.ActivityChart), { ssr: false, loading: placeholder });

/** A chart with its text alternative: `summary` says what it shows; the table beside it has every number. */
function ChartBox({ summary, legend, children }: { summary: string; legend?: React.ReactNode; children: React.ReactNode }) {
  return (
    <figure className="chart">
      {legend}
      <div className="chart-area" role="img" aria-label={summary}>
        {children}
      </div>
    </figure>
  );
}

export function RecallChartBox({ data, summary }: { data: RecallPoint[]; summary: string }) {
  return (
    <ChartBox summary={summary}>
      <RecallChart data={data} />
    </ChartBox>
  );
}

export function ForecastChartBox({ data, summary }: { data: ForecastPoint[]; summary: string }) {
  return (
    <ChartBox summary={summary}>
      <ForecastChart data={data} />
    </ChartBox>
  );
}

export function ActivityChartBox({ data, summary }: { data: ActivityPoint[]; summary: string }) {
  return (
    <ChartBox
      summary={summary}
      legend={
        <figcaption className="chart-legend" aria-hidden="true">
          <span className="legend-item"><span className="swatch swatch-line" /> Accuracy (left axis)</span>
          <span className="legend-item"><span className="swatch swatch-bar" /> Median time (right axis)</span>
        </figcaption>
      }
    >
      <ActivityChart data={data} />
    </ChartBox>
  );
}
