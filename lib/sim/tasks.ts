/**
 * Guided simulation tasks: a goal a learner reaches by changing a simulation's parameters and faults, checked
 * on the learner's own run. A task is data (which simulation, where it starts, what the learner may change)
 * plus one pure predicate per step that reads the finished run and says "done" or "not yet, because …".
 *
 * Runs are deterministic, so a run is fully described by its configuration (seed, params, faults): the
 * browser shows the verdict for the run on screen, and the server re-runs the same configuration and grades
 * it again before it stores anything. No React, no I/O.
 */
import { checkSimulationRun } from "@/lib/lincheck/from-simulation";
import { describeFault, type Fault } from "./faults";
import { runSimulation, SimulationInputError, simulations, type SimulationName } from "./index";
import type { QueueResult } from "./queue";
import type { QuorumResult } from "./quorum";
import type { RaftResult } from "./raft";
import type { SimEvent, SimResult } from "./types";

/** What a learner submits for one step: the run on their screen. */
export interface TaskRun {
  seed: number;
  params: Record<string, unknown>;
  faults: Fault[];
}

export interface StepVerdict {
  done: boolean;
  /** One or two sentences: what the run showed, and (when not done) what to try. */
  reason: string;
}

export interface TaskStep<R = SimResult<unknown, unknown>> {
  /** The step's goal, shown above the player. */
  goal: string;
  check(result: R, run: TaskRun): StepVerdict;
}

export interface SimTaskDefinition<N extends SimulationName = SimulationName> {
  id: string;
  sim: N;
  title: string;
  /** The whole task in one sentence. */
  goal: string;
  /** Shown on request: how to get there. */
  hint: string;
  /** Where the player starts (and the values of every parameter the learner may not change). */
  start: TaskRun;
  /** Simulated ms; fixed by the task. */
  duration: number;
  /** Parameters the learner may change; every other parameter keeps its start value. */
  tunable: readonly string[];
  /**
   * "free": the learner edits the fault script (the start faults are a suggestion);
   * "fixed": the start faults are the scenario, and the learner's script must be exactly them.
   */
  faults: "free" | "fixed";
  steps: readonly TaskStep<ResultOf<N>>[];
}

type ResultOf<N extends SimulationName> = N extends "quorum" ? QuorumResult : N extends "raft" ? RaftResult : N extends "queue" ? QueueResult : SimResult<unknown, unknown>;

export interface TaskGrade {
  taskId: string;
  done: boolean;
  steps: StepVerdict[];
}

/** The checker's budget on a task run: the task runs are a few hundred operations, checked in milliseconds. */
const CHECK_OPTIONS = { timeLimitMs: 3000, maxSteps: 2_000_000 } as const;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

// ---- Quorums -------------------------------------------------------------------------------------------

function linearizability(result: QuorumResult) {
  const check = checkSimulationRun(result.history, CHECK_OPTIONS);
  const operations = check.result.partitions.reduce((n, p) => n + p.operationIds.length, 0);
  return { ...check, operations };
}

const QUORUM_START = { keys: 1, clients: 5, opsPerSec: 30, n: 3 };
const SLOW_REPLICA: Fault = { at: 1000, fault: "slow", node: 3, factor: 20 };
/** Both quorum tasks: three replicas, the third 20 times slower, the learner tuning R, W and read repair. */
const SLOW_REPLICA_TASK = { sim: "quorum", duration: 6000, tunable: ["r", "w", "readRepair"] } as const;
const slowReplicaStart = (r: number, w: number) => ({ seed: 4, params: { ...QUORUM_START, r, w }, faults: [SLOW_REPLICA] });

const quorumNonLinearizable: SimTaskDefinition<"quorum"> = {
  ...SLOW_REPLICA_TASK,
  id: "quorum-non-linearizable",
  title: "Break linearizability",
  goal: "Make the quorum simulation produce a history that is not linearizable: a read the checker proves could not have happened.",
  hint: "Replica 3 is 20 times slower than the others. With R + W ≤ N a read quorum need not contain any replica that acknowledged the last write: lower R (or W) and run again.",
  start: slowReplicaStart(2, 2),
  faults: "free",
  steps: [
    {
      goal: "Produce a non-linearizable history.",
      check(result) {
        const { result: checked, violation, operations } = linearizability(result);
        const { n, r, w } = result.params;
        if (checked.verdict === "not-linearizable") {
          return { done: true, reason: `Not linearizable. ${violation?.summary ?? ""}`.trim() };
        }
        if (checked.verdict === "unknown") {
          return { done: false, reason: "The checker ran out of budget before it could decide; try a run with fewer clients or keys." };
        }
        return {
          done: false,
          reason:
            r + w > n
              ? `Linearizable: the checker found an order for all ${operations} operations. R + W = ${r + w} > N = ${n}, so every read quorum shares a replica with the last write's quorum.`
              : `Linearizable this time: all ${operations} operations fit one order. R + W = ${r + w} ≤ N = ${n} allows stale reads, but none happened here; a slow or crashed replica makes them likely.`,
        };
      },
    },
  ],
};

