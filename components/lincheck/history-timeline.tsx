"use client";
/**
 * One key's history as a timeline per client: each operation is a bar from invocation to return,
 * numbered by its place in the linearization (or the longest linearizable prefix), with the
 * operation that could not have happened and the writes involved highlighted.
 *
 * Keyboard: the timeline is one tab stop; arrow keys move between operations (left/right in time,
 * up/down between clients), Home/End jump to the first/last.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { formatTime, span, who } from "@/lib/lincheck/explain";
import { MODELS } from "@/lib/lincheck/models";
import type { TimelineBar, TimelineLayout } from "@/lib/lincheck/timeline";
import type { History, Operation } from "@/lib/lincheck/types";
import styles from "./lincheck.module.css";

const AXIS = 26;
const PAD = 14;
/** Lane and bar heights: roomy for a few clients, tighter for Jepsen's dozens. */
const laneSize = (clients: number) => (clients > 16 ? { lane: 34, bar: 22 } : { lane: 46, bar: 26 });

/** Slots share the visible width, between a readable minimum (then the timeline scrolls) and a maximum. */
function slotWidth(slots: number, available: number | null): number {
  const fit = available === null ? 44 : (available - 2 * PAD) / slots;
  return Math.max(slots > 200 ? 18 : 40, Math.min(110, Math.floor(fit)));
}

const ROLE_WORDS: Record<TimelineBar["role"], string> = {
  culprit: "could not have happened",
  missed: "the write it missed",
  source: "the write whose value it returned",
  newer: "had already returned a newer value",
  stuck: "cannot come next either",
  ordered: "",
  unordered: "",
};

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? "th" : ["th", "st", "nd", "rd"][n % 10] ?? "th";
  return `${n}${s}`;
}

export function barLabel(history: History, op: Operation, bar: TimelineBar, linearizable: boolean): string {
  const parts = [`${who(MODELS[history.model], op).replace(/^client/, "Client")}`, span(op, history.timeUnit)];
  if (bar.order !== null) parts.push(`${ordinal(bar.order)} in the ${linearizable ? "linearization" : "longest linearizable prefix"}`);
  if (ROLE_WORDS[bar.role]) parts.push(ROLE_WORDS[bar.role]);
  return parts.join(", ");
}

