/**
 * Registry of simulations, for lessons (embed and scrub) and quizzes (grade "what happens next?").
 *
 * State at time t: runs are deterministic, so `stateAt(name, options, t)` replays from zero to t and returns
 * the view; for smooth scrubbing the UI keeps a `createSimulation` instance, calls `advanceTo` while time
 * moves forward, and recreates it to jump backwards. Metrics are sampled every 100 ms for charts.
 */
import { balancer } from "./balancer";
import { cache } from "./cache";
import { hashring } from "./hashring";
import { queue } from "./queue";
import { quorum } from "./quorum";
import { raft } from "./raft";
import { retry } from "./retry";
import type { SimulationDefinition } from "./simulation";
import type { SimInstance, SimOptions, SimResult } from "./types";

export const simulations = { raft, quorum, hashring, queue, retry, balancer, cache } as const;

export type SimulationName = keyof typeof simulations;
type Def<N extends SimulationName> = (typeof simulations)[N];
export type ParamsFor<N extends SimulationName> = Def<N>["defaults"];
export type ResultFor<N extends SimulationName> = ReturnType<Def<N>["run"]>;
export type StateFor<N extends SimulationName> = ResultFor<N>["final"];

/** Untyped view of any simulation (for code that takes the name at run time). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySimulation = SimulationDefinition<any, any, SimResult<any, any>>;

export const simulationNames = Object.keys(simulations) as SimulationName[];

export function getSimulation(name: string): AnySimulation {
  if (!Object.prototype.hasOwnProperty.call(simulations, name)) {
    throw new Error(`Unknown simulation "${name}" (known: ${simulationNames.join(", ")})`);
  }
  return simulations[name as SimulationName] as AnySimulation;
}

export interface RunOptions {
  seed: number;
  params?: Record<string, unknown>;
  faults?: unknown;
  duration?: number;
  sampleEveryMs?: number;
  eventBudget?: number;
}

export function runSimulation<N extends SimulationName>(name: N, options: RunOptions): ResultFor<N>;
export function runSimulation(name: string, options: RunOptions): SimResult<unknown, unknown>;
export function runSimulation(name: string, options: RunOptions): SimResult<unknown, unknown> {
  return getSimulation(name).run(options as SimOptions<unknown>);
}

export function createSimulation<N extends SimulationName>(name: N, options: RunOptions): SimInstance<ParamsFor<N>, StateFor<N>, ResultFor<N>>;
export function createSimulation(name: string, options: RunOptions): SimInstance<unknown, unknown>;
export function createSimulation(name: string, options: RunOptions): SimInstance<unknown, unknown> {
  return getSimulation(name).create(options as SimOptions<unknown>);
}

/** The state at simulated time t (replayed from zero; cost is one run up to t). */
export function stateAt<N extends SimulationName>(name: N, options: RunOptions, t: number): StateFor<N>;
export function stateAt(name: string, options: RunOptions, t: number): unknown;
export function stateAt(name: string, options: RunOptions, t: number): unknown {
  const instance = createSimulation(name, options);
  instance.advanceTo(t);
  return instance.state();
}

/** Split "leaderOfTerm:3" into its name and argument (the argument may itself contain colons). */
export function parseQuery(query: string): { name: string; arg: string | undefined } {
  const i = query.indexOf(":");
  return i < 0 ? { name: query.trim(), arg: undefined } : { name: query.slice(0, i).trim(), arg: query.slice(i + 1).trim() };
}

/** Answer a query on an existing result (lets a UI ask several questions of one run). */
export function queryResult(name: string, result: SimResult<unknown, unknown>, query: string): string | number | null {
  const sim = getSimulation(name);
  const { name: queryName, arg } = parseQuery(query);
  const fn = Object.prototype.hasOwnProperty.call(sim.queries, queryName) ? sim.queries[queryName] : undefined;
  if (!fn) throw new Error(`Unknown query "${queryName}" for the ${name} simulation (known: ${Object.keys(sim.queries).join(", ")})`);
  return fn(result, arg);
}

/** Run the simulation and answer one query: how quiz questions of type `simulation` are graded. */
export function answerSimulationQuery(name: string, options: RunOptions, query: string): string | number | null {
  const sim = getSimulation(name);
  const queryName = parseQuery(query).name;
  if (!Object.prototype.hasOwnProperty.call(sim.queries, queryName)) {
    throw new Error(`Unknown query "${queryName}" for the ${name} simulation (known: ${Object.keys(sim.queries).join(", ")})`);
  }
  return queryResult(name, sim.run(options as SimOptions<unknown>), query);
}

export { validateFaults, describeFault, FAULT_KINDS } from "./faults";
export type { Fault, FaultKind, FaultValidation } from "./faults";
export { SimulationInputError } from "./simulation";
export type { SimulationDefinition, QueryFn } from "./simulation";
export type { ParamSpec, ParamsSchema } from "./params";
export type { SimEvent, MetricSeries, SimResult, SimInstance, SimOptions, Validation, JsonValue, ClientOperation } from "./types";
export { ClientHistory, staleReads } from "./history";
export { HashRing, hash32 } from "./hashring";
export { Rng } from "./random";
export { Kernel, EventQueue, SimulationBudgetError, DEFAULT_EVENT_BUDGET } from "./kernel";
export type { RaftState, RaftNodeView, RaftRole, LogEntry, RaftParams, RaftResult, RaftAudit } from "./raft";
export type { QuorumState, ReplicaView, QuorumParams, QuorumResult, ReadRecord, WriteRecord, VersionedValue } from "./quorum";
export type { HashRingState, RingNodeView, RingChange, HashRingParams, HashRingResult } from "./hashring";
export type { QueueState, ConsumerView, QueueMessageView, QueueParams, QueueResult } from "./queue";
export type { RetryState, BreakerState, BreakerTransition, RetryParams, RetryResult } from "./retry";
export type { BalancerState, ServerView, BalancerParams, BalancerResult } from "./balancer";
export type { CacheState, CacheParams, CacheResult } from "./cache";
export { EvictingStore, zipfProbabilities, zipfSampler, type EvictionPolicy } from "./eviction";
