"use client";
/** Raft: nodes on a circle (or grouped by partition), roles, terms, logs, election timers and votes. */
import { memo, useMemo } from "react";
import { raft, type RaftState } from "@/lib/sim/raft";
import { NodeButton, makeSimComponent, type SimConfig, type StageBox, type StageProps } from "./player";
import { sliders } from "./stage-parts";
import styles from "./sim.module.css";

export interface RaftNodeSnap {
  id: number;
  up: boolean;
  role: "leader" | "candidate" | "follower";
  term: number;
  logLength: number;
  commitIndex: number;
  leaderId: number | null;
  votes: number[];
  electionDeadline: number | null;
  lostDurableState: boolean;
}

export interface RaftSnap {
  nodes: RaftNodeSnap[];
  leader: number | null;
  term: number;
  commitIndex: number;
  partition: number[][] | null;
  dropRate: number;
  staleReads: number;
}

function compact(state: unknown): RaftSnap {
  const s = state as RaftState;
  return {
    nodes: s.nodes.map((n) => ({
      id: n.id,
      up: n.up,
      role: n.role,
      term: n.term,
      logLength: n.log.length,
      commitIndex: n.commitIndex,
      leaderId: n.leaderId,
      votes: n.votes,
      electionDeadline: n.electionDeadline,
      lostDurableState: n.lostDurableState,
    })),
    leader: s.leader,
    term: s.term,
    commitIndex: s.commitIndex,
    partition: s.partition,
    dropRate: s.dropRate,
    staleReads: s.clients.staleReads,
  };
}

export const roleOf = (n: { up: boolean; role: string }) => (n.up ? n.role : "crashed");

const W = 640;
const H = 430;
const CY = 200;
const ROLE_LABEL: Record<string, string> = { leader: "Leader", candidate: "Candidate", follower: "Follower", crashed: "Crashed" };

interface Pos {
  x: number;
  y: number;
}

interface Layout {
  pos: Map<number, Pos>;
  r: number;
  groups: { x: number; y: number; w: number; h: number; label: string; ids: number[] }[];
  /** The picture's box in its own units. */
  viewBox: string;
  /** Where the "Leader: N… / term · committed" caption goes (null: no caption, e.g. while partitioned). */
  caption: Pos | null;
}

function layout(nodes: RaftNodeSnap[], partition: number[][] | null, narrow: StageBox | null): Layout {
  return narrow ? narrowLayout(nodes, partition, narrow) : wideLayout(nodes, partition);
}

function wideLayout(nodes: RaftNodeSnap[], partition: number[][] | null): Layout {
  const n = nodes.length;
  const r = n <= 5 ? 31 : n <= 7 ? 27 : 24;
  const pos = new Map<number, Pos>();
  let groups: Layout["groups"] = [];
  if (!partition || partition.length < 2) {
    const R = n <= 5 ? 135 : n <= 7 ? 148 : 156;
    nodes.forEach((node, i) => {
      const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
      pos.set(node.id, { x: W / 2 + R * Math.cos(a), y: CY + R * Math.sin(a) });
    });
  } else {
    const colW = W / partition.length;
    groups = partition.map((ids, gi) => {
      const cx = colW * gi + colW / 2;
      const k = ids.length;
      const R = k === 1 ? 0 : Math.min(colW / 2 - r - 18, 40 + 16 * k);
      ids.forEach((id, i) => {
        const a = -Math.PI / 2 + (2 * Math.PI * i) / k;
        pos.set(id, { x: cx + R * Math.cos(a), y: CY + 10 + R * Math.sin(a) });
      });
      return { x: colW * gi, y: 8, w: colW, h: H - 16, label: `Group ${String.fromCharCode(65 + gi)}`, ids };
    });
  }
  // Crop the picture to the nodes (and their labels) so it fills the stage.
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity;
  for (const p of pos.values()) {
    x0 = Math.min(x0, p.x - r - 52);
    x1 = Math.max(x1, p.x + r + 52);
    y0 = Math.min(y0, p.y - r - 10);
    y1 = Math.max(y1, p.y + r + 48);
  }
  if (groups.length > 0) {
    x0 = 0;
    x1 = W;
    y0 = Math.min(y0, 4);
    y1 = Math.max(y1, H - 4);
  }
  const viewBox = `${x0.toFixed(0)} ${y0.toFixed(0)} ${(x1 - x0).toFixed(0)} ${(y1 - y0).toFixed(0)}`;
  return { pos, r, groups, viewBox, caption: groups.length === 0 ? { x: W / 2, y: CY - 2 } : null };
}

