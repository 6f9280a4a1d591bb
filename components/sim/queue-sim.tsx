"use client";
/** A work queue: producers, the queue (ready and in flight), consumers that crash or slow down, and the dead-letter queue. */
import { queue, type QueueState } from "@/lib/sim/queue";
import { NodeButton, makeSimComponent, type SimConfig, type StageProps } from "./player";
import styles from "./sim.module.css";

export interface QueueSnap {
  ready: number;
  inFlight: number;
  deadLetter: number;
  consumers: QueueState["consumers"];
  blockedProducers: number[];
  counts: QueueState["counts"];
  lag: number;
}

function compact(state: unknown): QueueSnap {
  const s = state as QueueState;
  return {
    ready: s.ready.length,
    inFlight: s.inFlight.length,
    deadLetter: s.deadLetter.length,
    consumers: s.consumers,
    blockedProducers: s.blockedProducers,
    counts: s.counts,
    lag: s.lag,
  };
}

const W = 660;
const H = 380;

function QueueStage({ snap, params, nodeMode, onNode }: StageProps<QueueSnap>) {
  const producers = Number(params.producers ?? queue.defaults.producers);
  const capacity = Number(params.capacity ?? queue.defaults.capacity);
  const idempotent = Boolean(params.idempotent ?? queue.defaults.idempotent);
  const depth = snap.ready + snap.inFlight;
  const fill = capacity > 0 ? Math.min(1, depth / capacity) : Math.min(1, depth / 200);
  const full = capacity > 0 && depth >= capacity;
  const rowP = Math.min(44, 260 / Math.max(1, producers));
  const rowC = Math.min(56, 270 / Math.max(1, snap.consumers.length));
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className={styles.svg} role="img" aria-label={describe(snap, capacity)}>
      <text x={20} y={22} className={styles.label}>Producers</text>
      {Array.from({ length: Math.min(producers, 8) }, (_, i) => {
        const blocked = snap.blockedProducers.includes(i + 1);
        return (
          <g key={i} transform={`translate(20, ${36 + i * rowP})`}>
            <rect width={96} height={Math.min(34, rowP - 6)} rx={8} className={blocked ? styles.boxWarn : styles.box} />
            <text x={48} y={Math.min(34, rowP - 6) / 2 + 4} textAnchor="middle" className={blocked ? styles.textWarn : styles.small}>
              P{i + 1}{blocked ? " · blocked" : ""}
            </text>
          </g>
        );
      })}
      {producers > 8 ? <text x={20} y={36 + 8 * rowP + 12} className={styles.small}>+{producers - 8} more</text> : null}

      <g transform="translate(180, 60)">
        <text x={0} y={-12} className={styles.label}>Queue{capacity > 0 ? ` (capacity ${capacity})` : " (unbounded)"}</text>
        <rect width={220} height={120} rx={10} className={full ? styles.boxWarn : styles.box} />
        <rect x={8} y={96} width={204} height={12} rx={6} className={styles.fillMuted} />
        <rect x={8} y={96} width={204 * fill} height={12} rx={6} className={full ? styles.fillWarn : styles.fillAccent} />
        <text x={110} y={40} textAnchor="middle" className={styles.big}>{depth}</text>
        <text x={110} y={60} textAnchor="middle" className={styles.small}>{snap.ready} ready · {snap.inFlight} in flight</text>
        <text x={110} y={80} textAnchor="middle" className={styles.small}>lag {snap.lag} · max depth {snap.counts.maxQueueDepth}</text>
      </g>

      <g transform="translate(180, 230)">
        <text x={0} y={-10} className={styles.label}>Dead-letter queue</text>
        <rect width={220} height={56} rx={10} className={snap.deadLetter > 0 ? styles.boxBad : styles.box} />
        <text x={110} y={34} textAnchor="middle" className={snap.deadLetter > 0 ? styles.textBad : styles.small}>
          {snap.deadLetter} message{snap.deadLetter === 1 ? "" : "s"} after {String(params.maxAttempts ?? queue.defaults.maxAttempts)} attempts
        </text>
      </g>

      <text x={440} y={22} className={styles.label}>Consumers{idempotent ? " (idempotent)" : ""}</text>
      {snap.consumers.map((c, i) => {
        const role = !c.up ? "crashed" : c.slowFactor > 1 ? "slow" : c.processing !== null ? "busy" : "idle";
        const h = Math.min(46, rowC - 8);
        const label = `Consumer ${c.id}, ${role}${c.processing !== null ? `, processing message ${c.processing}` : ""}${
          nodeMode === "crash" ? (c.up ? " — press Enter to crash it" : " — press Enter to restart it") : ""
        }`;
        return (
          <NodeButton key={c.id} id={c.id} role={role} label={label} x={440} y={34 + i * rowC} onNode={onNode} disabled={nodeMode === "none"}>
            <rect x={-5} y={-5} width={210} height={h + 10} rx={12} className={styles.focusRing} />
            <rect width={200} height={h} rx={9} className={!c.up ? styles.boxBad : c.slowFactor > 1 ? styles.boxWarn : c.processing !== null ? styles.boxAccent : styles.box} />
            <text x={12} y={h / 2 + 4} className={styles.label}>C{c.id}</text>
            <text x={190} y={h / 2 + 4} textAnchor="end" className={!c.up ? styles.textBad : c.slowFactor > 1 ? styles.textWarn : styles.small}>
              {!c.up ? "✕ crashed" : c.processing !== null ? `msg #${c.processing}` : "idle"}
              {c.up && c.slowFactor > 1 ? ` · ×${c.slowFactor}` : ""}
            </text>
          </NodeButton>
        );
      })}

      <text x={20} y={H - 36} className={styles.small}>
        produced {snap.counts.produced} · processed {snap.counts.processed} · redelivered {snap.counts.redelivered} · rejected {snap.counts.rejected}
      </text>
      <text x={20} y={H - 16} className={snap.counts.duplicatesProcessed > 0 ? styles.textWarn : styles.small}>
        duplicates processed {snap.counts.duplicatesProcessed} · suppressed {snap.counts.duplicatesSuppressed} · dead-lettered {snap.counts.deadLettered}
      </text>
    </svg>
  );
}

