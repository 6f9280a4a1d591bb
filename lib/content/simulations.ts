// The checker's only door into lib/sim: which simulation each MDX component runs, and how to
// validate and run a simulation from literal props or a `simulation` question.
// Nothing else in lib/content touches lib/sim.
import { simulations } from "@/lib/sim";
import type { SimulationDefinition } from "@/lib/sim/simulation";
import { getSimTask } from "@/lib/sim/tasks";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySimulation = SimulationDefinition<any, any, any>;

const REGISTRY: Record<string, AnySimulation> = simulations;

/** MDX component name → simulation name (docs/content-format.md). */
export const SIM_COMPONENTS = {
  RaftSim: "raft",
  QuorumSim: "quorum",
  HashRingSim: "hashring",
  QueueSim: "queue",
  RetrySim: "retry",
  BalancerSim: "balancer",
  CacheSim: "cache",
} as const;

export type SimComponentName = keyof typeof SIM_COMPONENTS;
export const PLANNED_SIMULATIONS: readonly string[] = Object.values(SIM_COMPONENTS);

/** Props of a simulation component that are run options rather than model parameters. */
const OPTION_PROPS = new Set(["seed", "duration", "faults"]);
/** Props the embedding UI may take that the model never sees. */
const UI_PROPS = new Set(["title", "caption", "height", "autoplay", "speed", "controls", "id", "className"]);

/** The MDX component that places a guided task (lib/sim/tasks.ts) in a lesson: `<SimTask id="…" />`. */
export const SIM_TASK_COMPONENT = "SimTask";

/** Whether a guided task with this id exists. */
export function simTaskExists(id: string): boolean {
  return getSimTask(id) !== undefined;
}

/** The guided tasks a lesson embeds, by id, in the order they appear. */
export function lessonTaskIds(lesson: { analysis: { components: Array<{ name: string; props: Record<string, { ok: boolean; value?: unknown }> }> } }): string[] {
  const ids: string[] = [];
  for (const c of lesson.analysis.components) {
    const id = c.name === SIM_TASK_COMPONENT && c.props.id?.ok ? c.props.id.value : undefined;
    if (typeof id === "string" && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

export function findSimulation(name: string): AnySimulation | undefined {
  return Object.prototype.hasOwnProperty.call(REGISTRY, name) ? REGISTRY[name] : undefined;
}

export interface SimRun {
  seed?: unknown;
  duration?: unknown;
  faults?: unknown;
  params?: Record<string, unknown>;
}

/** Splits a component's literal props into run options and model parameters. */
export function runFromProps(props: Record<string, unknown>): SimRun {
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) {
    if (!OPTION_PROPS.has(key) && !UI_PROPS.has(key)) params[key] = value;
  }
  return { seed: props.seed, duration: props.duration, faults: props.faults, params };
}

/** Problems with a run's options; messages start with the field path (faults[0].node: ...). */
export function validateRun(sim: AnySimulation, run: SimRun): string[] {
  const v = sim.validateOptions({ seed: run.seed as number, duration: run.duration as number | undefined, faults: run.faults, params: run.params });
  return v.ok ? [] : v.errors;
}

/** Runs a simulation and answers a query such as `leaderAtEnd` or `leaderOfTerm:3`. */
export function runQuery(sim: AnySimulation, run: SimRun, query: string): { ok: true; value: string } | { ok: false; error: string } {
  const [name, arg] = query.split(/:(.*)/s, 2);
  const fn = sim.queries[name];
  if (!fn) return { ok: false, error: `unknown query "${name}" for the ${sim.name} simulation (known: ${Object.keys(sim.queries).join(", ")})` };
  try {
    const result = sim.run({ seed: run.seed as number, duration: run.duration as number | undefined, faults: run.faults, params: run.params });
    const value = fn(result, arg);
    return { ok: true, value: value === null ? "null" : String(value) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