const quorumSmallestOverlap: SimTaskDefinition<"quorum"> = {
  ...SLOW_REPLICA_TASK,
  id: "quorum-smallest-overlap",
  title: "The smallest quorums that stay linearizable",
  goal: "With replica 3 slowed down, find the smallest R and W (R + W = N + 1) whose history the checker finds linearizable.",
  hint: "R + W = N + 1 is the least overlap. Of the pairs with R + W = 4 on three replicas, not every one survives a slow replica: a one-replica read can see a write that is still in progress and a later read can miss it. Try each pair, and read repair.",
  start: slowReplicaStart(3, 3),
  faults: "fixed",
  steps: [
    {
      goal: "Find R and W with R + W = N + 1 whose run is linearizable.",
      check(result) {
        const { n, r, w } = result.params;
        const { result: checked, violation, operations } = linearizability(result);
        if (r + w <= n) {
          const what =
            checked.verdict === "not-linearizable" ? `Not linearizable: ${violation?.summary ?? "a read missed a completed write."}` : "This run happened to be linearizable, but nothing guarantees it.";
          return { done: false, reason: `R + W = ${r + w} ≤ N = ${n}: a read quorum can miss every replica of the last write. ${what}` };
        }
        if (checked.verdict === "unknown") return { done: false, reason: "The checker ran out of budget before it could decide." };
        if (checked.verdict === "not-linearizable") {
          return { done: false, reason: `R + W = ${r + w} > N = ${n}, and still not linearizable: ${violation?.summary ?? ""} Overlap alone is not enough; try another pair or read repair.`.trim() };
        }
        if (r + w > n + 1) {
          return { done: false, reason: `Linearizable, with R + W = ${r + w}. Smaller quorums answer faster and survive more failures: find a pair with R + W = ${n + 1}.` };
        }
        return { done: true, reason: `Linearizable with R = ${r}, W = ${w} (R + W = N + 1 = ${n + 1}): all ${operations} operations fit one order.` };
      },
    },
  ],
};

// ---- Raft ----------------------------------------------------------------------------------------------

/** Terms in which two or more nodes stood for election and nobody won. */
export function splitVoteTerms(trace: readonly SimEvent[]): number[] {
  const candidates = new Map<number, Set<number>>();
  const won = new Set<number>();
  for (const e of trace) {
    if (typeof e.term !== "number") continue;
    if (e.kind === "election" && typeof e.node === "number") {
      const set = candidates.get(e.term) ?? new Set<number>();
      set.add(e.node);
      candidates.set(e.term, set);
    } else if (e.kind === "leader") won.add(e.term);
  }
  return [...candidates].filter(([term, set]) => set.size >= 2 && !won.has(term)).map(([term]) => term);
}

const raftSplitVote: SimTaskDefinition<"raft"> = {
  id: "raft-split-vote",
  sim: "raft",
  title: "Cause a split vote",
  goal: "Make two or more candidates stand in the same term so that none of them gets a majority.",
  hint: "Randomised election timeouts are what keeps candidates apart: make the range narrow (minimum close to the maximum), or make messages slow compared with the range.",
  start: { seed: 756, params: { nodes: 5 }, faults: [] },
  duration: 10_000,
  tunable: ["electionTimeoutMinMs", "electionTimeoutMaxMs", "latencyMs", "nodes"],
  faults: "free",
  steps: [
    {
      goal: "Cause a split vote.",
      check(result) {
        const terms = splitVoteTerms(result.trace);
        const elections = result.trace.filter((e) => e.kind === "election").length;
        if (terms.length > 0) {
          const first = terms[0];
          const who = [...new Set(result.trace.filter((e) => e.kind === "election" && e.term === first).map((e) => e.node))].join(", ");
          return { done: true, reason: `Split vote in term ${first}: nodes ${who} all stood and none reached a majority${terms.length > 1 ? ` (${plural(terms.length, "term")} without a winner in all)` : ""}.` };
        }
        const { electionTimeoutMinMs: min, electionTimeoutMaxMs: max } = result.params;
        return {
          done: false,
          reason: `${plural(elections, "election")}, and every term that had candidates elected a leader. Timeouts are drawn from ${min}–${max} ms, so one node usually times out well before the others.`,
        };
      },
    },
  ],
};

