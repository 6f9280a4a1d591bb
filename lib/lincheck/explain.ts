/**
 * Evidence for people: which operation could not have happened, which write it missed, and a plain
 * text report (what the CLI prints).
 */
import { ILLEGAL, MODELS, formatValue, type Model } from "./models";
import type { CheckResult, History, Operation, PartitionResult, StuckOperation, TimeUnit, Value } from "./types";

export type ViolationKind =
  /** The read returned an older value after a newer write had completed. */
  | "stale-read"
  /** The read returned a value whose write had not begun when the read returned. */
  | "future-read"
  /** The read returned a value nothing wrote. */
  | "unwritten-read"
  /** No legal order, and no single real-time fact to blame: the search's evidence is the answer. */
  | "no-legal-order";

export interface Violation {
  key: string;
  kind: ViolationKind;
  /** The operation that cannot be placed: of those that could come next, the one that returned first. */
  operationId: number;
  /** The write it missed: the last write in the longest legal prefix (null if that prefix has none). */
  missedWriteId: number | null;
  /** The write whose value the read returned, when one exists (register model). */
  sourceWriteId: number | null;
  /** The missed write completed before the operation was invoked: no ordering choice could save it. */
  missedBeforeInvoked: boolean;
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

/** Explains the first key that is not linearizable; null when every key is (or the budget ran out). */
export function explainViolation(history: History, result: CheckResult): Violation | null {
  const partition = result.partitions.find((p) => p.verdict === "not-linearizable");
  if (!partition) return null;
  return explainPartition(history, partition);
}

export function explainPartition(history: History, partition: PartitionResult): Violation {
  const model = MODELS[history.model];
  const unit = history.timeUnit;
  const byId = new Map(history.operations.map((o) => [o.id, o]));
  const prefix = partition.prefix ?? [];
  const stuck = partition.stuck ?? [];
  const stuckOps = stuck.map((s) => byId.get(s.id)!);
  // The operation that had to happen first; reads are the natural culprits, so they win ties.
  const op = stuckOps.reduce((a, b) => (b.ret < a.ret || (b.ret === a.ret && returned(b) !== undefined && returned(a) === undefined) ? b : a));
  const missedId = [...prefix].reverse().find((id) => changesState(byId.get(id)!));
  const missed = missedId === undefined ? null : byId.get(missedId)!;
  const value = returned(op);
  const missedBeforeInvoked = missed !== null && missed.ret < op.call;

  let source: Operation | null = null;
  if (value !== undefined && history.model === "register") {
    const writers = partition.operationIds
      .map((id) => byId.get(id)!)
      .filter((o) => (o.f === "write" && o.value === value) || (o.f === "cas" && o.ok !== false && o.to === value));
    // The latest writer of that value invoked before the read returned, else the earliest one.
    source = writers.filter((w) => w.call <= op.ret).sort((a, b) => b.call - a.call)[0] ?? writers.sort((a, b) => a.call - b.call)[0] ?? null;
  }

  // Did the read return a state the prefix passed through before its end (an older value)?
  let state = model.init;
  const earlier: Value[] = [];
  for (const id of prefix) {
    earlier.push(state);
    const after = model.step(state, byId.get(id)!);
    if (after !== ILLEGAL) state = after;
  }
  const sawOlderValue = value !== undefined && earlier.some((s) => model.step(s, op) !== ILLEGAL) && model.step(state, op) === ILLEGAL;

  const reg = history.model === "register" ? "register" : "key";
  const holds = partition.stateAfterPrefix ?? model.describeState(state);
  const what = `${cap(who(model, op))} (${span(op, unit)})`;
  let kind: ViolationKind = "no-legal-order";
  let summary: string;
  if (history.model === "register" && value !== undefined && value !== null && !source) {
    kind = "unwritten-read";
    summary = `${what} returned ${formatValue(value)}, but no write that may have taken effect wrote ${formatValue(value)}.`;
  } else if (source && source.call > op.ret) {
    kind = "future-read";
    summary = `${what} returned ${formatValue(value ?? null)}, which ${who(model, source)} only began to write at ${formatTime(source.call, unit)}, after the read had returned.`;
  } else if (sawOlderValue && missed && missedBeforeInvoked) {
    kind = "stale-read";
    summary =
      `${what} returned a stale value: ${who(model, missed)} had completed at ${formatTime(missed.ret, unit)}, ` +
      `before the read was invoked at ${formatTime(op.call, unit)}, so a linearizable ${reg} had to return ${holds} or a later value.`;
    if (source && prefix.includes(source.id) && prefix.indexOf(source.id) < prefix.indexOf(missed.id)) {
      summary += ` ${formatValue(value!)} was written by ${who(model, source)}, which ${model.describe(missed)} overwrote.`;
    } else if (history.model === "register" && value === null) {
      summary += " nil is the value before any write.";
    }
  } else {
    summary =
      `${what} cannot be placed: after the longest legal order the checker found ` +
      `(${prefix.length} of ${partition.operationIds.length} operations), the ${reg} holds ${holds}` +
      `${missed ? `, last set by ${who(model, missed)}` : ""}, and every operation that could come next contradicts it.`;
  }
  return {
    key: partition.key,
    kind,
    operationId: op.id,
    missedWriteId: missed?.id ?? null,
    sourceWriteId: source?.id ?? null,
    missedBeforeInvoked,
    summary,
    prefix,
    stuck,
  };
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const VERDICT_LINE = { linearizable: "linearizable", "not-linearizable": "not linearizable", unknown: "unknown" } as const;

/** The CLI's report: the verdict on the first line, then the evidence. */
export function formatReport(history: History, result: CheckResult, budget: { timeLimitMs?: number; maxSteps?: number } = {}): string {
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
    ].filter(Boolean);
    out.push(`The budget${limits.length > 0 ? ` (${limits.join(" or ")})` : ""} ran out before every key was decided.`);
  }
  const bad = result.partitions.find((p) => p.verdict === "not-linearizable");
  if (bad) {
    const v = explainPartition(history, bad);
    out.push("", `Key ${JSON.stringify(bad.key)}: ${v.summary}`);
    out.push("", `Longest linearizable prefix (${v.prefix.length} of ${bad.operationIds.length} operations):`);
    v.prefix.forEach((id, i) => out.push(`  ${String(i + 1).padStart(3)}. ${line(id)}`));
    out.push("", `Then the ${history.model === "register" ? "register" : "key"} holds ${bad.stateAfterPrefix}, and none of the operations that could come next fits:`);
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
