"use client";
/** A work queue: producers, the queue (ready and in flight), consumers that crash or slow down, and the dead-letter queue. */
import { queue, type QueueState } from "@/lib/sim/queue";
import { NodeButton, makeSimComponent, type SimConfig, type StageProps } from "./player";
import { StageSvg, nodeAction, param, sliders, statLines } from "./stage-parts";
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

function QueueStage({ snap, params, nodeMode, onNode, narrow }: StageProps<QueueSnap>) {
  const producers = Number(params.producers ?? queue.defaults.producers);
  const capacity = Number(params.capacity ?? queue.defaults.capacity);
  const idempotent = Boolean(params.idempotent ?? queue.defaults.idempotent);
  const depth = snap.ready + snap.inFlight;
  const fill = capacity > 0 ? Math.min(1, depth / capacity) : Math.min(1, depth / 200);
  const full = capacity > 0 && depth >= capacity;
  const shownProducers = Math.min(producers, narrow ? Math.max(1, Math.floor((narrow.width - 20) / 70)) : 8);
  // Wide: producers | queue and dead letters | consumers. Narrow: the same, top to bottom.
  const rowP = narrow ? 0 : Math.min(44, 260 / Math.max(1, producers));
  const producerH = narrow ? 34 : Math.min(34, rowP - 6);
  const producerAt = (i: number) => (narrow ? { x: 10 + i * 70, y: 30 } : { x: 20, y: 36 + i * rowP });
  const queueAt = narrow ? { x: Math.round((narrow.width - 220) / 2), y: 104 } : { x: 180, y: 60 };
  const dlqAt = narrow ? { x: queueAt.x, y: queueAt.y + 150 } : { x: 180, y: 230 };
  const consumersX = narrow ? 10 : 440;
  const consumersTop = narrow ? dlqAt.y + 92 : 34;
  const rowC = narrow ? 44 : Math.min(56, 270 / Math.max(1, snap.consumers.length));
  const consumerW = narrow ? narrow.width - 20 : 200;
  const stats = statLines(
    narrow,
    [
      [`produced ${snap.counts.produced}`, `processed ${snap.counts.processed}`, `redelivered ${snap.counts.redelivered}`, `rejected ${snap.counts.rejected}`],
      [
        { text: `duplicates processed ${snap.counts.duplicatesProcessed}`, className: snap.counts.duplicatesProcessed > 0 ? styles.textWarn : undefined },
        `suppressed ${snap.counts.duplicatesSuppressed}`,
        `dead-lettered ${snap.counts.deadLettered}`,
      ],
    ],
    { wide: H - 36, narrow: consumersTop + snap.consumers.length * rowC + 16 },
  );
  return (
    <StageSvg narrow={narrow} w={W} h={H} height={consumersTop + snap.consumers.length * rowC + 24 + stats.height} label={describe(snap, capacity)}>
      <text x={narrow ? 10 : 20} y={22} className={styles.label}>Producers</text>
      {Array.from({ length: shownProducers }, (_, i) => {
        const blocked = snap.blockedProducers.includes(i + 1);
        const at = producerAt(i);
        const w = narrow ? 62 : 96;
        return (
          <g key={i} transform={`translate(${at.x}, ${at.y})`}>
            <rect width={w} height={producerH} rx={8} className={blocked ? styles.boxWarn : styles.box} />
            <text x={w / 2} y={producerH / 2 + 4} textAnchor="middle" className={blocked ? styles.textWarn : styles.small}>
              P{i + 1}
              {blocked ? (narrow ? " ⏸" : " · blocked") : ""}
            </text>
          </g>
        );
      })}
      {producers > shownProducers ? (
        narrow ? (
          <text x={narrow.width - 10} y={22} textAnchor="end" className={styles.small}>
            +{producers - shownProducers} more
          </text>
        ) : (
          <text x={20} y={36 + 8 * rowP + 12} className={styles.small}>
            +{producers - shownProducers} more
          </text>
        )
      ) : null}

      <g transform={`translate(${queueAt.x}, ${queueAt.y})`}>
        <text x={0} y={-12} className={styles.label}>Queue{capacity > 0 ? ` (capacity ${capacity})` : " (unbounded)"}</text>
        <rect width={220} height={120} rx={10} className={full ? styles.boxWarn : styles.box} />
        <rect x={8} y={96} width={204} height={12} rx={6} className={styles.fillMuted} />
        <rect x={8} y={96} width={204 * fill} height={12} rx={6} className={full ? styles.fillWarn : styles.fillAccent} />
        <text x={110} y={40} textAnchor="middle" className={styles.big}>{depth}</text>
        <text x={110} y={60} textAnchor="middle" className={styles.small}>{snap.ready} ready · {snap.inFlight} in flight</text>
        <text x={110} y={80} textAnchor="middle" className={styles.small}>lag {snap.lag} · max depth {snap.counts.maxQueueDepth}</text>
      </g>

      <g transform={`translate(${dlqAt.x}, ${dlqAt.y})`}>
        <text x={0} y={-10} className={styles.label}>Dead-letter queue</text>
        <rect width={220} height={56} rx={10} className={snap.deadLetter > 0 ? styles.boxBad : styles.box} />
        <text x={110} y={34} textAnchor="middle" className={snap.deadLetter > 0 ? styles.textBad : styles.small}>
          {snap.deadLetter} message{snap.deadLetter === 1 ? "" : "s"} after {String(params.maxAttempts ?? queue.defaults.maxAttempts)} attempts
        </text>
      </g>

      <text x={consumersX} y={consumersTop - 12} className={styles.label}>Consumers{idempotent ? " (idempotent)" : ""}</text>
      {snap.consumers.map((c, i) => {
        const role = !c.up ? "crashed" : c.slowFactor > 1 ? "slow" : c.processing !== null ? "busy" : "idle";
        const h = Math.min(46, rowC - 8);
        const label = `Consumer ${c.id}, ${role}${c.processing !== null ? `, processing message ${c.processing}` : ""}${nodeAction(nodeMode, c.up)}`;
        return (
          <NodeButton key={c.id} id={c.id} role={role} label={label} x={consumersX} y={consumersTop + i * rowC} onNode={onNode} disabled={nodeMode === "none"}>
            <rect x={-5} y={-5} width={consumerW + 10} height={h + 10} rx={12} className={styles.focusRing} />
            <rect width={consumerW} height={h} rx={9} className={!c.up ? styles.boxBad : c.slowFactor > 1 ? styles.boxWarn : c.processing !== null ? styles.boxAccent : styles.box} />
            <text x={12} y={h / 2 + 4} className={styles.label}>C{c.id}</text>
            <text x={consumerW - 10} y={h / 2 + 4} textAnchor="end" className={!c.up ? styles.textBad : c.slowFactor > 1 ? styles.textWarn : styles.small}>
              {!c.up ? "✕ crashed" : c.processing !== null ? `msg #${c.processing}` : "idle"}
              {c.up && c.slowFactor > 1 ? ` · ×${c.slowFactor}` : ""}
            </text>
          </NodeButton>
        );
      })}
      {stats.node}
    </StageSvg>
  );
}

