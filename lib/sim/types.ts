/** Types shared by the kernel, every simulation and the UI. Everything here is plain JSON. */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * One entry of the event log. `text` is a sentence for the UI's log ("Node 3 became leader for term 2");
 * the other fields are for programs (quizzes, tests, drawing).
 */
export interface SimEvent {
  t: number;
  kind: string;
  node?: number;
  text: string;
  [field: string]: JsonValue | undefined;
}

/** Samples over time: `t[i]` is the time of sample i and `series[name][i]` its value. */
export interface MetricSeries {
  intervalMs: number;
  t: number[];
  series: Record<string, number[]>;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: string[] };

export interface SimOptions<P> {
  /** PRNG seed (any integer). Same seed + params + faults + duration ⇒ same trace. */
  seed: number;
  params?: Partial<P>;
  /** A fault script (see faults.ts); validated. */
  faults?: unknown;
  /** Simulated milliseconds; each simulation has its own default. */
  duration?: number;
  /** Metrics sampling interval, default 100 ms. */
  sampleEveryMs?: number;
  /** Most events the run may process before it stops with a SimulationBudgetError (default 1 million). */
  eventBudget?: number;
}

export interface SimResult<P, S> {
  name: string;
  seed: number;
  duration: number;
  params: P;
  trace: SimEvent[];
  metrics: MetricSeries;
  /** The simulation's state at `duration`, the same shape `SimInstance.state()` returns. */
  final: S;
  /** Events the kernel processed (messages, timers, arrivals): the run's cost. */
  eventsProcessed: number;
}

/**
 * A live run. The UI advances it to a moment and renders `state()`; to go back in time it creates a fresh
 * instance and advances again (runs are deterministic and fast: replay is the scrubbing mechanism).
 */
export interface SimInstance<P, S, R extends SimResult<P, S> = SimResult<P, S>> {
  readonly duration: number;
  readonly params: P;
  /** Current simulated time. */
  now(): number;
  /** Process every event with time ≤ t (clamped to the duration); time never goes backwards. */
  advanceTo(t: number): void;
  /** A fresh, JSON-serialisable view of the state at `now()`. */
  state(): S;
  /** Events so far (the instance's own array: do not mutate). */
  trace(): readonly SimEvent[];
  metrics(): MetricSeries;
  /** Events processed so far. */
  eventsProcessed(): number;
  /** Run to the end and return the result. */
  finish(): R;
}

/** One client operation as the client saw it: for linearizability checking. */
export interface ClientOperation {
  /** Unique within the run, in invocation order. */
  id: number;
  /** The client (process) that issued it; a client has at most one operation outstanding. */
  client: number;
  /** The key it touched ("x" when the simulation has a single register). */
  key: string;
  kind: "read" | "write";
  /** write: the value written; read: the value returned (null = key absent / never written). Undefined for a read that never returned. */
  value: string | number | null | undefined;
  /** Simulated ms when the client sent it. */
  invokedAt: number;
  /** Simulated ms when the client got the reply; null if it never returned (timed out, crashed, run ended). */
  returnedAt: number | null;
  /** "ok": completed; "fail": definitely did not take effect; "unknown": may or may not have taken effect (timeout). */
  outcome: "ok" | "fail" | "unknown";
}
