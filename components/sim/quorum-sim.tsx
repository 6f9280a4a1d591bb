"use client";
/** Leaderless quorums: a coordinator, N replicas with their versions, the last read/write quorum and stale reads. */
import { memo } from "react";
import { quorum, type QuorumState } from "@/lib/sim/quorum";
import type { SimEvent } from "@/lib/sim/types";
import { NodeButton, makeSimComponent, type SimConfig, type StageProps } from "./player";
import { StageSvg, param, sliders, statLines } from "./stage-parts";
import styles from "./sim.module.css";

interface ReplicaSnap {
  /** A stand-in node for sloppy quorums, not one of the key's replicas. */
  spare: boolean;
  hints: number;
  id: number;
  up: boolean;
  slow: number;
  versions: Record<string, number>;
}

interface LastOp {
  kind: string;
  text: string;
  key: string | null;
  version: number | null;
  replicas: number[];
  t: number;
}

export interface QuorumSnap {
  replicas: ReplicaSnap[];
  acknowledged: Record<string, number>;
  keys: string[];
  inFlight: number;
  counts: QuorumState["counts"];
  last: LastOp | null;
}

const OP_KINDS = new Set(["read", "write", "stale-read", "read-failed", "write-failed"]);

function compact(state: unknown, trace: readonly SimEvent[]): QuorumSnap {
  const s = state as QuorumState;
  let last: LastOp | null = null;
  for (let i = trace.length - 1; i >= 0 && i >= trace.length - 400; i--) {
    const e = trace[i];
    if (OP_KINDS.has(e.kind)) {
      last = {
        kind: e.kind,
        text: e.text,
        key: typeof e.key === "string" ? e.key : null,
        version: typeof e.version === "number" ? e.version : null,
        replicas: Array.isArray(e.replicas) ? (e.replicas as number[]) : [],
        t: e.t,
      };
      break;
    }
  }
  const keys = new Set<string>(Object.keys(s.acknowledged));
  for (const r of s.replicas) for (const k of Object.keys(r.data)) keys.add(k);
  return {
    replicas: s.replicas.map((r) => ({
      id: r.id,
      up: r.up,
      slow: r.slowFactor,
      spare: r.spare,
      hints: r.hints,
      versions: Object.fromEntries(Object.entries(r.data).map(([k, v]) => [k, v.version])),
    })),
    acknowledged: s.acknowledged,
    keys: [...keys].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })),
    inFlight: s.inFlight,
    counts: s.counts,
    last,
  };
}

const W = 640;
const H = 420;