function describe(s: QueueSnap, capacity: number): string {
  const up = s.consumers.filter((c) => c.up).length;
  return `Queue holds ${s.ready + s.inFlight} messages (${s.ready} ready, ${s.inFlight} in flight${capacity > 0 ? `, capacity ${capacity}` : ""}); ${up} of ${
    s.consumers.length
  } consumers up; ${s.deadLetter} in the dead-letter queue; ${s.counts.duplicatesProcessed} duplicates processed.`;
}

export const queueConfig: SimConfig<QueueSnap> = {
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
  importantKinds: ["crash", "restart", "dead-letter", "duplicate", "blocked", "rejected", "fault"],
  nodeWord: "Consumer",
  nodes: (s) => s.consumers.map((c) => ({ id: c.id, up: c.up })),
  sliders: [
    sliders.load("Produce rate (all producers)", 100, 1, (p) => param(queue.defaults, "produceRate")(p) * param(queue.defaults, "producers")(p)),
    sliders.errors("Processing failures", param(queue.defaults, "failureRate")),
  ],
  summary: (s) => (
    <>
      <strong>depth {s.ready + s.inFlight}</strong> · processed {s.counts.processed} · DLQ {s.deadLetter}
      {s.counts.duplicatesProcessed > 0 ? ` · ${s.counts.duplicatesProcessed} duplicates` : ""}
    </>
  ),
};

export default makeSimComponent(queueConfig, 2);