/**
 * Narrow stages: nodes in a grid of cells wide enough for their labels, one block per partition group,
 * stacked; drawn at one unit per pixel.
 */
function narrowLayout(nodes: RaftNodeSnap[], partition: number[][] | null, box: StageBox): Layout {
  const r = 22;
  const cellH = 2 * r + 62;
  const cols = Math.max(2, Math.floor(box.width / 112));
  const cellW = box.width / cols;
  const pos = new Map<number, Pos>();
  const blocks = partition && partition.length >= 2 ? partition : [nodes.map((n) => n.id)];
  const groups: Layout["groups"] = [];
  let y = partition && partition.length >= 2 ? 6 : 52;
  blocks.forEach((ids, gi) => {
    const top = y;
    if (blocks.length > 1) y += 26;
    ids.forEach((id, i) => {
      const row = Math.floor(i / cols);
      const inRow = Math.min(cols, ids.length - row * cols);
      const col = i % cols;
      pos.set(id, { x: box.width / 2 + (col - (inRow - 1) / 2) * cellW, y: y + row * cellH + r + 8 });
    });
    y += Math.ceil(ids.length / cols) * cellH;
    if (blocks.length > 1) groups.push({ x: 2, y: top, w: box.width - 4, h: y - top, label: `Group ${String.fromCharCode(65 + gi)}`, ids });
    y += 8;
  });
  const height = Math.max(box.height, y);
  return { pos, r, groups, viewBox: `0 0 ${box.width} ${height}`, caption: groups.length === 0 ? { x: box.width / 2, y: 20 } : null };
}

