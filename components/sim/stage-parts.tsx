"use client";
/**
 * Pieces every simulation's stage and config share: the SVG frame (wide design scaled, or narrow at one unit
 * per pixel), stacking boxes on narrow stages, wrapped statistic lines, node action hints, compact helpers and
 * fault-slider specs.
 */
import type { ReactNode } from "react";
import type { SliderSpec, StageBox, StageProps } from "./player";
import styles from "./sim.module.css";

/** The stage's `<svg>`: the wide design (w × h, scaled to fit) or, on a narrow stage, its own pixel box. */
export function StageSvg({ narrow, w, h, height, label, children }: { narrow: StageBox | null; w: number; h: number; height?: number; label: string; children: ReactNode }) {
  const viewBox = narrow ? `0 0 ${narrow.width} ${Math.max(narrow.height, height ?? 0)}` : `0 0 ${w} ${h}`;
  return (
    <svg viewBox={viewBox} className={`${styles.svg} ${narrow ? styles.narrowSvg : ""}`} role="img" aria-label={label}>
      {children}
    </svg>
  );
}

export interface Placed {
  x: number;
  y: number;
}

/**
 * Where boxes go: their wide-design positions, or on a narrow stage one under another, centred, `gap` apart.
 * Returns the positions and the height the stack needs.
 */
export function placeBoxes(narrow: StageBox | null, boxes: { w: number; h: number; wide: Placed }[], top = 8, gap = 26): { at: Placed[]; bottom: number } {
  if (!narrow) return { at: boxes.map((b) => b.wide), bottom: Math.max(...boxes.map((b) => b.wide.y + b.h)) };
  let y = top;
  const at = boxes.map((b) => {
    const p = { x: Math.round((narrow.width - b.w) / 2), y };
    y += b.h + gap;
    return p;
  });
  return { at, bottom: y - gap };
}

/** `placeBoxes` plus each box's position and size, for `Connector`. */
export function stackBoxes(narrow: StageBox | null, boxes: { w: number; h: number; wide: Placed }[]) {
  const { at, bottom } = placeBoxes(narrow, boxes);
  return { at, bottom, box: (i: number) => ({ at: at[i], w: boxes[i].w, h: boxes[i].h }) };
}

/** A connector between two boxes: horizontal in the wide design, vertical when stacked. */
export function Connector({ from, to, narrow }: { from: { at: Placed; w: number; h: number }; to: { at: Placed; w: number; h: number }; narrow: StageBox | null }) {
  if (narrow) {
    const x = from.at.x + from.w / 2;
    return <line x1={x} y1={from.at.y + from.h + 2} x2={x} y2={to.at.y - 2} className={styles.spoke} />;
  }
  const y = from.at.y + from.h / 2;
  return <line x1={from.at.x + from.w + 2} y1={y} x2={to.at.x - 2} y2={to.at.y + to.h / 2} className={styles.spoke} />;
}

export type Stat = string | { text: string; className?: string; continued?: boolean };

/**
 * A box with a title, an optional large figure and lines of detail below it: clients, databases, balancers.
 * `children` are drawn inside the box's coordinates (bars, extra marks).
 */
export function MetricBox({
  at,
  w,
  h,
  className,
  title,
  value,
  lines,
  children,
}: {
  at: Placed;
  w: number;
  h: number;
  className?: string;
  title: string;
  value?: ReactNode;
  lines: Stat[];
  children?: ReactNode;
}) {
  const first = value === undefined ? 50 : 78;
  return (
    <g transform={`translate(${at.x}, ${at.y})`}>
      <rect width={w} height={h} rx={10} className={className ?? styles.box} />
      <text x={w / 2} y={26} textAnchor="middle" className={styles.label}>
        {title}
      </text>
      {value === undefined ? null : (
        <text x={w / 2} y={56} textAnchor="middle" className={styles.big}>
          {value}
        </text>
      )}
      {lines.map((line, i) => (
        <text key={i} x={w / 2} y={first + i * 20} textAnchor="middle" className={typeof line === "string" ? styles.small : (line.className ?? styles.small)}>
          {typeof line === "string" ? line : line.text}
        </text>
      ))}
      {children}
    </g>
  );
}

/** Approximate width of 12 px system-font text, for wrapping statistics on narrow stages. */
const CHAR_PX = 6.7;

