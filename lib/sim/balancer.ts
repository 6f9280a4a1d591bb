/**
 * A load balancer in front of servers of different speeds. Each server works through a FIFO queue one
 * request at a time. Algorithms: random (ignores load: each server is an M/M/1 queue), round-robin (ignores load), least-connections (global view of every
 * queue), power-of-two-choices (sample two servers, pick the less loaded: nearly as good, far cheaper).
 * Nodes in fault scripts are servers.
 */
import { describeFault, type Fault } from "./faults";
import { Kernel } from "./kernel";
import type { ParamsOf } from "./params";
import { defineSimulation, type ResolvedOptions } from "./simulation";
import { mean, percentile, round3 } from "./stats";
import type { SimResult } from "./types";

export const balancerParams = {
  algorithm: { type: "enum", label: "Algorithm", default: "p2c", options: ["random", "round-robin", "least-connections", "p2c"] },
  servers: { type: "numberList", label: "Server speeds (relative)", default: [1, 1, 0.5], min: 0.01, max: 100, minLength: 1, maxLength: 32 },
  requestsPerSec: { type: "number", label: "Requests per second", default: 40, min: 0, max: 100_000 },
  serviceMs: { type: "number", label: "Mean service time at speed 1", default: 50, min: 0.1, max: 60_000, unit: "ms" },
} as const;

export type BalancerParams = ParamsOf<typeof balancerParams>;

const ALGORITHM_NAME: Record<BalancerParams["algorithm"], string> = {
  random: "Random",
  "round-robin": "Round robin",
  "least-connections": "Least connections",
  p2c: "Power of two choices",
};

export interface ServerView {
  id: number;
  speed: number;
  up: boolean;
  /** Requests waiting or in service. */
  queue: number;
  served: number;
}

export interface BalancerState {
  t: number;
  algorithm: BalancerParams["algorithm"];
  servers: ServerView[];
  completed: number;
  failed: number;
  maxServerQueue: number;
  meanLatencyMs: number | null;
  p99LatencyMs: number | null;
}

export type BalancerResult = SimResult<BalancerParams, BalancerState> & { latencies: number[] };

