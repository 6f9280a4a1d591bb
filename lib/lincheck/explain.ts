/**
 * Evidence for people: which operation could not have happened, which write it missed, and a plain
 * text report (what the CLI prints).
 */
import { MODELS, formatValue, type Model } from "./models";
import type { CheckResult, History, Operation, PartitionResult, StuckOperation, TimeUnit, Value } from "./types";

export type ViolationKind =
  /** A read returned an older value after a newer write had completed, a fact of real time alone. */
  | "stale-read"
  /** A read returned a value whose every write began only after the read returned. */
  | "future-read"
  /** A read returned a value no operation that may have taken effect wrote. */
  | "unwritten-read"
  /** No single real-time fact to blame: the search's evidence (longest prefix, stuck operations) is the answer. */
  | "no-legal-order";

export interface Violation {
  key: string;
  kind: ViolationKind;
  /** The operation that could not have happened. */
  operationId: number;
  /** The write it missed: for a stale read, the write that had completed before it began; otherwise the last write in the longest legal prefix. */
  missedWriteId: number | null;
  /** The write whose value the read returned, when one exists. */
  sourceWriteId: number | null;
  /** An earlier read that had already returned a newer value (the flip-flop), when that is the proof. */
  newerReadId: number | null;
  /** One or two sentences. */
  summary: string;
  /** The longest legal prefix, in order. */
  prefix: number[];
  /** Everything that could come next after the prefix, and why it cannot. */
  stuck: StuckOperation[];
}

const number = (t: number) => (Number.isInteger(t) ? String(t) : t.toFixed(1));

export function formatTime(t: number, unit: TimeUnit): string {
  if (t === Infinity) return "never";
  return unit === "event" ? `event ${t}` : `${number(t)} ms`;
}

/** "40–50 ms", "events 12–15", "invoked at 40 ms, never returned" */
export function span(op: Operation, unit: TimeUnit): string {
  if (op.ret === Infinity) return `invoked at ${formatTime(op.call, unit)}, never returned`;
  return unit === "event" ? `events ${op.call}–${op.ret}` : `${number(op.call)}–${number(op.ret)} ms`;
}

/** "client 2's read() → 1" */
export function who(model: Model, op: Operation): string {
  return `client ${op.client}'s ${model.describe(op)}`;
}

const changesState = (op: Operation): boolean =>
  op.f === "write" || op.f === "put" || op.f === "append" || (op.f === "cas" && op.ok !== false);

/** The value a read-like operation returned, or undefined for other operations. */
function returned(op: Operation): Value | undefined {
  return op.f === "read" || op.f === "get" ? op.value : undefined;
}

/** The value a state-changing operation leaves (for an append, the text it adds). */
function written(op: Operation): Value {
  if (op.f === "write" || op.f === "put" || op.f === "append") return op.value;
  if (op.f === "cas") return op.to;
  return null;
}

/** Explains the first key that is not linearizable; null when every key is (or the budget ran out). */
export function explainViolation(history: History, result: CheckResult): Violation | null {
  const partition = result.partitions.find((p) => p.verdict === "not-linearizable");
  if (!partition) return null;
  return explainPartition(history, partition);
}

interface Fault {
  kind: Exclude<ViolationKind, "no-legal-order">;
  op: Operation;
  missed: Operation | null;
  source: Operation | null;
  newerRead?: Operation;
  summary: string;
}

/**
 * Facts of real time that no order can get around, for one read:
 *   stale     some completed write W began after every write of the value read had completed, and
 *             completed before the read began (so W, or something later, must be what it sees); or an
 *             earlier read had already returned a value written only after that (see newerValueSeen);
 *   future    every write of the value read began after the read returned;
 *   unwritten nothing that may have taken effect wrote the value read.
 * For appends the stale test is: an append completed before the read began, no put can have
 * replaced it, and the value read does not contain it.
 */
