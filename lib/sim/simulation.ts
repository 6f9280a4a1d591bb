/** The shape every simulation module exports, and the plumbing they share (validation, instance wrapper). */
import { validateFaults, type Fault, type FaultKind } from "./faults";
import { DEFAULT_EVENT_BUDGET, Kernel } from "./kernel";
import { validateAgainst, defaultsOf, type ParamsOf, type ParamsSchema } from "./params";
import type { MetricSeries, SimEvent, SimInstance, SimOptions, SimResult, Validation } from "./types";

/** Thrown for bad options (unknown params, invalid fault script); `errors` lists every problem. */
export class SimulationInputError extends Error {
  constructor(
    readonly simulation: string,
    readonly errors: string[],
  ) {
    super(`Invalid ${simulation} simulation input:\n- ${errors.join("\n- ")}`);
    this.name = "SimulationInputError";
  }
}

export type QueryFn<R> = (result: R, arg: string | undefined) => string | number | null;

export interface SimulationDefinition<P, S, R extends SimResult<P, S> = SimResult<P, S>> {
  name: string;
  title: string;
  description: string;
  paramsSchema: ParamsSchema;
  defaults: P;
  defaultDuration: number;
  supportedFaults: readonly FaultKind[];
  /** An example fault script that makes the default run tell a story (for the UI's "try this"). */
  exampleFaults: Fault[];
  validateParams(input: unknown): Validation<P>;
  /** Validate params and faults together (fault node ids depend on params). */
  validateOptions(options: SimOptions<P>): Validation<ResolvedOptions<P>>;
  create(options: SimOptions<P>): SimInstance<P, S, R>;
  run(options: SimOptions<P>): R;
  queries: Record<string, QueryFn<R>>;
}

export interface ResolvedOptions<P> {
  seed: number;
  params: P;
  faults: Fault[];
  duration: number;
  sampleEveryMs: number;
  eventBudget: number;
}

/** What a simulation's factory returns: its kernel, how to view state, and optional extras for the result. */
export interface Model<S, X extends object = object> {
  kernel: Kernel;
  view(): S;
  /** Extra fields merged into the result (e.g. Raft's audit history). */
  extras?(): X;
}

export function defineSimulation<Sch extends ParamsSchema, S, X extends object = object>(def: {
  name: string;
  title: string;
  description: string;
  paramsSchema: Sch;
  defaultDuration: number;
  maxDuration?: number;
  supportedFaults: readonly FaultKind[];
  exampleFaults?: Fault[];
  nodeWord?: string;
  /** How many node ids fault scripts may name, given params. */
  nodeCount(params: ParamsOf<Sch>): number;
  /** Cross-field checks beyond the schema. */
  checkParams?(params: ParamsOf<Sch>): string[];
  build(options: ResolvedOptions<ParamsOf<Sch>>): Model<S, X>;
  queries: Record<string, QueryFn<SimResult<ParamsOf<Sch>, S> & X>>;
}): SimulationDefinition<ParamsOf<Sch>, S, SimResult<ParamsOf<Sch>, S> & X> {
  type P = ParamsOf<Sch>;
  type R = SimResult<P, S> & X;
  const maxDuration = def.maxDuration ?? 600_000;

  const validateParams = (input: unknown): Validation<P> => {
    const v = validateAgainst(def.paramsSchema, input, def.name);
    if (!v.ok) return v;
    const extra = def.checkParams?.(v.value) ?? [];
    return extra.length > 0 ? { ok: false, errors: extra } : v;
  };

  const validateOptions = (options: SimOptions<P>): Validation<ResolvedOptions<P>> => {
    const errors: string[] = [];
    if (typeof options !== "object" || options === null) return { ok: false, errors: ["options: must be an object"] };
    const seed = options.seed ?? 1;
    if (typeof seed !== "number" || !Number.isInteger(seed)) errors.push(`seed: must be an integer (got ${JSON.stringify(seed)})`);
    const duration = options.duration ?? def.defaultDuration;
    if (typeof duration !== "number" || !Number.isFinite(duration) || duration <= 0 || duration > maxDuration) {
      errors.push(`duration: must be a number of ms between 1 and ${maxDuration} (got ${JSON.stringify(duration)})`);
    }
    const sampleEveryMs = options.sampleEveryMs ?? 100;
    if (typeof sampleEveryMs !== "number" || !(sampleEveryMs >= 1)) errors.push(`sampleEveryMs: must be at least 1`);
    const eventBudget = options.eventBudget ?? DEFAULT_EVENT_BUDGET;
    if (typeof eventBudget !== "number" || !(eventBudget >= 1)) errors.push(`eventBudget: must be at least 1`);
    const params = validateParams(options.params);
    if (!params.ok) return { ok: false, errors: [...errors, ...params.errors] };
    const faults = validateFaults(options.faults, {
      simulation: def.name,
      nodeCount: def.nodeCount(params.value),
      nodeWord: def.nodeWord,
      supported: def.supportedFaults,
      duration: typeof duration === "number" ? duration : undefined,
    });
    if (!faults.ok) errors.push(...faults.errors);
    if (errors.length > 0 || !faults.ok) return { ok: false, errors };
    return { ok: true, value: { seed, params: params.value, faults: faults.faults, duration, sampleEveryMs, eventBudget } };
  };

  const create = (options: SimOptions<P>): SimInstance<P, S, R> => {
    const resolved = validateOptions(options);
    if (!resolved.ok) throw new SimulationInputError(def.name, resolved.errors);
    const { duration, params, seed } = resolved.value;
    const model = def.build(resolved.value);
    const kernel = model.kernel;
    const instance: SimInstance<P, S, R> = {
      duration,
      params,
      now: () => kernel.now,
      advanceTo(t: number) {
        kernel.runUntil(Math.min(Math.max(t, kernel.now), duration));
      },
      state: () => model.view(),
      trace: (): readonly SimEvent[] => kernel.trace,
      metrics: (): MetricSeries => kernel.metrics,
      eventsProcessed: () => kernel.processed,
      finish(): R {
        kernel.runUntil(duration);
        const base: SimResult<P, S> = {
          name: def.name,
          seed,
          duration,
          params,
          trace: kernel.trace,
          metrics: kernel.metrics,
          final: model.view(),
          eventsProcessed: kernel.processed,
        };
        return { ...base, ...(model.extras?.() ?? ({} as X)) } as R;
      },
    };
    return instance;
  };

  return {
    name: def.name,
    title: def.title,
    description: def.description,
    paramsSchema: def.paramsSchema,
    defaults: defaultsOf(def.paramsSchema),
    defaultDuration: def.defaultDuration,
    supportedFaults: def.supportedFaults,
    exampleFaults: def.exampleFaults ?? [],
    validateParams,
    validateOptions,
    create,
    run: (options) => create(options).finish(),
    queries: def.queries,
  };
}
