/**
 * Precomputes a simulation run for the player: every logged event, the metrics, and a compact
 * snapshot of the state at each event time and on a regular grid. Drawing the picture at time t is
 * then a binary search, never a re-run (the run is recomputed only when the fault script changes).
 */
import type { Fault } from "@/lib/sim/faults";
import type { FaultKind } from "@/lib/sim/faults";
import type { ParamsSchema } from "@/lib/sim/params";
import type { ClientOperation, MetricSeries, SimEvent, SimInstance, SimOptions, Validation } from "@/lib/sim/types";

export interface Recording<V> {
  duration: number;
  /** Ascending snapshot times; `snaps[i]` is the state right after every event with time ≤ times[i]. */
  times: number[];
  snaps: V[];
  trace: readonly SimEvent[];
  metrics: MetricSeries;
  /** What the clients invoked and saw, for simulations that record it (quorum, Raft); else null. */
  history: readonly ClientOperation[] | null;
}

export type RecordResult<V> = { ok: true; recording: Recording<V> } | { ok: false; errors: string[] };

export interface RunOptions {
  seed: number;
  params: Record<string, unknown>;
  faults: Fault[];
  duration?: number;
}

/** Trace times are rounded to 1/1000 ms; advancing this far past one includes the event itself. */
const ROUNDING_SLACK = 0.0006;
const MAX_SNAPSHOTS = 6000;

/** The part of a lib/sim `SimulationDefinition` the player uses (any simulation fits). */
export interface AnyDefinition {
  name: string;
  title: string;
  defaultDuration: number;
  supportedFaults: readonly FaultKind[];
  paramsSchema: ParamsSchema;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  validateOptions(options: SimOptions<any>): Validation<unknown>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  create(options: SimOptions<any>): SimInstance<any, unknown>;
}

export function record<V>(
  def: AnyDefinition,
  options: RunOptions,
  compact: (state: unknown, trace: readonly SimEvent[]) => V,
  gridMs?: number,
): RecordResult<V> {
  const opts = { seed: options.seed, params: options.params, faults: options.faults, duration: options.duration };
  const valid = def.validateOptions(opts);
  if (!valid.ok) return { ok: false, errors: valid.errors };
  try {
    // Pass 1: the trace tells us which moments matter.
    const first = def.create(opts);
    const duration = first.duration;
    first.advanceTo(duration);
    let eventTimes = first.trace().map((e) => e.t);
    // A very busy run logs tens of thousands of events; snapshotting each would take longer than the run
    // itself (a state view copies every log). Keep every k-th event moment instead: stepping still lands on
    // events, and the picture at the others is at most a few events old.
    if (eventTimes.length > MAX_SNAPSHOTS - 200) {
      const k = Math.ceil(eventTimes.length / (MAX_SNAPSHOTS - 200));
      eventTimes = eventTimes.filter((_, i) => i % k === 0);
    }

    let grid = gridMs ?? Math.max(1, duration / 2000);
    if (duration / grid + eventTimes.length > MAX_SNAPSHOTS) grid = duration / Math.max(200, MAX_SNAPSHOTS - eventTimes.length);
    const wanted: number[] = [];
    let i = 0;
    for (let g = 0; g <= duration + 1e-9; g += grid) {
      while (i < eventTimes.length && eventTimes[i] < g) {
        if (wanted.length === 0 || wanted[wanted.length - 1] !== eventTimes[i]) wanted.push(eventTimes[i]);
        i++;
      }
      if (wanted.length === 0 || wanted[wanted.length - 1] !== g) wanted.push(g);
    }
    while (i < eventTimes.length) {
      if (wanted[wanted.length - 1] !== eventTimes[i]) wanted.push(eventTimes[i]);
      i++;
    }
    if (wanted[wanted.length - 1] < duration) wanted.push(duration);
    const times: number[] = [];
    const snaps: V[] = [];

    // Pass 2: walk the same deterministic run and snapshot at each wanted moment.
    const run = def.create(opts);
    for (const t of wanted) {
      run.advanceTo(Math.min(duration, t + ROUNDING_SLACK));
      times.push(t);
      snaps.push(compact(run.state(), run.trace()));
    }
    const result = run.finish() as { history?: ClientOperation[] };
    const history = Array.isArray(result.history) ? result.history : null;
    return { ok: true, recording: { duration, times, snaps, trace: run.trace().slice(), metrics: run.metrics(), history } };
  } catch (err) {
    return { ok: false, errors: [err instanceof Error ? err.message : String(err)] };
  }
}

/** Index of the last element of an ascending array that is ≤ t (0 when t is before the first). */
export function indexAtOrBefore(values: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = values.length - 1;
  if (hi < 0 || t < values[0]) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (values[mid] <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Number of trace events with time ≤ t. */
export function eventsUpTo(trace: readonly SimEvent[], t: number): number {
  let lo = 0;
  let hi = trace.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (trace[mid].t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Insert a fault keeping the script sorted by `at` (stable: after faults with the same time). */
export function insertFault(faults: Fault[], fault: Fault): Fault[] {
  const out = [...faults];
  let i = out.length;
  while (i > 0 && out[i - 1].at > fault.at) i--;
  out.splice(i, 0, fault);
  return out;
}

/** The value a rate-like fault has at time t (the last such fault at or before t), or the fallback. */
export function faultValueAt(faults: Fault[], kind: Fault["fault"], t: number, read: (f: Fault) => number, fallback: number): number {
  let value = fallback;
  for (const f of faults) {
    if (f.at > t) break;
    if (f.fault === kind) value = read(f);
  }
  return value;
}

export function formatTime(ms: number, duration: number): string {
  if (duration >= 2000) return `${(ms / 1000).toFixed(duration >= 60_000 ? 1 : 3)} s`;
  return `${Math.round(ms)} ms`;
}

/** Compact, one-fault-per-line JSON: easy to read and to paste as `faults={[...]}` in MDX. */
export function faultsToJson(faults: Fault[]): string {
  if (faults.length === 0) return "[]";
  return `[\n${faults.map((f) => `  ${JSON.stringify(f)}`).join(",\n")}\n]`;
}