function buildBalancer({ seed, params, faults, sampleEveryMs, eventBudget }: ResolvedOptions<BalancerParams>) {
  const kernel = new Kernel(seed, sampleEveryMs, eventBudget);
  const arrivals = kernel.rng.fork();
  const picks = kernel.rng.fork();
  const work = kernel.rng.fork();
  const n = params.servers.length;
  const servers = params.servers.map((speed, i) => ({ id: i + 1, speed, slow: 1, up: true, epoch: 0, queue: [] as number[], served: 0 }));
  const latencies: number[] = [];
  let window: number[] = [];
  let rate = params.requestsPerSec;
  let rrNext = 0;
  let failed = 0;
  let maxServerQueue = 0;

  const load = (i: number) => servers[i].queue.length;
  const upIndexes = () => servers.flatMap((s, i) => (s.up ? [i] : []));

  function choose(): number | null {
    const up = upIndexes();
    if (up.length === 0) return null;
    switch (params.algorithm) {
      case "random":
        return picks.choice(up);
      case "round-robin": {
        for (let k = 0; k < n; k++) {
          const i = (rrNext + k) % n;
          if (servers[i].up) {
            rrNext = i + 1;
            return i;
          }
        }
        return null;
      }
      case "least-connections": {
        let best = Infinity;
        let ties: number[] = [];
        for (const i of up) {
          if (load(i) < best) {
            best = load(i);
            ties = [i];
          } else if (load(i) === best) ties.push(i);
        }
        return picks.choice(ties);
      }
      case "p2c": {
        if (up.length === 1) return up[0];
        const a = picks.choice(up);
        let b = picks.choice(up);
        while (b === a) b = picks.choice(up);
        return load(a) < load(b) || (load(a) === load(b) && picks.chance(0.5)) ? a : b;
      }
    }
  }

  function startNext(i: number): void {
    const s = servers[i];
    if (s.queue.length === 0 || !s.up) return;
    const epoch = s.epoch;
    kernel.schedule(work.exponential(params.serviceMs / s.speed) * s.slow, () => {
      if (s.epoch !== epoch) return; // the server crashed meanwhile
      const arrived = s.queue.shift()!;
      s.served++;
      const latency = kernel.now - arrived;
      latencies.push(latency);
      window.push(latency);
      startNext(i);
    });
  }

  /** Decisions worth seeing, at most one a second: a request queued behind others while a server sat idle. */
  let lastNoted = -Infinity;
  function noteDecision(i: number): void {
    const idle = servers.findIndex((s, j) => j !== i && s.up && s.queue.length === 0);
    if (idle < 0 || load(i) < 2 || kernel.now - lastNoted < 1000) return;
    lastNoted = kernel.now;
    kernel.log(
      "decision",
      `${ALGORITHM_NAME[params.algorithm]} sent a request to server ${i + 1} (speed ${servers[i].speed}, ${load(i)} already queued) while server ${idle + 1} was idle`,
      { node: i + 1, queued: load(i), idle: idle + 1 },
    );
  }

  let arrivalScheduled = false;

  function nextRequest(): void {
    if (rate <= 0) return;
    arrivalScheduled = true;
    kernel.schedule(arrivals.exponential(1000 / rate), () => {
      arrivalScheduled = false;
      if (rate <= 0) return;
      const i = choose();
      if (i === null) failed++;
      else {
        const s = servers[i];
        noteDecision(i);
        s.queue.push(kernel.now);
        maxServerQueue = Math.max(maxServerQueue, s.queue.length);
        if (s.queue.length === 1) startNext(i);
      }
      nextRequest();
    });
  }

  function applyFault(f: Fault): void {
    if (f.fault === "crash") {
      const s = servers[f.node - 1];
      if (s.up) {
        s.up = false;
        s.epoch++;
        failed += s.queue.length;
        s.queue = [];
      }
    } else if (f.fault === "restart") {
      servers[f.node - 1].up = true;
    } else if (f.fault === "slow") {
      servers[f.node - 1].slow = f.factor;
    } else if (f.fault === "load") {
      rate = f.rate;
      // A scheduled arrival keeps the stream alive and reads the new rate when it fires; starting a second stream would double the load.
      if (!arrivalScheduled) nextRequest();
    }
    kernel.log(f.fault === "crash" || f.fault === "restart" ? f.fault : "fault", describeFault(f, "Server"), {
      node: "node" in f ? f.node : undefined,
      fault: f.fault,
    });
  }

  for (const f of faults) kernel.at(f.at, () => applyFault(f));
  nextRequest();
  kernel.sample(() => {
    const values: Record<string, number> = {
      p50LatencyMs: percentile(window, 50) ?? 0,
      p99LatencyMs: percentile(window, 99) ?? 0,
      completedPerSec: (window.length * 1000) / sampleEveryMs,
    };
    servers.forEach((s) => (values[`queue.s${s.id}`] = s.queue.length));
    window = [];
    return values;
  });

  const view = (): BalancerState => ({
    t: kernel.now,
    algorithm: params.algorithm,
    servers: servers.map((s) => ({ id: s.id, speed: s.speed, up: s.up, queue: s.queue.length, served: s.served })),
    completed: latencies.length,
    failed,
    maxServerQueue,
    meanLatencyMs: round3(mean(latencies)),
    p99LatencyMs: round3(percentile(latencies, 99)),
  });

  return { kernel, view, extras: () => ({ latencies }) };
}

export const balancer = defineSimulation({
  name: "balancer",
  title: "Load balancing: round-robin, least-connections, power of two choices",
  description: "Requests spread over servers of different speeds; load-aware algorithms keep the slow server's queue short.",
  paramsSchema: balancerParams,
  defaultDuration: 20_000,
  supportedFaults: ["crash", "restart", "slow", "load"],
  exampleFaults: [{ at: 8000, fault: "slow", node: 1, factor: 4 }],
  nodeWord: "server",
  nodeCount: (p) => p.servers.length,
  build: buildBalancer,
  queries: {
    maxServerQueue: (r) => r.final.maxServerQueue,
    p99LatencyMs: (r) => r.final.p99LatencyMs,
    meanLatencyMs: (r) => r.final.meanLatencyMs,
  },
});
