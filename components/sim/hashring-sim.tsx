"use client";
/** Consistent hashing: the ring with each node's virtual-node ticks, keys per node, moved keys, a hot key. */
import { memo, useMemo } from "react";
import { hash32, hashring, type HashRingState, type RingChange } from "@/lib/sim/hashring";
import { NodeButton, makeSimComponent, type SimConfig, type StageProps } from "./player";
import { StageSvg, param, sliders, statLines } from "./stage-parts";
import styles from "./sim.module.css";

export interface HashRingSnap {
  points: { position: number; node: number }[];
  nodes: { id: number; inRing: boolean; keys: number; requests: number }[];
  lastChange: RingChange | null;
  hotKey: { key: string; share: number; owner: number | null } | null;
  maxLoadRatio: number;
}

// Ring points change only on joins and leaves: share one array between snapshots while they are equal.
let lastPoints: HashRingSnap["points"] = [];
function samePoints(a: HashRingSnap["points"], b: HashRingSnap["points"]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].position !== b[i].position || a[i].node !== b[i].node) return false;
  return true;
}

function compact(state: unknown): HashRingSnap {
  const s = state as HashRingState;
  if (!samePoints(lastPoints, s.points)) lastPoints = s.points;
  return { points: lastPoints, nodes: s.nodes, lastChange: s.lastChange, hotKey: s.hotKey, maxLoadRatio: s.maxLoadRatio };
}

const W = 660;
const H = 420;
const CX = 210;
const CY = 210;
const R = 165;
const TWO32 = 2 ** 32;

const colour = (id: number) => styles[`c${((id - 1) % 8) + 1}`];

interface RingGeometry {
  CX: number;
  CY: number;
  R: number;
}

const Ring = memo(function Ring({ points, hot, geometry }: { points: HashRingSnap["points"]; hot: HashRingSnap["hotKey"]; geometry: RingGeometry }) {
  const { CX, CY, R } = geometry;
  const hotAngle = hot ? (hash32(hot.key) / TWO32) * 2 * Math.PI - Math.PI / 2 : null;
  return (
    <g>
      <circle cx={CX} cy={CY} r={R} className={styles.ring} />
      {points.map((p, i) => {
        const a = (p.position / TWO32) * 2 * Math.PI - Math.PI / 2;
        const c = Math.cos(a);
        const s = Math.sin(a);
        return (
          <line
            key={i}
            x1={CX + (R - 9) * c}
            y1={CY + (R - 9) * s}
            x2={CX + (R + 9) * c}
            y2={CY + (R + 9) * s}
            className={`${styles.tick} ${colour(p.node)}`}
          />
        );
      })}
      {hotAngle !== null ? (
        <g>
          <circle cx={CX + (R + 20) * Math.cos(hotAngle)} cy={CY + (R + 20) * Math.sin(hotAngle)} r={6} className={styles.fillBad} />
          <text
            x={CX + (R + 30) * Math.cos(hotAngle)}
            y={CY + (R + 30) * Math.sin(hotAngle) + 4}
            textAnchor={Math.abs(Math.cos(hotAngle)) < 0.3 ? "middle" : Math.cos(hotAngle) < 0 ? "end" : "start"}
            className={styles.textBad}
          >
            hot key {hot!.key}
          </text>
        </g>
      ) : null}
    </g>
  );
});

