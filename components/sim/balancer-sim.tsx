"use client";
/** A load balancer in front of servers of different speeds: round robin, least connections, power of two choices. */
import { balancer, type BalancerState } from "@/lib/sim/balancer";
import { NodeButton, makeSimComponent, metricAt, type SimConfig, type StageProps } from "./player";
import { MetricBox, StageSvg, nodeAction, param, sliders, statLines, withoutTime } from "./stage-parts";
import styles from "./sim.module.css";

export type BalancerSnap = Omit<BalancerState, "t">;

const W = 660;
const H = 380;
const ALGORITHM: Record<BalancerState["algorithm"], string> = {
  random: "Random",
  "round-robin": "Round robin",
  "least-connections": "Least connections",
  p2c: "Power of two choices",
};

function BalancerStage({ snap, t, metrics, nodeMode, onNode, narrow }: StageProps<BalancerSnap>) {
  const p50 = metricAt(metrics, "p50LatencyMs", t);
  const p99 = metricAt(metrics, "p99LatencyMs", t);
  const rate = metricAt(metrics, "completedPerSec", t);
  const n = snap.servers.length;
  const scale = Math.max(10, ...snap.servers.map((s) => s.queue));
  // Wide: the balancer on the left, servers listed on the right. Narrow: the balancer above, servers below.
  const lb = narrow ? { x: Math.round((narrow.width - 170) / 2), y: 8 } : { x: 20, y: 110 };
  const listX = narrow ? 10 : 300;
  const listTop = narrow ? lb.y + 130 + 44 : 34;
  const rowW = narrow ? narrow.width - 20 : 340;
  const rowH = narrow ? 40 : Math.min(60, 300 / Math.max(1, n));
  const h = Math.min(48, rowH - 8);
  const barX = 78;
  const barW = rowW - barX - 92;
  const stats = statLines(
    narrow,
    [
      [
        `completed ${snap.completed}`,
        `failed ${snap.failed}`,
        `longest queue so far ${snap.maxServerQueue}`,
        ...(snap.meanLatencyMs !== null ? [`mean latency ${Math.round(snap.meanLatencyMs)} ms`] : []),
      ],
    ],
    { wide: H - 14, narrow: listTop + n * rowH + 16 },
  );
  return (
    <StageSvg narrow={narrow} w={W} h={H} height={listTop + n * rowH + 24 + stats.height} label={describe(snap, p99)}>
      <MetricBox
        at={lb}
        w={170}
        h={130}
        className={styles.boxAccent}
        title="Load balancer"
        lines={[
          { text: ALGORITHM[snap.algorithm], className: styles.label },
          `${Math.round(rate)} done/s`,
          `p50 ${Math.round(p50)} ms`,
          { text: `p99 ${Math.round(p99)} ms`, className: p99 > 4 * Math.max(1, p50) ? styles.textWarn : undefined },
        ]}
      />
      <text x={listX} y={listTop - 12} className={styles.label}>Servers (speed · queue)</text>
      {snap.servers.map((s, i) => {
        const y = listTop + i * rowH;
        const role = !s.up ? "crashed" : s.queue >= scale * 0.8 && s.queue > 5 ? "overloaded" : "up";
        const label = `Server ${s.id}, speed ${s.speed}, ${s.up ? `${s.queue} requests queued, ${s.served} served` : "crashed"}${nodeAction(nodeMode, s.up)}`;
        return (
          <g key={s.id}>
            {narrow ? null : <line x1={192} y1={170} x2={298} y2={y + h / 2} className={styles.spoke} />}
            <NodeButton id={s.id} role={role} label={label} x={listX} y={y} onNode={onNode} disabled={nodeMode === "none"}>
              <rect x={-5} y={-5} width={rowW + 10} height={h + 10} rx={12} className={styles.focusRing} />
              <rect width={rowW} height={h} rx={9} className={!s.up ? styles.boxBad : role === "overloaded" ? styles.boxWarn : styles.box} />
              <text x={12} y={h / 2 + 4} className={styles.label}>S{s.id}</text>
              <text x={40} y={h / 2 + 4} className={styles.small}>×{s.speed}</text>
              {s.up ? (
                <>
                  <rect x={barX} y={h / 2 - 5} width={barW} height={10} rx={5} className={styles.fillMuted} />
                  <rect x={barX} y={h / 2 - 5} width={(barW * Math.min(s.queue, scale)) / scale} height={10} rx={5} className={role === "overloaded" ? styles.fillWarn : styles.fillAccent} />
                  <text x={rowW - 10} y={h / 2 + 4} textAnchor="end" className={styles.small}>
                    {s.queue} · {s.served} served
                  </text>
                </>
              ) : (
                <text x={rowW - 10} y={h / 2 + 4} textAnchor="end" className={styles.textBad}>✕ crashed</text>
              )}
            </NodeButton>
          </g>
        );
      })}
      {stats.node}
    </StageSvg>
  );
}

function describe(s: BalancerSnap, p99: number): string {
  return `${ALGORITHM[s.algorithm]} over ${s.servers.length} servers: ${s.servers
    .map((x) => `server ${x.id} speed ${x.speed} ${x.up ? `queue ${x.queue}` : "crashed"}`)
    .join(", ")}. p99 latency ${Math.round(p99)} ms.`;
}

export const balancerConfig: SimConfig<BalancerSnap> = {
  title: "Load balancing across servers",
  definition: balancer,
  compact: withoutTime<BalancerState>,
  Stage: BalancerStage,
  gridMs: 50,
  defaultSpeed: 2,
  series: [
    { key: "p99LatencyMs", label: "p99 latency (ms)" },
    { key: "p50LatencyMs", label: "p50 latency (ms)" },
    { key: "completedPerSec", label: "Completed per second" },
  ],
  defaultSeries: "p99LatencyMs",
  importantKinds: ["crash", "restart", "fault", "decision"],
  nodeWord: "Server",
  nodes: (s) => s.servers.map((x) => ({ id: x.id, up: x.up })),
  sliders: [sliders.load("Load", 200, 5, param(balancer.defaults, "requestsPerSec"))],
  summary: (s) => (
    <>
      <strong>{ALGORITHM[s.algorithm]}</strong> · {s.completed} completed · longest queue {s.maxServerQueue}
    </>
  ),
};

export default makeSimComponent(balancerConfig, 4);
