"use client";
// The dashboard's charts (recharts), loaded only in the browser by charts.tsx. They repeat the
// numbers of the tables beside them; the keyboard layer is off because the tables are the way
// to read exact values.
import { Bar, BarChart, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { chartAxis as axis, chartTooltip as tooltip } from "@/components/charts/theme";


export interface RecallPoint {
  family: string;
  recall: number | null;
}

export function RecallChart({ data }: { data: RecallPoint[] }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }} accessibilityLayer={false}>
        <CartesianGrid horizontal={false} stroke="var(--border)" strokeDasharray="3 3" />
        <XAxis type="number" domain={[0, 100]} unit="%" {...axis} />
        <YAxis type="category" dataKey="family" width={150} {...axis} />
        <Tooltip {...tooltip} formatter={(v) => [`${v}%`, "Recall"]} />
        <Bar dataKey="recall" name="Recall" fill="var(--accent)" radius={[0, 4, 4, 0]} maxBarSize={22} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

export interface ForecastPoint {
  day: string;
  due: number;
}

export function ForecastChart({ data }: { data: ForecastPoint[] }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 4, left: -16 }} accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke="var(--border)" strokeDasharray="3 3" />
        <XAxis dataKey="day" interval="preserveStartEnd" minTickGap={12} {...axis} />
        <YAxis allowDecimals={false} {...axis} />
        <Tooltip {...tooltip} formatter={(v) => [v, "Reviews due"]} />
        <Bar dataKey="due" name="Reviews due" fill="var(--accent)" radius={[4, 4, 0, 0]} maxBarSize={28} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

export interface ActivityPoint {
  week: string;
  accuracy: number | null;
  medianSeconds: number | null;
}

export function ActivityChart({ data }: { data: ActivityPoint[] }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <ComposedChart data={data} margin={{ top: 8, right: 0, bottom: 4, left: -8 }} accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke="var(--border)" strokeDasharray="3 3" />
        <XAxis dataKey="week" interval="preserveStartEnd" minTickGap={16} {...axis} />
        <YAxis yAxisId="accuracy" domain={[0, 100]} unit="%" {...axis} />
        <YAxis yAxisId="time" orientation="right" unit=" s" allowDecimals={false} {...axis} />
        <Tooltip {...tooltip} formatter={(v, name) => [name === "Accuracy" ? `${v}%` : `${v} s`, name]} />
        <Bar yAxisId="time" dataKey="medianSeconds" name="Median time" fill="var(--accent-soft)" stroke="var(--accent)" radius={[4, 4, 0, 0]} maxBarSize={24} isAnimationActive={false} />
        <Line yAxisId="accuracy" dataKey="accuracy" name="Accuracy" stroke="var(--success)" strokeWidth={2.5} dot={{ r: 3, fill: "var(--success)" }} connectNulls isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