function provableFault(model: Model, ops: readonly Operation[], op: Operation, unit: TimeUnit): Fault | null {
  const value = returned(op);
  if (value === undefined) return null;
  const what = `${cap(who(model, op))} (${span(op, unit)})`;
  const before = (w: Operation) => `${who(model, w)} completed at ${formatTime(w.ret, unit)}, before the read was invoked at ${formatTime(op.call, unit)}`;

  if (model.name === "kv" && ops.some((o) => o.f === "append")) {
    const text = String(value ?? "");
    const puts = ops.filter((o) => o.f === "put");
    const witnesses = ops.filter(
      (w) =>
        w.ret < op.call &&
        ((w.f === "append" && !text.includes(w.value)) || (w.f === "put" && !text.startsWith(w.value))) &&
        puts.every((p) => p === w || p.ret < w.call),
    );
    const missed = witnesses.sort((a, b) => b.ret - a.ret)[0];
    if (!missed) return null;
    return {
      kind: "stale-read",
      op,
      missed,
      source: null,
      summary: `${what} returned a stale value: ${before(missed)}, and no later put can have replaced it, yet the value read does not contain ${formatValue(written(missed))}.`,
    };
  }

  // A missing key reads as "" in the key-value model.
  const same = (a: Value | undefined) => (model.name === "kv" ? String(a ?? "") === String(value ?? "") : a === value);
  const sources = ops.filter((o) => ((o.f === "write" || o.f === "put") && same(o.value)) || (o.f === "cas" && o.ok !== false && same(o.to)));
  const initial = same(model.init);
  const latestSource = [...sources].sort((a, b) => b.ret - a.ret || b.call - a.call)[0] ?? null;

  if (sources.length === 0 && !initial) {
    return { kind: "unwritten-read", op, missed: null, source: null, summary: `${what} returned ${formatValue(value)}, but no write that may have taken effect wrote ${formatValue(value)}.` };
  }
  if (!initial && sources.every((s) => s.call > op.ret)) {
    const first = [...sources].sort((a, b) => a.call - b.call)[0];
    return {
      kind: "future-read",
      op,
      missed: null,
      source: first,
      summary: `${what} returned ${formatValue(value)}, which ${who(model, first)} only began to write at ${formatTime(first.call, unit)}, after the read had returned.`,
    };
  }
  // Every write of the value must precede the witness; the initial value precedes everything.
  const lastSourceReturn = sources.reduce((t, s) => Math.max(t, s.ret), -Infinity);
  const missed = ops
    .filter((w) => w !== op && changesState(w) && w.ret !== Infinity && (w.f !== "cas" || w.ok === true) && w.call > lastSourceReturn && w.ret < op.call)
    .sort((a, b) => b.ret - a.ret)[0];
  if (!missed) return newerValueSeen(model, ops, op, value, sources, initial, unit);
  const origin =
    sources.length === 0
      ? `${formatValue(value)} is the value before any write`
      : sources.length === 1
        ? `the only write of ${formatValue(value)}, ${who(model, sources[0])}, had completed at ${formatTime(sources[0].ret, unit)}, before ${model.describe(missed)} began`
        : `all ${sources.length} writes of ${formatValue(value)} had completed before ${model.describe(missed)} began`;
  return {
    kind: "stale-read",
    op,
    missed,
    source: latestSource,
    summary: `${what} returned a stale value: ${before(missed)}, and ${origin}. So a linearizable ${model.name === "register" ? "register" : "store"} had to return ${formatValue(written(missed))} or a value written after it.`,
  };
}

/**
 * The flip-flop: an earlier read, completed before this one began, had already returned a value v'
 * whose every write began after every write of this read's value v had completed. The store had
 * moved past v before this read started, so it cannot go back (what quorum reads without read
 * repair do).
 */