const QuorumPicture = memo(function QuorumPicture({
  snap,
  params,
  nodeMode,
  onNode,
  narrow,
}: Pick<StageProps<QuorumSnap>, "snap" | "params" | "nodeMode" | "onNode" | "narrow">) {
  const n = snap.replicas.length;
  const r = Number(params.r ?? quorum.defaults.r);
  const w = Number(params.w ?? quorum.defaults.w);
  // Narrow stages: three cards a row, drawn at one unit per pixel.
  const width = narrow ? narrow.width : W;
  const perRow = narrow ? 3 : 5;
  const cols = Math.min(n, perRow);
  const rows = Math.ceil(n / perRow);
  const cardW = Math.min(112, (width - (narrow ? 16 : 40)) / cols - 12);
  const cardH = rows === 1 ? 170 : 118;
  const maxKeys = rows === 1 ? 5 : 3;
  const coord = { x: width / 2, y: 58 };
  const coordW = Math.min(300, width - 16);
  const last = snap.last;
  const used = new Set(last?.replicas ?? []);
  const lastClass =
    last?.kind === "stale-read" || last?.kind?.endsWith("failed") ? styles.wireBad : last ? styles.wireActive : styles.wire;

  const positions = snap.replicas.map((_, i) => {
    const row = Math.floor(i / perRow);
    const inRow = row < rows - 1 ? perRow : n - perRow * (rows - 1);
    const col = i - row * perRow;
    const x = width / 2 + (col - (inRow - 1) / 2) * (cardW + 12);
    const y = 150 + row * (cardH + 14);
    return { x, y };
  });
  const keys = snap.keys.slice(0, maxKeys);

  return (
    <g>
      {snap.replicas.map((rep, i) => {
        const p = positions[i];
        return (
          <line
            key={`w${rep.id}`}
            x1={coord.x}
            y1={coord.y + 28}
            x2={p.x}
            y2={p.y}
            className={used.has(rep.id) ? lastClass : styles.wire}
          />
        );
      })}
      <rect x={coord.x - coordW / 2} y={coord.y - 30} width={coordW} height={60} rx={10} className={styles.boxAccent} />
      <text x={coord.x} y={coord.y - 9} textAnchor="middle" className={styles.label}>
        Coordinator · N={n} · R={r} · W={w}
      </text>
      <text x={coord.x} y={coord.y + 9} textAnchor="middle" className={r + w > n ? styles.textOk : styles.textBad}>
        {r + w > n
          ? `R + W = ${r + w} > N: ${narrow ? "reads overlap writes" : "every read overlaps the last write"}`
          : `R + W = ${r + w} ≤ N: reads can miss writes`}
      </text>
      <text x={coord.x} y={coord.y + 24} textAnchor="middle" className={styles.small}>
        {snap.inFlight} operation{snap.inFlight === 1 ? "" : "s"} in flight
      </text>

      {snap.replicas.map((rep, i) => {
        const p = positions[i];
        const role = !rep.up ? "crashed" : rep.slow > 1 ? "slow" : "up";
        const inQuorum = used.has(rep.id);
        const staleKeys = keys.filter((k) => (rep.versions[k] ?? 0) < (snap.acknowledged[k] ?? 0));
        const label = `${rep.spare ? "Stand-in" : "Replica"} ${rep.id}${rep.hints > 0 ? `, holding ${rep.hints} hinted writes` : ""}, ${role === "crashed" ? "crashed" : role === "slow" ? `${rep.slow}x slower` : "up"}${
          inQuorum ? ", answered the last operation" : ""
        }${staleKeys.length > 0 ? `, stale for ${staleKeys.join(", ")}` : ""}${
          nodeMode === "crash" ? (rep.up ? " — press Enter to crash" : " — press Enter to restart") : ""
        }`;
        return (
          <NodeButton key={rep.id} id={rep.id} role={role} label={label} x={p.x} y={p.y} onNode={onNode} disabled={nodeMode === "none"}>
            <rect x={-cardW / 2 - 5} y={-5} width={cardW + 10} height={cardH + 10} rx={12} className={styles.focusRing} />
            <rect
              x={-cardW / 2}
              y={0}
              width={cardW}
              height={cardH}
              rx={9}
              className={role === "crashed" ? styles.boxBad : inQuorum ? styles.boxAccent : role === "slow" ? styles.boxWarn : styles.box}
            />
            <text y={18} textAnchor="middle" className={styles.label}>
              {rep.spare ? `Stand-in ${rep.id}` : `Replica ${rep.id}`}
            </text>
            <text y={33} textAnchor="middle" className={role === "crashed" ? styles.textBad : role === "slow" ? styles.textWarn : styles.small}>
              {role === "crashed" ? "✕ crashed" : role === "slow" ? `slow ×${rep.slow}` : inQuorum ? "✓ in quorum" : "up"}
            </text>
            {keys.map((k, j) => {
              const v = rep.versions[k] ?? 0;
              const ack = snap.acknowledged[k] ?? 0;
              const stale = v < ack;
              return (
                <text key={k} x={-cardW / 2 + 10} y={54 + j * 18} className={stale ? styles.textWarn : styles.small}>
                  {k}: {v > 0 ? `v${v}` : "—"}
                  {stale ? " (stale)" : ""}
                </text>
              );
            })}
            {snap.keys.length > keys.length ? (
              <text x={-cardW / 2 + 10} y={54 + keys.length * 18} className={styles.small}>
                +{snap.keys.length - keys.length} more keys
              </text>
            ) : null}
          </NodeButton>
        );
      })}
    </g>
  );
});