/**
 * Figure 8 of the Raft paper: a leader holds an entry of an earlier term on a majority but must not commit it
 * (§5.4.2), and a later leader then overwrites that entry. Returns the overwrite, or null.
 */
export function figureEightOverwrite(trace: readonly SimEvent[]): { notCommitted: SimEvent; overwrite: SimEvent } | null {
  const held: SimEvent[] = [];
  for (const e of trace) {
    if (e.kind === "not-committed") held.push(e);
    else if (e.kind === "overwrite" && typeof e.index === "number") {
      const from = e.index;
      const to = from + (typeof e.dropped === "number" ? e.dropped : 1) - 1;
      const hit = held.find((h) => typeof h.index === "number" && h.index >= from && h.index <= to);
      if (hit) return { notCommitted: hit, overwrite: e };
    }
  }
  return null;
}

const raftFigureEight: SimTaskDefinition<"raft"> = {
  id: "raft-figure-8",
  sim: "raft",
  title: "Reproduce Raft's Figure 8",
  goal: "Get an entry from an old term onto a majority, have the new leader refuse to commit it, and then see it overwritten.",
  hint: "Isolate the leader with one follower, let the majority elect a leader that appends entries only it holds, then let the old leader back in with a majority that lacks those entries before it commits; finally crash it, so a node with the later-term entry wins. The lesson's Figure 8 player shows one fault script that works.",
  start: { seed: 9, params: { nodes: 5, clientIntervalMs: 200, readShare: 0, clientTimeoutMs: 400 }, faults: [] },
  duration: 8000,
  tunable: [],
  faults: "free",
  steps: [
    {
      goal: "Reproduce Figure 8.",
      check(result) {
        if (result.trace.some((e) => e.kind === "violation")) return { done: false, reason: "The run overwrote a committed entry, which Raft never does: report this run." };
        const found = figureEightOverwrite(result.trace);
        if (found) {
          const { notCommitted: nc, overwrite: ow } = found;
          return {
            done: true,
            reason: `At ${(nc.t / 1000).toFixed(3)} s leader ${nc.node} held entry ${nc.index} from term ${nc.entryTerm} on ${nc.replicas} nodes and did not commit it; at ${(ow.t / 1000).toFixed(3)} s node ${ow.node} overwrote it with an entry from term ${ow.newTerm}.`,
          };
        }
        const held = result.trace.find((e) => e.kind === "not-committed");
        return {
          done: false,
          reason: held
            ? `Leader ${held.node} held entry ${held.index} from term ${held.entryTerm} on a majority without committing it, but no later leader overwrote it: a node with a later-term entry at that index has to win an election.`
            : "No leader ever held an earlier term's entry on a majority: a leader has to lose office with entries that reached only some nodes, and come back.",
        };
      },
    },
  ],
};

// ---- Queue ---------------------------------------------------------------------------------------------

const LATENCY_LIMIT_MS = 2000;
const peakWait = (result: QueueResult) => Math.max(0, ...(result.metrics.series.oldestAgeMs ?? [0]));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const queueOverloadBound: SimTaskDefinition<"queue"> = {
  id: "queue-overload-bound",
  sim: "queue",
  title: "Overload a queue, then bound it",
  goal: `Push more work than the consumers can do until a message waits more than ${seconds(LATENCY_LIMIT_MS)} in the queue; then keep the overload and fix the wait with a bounded queue.`,
  hint: "Two consumers at 300 ms a message serve about 6.7 messages a second. Raise the produce rate above that. By Little's law a queue of C messages served at μ a second makes each wait about C / μ: pick the capacity from the limit.",
  start: { seed: 2, params: { capacity: 0, failureRate: 0 }, faults: [] },
  duration: 20_000,
  tunable: ["capacity", "whenFull"],
  faults: "free",
  steps: [
    {
      goal: `Overload: a message waits more than ${seconds(LATENCY_LIMIT_MS)}.`,
      check(result) {
        const wait = peakWait(result);
        return wait > LATENCY_LIMIT_MS
          ? { done: true, reason: `The oldest waiting message reached ${seconds(wait)}: arrivals outran the consumers and the backlog grew.` }
          : { done: false, reason: `The longest wait was ${seconds(wait)}: the consumers keep up. Raise the produce rate above what they can serve.` };
      },
    },
    {
      goal: `Fix it with a bound: still overloaded, but no message waits more than ${seconds(LATENCY_LIMIT_MS)}.`,
      check(result) {
        const wait = peakWait(result);
        const turnedAway = result.final.counts.rejected + result.trace.filter((e) => e.kind === "blocked").length;
        if (result.params.capacity === 0) return { done: false, reason: "The queue is still unbounded (capacity 0): give it a capacity." };
        if (turnedAway === 0) return { done: false, reason: "The queue never filled, so the bound did nothing: keep the overload from the first step." };
        if (wait > LATENCY_LIMIT_MS) {
          return { done: false, reason: `Bounded at ${result.params.capacity}, but a message still waited ${seconds(wait)}: the bound is too large for the rate the consumers serve.` };
        }
        return {
          done: true,
          reason: `Bounded at ${result.params.capacity}: the longest wait was ${seconds(wait)}, and ${plural(turnedAway, "message")} ${result.params.whenFull === "block" ? "waited at the producers" : "were rejected"} instead of queueing.`,
        };
      },
    },
  ],
};