/** Everything that only changes when the snapshot changes (memoised; not redrawn every frame). */
const RaftPicture = memo(function RaftPicture({
  snap,
  nodeMode,
  selected,
  onNode,
  geometry,
}: Pick<StageProps<RaftSnap>, "snap" | "nodeMode" | "selected" | "onNode"> & { geometry: Layout }) {
  const { pos, r, groups } = geometry;
  const majority = Math.floor(snap.nodes.length / 2) + 1;
  const leaders = snap.nodes.filter((n) => n.up && n.role === "leader");
  const maxLog = Math.max(1, ...snap.nodes.map((n) => n.logLength));

  return (
    <g>
      {groups.map((g, i) => (
        <g key={g.label}>
          <rect x={g.x + 6} y={g.y} width={g.w - 12} height={g.h} rx={14} className={styles.group} />
          <text x={g.x + g.w / 2} y={g.y + 20} textAnchor="middle" className={styles.groupLabel}>
            {g.label}: {g.ids.length} node{g.ids.length === 1 ? "" : "s"} {g.ids.length >= majority ? "(has a majority)" : "(no majority)"}
          </text>
          {i > 0 ? (
            g.y === groups[0].y ? (
              <line x1={g.x} x2={g.x} y1={g.y + 4} y2={g.y + g.h - 4} className={styles.divider} />
            ) : (
              <line x1={g.x + 12} x2={g.x + g.w - 12} y1={g.y - 4} y2={g.y - 4} className={styles.divider} />
            )
          ) : null}
        </g>
      ))}

      {/* Leader → followers that recognise it (who is following whom). */}
      {leaders.map((l) =>
        snap.nodes
          .filter((f) => f.up && f.id !== l.id && f.leaderId === l.id && f.term === l.term)
          .map((f) => {
            const a = pos.get(l.id)!;
            const b = pos.get(f.id)!;
            return <line key={`hb-${l.id}-${f.id}`} x1={a.x} y1={a.y} x2={b.x} y2={b.y} className={styles.spoke} />;
          }),
      )}
      {/* Votes a candidate has collected. */}
      {snap.nodes
        .filter((c) => c.up && c.role === "candidate")
        .flatMap((c) =>
          c.votes
            .filter((v) => v !== c.id)
            .map((v) => {
              const a = pos.get(v)!;
              const b = pos.get(c.id)!;
              return <line key={`v-${v}-${c.id}`} x1={a.x} y1={a.y} x2={b.x} y2={b.y} className={styles.voteLine} markerEnd="url(#raft-arrow)" />;
            }),
        )}

      {snap.nodes.map((n) => {
        const p = pos.get(n.id)!;
        const role = roleOf(n);
        const isSel = selected.has(n.id);
        const action =
          nodeMode === "select"
            ? isSel
              ? "press Enter to remove it from group A"
              : "press Enter to add it to group A"
            : nodeMode === "crash"
              ? n.up
                ? "press Enter to crash"
                : "press Enter to restart"
              : "";
        const label = `Node ${n.id}, ${ROLE_LABEL[role].toLowerCase()}, term ${n.term}, log ${n.logLength}, commit ${n.commitIndex}${
          n.lostDurableState ? ", lost its disk" : ""
        }${action ? ` — ${action}` : ""}`;
        const logW = 2 * r + 16;
        return (
          <NodeButton
            key={n.id}
            id={n.id}
            role={role}
            label={label}
            x={p.x}
            y={p.y}
            onNode={onNode}
            disabled={nodeMode === "none"}
            className={`${styles[`role_${role}`]} ${isSel ? styles.selected : ""}`}
          >
            <circle r={r + 7} className={styles.focusRing} />
            <circle r={r} className={styles.nodeBody} />
            {role === "crashed" ? <circle r={r} fill="url(#raft-hatch)" className={styles.hatch} /> : null}
            <text y={role === "leader" || role === "crashed" ? 1 : 5.5} textAnchor="middle" className={styles.nodeId}>
              N{n.id}
            </text>
            {role === "leader" || role === "crashed" ? (
              <text y={15} textAnchor="middle" className={styles.nodeMark}>
                {role === "leader" ? "★" : "✕"}
              </text>
            ) : null}
            <text y={r + 14} textAnchor="middle" className={styles.nodeMeta}>
              <tspan className={styles.nodeRole}>{ROLE_LABEL[role]}</tspan> · term {n.term}
            </text>
            {/* Log: total length, with the committed prefix filled. */}
            <g transform={`translate(${-logW / 2}, ${r + 20})`}>
              <rect width={logW} height={7} rx={3} className={styles.logTrack} />
              <rect width={(logW * n.logLength) / maxLog} height={7} rx={3} className={styles.logAll} />
              <rect width={(logW * Math.min(n.commitIndex, n.logLength)) / maxLog} height={7} rx={3} className={styles.logCommitted} />
            </g>
            <text y={r + 41} textAnchor="middle" className={styles.nodeMeta}>
              log {n.logLength} · commit {n.commitIndex}
            </text>
            {isSel ? (
              <text x={r - 2} y={-r + 4} textAnchor="middle" className={styles.selBadge}>
                A
              </text>
            ) : null}
          </NodeButton>
        );
      })}
    </g>
  );
});

/** Election timers: how close each follower/candidate is to timing out (the only per-frame drawing). */
function Timers({ snap, t, timeoutMax, geometry }: { snap: RaftSnap; t: number; timeoutMax: number; geometry: Layout }) {
  const { pos, r } = geometry;
  return (
    <g aria-hidden="true">
      {snap.nodes.map((n) => {
        if (!n.up || n.electionDeadline === null) return null;
        const p = pos.get(n.id)!;
        const left = Math.max(0, Math.min(1, (n.electionDeadline - t) / timeoutMax));
        const R = r + 3.5;
        const c = 2 * Math.PI * R;
        return (
          <circle
            key={n.id}
            cx={p.x}
            cy={p.y}
            r={R}
            className={styles.timer}
            strokeDasharray={`${(c * left).toFixed(1)} ${c.toFixed(1)}`}
            transform={`rotate(-90 ${p.x} ${p.y})`}
          />
        );
      })}
    </g>
  );
}

