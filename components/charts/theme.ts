// Recharts styling shared by every chart: colours come from the app's CSS variables, so charts
// follow light and dark mode without re-rendering.
export const chartAxis = { stroke: "var(--border)", tick: { fill: "var(--fg-muted)", fontSize: 12 }, tickLine: false } as const;

export const chartTooltip = {
  contentStyle: { background: "var(--bg-elevated)", border: "1px solid var(--border)", borderRadius: 8, color: "var(--fg)", fontSize: 13 },
  labelStyle: { color: "var(--fg)", fontWeight: 600 },
  itemStyle: { color: "var(--fg)" },
  cursor: { fill: "var(--bg-muted)" },
} as const;

export const chartLegend = { wrapperStyle: { fontSize: 12, color: "var(--fg-muted)" } } as const;