/**
 * Lines of statistics ("requests 120 · failed 3 · …"). Wide: one line each, as given. Narrow: the items are
 * re-flowed to fit the width, so nothing runs off the picture. Returns the elements and the height used.
 */
export function statLines(
  narrow: StageBox | null,
  lines: Stat[][],
  /** Top line's baseline: in the wide design, and below the narrow layout's picture. */
  y: { wide: number; narrow: number },
  wide: { x?: number; lineH?: number } = {},
): { node: ReactNode; height: number } {
  const x = narrow ? 10 : (wide.x ?? 20);
  const lineH = narrow ? 18 : (wide.lineH ?? 20);
  let rows: Stat[][] = lines;
  if (narrow) {
    const max = Math.floor((narrow.width - 2 * x) / CHAR_PX);
    rows = [];
    let row: Stat[] = [];
    let len = 0;
    // An item longer than a line is cut at spaces into pieces that each fit (shown without separators).
    const items: Stat[] = lines.flat().flatMap((item) => {
      const text = typeof item === "string" ? item : item.text;
      if (text.length <= max) return [item];
      const pieces: string[] = [];
      let piece = "";
      for (const word of text.split(" ")) {
        if (piece && piece.length + 1 + word.length > max) {
          pieces.push(piece);
          piece = word;
        } else piece = piece ? `${piece} ${word}` : word;
      }
      if (piece) pieces.push(piece);
      return pieces.map((p, i) => ({ text: p, className: typeof item === "string" ? undefined : item.className, continued: i > 0 }));
    });
    for (const item of items) {
      const l = (typeof item === "string" ? item : item.text).length + 3;
      const continued = typeof item !== "string" && item.continued === true;
      if (row.length > 0 && (len + l > max || continued)) {
        rows.push(row);
        row = [];
        len = 0;
      }
      row.push(item);
      len += l;
    }
    if (row.length > 0) rows.push(row);
  }
  const node = (
    <>
      {rows.map((row, i) => (
        <text key={i} x={x} y={(narrow ? y.narrow : y.wide) + i * lineH} className={styles.small}>
          {row.map((item, j) => (
            <tspan key={j} className={typeof item === "string" ? undefined : item.className}>
              {j > 0 && !(typeof item !== "string" && item.continued) ? " · " : ""}
              {typeof item === "string" ? item : item.text}
            </tspan>
          ))}
        </text>
      ))}
    </>
  );
  return { node, height: rows.length * lineH };
}

/** The end of a node's accessible label: what pressing Enter does in the current mode. */
export function nodeAction(nodeMode: StageProps<unknown>["nodeMode"], up: boolean, verbs: { down: string; up: string } = { down: "crash it", up: "restart it" }): string {
  return nodeMode === "crash" ? ` — press Enter to ${up ? verbs.down : verbs.up}` : "";
}

/** A snapshot that is the state without its time (the player knows the time). */
export function withoutTime<S extends { t: number }>(state: unknown): Omit<S, "t"> {
  const { t: _t, ...rest } = state as S;
  return rest;
}

const percent = (v: number) => `${Math.round(v * 100)}%`;

/** Fault sliders shared by several simulations. */
export const sliders = {
  drop: (): SliderSpec => ({ fault: "drop", label: "Drop", min: 0, max: 0.5, step: 0.05, format: percent }),
  delay: (label: string, max: number): SliderSpec => ({ fault: "delay", label, min: 0, max, step: 10, format: (v) => `${v} ms` }),
  errors: (label: string, baseline?: (p: Record<string, unknown>) => number): SliderSpec => ({ fault: "errors", label, min: 0, max: 1, step: 0.05, format: percent, baseline }),
  /** Offered load; the baseline is the parameter `param` (or its default). */
  load: (label: string, max: number, step: number, baseline: (p: Record<string, unknown>) => number): SliderSpec => ({
    fault: "load",
    label,
    min: 0,
    max,
    step,
    format: (v) => `${v}/s`,
    baseline,
  }),
  hotkeyShare: (key: string, baseline: (p: Record<string, unknown>) => number): SliderSpec => ({ fault: "hotkey", key, label: "Hot-key share", min: 0, max: 1, step: 0.05, format: percent, baseline }),
};

/** A parameter's value from the props, or the simulation's default. */
export const param = (defaults: Record<string, unknown>, key: string) => (p: Record<string, unknown>) => Number(p[key] ?? defaults[key]);