// ---- Registry and grading ------------------------------------------------------------------------------

export const simTasks = {
  [quorumNonLinearizable.id]: quorumNonLinearizable,
  [quorumSmallestOverlap.id]: quorumSmallestOverlap,
  [raftSplitVote.id]: raftSplitVote,
  [raftFigureEight.id]: raftFigureEight,
  [queueOverloadBound.id]: queueOverloadBound,
} as Readonly<Record<string, SimTaskDefinition>>;

export function getSimTask(id: string): SimTaskDefinition | undefined {
  return Object.prototype.hasOwnProperty.call(simTasks, id) ? simTasks[id] : undefined;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Problems with a submitted run against the task's rules (not the goal): the seed, the parameters the learner
 * may not change, a fixed fault script. Empty when the run is one the task allows.
 */
export function taskRunProblems(task: SimTaskDefinition, run: TaskRun): string[] {
  const problems: string[] = [];
  if (run.seed !== task.start.seed) problems.push(`seed: this task runs with seed ${task.start.seed}`);
  const schema = simulations[task.sim].paramsSchema as Record<string, unknown>;
  for (const key of Object.keys(run.params)) {
    if (!Object.prototype.hasOwnProperty.call(schema, key)) problems.push(`params.${key}: not a parameter of the ${task.sim} simulation`);
    else if (!task.tunable.includes(key) && !sameJson(run.params[key], task.start.params[key])) problems.push(`params.${key}: this task keeps it at ${JSON.stringify(task.start.params[key] ?? "its default")}`);
  }
  for (const key of Object.keys(task.start.params)) {
    if (!task.tunable.includes(key) && !Object.prototype.hasOwnProperty.call(run.params, key)) problems.push(`params.${key}: missing`);
  }
  if (task.faults === "fixed" && !sameJson(run.faults, task.start.faults)) {
    problems.push(`faults: this task's scenario is fixed (${task.start.faults.map((f) => describeFault(f)).join("; ") || "no faults"})`);
  }
  return problems;
}

/** Grades one step on one run. A run the task does not allow, or that cannot run, is "not yet" with the reason. */
export function gradeStep(task: SimTaskDefinition, step: number, run: TaskRun): StepVerdict {
  const problems = taskRunProblems(task, run);
  if (problems.length > 0) return { done: false, reason: `This run is outside the task: ${problems.join("; ")}.` };
  let result: SimResult<unknown, unknown>;
  try {
    result = runSimulation(task.sim, { seed: run.seed, params: run.params, faults: run.faults, duration: task.duration });
  } catch (err) {
    if (err instanceof SimulationInputError) return { done: false, reason: `This run cannot start: ${err.errors.join("; ")}.` };
    throw err;
  }
  return (task.steps[step] as TaskStep).check(result, run);
}

/**
 * Grades a task on one run per step, in order: a step counts only when every earlier one is done. This is
 * the whole grade; the server calls it on the submitted configurations and stores nothing else.
 */
export function gradeTask(task: SimTaskDefinition, runs: readonly TaskRun[]): TaskGrade {
  const steps: StepVerdict[] = [];
  for (let i = 0; i < task.steps.length; i++) {
    const run = runs[i];
    if (!run) {
      steps.push({ done: false, reason: "Not tried yet." });
      continue;
    }
    if (i > 0 && !steps[i - 1].done) {
      steps.push({ done: false, reason: "Finish the step before this one first." });
      continue;
    }
    steps.push(gradeStep(task, i, run));
  }
  return { taskId: task.id, done: steps.every((s) => s.done), steps };
}
