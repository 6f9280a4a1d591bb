/**
 * Where each operation of one key goes on a per-client timeline (like Porcupine's visualisation),
 * and where the linearization points fall. Time is ordinal: each distinct invocation or return time
 * gets one slot, so bursts stay readable however far apart they are in real time.
 */
import { explainPartition, type Violation } from "./explain";
import type { CheckResult, History, Operation, PartitionResult } from "./types";

export type BarRole =
  /** The operation that could not have happened. */
  | "culprit"
  /** The write it missed. */
  | "missed"
  /** The write whose value it returned. */
  | "source"
  /** An earlier read that had already returned a newer value. */
  | "newer"
  /** Another operation that could not come next after the longest prefix. */
  | "stuck"
  /** In the linearization, or in the longest linearizable prefix. */
  | "ordered"
  /** Not in the longest prefix (not linearizable), or not checked yet. */
  | "unordered";

export interface TimelineBar {
  id: number;
  lane: number;
  /** Slot of the invocation and of the return; a pending operation ends one slot past the last event. */
  start: number;
  end: number;
  pending: boolean;
  /** "read → 1", 'append ",pen"' */
  label: string;
  /** For narrow bars: "r 1", "a ,pen" */
  compact: string;
  /** Position in the linearization or longest prefix (1-based), if any. */
  order: number | null;
  /** Where, in slots, the operation takes effect in that order (inside [start, end]). */
  point: number | null;
  role: BarRole;
}

export interface TimelineLayout {
  key: string;
  /** Client ids, one lane each, in order. */
  clients: number[];
  bars: TimelineBar[];
  /** Slots used (the x axis runs from 0 to slots). */
  slots: number;
  /** The time of each slot, for axis labels. */
  slotTimes: number[];
  /** Bars in linearization order, for drawing the path through their points. */
  path: number[];
}

/** A label short enough for a bar: the key is the timeline's, so it is left out. */
export function shortLabel(op: Operation): string {
  const q = (s: string) => JSON.stringify(s.length > 24 ? `${s.slice(0, 23)}…` : s);
  const v = (x: string | number | null | undefined) => (x === undefined ? "?" : x === null ? "nil" : typeof x === "number" ? String(x) : q(x));
  switch (op.f) {
    case "read":
      return `read → ${v(op.value)}`;
    case "write":
      return `write ${v(op.value)}`;
    case "cas":
      return `cas ${v(op.from)}→${v(op.to)}${op.ok === undefined ? "" : op.ok ? " ✓" : " ✗"}`;
    case "get":
      return `get → ${v(op.value)}`;
    case "put":
      return `put ${v(op.value)}`;
    case "append":
      return `append ${v(op.value)}`;
  }
}

/** The shortest readable form: a letter for the function and the value without quotes. */
export function compactLabel(op: Operation): string {
  const v = (x: string | number | null | undefined) => (x === undefined ? "?" : x === null ? "nil" : String(x).length > 8 ? `${String(x).slice(0, 7)}…` : String(x));
  switch (op.f) {
    case "read":
      return `r ${v(op.value)}`;
    case "write":
      return `w ${v(op.value)}`;
    case "cas":
      return `c ${v(op.from)}→${v(op.to)}`;
    case "get":
      return `g ${v(op.value)}`;
    case "put":
      return `p ${v(op.value)}`;
    case "append":
      return `a ${v(op.value)}`;
  }
}

export function timelineLayout(history: History, partition: PartitionResult, violation: Violation | null): TimelineLayout {
  const byId = new Map(history.operations.map((o) => [o.id, o]));
  const ops = partition.operationIds.map((id) => byId.get(id)!);
  const clients = [...new Set(ops.map((o) => o.client))].sort((a, b) => a - b);
  const lane = new Map(clients.map((c, i) => [c, i]));

  const slotTimes = [...new Set(ops.flatMap((o) => (o.ret === Infinity ? [o.call] : [o.call, o.ret])))].sort((a, b) => a - b);
  const slotOf = new Map(slotTimes.map((t, i) => [t, i]));
  const pendingEnd = slotTimes.length;
  const slot = (t: number) => (t === Infinity ? pendingEnd : slotOf.get(t)!);

  const order = partition.linearization ?? partition.prefix ?? [];
  const position = new Map(order.map((id, i) => [id, i]));

  // Each operation takes effect at the earliest moment the order allows: its invocation, or the
  // previous operation's moment if later. Operations sharing a slot are spread across it.
  const points = new Map<number, number>();
  let moment = -Infinity;
  let lastSlot = -1;
  let sameSlot = 0;
  for (const id of order) {
    const op = byId.get(id)!;
    moment = Math.max(moment, op.call);
    const s = slot(moment);
    sameSlot = s === lastSlot ? sameSlot + 1 : 0;
    lastSlot = s;
    points.set(id, Math.min(s + Math.min(0.8, sameSlot * 0.2), slot(op.ret)));
  }

  const stuck = new Set((partition.stuck ?? []).map((s) => s.id));
  const roleOf = (id: number): BarRole => {
    if (violation) {
      if (id === violation.operationId) return "culprit";
      if (id === violation.missedWriteId) return "missed";
      if (id === violation.sourceWriteId) return "source";
      if (id === violation.newerReadId) return "newer";
      if (stuck.has(id)) return "stuck";
    }
    return position.has(id) ? "ordered" : "unordered";
  };

  const bars: TimelineBar[] = ops.map((op) => ({
    id: op.id,
    lane: lane.get(op.client)!,
    start: slot(op.call),
    end: slot(op.ret),
    pending: op.ret === Infinity,
    label: shortLabel(op),
    compact: compactLabel(op),
    order: position.has(op.id) ? position.get(op.id)! + 1 : null,
    point: points.get(op.id) ?? null,
    role: roleOf(op.id),
  }));

  return { key: partition.key, clients, bars, slots: pendingEnd + 1, slotTimes, path: order };
}

/** Everything the page and the simulation player show for one checked history, key by key. */
export interface CheckedHistory {
  history: History;
  result: CheckResult;
  violation: Violation | null;
}

/** The violation to show for a key: the first failing key's is computed once; others on demand. */
export function violationFor(checked: CheckedHistory, key: string): Violation | null {
  const partition = checked.result.partitions.find((p) => p.key === key);
  if (!partition || partition.verdict !== "not-linearizable") return null;
  if (checked.violation?.key === key) return checked.violation;
  return explainPartition(checked.history, partition);
}
