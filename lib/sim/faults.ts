/**
 * The fault script shared by every simulation: a list of `{ at, fault, ... }` with `at` in simulated ms.
 * Faults with the same `at` apply in the order written.
 */

export type Fault =
  | { at: number; fault: "crash"; node: number }
  | { at: number; fault: "restart"; node: number; durable: boolean }
  | { at: number; fault: "partition"; groups: number[][] }
  | { at: number; fault: "heal" }
  | { at: number; fault: "drop"; rate: number }
  | { at: number; fault: "duplicate"; rate: number }
  | { at: number; fault: "delay"; ms: number; jitter: number }
  | { at: number; fault: "slow"; node: number; factor: number }
  | { at: number; fault: "load"; rate: number }
  | { at: number; fault: "errors"; rate: number }
  | { at: number; fault: "hotkey"; key: string; share: number };

export type FaultKind = Fault["fault"];
export type FaultOf<K extends FaultKind> = Extract<Fault, { fault: K }>;

export const FAULT_KINDS: readonly FaultKind[] = [
  "crash", "restart", "partition", "heal", "drop", "duplicate", "delay", "slow", "load", "errors", "hotkey",
];

const FIELDS: Record<FaultKind, readonly string[]> = {
  crash: ["node"],
  restart: ["node", "durable"],
  partition: ["groups"],
  heal: [],
  drop: ["rate"],
  duplicate: ["rate"],
  delay: ["ms", "jitter"],
  slow: ["node", "factor"],
  load: ["rate"],
  errors: ["rate"],
  hotkey: ["key", "share"],
};

export interface FaultContext {
  /** Simulation name, for messages. */
  simulation: string;
  /** Nodes are 1..nodeCount. */
  nodeCount: number;
  /** Word for a node in messages ("node", "server", "consumer"). */
  nodeWord?: string;
  supported: readonly FaultKind[];
  /** Faults after this time never apply; reported as an error so that scripts do not silently do nothing. */
  duration?: number;
}

