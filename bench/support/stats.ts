// Timing and reporting for the benchmarks: wall-clock latencies (the database's I/O is the cost
// being measured, so CPU time would hide it), percentiles, and one table per run with the machine.
import os from "node:os";
import { performance } from "node:perf_hooks";

export interface Row {
  backend: string;
  operation: string;
  n: number;
  p50: number;
  p95: number;
  max: number;
  /** Operations per second: completed operations / wall time. */
  opsPerSec: number;
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

/** Nearest-rank percentile of an ascending list. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function summarize(samplesMs: readonly number[]): Summary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] };
}

/** Milliseconds taken by one call. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** Runs `fn` `warmup` times untimed, then `runs` times one after another; returns the row. */
export async function measureSequential(backend: string, operation: string, fn: (i: number) => Promise<unknown>, runs: number, warmup: number): Promise<Row> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples: number[] = [];
  const start = performance.now();
  for (let i = 0; i < runs; i++) samples.push(await timed(() => fn(warmup + i)));
  const wall = performance.now() - start;
  return { backend, operation, ...summarize(samples), opsPerSec: (runs / wall) * 1000 };
}

/**
 * `workers` simulated learners, all at once, each running `fn` `perWorker` times one after another
 * (after `warmup` untimed calls each). Latency is per call under that load; ops/s is the total
 * completed calls over the wall time of the whole burst.
 */
export async function measureConcurrent(
  backend: string,
  operation: string,
  fn: (worker: number, i: number) => Promise<unknown>,
  workers: number,
  perWorker: number,
  warmup: number,
): Promise<Row> {
  const ids = Array.from({ length: workers }, (_, w) => w);
  await Promise.all(ids.map(async (w) => {
    for (let i = 0; i < warmup; i++) await fn(w, i);
  }));
  const samples: number[] = [];
  const start = performance.now();
  await Promise.all(
    ids.map(async (w) => {
      for (let i = 0; i < perWorker; i++) samples.push(await timed(() => fn(w, warmup + i)));
    }),
  );
  const wall = performance.now() - start;
  return { backend, operation, ...summarize(samples), opsPerSec: (samples.length / wall) * 1000 };
}

export function machine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} cores, ${os.platform()} ${os.release()}, node ${process.version}`;
}

/** 1, 5 and 15 minute load averages: other work on the machine inflates every latency. */
export function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(1)).join(" ");
}

function ms(value: number): string {
  return value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0);
}

export function printTable(rows: readonly Row[]): void {
  const header = ["backend", "operation", "n", "p50 ms", "p95 ms", "max ms", "ops/s"];
  const cells = rows.map((r) => [r.backend, r.operation, String(r.n), ms(r.p50), ms(r.p95), ms(r.max), r.opsPerSec.toFixed(0)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  // Text columns left-aligned, numbers right-aligned.
  const line = (c: string[]) => c.map((v, i) => (i < 2 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const c of cells) console.log(line(c));
}