export function HistoryTimeline({
  history,
  layout,
  linearizable,
  selectedId,
  onSelect,
}: {
  history: History;
  layout: TimelineLayout;
  /** Numbers show a linearization (true) or the longest linearizable prefix (false). */
  linearizable: boolean;
  selectedId: number | null;
  onSelect: (id: number) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const byId = useMemo(() => new Map(history.operations.map((o) => [o.id, o])), [history]);
  const [available, setAvailable] = useState<number | null>(null);
  useEffect(() => {
    const box = scroller.current;
    if (!box) return;
    const observer = new ResizeObserver((entries) => setAvailable(entries[0].contentRect.width));
    observer.observe(box);
    return () => observer.disconnect();
  }, []);
  const w = slotWidth(layout.slots, available);
  const { lane: LANE, bar: BAR } = laneSize(layout.clients.length);
  const width = layout.slots * w + 2 * PAD;
  const height = AXIS + layout.clients.length * LANE + 8;
  const x = (slot: number) => PAD + slot * w + w / 2;
  const laneTop = (lane: number) => AXIS + lane * LANE + (LANE - BAR) / 2;
  const bars = layout.bars;
  const inTimeOrder = useMemo(() => [...bars].sort((a, b) => a.start - b.start || a.lane - b.lane || a.id - b.id), [bars]);
  const selected = bars.find((b) => b.id === selectedId) ?? null;

  // Keep the selected operation in view inside the timeline's own scroll box (never scrolls the page).
  useEffect(() => {
    const box = scroller.current;
    if (!box || !selected) return;
    const left = x(selected.start) - 40;
    const right = x(selected.end) + 40;
    if (left < box.scrollLeft || right > box.scrollLeft + box.clientWidth) {
      box.scrollLeft = Math.max(0, (left + right) / 2 - box.clientWidth / 2);
    }
    // x depends only on w.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selected, layout, w]);

  const focusBar = (id: number) => {
    onSelect(id);
    requestAnimationFrame(() => svg.current?.querySelector<SVGGElement>(`[data-op="${id}"]`)?.focus());
  };

  const onKeyDown = (e: KeyboardEvent<SVGSVGElement>) => {
    if (inTimeOrder.length === 0) return;
    const i = Math.max(0, inTimeOrder.findIndex((b) => b.id === selectedId));
    const current = inTimeOrder[i];
    let target: TimelineBar | undefined;
    if (e.key === "ArrowRight") target = inTimeOrder[Math.min(i + 1, inTimeOrder.length - 1)];
    else if (e.key === "ArrowLeft") target = inTimeOrder[Math.max(i - 1, 0)];
    else if (e.key === "Home") target = inTimeOrder[0];
    else if (e.key === "End") target = inTimeOrder[inTimeOrder.length - 1];
    else if (e.key === "ArrowUp" || e.key === "ArrowDown") {
      const lane = current.lane + (e.key === "ArrowUp" ? -1 : 1);
      const centre = (current.start + current.end) / 2;
      target = bars
        .filter((b) => b.lane === lane)
        .sort((a, b) => Math.abs((a.start + a.end) / 2 - centre) - Math.abs((b.start + b.end) / 2 - centre))[0];
    } else return;
    e.preventDefault();
    if (target) focusBar(target.id);
  };

  const tickEvery = Math.max(1, Math.ceil(56 / w));
  const pathPoints = layout.path.length <= 400
    ? layout.path
        .map((id) => bars.find((b) => b.id === id))
        .filter((b): b is TimelineBar => !!b && b.point !== null)
        .map((b) => `${x(b.point!)},${laneTop(b.lane) + BAR / 2}`)
    : [];

  return (
    <div className={styles.timeline}>
      <ol className={styles.lanes} aria-hidden="true" style={{ paddingTop: AXIS }}>
        {layout.clients.map((c) => (
          <li key={c} style={{ height: LANE }}>
            Client {c}
          </li>
        ))}
      </ol>
      <div className={styles.scroller} ref={scroller} data-testid="lincheck-timeline-scroll">
        <svg
          ref={svg}
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          className={styles.svg}
          role="group"
          aria-label={`Timeline of key ${layout.key}: ${bars.length} operations by ${layout.clients.length} clients. Use the arrow keys to move between operations.`}
          onKeyDown={onKeyDown}
        >
          {layout.clients.map((c, lane) => (
            <rect key={c} x={0} y={AXIS + lane * LANE} width={width} height={LANE} className={lane % 2 ? styles.laneOdd : styles.laneEven} />
          ))}
          {layout.slotTimes.map((t, s) =>
            s % tickEvery === 0 ? (
              <g key={s}>
                <line x1={x(s)} x2={x(s)} y1={AXIS - 6} y2={height} className={styles.tick} />
                <text x={x(s)} y={AXIS - 10} className={styles.tickLabel} textAnchor="middle">
                  {history.timeUnit === "event" ? t : formatTime(t, "ms").replace(" ms", "")}
                </text>
              </g>
            ) : null,
          )}
          <text x={width - PAD} y={AXIS - 10} className={styles.tickLabel} textAnchor="end">
            {history.timeUnit === "event" ? "event" : "ms"}
          </text>
          {pathPoints.length > 1 ? <polyline points={pathPoints.join(" ")} className={styles.path} /> : null}
          {bars.map((b) => {
            const op = byId.get(b.id)!;
            const left = x(b.start) - (b.start === b.end ? 7 : 0);
            const right = b.pending ? x(b.end) + w / 2 - 2 : x(b.end) + (b.start === b.end ? 7 : 0);
            const barWidth = Math.max(14, right - left);
            const top = laneTop(b.lane);
            const chars = Math.floor((barWidth - 9) / 6.2);
            const text =
              chars >= b.label.length ? b.label : chars >= b.compact.length ? b.compact : chars >= 3 ? `${b.compact.slice(0, chars - 1)}…` : "";
            const isSelected = b.id === selectedId;
            return (
              <g
                key={b.id}
                data-op={b.id}
                data-role={b.role}
                data-testid={`lincheck-op-${b.id}`}
                className={`${styles.bar} ${styles[b.role]}`}
                tabIndex={isSelected || (selectedId === null && b === inTimeOrder[0]) ? 0 : -1}
                role="button"
                aria-label={barLabel(history, op, b, linearizable)}
                aria-pressed={isSelected}
                onClick={() => focusBar(b.id)}
                onFocus={() => {
                  if (!isSelected) onSelect(b.id);
                }}
              >
                <title>{barLabel(history, op, b, linearizable)}</title>
                {isSelected ? <rect x={left - 4} y={top - 4} width={barWidth + 8} height={BAR + 8} rx={9} className={styles.selectionRing} /> : null}
                <rect x={left} y={top} width={barWidth} height={BAR} rx={6} className={b.pending ? styles.pendingRect : undefined} />
                {text ? (
                  <text x={left + 6} y={top + BAR / 2 + 4} className={styles.barLabel}>
                    {text}
                  </text>
                ) : null}
                {b.point !== null ? (
                  <g className={styles.point}>
                    <circle cx={x(b.point)} cy={top} r={b.order! >= 100 ? 9.5 : 8} />
                    <text x={x(b.point)} y={top + 3.5} textAnchor="middle">
                      {b.order}
                    </text>
                  </g>
                ) : null}
                {b.role === "culprit" ? (
                  <text x={left + barWidth - 4} y={top - 4} textAnchor="end" className={styles.culpritMark} aria-hidden="true">
                    ✗
                  </text>
                ) : null}
              </g>
            );
          })}
        </svg>
      </div>
    </div>
  );
}