export type FaultValidation = { ok: true; faults: Fault[] } | { ok: false; errors: string[] };

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Check a fault script; on success returns a normalised copy (defaults filled in: durable true, jitter 0). */
export function validateFaults(input: unknown, ctx: FaultContext): FaultValidation {
  const errors: string[] = [];
  if (input === undefined || input === null) return { ok: true, faults: [] };
  if (!Array.isArray(input)) return { ok: false, errors: [`faults: must be a list of faults (got ${describe(input)})`] };
  const word = ctx.nodeWord ?? "node";
  const range = ctx.nodeCount >= 1 ? `${word}s are 1-${ctx.nodeCount}` : `this simulation has no ${word}s`;
  const faults: Fault[] = [];

  input.forEach((raw, i) => {
    const path = `faults[${i}]`;
    if (!isRecord(raw)) {
      errors.push(`${path}: must be an object like { at: 1000, fault: "crash", node: 1 } (got ${describe(raw)})`);
      return;
    }
    const before = errors.length;
    const kind = raw.fault;
    if (typeof kind !== "string" || !(FAULT_KINDS as readonly string[]).includes(kind)) {
      errors.push(`${path}.fault: unknown fault ${describe(kind)} (expected one of ${FAULT_KINDS.join(", ")})`);
      return;
    }
    const fault = kind as FaultKind;
    if (!ctx.supported.includes(fault)) {
      errors.push(
        `${path}.fault: "${fault}" does not apply to the ${ctx.simulation} simulation (supported: ${ctx.supported.join(", ")})`,
      );
      return;
    }
    const at = raw.at;
    if (typeof at !== "number" || !Number.isFinite(at) || at < 0) {
      errors.push(`${path}.at: must be a non-negative number of simulated milliseconds (got ${describe(at)})`);
    } else if (ctx.duration !== undefined && at > ctx.duration) {
      errors.push(`${path}.at: ${at} ms is after the end of the run (${ctx.duration} ms)`);
    }
    for (const key of Object.keys(raw)) {
      if (key !== "at" && key !== "fault" && !FIELDS[fault].includes(key)) {
        const allowed = FIELDS[fault].length > 0 ? `allowed: ${FIELDS[fault].join(", ")}` : "it takes no fields";
        errors.push(`${path}.${key}: unknown field for fault "${fault}" (${allowed})`);
      }
    }
    const node = (key: string): number => {
      const v = raw[key];
      if (typeof v !== "number" || !Number.isInteger(v)) {
        errors.push(`${path}.${key}: must be a ${word} number (got ${describe(v)})`);
        return 0;
      }
      if (v < 1 || v > ctx.nodeCount) errors.push(`${path}.${key}: ${word} ${v} does not exist (${range})`);
      return v;
    };
    const number = (key: string, min: number, max: number, fallback?: number): number => {
      const v = raw[key];
      if (v === undefined && fallback !== undefined) return fallback;
      if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max) {
        const bounds = max === Infinity ? `>= ${min}` : `between ${min} and ${max}`;
        errors.push(`${path}.${key}: must be a number ${bounds} (got ${describe(v)})`);
        return min;
      }
      return v;
    };
    const at0 = at as number;
    let out: Fault;
    switch (fault) {
      case "crash":
        out = { at: at0, fault, node: node("node") };
        break;
      case "restart": {
        const durable = raw.durable ?? true;
        if (typeof durable !== "boolean") errors.push(`${path}.durable: must be true or false (got ${describe(durable)})`);
        out = { at: at0, fault, node: node("node"), durable: durable === true };
        break;
      }
      case "partition": {
        const groups = raw.groups;
        const seen = new Set<number>();
        if (!Array.isArray(groups) || groups.length === 0) {
          errors.push(`${path}.groups: must be a list of groups of ${word} ids, e.g. [[1,2],[3,4,5]] (got ${describe(groups)})`);
          out = { at: at0, fault, groups: [] };
          break;
        }
        groups.forEach((g, j) => {
          if (!Array.isArray(g) || g.length === 0) {
            errors.push(`${path}.groups[${j}]: must be a non-empty list of ${word} ids (got ${describe(g)})`);
            return;
          }
          g.forEach((id, k) => {
            if (typeof id !== "number" || !Number.isInteger(id)) {
              errors.push(`${path}.groups[${j}][${k}]: must be a ${word} number (got ${describe(id)})`);
            } else if (id < 1 || id > ctx.nodeCount) {
              errors.push(`${path}.groups[${j}][${k}]: ${word} ${id} does not exist (${range})`);
            } else if (seen.has(id)) {
              errors.push(`${path}.groups[${j}][${k}]: ${word} ${id} appears in more than one group`);
            } else seen.add(id);
          });
        });
        out = { at: at0, fault, groups: (groups as number[][]).map((g) => (Array.isArray(g) ? [...g] : [])) };
        break;
      }
      case "heal":
        out = { at: at0, fault };
        break;
      case "drop":
      case "duplicate":
      case "errors":
        out = { at: at0, fault, rate: number("rate", 0, 1) };
        break;
      case "load":
        out = { at: at0, fault, rate: number("rate", 0, 100_000) };
        break;
      case "delay":
        out = { at: at0, fault, ms: number("ms", 0, 600_000), jitter: number("jitter", 0, 600_000, 0) };
        break;
      case "slow":
        out = { at: at0, fault, node: node("node"), factor: number("factor", 1, 1000) };
        break;
      case "hotkey": {
        const key = raw.key;
        if (typeof key !== "string" || key.length === 0) {
          errors.push(`${path}.key: must be a non-empty string (got ${describe(key)})`);
        }
        out = { at: at0, fault, key: String(key), share: number("share", 0, 1) };
        break;
      }
    }
    if (errors.length === before) faults.push(out);
  });

  return errors.length > 0 ? { ok: false, errors } : { ok: true, faults };
}

/** A sentence for the trace. */
export function describeFault(f: Fault, nodeWord = "Node"): string {
  switch (f.fault) {
    case "crash":
      return `${nodeWord} ${f.node} crashed`;
    case "restart":
      return f.durable
        ? `${nodeWord} ${f.node} restarted with its disk intact`
        : `${nodeWord} ${f.node} restarted with an empty disk (durable state lost)`;
    case "partition":
      return `Network partitioned into ${f.groups.map((g) => `{${g.join(", ")}}`).join(" | ")}`;
    case "heal":
      return "Network partition healed: every node can reach every other";
    case "drop":
      return `The network now drops ${pct(f.rate)} of messages`;
    case "duplicate":
      return `The network now duplicates ${pct(f.rate)} of messages`;
    case "delay":
      return `Every message now takes ${f.ms} ms longer${f.jitter > 0 ? ` (± up to ${f.jitter} ms)` : ""}`;
    case "slow":
      return `${nodeWord} ${f.node} is now ${f.factor}x slower`;
    case "load":
      return `Offered load is now ${f.rate} requests per second`;
    case "errors":
      return `The downstream dependency now fails ${pct(f.rate)} of calls`;
    case "hotkey":
      return `${pct(f.share)} of requests now go to hot key "${f.key}"`;
  }
}

export function pct(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}
