"use client";
/** A small hand-drawn SVG line chart of one metric over the whole run, with the current moment marked. */
import { memo, useMemo } from "react";
import type { MetricSeries } from "@/lib/sim/types";
import { formatTime, indexAtOrBefore } from "./recording";
import styles from "./sim.module.css";

const W = 600;
const H = 56;
const PAD = 3;

interface Props {
  metrics: MetricSeries;
  series: { key: string; label: string }[];
  selected: string;
  onSelect(key: string): void;
  t: number;
  duration: number;
  idPrefix: string;
}

const Line = memo(function Line({ times, values, duration, max }: { times: number[]; values: number[]; duration: number; max: number }) {
  const d = useMemo(() => {
    if (times.length === 0) return "";
    const parts: string[] = [];
    const x = (tt: number) => PAD + (tt / duration) * (W - 2 * PAD);
    const y = (v: number) => H - PAD - (max > 0 ? (v / max) * (H - 2 * PAD) : 0);
    // Step line: a metric holds its value until the next sample.
    for (let i = 0; i < times.length; i++) {
      const v = values[i] ?? 0;
      if (i === 0) parts.push(`M${x(times[i]).toFixed(1)},${y(v).toFixed(1)}`);
      else parts.push(`H${x(times[i]).toFixed(1)}V${y(v).toFixed(1)}`);
    }
    parts.push(`H${x(duration).toFixed(1)}`);
    return parts.join("");
  }, [times, values, duration, max]);
  const area = d ? `${d}V${H - PAD}H${PAD}Z` : "";
  return (
    <>
      <path d={area} className={styles.chartArea} />
      <path d={d} className={styles.chartLine} />
    </>
  );
});

export function MetricChart({ metrics, series, selected, onSelect, t, duration, idPrefix }: Props) {
  const available = series.filter((s) => metrics.series[s.key]);
  const key = available.some((s) => s.key === selected) ? selected : available[0]?.key;
  const values = key ? metrics.series[key] : undefined;
  const max = useMemo(() => (values ? Math.max(1, ...values) : 1), [values]);
  if (!key || !values) return <p className={styles.empty}>No metrics recorded.</p>;
  const i = indexAtOrBefore(metrics.t, t);
  const current = metrics.t.length > 0 && metrics.t[0] <= t ? values[i] : undefined;
  const cx = PAD + (t / duration) * (W - 2 * PAD);
  const label = available.find((s) => s.key === key)?.label ?? key;
  return (
    <div className={styles.chartBox}>
      <div className={styles.chartHead}>
        <label htmlFor={`${idPrefix}-series`} className="visually-hidden">
          Metric
        </label>
        <select id={`${idPrefix}-series`} className={styles.select} value={key} onChange={(e) => onSelect(e.currentTarget.value)}>
          {available.map((s) => (
            <option key={s.key} value={s.key}>
              {s.label}
            </option>
          ))}
        </select>
        <span className={styles.chartValue}>
          {current === undefined ? "—" : formatValue(current)} <span className={styles.muted}>at {formatTime(t, duration)} · max {formatValue(max)}</span>
        </span>
      </div>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        className={styles.chartSvg}
        role="img"
        aria-label={`${label} over the run; now ${current === undefined ? "no value" : formatValue(current)}`}
      >
        <Line times={metrics.t} values={values} duration={duration} max={max} />
        <line x1={cx} x2={cx} y1={0} y2={H} className={styles.chartCursor} vectorEffect="non-scaling-stroke" />
      </svg>
    </div>
  );
}

function formatValue(v: number): string {
  if (Number.isInteger(v)) return String(v);
  if (Math.abs(v) < 1) return v.toFixed(2);
  return v.toFixed(1);
}
