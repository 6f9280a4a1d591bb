import { Rng } from "./random";
import type { JsonValue, MetricSeries, SimEvent } from "./types";

interface Scheduled {
  time: number;
  seq: number;
  run: () => void;
}

/**
 * Binary min-heap ordered by (time, insertion sequence). The sequence tie-break makes the order total,
 * so two events at the same millisecond always run in the order they were scheduled.
 */
export class EventQueue {
  private items: Scheduled[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  push(time: number, run: () => void): void {
    const item: Scheduled = { time, seq: this.seq++, run };
    const items = this.items;
    let i = items.length;
    items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, items[parent])) break;
      items[i] = items[parent];
      i = parent;
    }
    items[i] = item;
  }

  peekTime(): number {
    return this.items.length > 0 ? this.items[0].time : Infinity;
  }

  pop(): Scheduled | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0];
    const last = items.pop()!;
    const n = items.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= n) break;
        const right = left + 1;
        const child = right < n && before(items[right], items[left]) ? right : left;
        if (!before(items[child], last)) break;
        items[i] = items[child];
        i = child;
      }
      items[i] = last;
    }
    return top;
  }
}

function before(a: Scheduled, b: Scheduled): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

/**
 * Thrown when a run processes more events than its budget: some parameter combinations (thousands of
 * requests per second for minutes) would otherwise keep a browser tab busy for a long time.
 */
export class SimulationBudgetError extends Error {
  constructor(
    readonly budget: number,
    /** Simulated time (ms) at which the budget ran out. */
    readonly at: number,
  ) {
    super(`This run is too busy to simulate: it needed more than ${budget.toLocaleString("en-US")} events by ${round(at / 1000)} s of simulated time. Lower the load or shorten the run.`);
    this.name = "SimulationBudgetError";
  }
}

/** Default event budget per run: well under a second of CPU for the simulation itself; recording snapshots costs more. */
export const DEFAULT_EVENT_BUDGET = 1_000_000;

/** Discrete-event kernel: a virtual clock (ms), the event queue, the seeded PRNG, the trace and metrics. */
export class Kernel {
  now = 0;
  readonly rng: Rng;
  readonly trace: SimEvent[] = [];
  readonly metrics: MetricSeries;
  /** Events processed so far (for budgets, tests and benchmarks). */
  processed = 0;
  private readonly queue = new EventQueue();

  constructor(
    seed: number,
    sampleEveryMs = 100,
    readonly eventBudget = DEFAULT_EVENT_BUDGET,
  ) {
    this.rng = new Rng(seed);
    this.metrics = { intervalMs: sampleEveryMs, t: [], series: {} };
  }

  /** Run `fn` after `delay` ms (negative delays run now, never in the past). */
  schedule(delay: number, fn: () => void): void {
    this.queue.push(this.now + Math.max(0, delay), fn);
  }

  at(time: number, fn: () => void): void {
    this.queue.push(Math.max(this.now, time), fn);
  }

  /** Call `fn` at `start`, `start + interval`, ... for as long as the run lasts. */
  every(interval: number, fn: () => void, start = 0): void {
    const tick = () => {
      fn();
      this.schedule(interval, tick);
    };
    this.at(start, tick);
  }

  /** Record metric values every `metrics.intervalMs`, starting at t = 0. */
  sample(read: () => Record<string, number>): void {
    this.every(this.metrics.intervalMs, () => {
      const values = read();
      this.metrics.t.push(this.now);
      for (const name in values) {
        let series = this.metrics.series[name];
        if (!series) {
          // A series that appears late is padded so that indexes line up with `t`.
          series = this.metrics.series[name] = new Array<number>(this.metrics.t.length - 1).fill(0);
        }
        series.push(values[name]);
      }
    });
  }

  log(kind: string, text: string, fields?: { node?: number } & Record<string, JsonValue | undefined>): void {
    const event: SimEvent = { t: round(this.now), kind, ...fields, text };
    this.trace.push(event);
  }

  /** Process every event with time ≤ t, then set the clock to t. */
  runUntil(t: number): void {
    const queue = this.queue;
    while (queue.peekTime() <= t) {
      const next = queue.pop()!;
      this.now = next.time;
      if (++this.processed > this.eventBudget) throw new SimulationBudgetError(this.eventBudget, this.now);
      next.run();
    }
    if (t > this.now) this.now = t;
  }

  pending(): number {
    return this.queue.size;
  }
}

/** Times in the trace are rounded to 1/1000 ms so that JSON stays short and stable. */
export function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