function newerValueSeen(model: Model, ops: readonly Operation[], op: Operation, value: Value, sources: readonly Operation[], initial: boolean, unit: TimeUnit): Fault | null {
  const same = (a: Value | undefined, b: Value) => (model.name === "kv" ? String(a ?? "") === String(b ?? "") : a === b);
  const writesOf = (v: Value) =>
    ops.filter((o) => ((o.f === "write" || o.f === "put") && same(o.value, v)) || (o.f === "cas" && o.ok !== false && same(o.to, v)));
  const lastSourceReturn = sources.reduce((t, s) => Math.max(t, s.ret), -Infinity);
  let best: { read: Operation; writes: Operation[] } | null = null;
  for (const read of ops) {
    const seen = returned(read);
    if (read === op || seen === undefined || same(seen, value) || read.ret >= op.call) continue;
    if (same(model.init, seen)) continue; // the initial value cannot come after anything
    const writes = writesOf(seen);
    if (writes.length === 0 || !writes.every((w) => w.call > lastSourceReturn)) continue;
    if (!best || read.ret > best.read.ret) best = { read, writes };
  }
  if (!best) return null;
  const { read, writes } = best;
  const seen = returned(read)!;
  const first = [...writes].sort((a, b) => a.call - b.call)[0];
  const origin =
    sources.length === 0 && initial
      ? `${formatValue(value)} is the value before any write`
      : writes.length === 1
        ? `${formatValue(seen)} was written only by ${who(model, first)}, which began after every write of ${formatValue(value)} had completed`
        : `every write of ${formatValue(seen)} began after every write of ${formatValue(value)} had completed`;
  return {
    kind: "stale-read",
    op,
    missed: first,
    source: [...sources].sort((a, b) => b.ret - a.ret)[0] ?? null,
    newerRead: read,
    summary:
      `${cap(who(model, op))} (${span(op, unit)}) returned a stale value: ${who(model, read)} had returned ${formatValue(seen)} at ` +
      `${formatTime(read.ret, unit)}, before this read was invoked at ${formatTime(op.call, unit)}, and ${origin}. ` +
      `Once a read has seen ${formatValue(seen)}, a linearizable ${model.name === "register" ? "register" : "store"} cannot go back to ${formatValue(value)}.`,
  };
}

/**
 * A fact of real time that makes some read of `key` impossible in every order, if there is one
 * (the earliest-returning such read). Null for every key of a linearizable history.
 */
export function provableViolation(history: History, key: string): { kind: Fault["kind"]; operationId: number; summary: string } | null {
  const model = MODELS[history.model];
  const ops = history.operations.filter((o) => o.key === key && !(model.readOnly(o) && model.resultUnknown(o)));
  for (const op of ops.filter((o) => returned(o) !== undefined).sort((a, b) => a.ret - b.ret || a.call - b.call)) {
    const fault = provableFault(model, ops, op, history.timeUnit);
    if (fault) return { kind: fault.kind, operationId: fault.op.id, summary: fault.summary };
  }
  return null;
}