function describe(s: QueueSnap, capacity: number): string {
  const up = s.consumers.filter((c) => c.up).length;
  return `Queue holds ${s.ready + s.inFlight} messages (${s.ready} ready, ${s.inFlight} in flight${capacity > 0 ? `, capacity ${capacity}` : ""}); ${up} of ${
    s.consumers.length
  } consumers up; ${s.deadLetter} in the dead-letter queue; ${s.counts.duplicatesProcessed} duplicates processed.`;
}

export const queueConfig: SimConfig<QueueSnap> = {
  name: "queue",
  title: "A work queue with retries and a dead-letter queue",
  definition: queue,
  compact,
  Stage: QueueStage,
  gridMs: 50,
  defaultSpeed: 2,
  series: [
    { key: "depth", label: "Queue depth" },
    { key: "lag", label: "Consumer lag" },
    { key: "oldestAgeMs", label: "Age of oldest message (ms)" },
    { key: "processed", label: "Processed (total)" },
    { key: "deadLettered", label: "Dead-lettered (total)" },
    { key: "duplicatesProcessed", label: "Duplicates processed (total)" },
  ],
  defaultSeries: "depth",
  importantKinds: ["crash", "restart", "dead-letter", "duplicate", "blocked", "rejected", "fault"],
  nodeWord: "Consumer",
  nodes: (s) => s.consumers.map((c) => ({ id: c.id, up: c.up })),
  sliders: [
    {
      fault: "load",
      label: "Produce rate (all producers)",
      min: 0,
      max: 100,
      step: 1,
      format: (v) => `${v}/s`,
      baseline: (p) => Number(p.produceRate ?? queue.defaults.produceRate) * Number(p.producers ?? queue.defaults.producers),
    },
    { fault: "errors", label: "Processing failures", min: 0, max: 1, step: 0.05, format: (v) => `${Math.round(v * 100)}%`, baseline: (p) => Number(p.failureRate ?? queue.defaults.failureRate) },
  ],
  summary: (s) => (
    <>
      <strong>depth {s.ready + s.inFlight}</strong> · processed {s.counts.processed} · DLQ {s.deadLetter}
      {s.counts.duplicatesProcessed > 0 ? ` · ${s.counts.duplicatesProcessed} duplicates` : ""}
    </>
  ),
};

export default makeSimComponent(queueConfig, 2);
