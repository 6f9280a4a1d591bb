"use client";
// The mentor pages' charts (recharts), loaded only in the browser by charts.tsx. The tables next
// to them carry every number; the keyboard layer is off for that reason.
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { chartAxis as axis, chartTooltip as tooltip, chartLegend as legend } from "@/components/charts/theme";

export interface WeekChartPoint {
  week: string;
  reviews: number;
  recallRate: number | null;
  quizAccuracy: number | null;
}

export function WeeklyReviewsChart({ data }: { data: WeekChartPoint[] }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke="var(--border)" strokeDasharray="3 3" />
        <XAxis dataKey="week" {...axis} />
        <YAxis allowDecimals={false} width={48} {...axis} />
        <Tooltip {...tooltip} formatter={(v) => [v, "Reviews"]} />
        <Bar dataKey="reviews" name="Reviews" fill="var(--accent)" radius={[4, 4, 0, 0]} maxBarSize={36} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

export function WeeklyAccuracyChart({ data }: { data: WeekChartPoint[] }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke="var(--border)" strokeDasharray="3 3" />
        <XAxis dataKey="week" {...axis} />
        <YAxis domain={[0, 100]} unit="%" width={48} {...axis} />
        <Tooltip {...tooltip} formatter={(v, name) => [v === null ? "–" : `${v}%`, name]} />
        <Legend {...legend} />
        <Line dataKey="recallRate" name="Reviews recalled" stroke="var(--success)" strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
        <Line dataKey="quizAccuracy" name="Quiz accuracy" stroke="var(--accent)" strokeWidth={2} strokeDasharray="5 4" dot={{ r: 3 }} connectNulls isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}

export interface DayChartPoint {
  day: string;
  reviews: number;
  quizAnswers: number;
  drills: number;
}

export function ActivityChart({ data }: { data: DayChartPoint[] }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke="var(--border)" strokeDasharray="3 3" />
        <XAxis dataKey="day" {...axis} interval="preserveStartEnd" minTickGap={24} />
        <YAxis allowDecimals={false} width={40} {...axis} />
        <Tooltip {...tooltip} />
        <Legend {...legend} />
        <Bar dataKey="reviews" name="Reviews" stackId="a" fill="var(--accent)" isAnimationActive={false} />
        <Bar dataKey="quizAnswers" name="Quiz answers" stackId="a" fill="var(--success)" isAnimationActive={false} />
        <Bar dataKey="drills" name="Drills" stackId="a" fill="var(--warning)" radius={[3, 3, 0, 0]} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