export function explainPartition(history: History, partition: PartitionResult): Violation {
  const model = MODELS[history.model];
  const unit = history.timeUnit;
  const byId = new Map(history.operations.map((o) => [o.id, o]));
  const ops = partition.operationIds.map((id) => byId.get(id)!);
  const prefix = partition.prefix ?? [];
  const stuck = partition.stuck ?? [];
  const byReturn = (a: Operation, b: Operation) => a.ret - b.ret || a.call - b.call;
  const stuckOps = stuck.map((s) => byId.get(s.id)!).sort(byReturn);

  // A fact about one of the operations the search could not place, else about any read of the key.
  const candidates = [...stuckOps, ...ops.filter((o) => returned(o) !== undefined && !stuck.some((s) => s.id === o.id)).sort(byReturn)];
  for (const candidate of candidates) {
    const fault = provableFault(model, ops, candidate, unit);
    if (fault) {
      return {
        key: partition.key,
        kind: fault.kind,
        operationId: fault.op.id,
        missedWriteId: fault.missed?.id ?? null,
        sourceWriteId: fault.source?.id ?? null,
        newerReadId: fault.newerRead?.id ?? null,
        summary: fault.summary,
        prefix,
        stuck,
      };
    }
  }

  // No single fact: the search's own evidence. The operation that had to happen first is the culprit.
  const op = stuckOps[0];
  const missedId = [...prefix].reverse().find((id) => changesState(byId.get(id)!));
  const missed = missedId === undefined ? null : byId.get(missedId)!;
  const reg = history.model === "register" ? "register" : "key";
  const summary =
    `${cap(who(model, op))} (${span(op, unit)}) cannot be placed: after the longest legal order the checker found ` +
    `(${prefix.length} of ${partition.operationIds.length} operations), the ${reg} holds ${partition.stateAfterPrefix}` +
    `${missed ? `, last set by ${who(model, missed)}` : ""}, and no operation that could come next fits that state.`;
  return { key: partition.key, kind: "no-legal-order", operationId: op.id, missedWriteId: missed?.id ?? null, sourceWriteId: null, newerReadId: null, summary, prefix, stuck };
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
const VERDICT_LINE = { linearizable: "linearizable", "not-linearizable": "not linearizable", unknown: "unknown" } as const;

/** The CLI's report: the verdict on the first line, then the evidence. */
export function formatReport(history: History, result: CheckResult, budget: { timeLimitMs?: number; maxSteps?: number; memoryLimitMb?: number } = {}): string {
  const model = MODELS[history.model];
  const unit = history.timeUnit;
  const byId = new Map(history.operations.map((o) => [o.id, o]));
  const line = (id: number) => {
    const o = byId.get(id)!;
    return `#${id} ${who(model, o)} [${span(o, unit)}]${o.line ? ` (line ${o.line})` : ""}`;
  };
  const total = result.partitions.reduce((n, p) => n + p.operationIds.length, 0);
  const keys = result.partitions.length;
  const out: string[] = [VERDICT_LINE[result.verdict]];
  out.push(
    `${history.model === "register" ? "Register" : "Key-value"} model, ${total} operations on ${keys} ${keys === 1 ? "key" : "keys"}; ` +
      `${result.steps.toLocaleString("en")} search steps in ${result.elapsedMs.toFixed(0)} ms.`,
  );

  if (result.verdict === "unknown") {
    const limits = [
      budget.timeLimitMs !== undefined ? `${budget.timeLimitMs.toLocaleString("en")} ms` : null,
      budget.maxSteps !== undefined ? `${budget.maxSteps.toLocaleString("en")} steps` : null,
      budget.memoryLimitMb !== undefined ? `${budget.memoryLimitMb.toLocaleString("en")} MB of memory` : null,
    ].filter(Boolean);
    const list = limits.length > 1 ? `${limits.slice(0, -1).join(", ")} or ${limits[limits.length - 1]}` : limits.join("");
    out.push(`The budget${list ? ` (${list})` : ""} ran out before every key was decided.`);
  }
  const bad = result.partitions.find((p) => p.verdict === "not-linearizable");
  if (bad) {
    const v = explainPartition(history, bad);
    out.push("", `Key ${JSON.stringify(bad.key)}: ${v.summary}`);
    out.push("", `Longest linearizable prefix (${v.prefix.length} of ${bad.operationIds.length} operations):`);
    v.prefix.forEach((id, i) => out.push(`  ${String(i + 1).padStart(3)}. ${line(id)}`));
    const open = bad.operationIds.some((id) => byId.get(id)!.ret === Infinity) ? " (operations that never returned are optional and not listed)" : "";
    out.push("", `Then the ${history.model === "register" ? "register" : "key"} holds ${bad.stateAfterPrefix}, and none of the operations that could come next fits${open}:`);
    for (const s of v.stuck) out.push(`  ${line(s.id)}: ${s.reason}`);
  }
  if (keys > 1 || result.verdict !== "not-linearizable") {
    out.push("", "Keys:");
    for (const p of result.partitions) {
      const count = `${p.operationIds.length} operations`;
      if (p.verdict === "linearizable") out.push(`  ${JSON.stringify(p.key)}: linearizable, ${count}; order ${abbreviate(p.linearization!)}`);
      else if (p.verdict === "not-linearizable") out.push(`  ${JSON.stringify(p.key)}: not linearizable, ${count}; longest legal prefix ${p.prefix!.length}`);
      else if (p.unknownBecause === "violation-elsewhere") out.push(`  ${JSON.stringify(p.key)}: not checked, ${count} (another key is already not linearizable; --all-keys checks every key)`);
      else out.push(`  ${JSON.stringify(p.key)}: unknown, ${count}; the budget ran out`);
    }
  }
  return out.join("\n");
}

function abbreviate(ids: number[], max = 40): string {
  const shown = ids.slice(0, max).map((id) => `#${id}`).join(" ");
  return ids.length > max ? `${shown} … (${ids.length - max} more)` : shown;
}
