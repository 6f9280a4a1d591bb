/**
 * Simulation benchmark: simulated time per CPU time for a representative scenario of each simulation.
 * Run with `npm run bench:sim`. Goal: Raft, 5 nodes, 60 s simulated in ≤ 50 ms.
 */
import { runSimulation, type RunOptions, type SimulationName } from "../lib/sim";

interface Scenario {
  label: string;
  name: SimulationName;
  options: RunOptions;
}

const scenarios: Scenario[] = [
  { label: "raft 5 nodes, 60 s simulated", name: "raft", options: { seed: 1, params: { nodes: 5 }, duration: 60_000 } },
  {
    label: "raft 9 nodes, 60 s with crash + partition",
    name: "raft",
    options: {
      seed: 2,
      params: { nodes: 9 },
      duration: 60_000,
      faults: [
        { at: 10_000, fault: "crash", node: 1 },
        { at: 20_000, fault: "partition", groups: [[1, 2, 3, 4], [5, 6, 7, 8, 9]] },
        { at: 30_000, fault: "heal" },
        { at: 40_000, fault: "restart", node: 1 },
      ],
    },
  },
  { label: "quorum N=3 R=2 W=2, 60 s", name: "quorum", options: { seed: 1, duration: 60_000, faults: [{ at: 20_000, fault: "slow", node: 3, factor: 10 }] } },
  { label: "hashring 8 nodes x 128 vnodes, 10k keys, join", name: "hashring", options: { seed: 1, params: { nodes: 8, vnodes: 128, keys: 10_000 }, duration: 60_000, faults: [{ at: 30_000, fault: "restart", node: 9 }] } },
  { label: "queue 2x2, 60 s with consumer crash", name: "queue", options: { seed: 1, duration: 60_000, faults: [{ at: 20_000, fault: "crash", node: 1 }, { at: 40_000, fault: "restart", node: 1 }] } },
  { label: "retry breaker, 60 s with outage", name: "retry", options: { seed: 1, duration: 60_000, faults: [{ at: 10_000, fault: "errors", rate: 0.6 }, { at: 30_000, fault: "errors", rate: 0.02 }] } },
  { label: "balancer p2c 3 servers, 60 s", name: "balancer", options: { seed: 1, duration: 60_000 } },
  { label: "cache no coalescing, 60 s", name: "cache", options: { seed: 1, duration: 60_000 } },
  {
    label: "raft 5 nodes, 60 s, 4 clients reading through a partitioned leader",
    name: "raft",
    options: { seed: 1, params: { clients: 4, readShare: 0.8 }, duration: 60_000, faults: [{ at: 20_000, fault: "partition", groups: [[1, 2], [3, 4, 5]] }, { at: 40_000, fault: "heal" }] },
  },
  { label: "retry storm: 250 req/s, 2 s slowdown, 60 s", name: "retry", options: { seed: 1, params: { strategy: "retry", requestsPerSec: 250 }, duration: 60_000, faults: [{ at: 5000, fault: "delay", ms: 150 }, { at: 7000, fault: "delay", ms: 0 }] } },
  { label: "cache Zipf 1.0, 10k keys, LRU 100, 60 s", name: "cache", options: { seed: 1, params: { zipf: 1, keys: 10_000, capacity: 100, hotShare: 0 }, duration: 60_000 } },
  { label: "balancer random, 20 servers at ρ = 0.9, 60 s", name: "balancer", options: { seed: 1, params: { algorithm: "random", servers: Array(20).fill(1), requestsPerSec: 360 }, duration: 60_000 } },
];

const RUNS = 7;

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

console.log(`Simulation benchmark (median of ${RUNS} runs after 2 warm-ups, CPU time via process.cpuUsage)\n`);
let raftOk = true;
for (const s of scenarios) {
  for (let i = 0; i < 2; i++) runSimulation(s.name, s.options);
  const times: number[] = [];
  let events = 0;
  let processed = 0;
  for (let i = 0; i < RUNS; i++) {
    const start = cpuMs();
    const result = runSimulation(s.name, s.options);
    times.push(cpuMs() - start);
    events = result.trace.length;
    processed = result.eventsProcessed;
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(RUNS / 2)];
  const simulated = s.options.duration ?? 0;
  const speed = median > 0 ? Math.round(simulated / median) : Infinity;
  console.log(`${s.label}: ${median.toFixed(1)} ms CPU (${speed}x real time, ${processed} events processed, ${events} logged)`);
  if (s === scenarios[0] && median > 50) raftOk = false;
}
console.log(`\nGoal (raft 5 nodes, 60 s ≤ 50 ms): ${raftOk ? "met" : "NOT met"}`);