function QuorumStage({ snap, params, nodeMode, onNode, narrow }: StageProps<QuorumSnap>) {
  const c = snap.counts;
  const last = snap.last;
  const bad = last?.kind === "stale-read" || last?.kind === "read-back-in-time" || last?.kind.endsWith("failed");
  const n = snap.replicas.length;
  const rows = Math.ceil(n / (narrow ? 3 : 5));
  const picture = 150 + rows * ((rows === 1 ? 170 : 118) + 14);
  const stats = statLines(
    narrow,
    [
      [{ text: last ? `Last: ${narrow ? last.text : shorten(last.text, 92)}` : "No operation finished yet", className: bad ? styles.textBad : undefined }],
      [
        `reads ${c.reads}`,
        `writes ${c.writes}`,
        { text: `stale reads ${c.staleReads}`, className: c.staleReads > 0 ? styles.textBad : undefined },
        ...(c.readsBackInTime > 0 ? [{ text: `reads back in time ${c.readsBackInTime}`, className: styles.textWarn }] : []),
        `failed ${c.failedReads + c.failedWrites}`,
        ...(c.readRepairs > 0 ? [`read repairs ${c.readRepairs}`] : []),
        ...(c.hintedWrites > 0 ? [`hinted ${c.hintedWrites} · handed off ${c.handedOff}`] : []),
      ],
    ],
    { wide: H - 34, narrow: picture + 4 },
  );
  return (
    <StageSvg narrow={narrow} w={W} h={H} height={picture + stats.height + 10} label={describe(snap)}>
      <QuorumPicture snap={snap} params={params} nodeMode={nodeMode} onNode={onNode} narrow={narrow} />
      {stats.node}
    </StageSvg>
  );
}

function shorten(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function describe(s: QuorumSnap): string {
  const up = s.replicas.filter((r) => r.up).length;
  return `${s.replicas.length} replicas, ${up} up. ${s.counts.reads} reads, ${s.counts.writes} writes, ${s.counts.staleReads} stale reads. ${s.last ? `Last: ${s.last.text}` : ""}`;
}

const legend = (
  <ul className={styles.legendList}>
    <li>
      <span className={`${styles.swatch} ${styles.sw_accent}`} aria-hidden="true" />✓ Answered the last operation
    </li>
    <li>
      <span className={`${styles.swatch} ${styles.sw_warn}`} aria-hidden="true" />
      Slow / stale version
    </li>
    <li>
      <span className={`${styles.swatch} ${styles.sw_bad}`} aria-hidden="true" />✕ Crashed
    </li>
  </ul>
);

export const quorumConfig: SimConfig<QuorumSnap> = {
  definition: quorum,
  compact,
  Stage: QuorumStage,
  gridMs: 10,
  defaultSpeed: 0.5,
  series: [
    { key: "staleReads", label: "Stale reads (total)", of: (s) => s.counts.staleReads },
    { key: "readsBackInTime", label: "Reads back in time (total)", of: (s) => s.counts.readsBackInTime },
    { key: "maxReplicaQueue", label: "Longest replica queue" },
    { key: "inFlight", label: "Operations in flight" },
    { key: "reads", label: "Reads (total)" },
    { key: "writes", label: "Writes (total)" },
    { key: "replicasUp", label: "Replicas up" },
  ],
  markKinds: ["stale-read", "read-back-in-time", "read-repair", "handoff"],
  importantKinds: ["stale-read", "read-back-in-time", "read-repair", "hinted", "handoff", "crash", "restart", "write-failed", "read-failed", "fault"],
  nodeWord: "Replica",
  nodes: (s) => s.replicas.map((r) => ({ id: r.id, up: r.up })),
  sliders: [sliders.drop(), sliders.delay("Extra latency", 500), sliders.load("Load", 200, 5, param(quorum.defaults, "opsPerSec"))],
  summary: (s) => (
    <>
      <strong>{s.counts.staleReads} stale reads</strong> · {s.counts.reads} reads · {s.counts.writes} writes ·{" "}
      {s.replicas.filter((r) => r.up).length}/{s.replicas.length} up
    </>
  ),
  legend,
  historyCheck: true,
};

export default makeSimComponent(quorumConfig, 3);