function RaftStage({ snap, t, params, nodeMode, selected, onNode, narrow }: StageProps<RaftSnap>) {
  const timeoutMax = Math.max(Number(params.electionTimeoutMaxMs ?? raft.defaults.electionTimeoutMaxMs), 1);
  const leader = snap.leader;
  const geometry = useMemo(() => layout(snap.nodes, snap.partition, narrow), [snap.nodes, snap.partition, narrow]);
  const caption = geometry.caption;
  return (
    <svg viewBox={geometry.viewBox} className={`${styles.svg} ${narrow ? styles.narrowSvg : ""}`} role="img" aria-label={describe(snap)}>
      <defs>
        <pattern id="raft-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <line x1="0" y1="0" x2="0" y2="8" className={styles.hatchLine} />
        </pattern>
        <marker id="raft-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" className={styles.arrowHead} />
        </marker>
      </defs>
      <Timers snap={snap} t={t} timeoutMax={timeoutMax} geometry={geometry} />
      <RaftPicture snap={snap} nodeMode={nodeMode} selected={selected} onNode={onNode} geometry={geometry} />
      {caption ? (
        <text x={caption.x} y={caption.y} textAnchor="middle" className={styles.centerText}>
          {leader !== null ? `Leader: N${leader}` : "No leader"}
          <tspan x={caption.x} dy={18} className={styles.centerSub}>
            term {snap.term} · committed {snap.commitIndex}
          </tspan>
        </text>
      ) : null}
    </svg>
  );
}

function describe(s: RaftSnap): string {
  const up = s.nodes.filter((n) => n.up).length;
  return `Raft cluster of ${s.nodes.length} nodes, ${up} up. ${s.leader !== null ? `Node ${s.leader} leads term ${s.term}.` : "No leader."} Commit index ${s.commitIndex}.${
    s.partition ? ` Partitioned into ${s.partition.map((g) => `{${g.join(", ")}}`).join(" and ")}.` : ""
  }`;
}

const legend = (
  <ul className={styles.legendList}>
    <li>
      <span className={`${styles.swatch} ${styles.sw_leader}`} aria-hidden="true" />★ Leader
    </li>
    <li>
      <span className={`${styles.swatch} ${styles.sw_candidate}`} aria-hidden="true" />
      Candidate
    </li>
    <li>
      <span className={`${styles.swatch} ${styles.sw_follower}`} aria-hidden="true" />
      Follower
    </li>
    <li>
      <span className={`${styles.swatch} ${styles.sw_crashed}`} aria-hidden="true" />✕ Crashed
    </li>
    <li>
      <span className={`${styles.swatch} ${styles.sw_timer}`} aria-hidden="true" />
      Election timer
    </li>
  </ul>
);

export const raftConfig: SimConfig<RaftSnap> = {
  definition: raft,
  compact,
  Stage: RaftStage,
  gridMs: 5,
  defaultSpeed: 0.25,
  series: [
    { key: "commitIndex", label: "Commit index", of: (s) => s.commitIndex },
    { key: "term", label: "Term", of: (s) => s.term },
    { key: "leader", label: "Leader id (0 = none)", of: (s) => s.leader ?? 0 },
    { key: "logLength", label: "Longest log", of: (s) => Math.max(0, ...s.nodes.map((n) => n.logLength)) },
    { key: "nodesUp", label: "Nodes up", of: (s) => s.nodes.filter((n) => n.up).length },
    { key: "staleReads", label: "Stale reads (total)", of: (s) => s.staleReads },
    { key: "messagesDelivered", label: "Messages delivered" },
  ],
  markKinds: ["not-committed", "overwrite", "stale-read", "step-down"],
  importantKinds: ["leader", "crash", "restart", "step-down", "fault", "violation", "not-committed", "overwrite", "stale-read"],
  nodeWord: "Node",
  nodes: (s) => s.nodes.map((n) => ({ id: n.id, up: n.up })),
  partitionActive: (s) => s.partition !== null,
  sliders: [sliders.drop(), sliders.delay("Extra latency", 200)],
  summary: (s) => (
    <>
      {s.leader !== null ? (
        <>
          <strong>Leader N{s.leader}</strong> · term {s.term}
        </>
      ) : (
        <strong>No leader</strong>
      )}{" "}
      · {s.nodes.filter((n) => n.up).length}/{s.nodes.length} up · committed {s.commitIndex}
      {s.staleReads > 0 ? ` · ${s.staleReads} stale reads` : ""}
      {s.partition ? " · partitioned" : ""}
    </>
  ),
  legend,
  historyCheck: true,
};

export default makeSimComponent(raftConfig, 7);