function HashRingStage({ snap, nodeMode, onNode, narrow }: StageProps<HashRingSnap>) {
  // Wide: the ring on the left, keys per node on the right. Narrow: the ring above the list.
  const geometry = useMemo<RingGeometry>(() => (narrow ? { CX: narrow.width / 2, CY: 140, R: Math.min(105, narrow.width / 2 - 40) } : { CX, CY, R }), [narrow]);
  const members = snap.nodes.filter((n) => n.inRing);
  const totalKeys = snap.nodes.reduce((a, n) => a + n.keys, 0) || 1;
  const maxKeys = Math.max(1, ...snap.nodes.map((n) => n.keys));
  const change = snap.lastChange;
  const rowH = narrow ? 32 : Math.min(40, 300 / Math.max(1, snap.nodes.length));
  const listX = narrow ? 16 : 420;
  const listTop = narrow ? 300 : 36;
  const rowW = narrow ? narrow.width - 32 : 236;
  const bottom = listTop + snap.nodes.length * rowH;
  const footer = statLines(
    narrow,
    [
      change
        ? [`Last change: node ${change.node} ${change.change === "join" ? "joined" : "left"}`, `${change.movedKeys} keys (${Math.round(change.movedFraction * 1000) / 10}%) moved`]
        : ["Click a node to remove it from the ring, or a spare to add it"],
    ],
    { wide: H - 10, narrow: bottom + 14 },
  );
  return (
    <StageSvg narrow={narrow} w={W} h={H} height={bottom + 20 + footer.height} label={describe(snap)}>
      <Ring points={snap.points} hot={snap.hotKey} geometry={geometry} />
      <text x={geometry.CX} y={geometry.CY - 8} textAnchor="middle" className={styles.big}>
        {members.length} nodes
      </text>
      <text x={geometry.CX} y={geometry.CY + 12} textAnchor="middle" className={styles.small}>
        {snap.points.length} virtual nodes
      </text>
      <text x={geometry.CX} y={geometry.CY + 28} textAnchor="middle" className={snap.maxLoadRatio > 1.5 ? styles.textBad : styles.small}>
        busiest / mean load: {snap.maxLoadRatio.toFixed(2)}×
      </text>

      <text x={listX} y={listTop - 12} className={styles.label}>
        Keys per node
      </text>
      {snap.nodes.map((n, i) => {
        const y = listTop + i * rowH;
        const moved = change?.movedTo?.[String(n.id)] ?? 0;
        const hot = snap.hotKey?.owner === n.id;
        const role = n.inRing ? "member" : "spare";
        const label = `Node ${n.id}, ${n.inRing ? `in the ring with ${n.keys} keys` : "not in the ring"}${hot ? ", owns the hot key" : ""}${
          nodeMode === "crash" ? (n.inRing ? " — press Enter to remove it" : " — press Enter to add it") : ""
        }`;
        const barW = Math.min(150, rowW - 90);
        return (
          <NodeButton key={n.id} id={n.id} role={role} label={label} x={listX} y={y} onNode={onNode} disabled={nodeMode === "none"}>
            <rect x={-6} y={-2} width={rowW} height={rowH - 4} rx={7} className={styles.focusRing} />
            <rect x={0} y={2} width={12} height={12} rx={3} className={`${styles.swatchFill} ${colour(n.id)}`} opacity={n.inRing ? 1 : 0.3} />
            <text x={18} y={12} className={n.inRing ? styles.label : styles.small}>
              Node {n.id}
              {n.inRing ? "" : " (spare)"}
              {hot ? " · hot key" : ""}
            </text>
            <text x={rowW - 10} y={12} textAnchor="end" className={styles.small}>
              {n.inRing ? `${n.keys} · ${Math.round((n.keys / totalKeys) * 100)}%` : "click to join"}
            </text>
            {rowH >= 28 ? (
              <>
                <rect x={18} y={17} width={barW} height={6} rx={3} className={styles.fillMuted} />
                <rect x={18} y={17} width={(barW * n.keys) / maxKeys} height={6} rx={3} className={`${styles.swatchFill} ${colour(n.id)}`} />
                {moved > 0 ? (
                  <text x={barW + 24} y={24} className={styles.textWarn}>
                    +{moved} moved
                  </text>
                ) : null}
              </>
            ) : null}
          </NodeButton>
        );
      })}
      {footer.node}
    </StageSvg>
  );
}

function describe(s: HashRingSnap): string {
  const members = s.nodes.filter((n) => n.inRing);
  return `Hash ring with ${members.length} nodes: ${members.map((n) => `node ${n.id} ${n.keys} keys`).join(", ")}.${
    s.lastChange ? ` Last change moved ${s.lastChange.movedKeys} keys.` : ""
  }${s.hotKey ? ` Hot key ${s.hotKey.key} on node ${s.hotKey.owner}.` : ""}`;
}

export const hashringConfig: SimConfig<HashRingSnap> = {
  definition: hashring,
  compact,
  Stage: HashRingStage,
  gridMs: 50,
  defaultSpeed: 1,
  series: [
    { key: "maxLoadRatio", label: "Busiest / mean load" },
    { key: "members", label: "Nodes in the ring" },
  ],
  importantKinds: ["join", "leave", "fault"],
  nodeWord: "Node",
  nodes: (s) => s.nodes.map((n) => ({ id: n.id, up: n.inRing })),
  sliders: [sliders.load("Load", 2000, 50, param(hashring.defaults, "opsPerSec"))],
  summary: (s) => (
    <>
      <strong>{s.nodes.filter((n) => n.inRing).length} nodes</strong> · load ratio {s.maxLoadRatio.toFixed(2)}×
      {s.lastChange ? ` · last change moved ${s.lastChange.movedKeys} keys` : ""}
    </>
  ),
};

export default makeSimComponent(hashringConfig, 1);
