/**
 * Clients calling a dependency, with four strategies: `none`, `retry` (immediate, fixed count), `backoff`
 * (exponential with full jitter, capped) and `breaker` (a circuit breaker, no retries: closed → open after
 * `failureThreshold` consecutive failures, open → half-open after `openMs`, half-open → closed after
 * `halfOpenProbes` successful probes or back to open on any failure).
 *
 * The dependency has `dependencyConcurrency` workers and a FIFO queue of up to `queueLimit` calls (0: calls that
 * find every worker busy are rejected at once). A client gives up on a call after `timeoutMs` (0: never) and
 * counts it as failed, but the dependency does not know: the call keeps its place in the queue and its worker,
 * and its work is wasted when it completes. That is how a short trigger becomes a metastable failure: once
 * queueing delay exceeds the timeout, every call fails, every failure is retried, and the retries keep the
 * queue long after the trigger ended. `dropExpired` makes the queue skip calls whose client already gave up
 * (deadline propagation), one of the ways out.
 */
import { describeFault, type Fault } from "./faults";
import { Kernel } from "./kernel";
import type { ParamsOf } from "./params";
import { defineSimulation, type ResolvedOptions } from "./simulation";
import type { SimResult } from "./types";

export const retryParams = {
  strategy: { type: "enum", label: "Strategy", default: "breaker", options: ["none", "retry", "backoff", "breaker"] },
  requestsPerSec: { type: "number", label: "Client requests per second", default: 100, min: 0, max: 100_000 },
  errorRate: { type: "number", label: "Baseline dependency error rate", default: 0.02, min: 0, max: 1 },
  dependencyLatencyMs: { type: "number", label: "Dependency latency (mean)", default: 50, min: 1, max: 60_000, unit: "ms" },
  dependencyConcurrency: { type: "number", label: "Dependency workers (concurrent calls)", default: 20, min: 1, max: 100_000, integer: true },
  queueLimit: { type: "number", label: "Dependency queue limit (0 = reject when all workers are busy)", default: 1000, min: 0, max: 1_000_000, integer: true },
  timeoutMs: { type: "number", label: "Client timeout (0 = wait forever)", default: 1000, min: 0, max: 600_000, unit: "ms" },
  dropExpired: { type: "boolean", label: "Dependency skips calls whose client gave up", default: false },
  maxRetries: { type: "number", label: "Retries per request", default: 3, min: 0, max: 20, integer: true },
  backoffBaseMs: { type: "number", label: "Backoff base", default: 50, min: 1, max: 60_000, unit: "ms" },
  backoffCapMs: { type: "number", label: "Backoff cap", default: 2000, min: 1, max: 600_000, unit: "ms" },
  failureThreshold: { type: "number", label: "Breaker: consecutive failures to open", default: 5, min: 1, max: 1000, integer: true },
  openMs: { type: "number", label: "Breaker: open for", default: 2000, min: 1, max: 600_000, unit: "ms" },
  halfOpenProbes: { type: "number", label: "Breaker: successful probes to close", default: 3, min: 1, max: 100, integer: true },
} as const;

export type RetryParams = ParamsOf<typeof retryParams>;
export type BreakerState = "closed" | "open" | "half-open";

export interface BreakerTransition {
  t: number;
  from: BreakerState;
  to: BreakerState;
}

export interface RetryState {
  t: number;
  strategy: RetryParams["strategy"];
  breaker: BreakerState | null;
  errorRate: number;
  requestsPerSec: number;
  dependencyInFlight: number;
  /** Calls waiting for a worker. */
  dependencyQueue: number;
  counts: {
    clientRequests: number;
    successfulRequests: number;
    failedRequests: number;
    shedRequests: number;
    dependencyCalls: number;
    dependencyFailures: number;
    overloadRejections: number;
    /** Calls the client gave up on. */
    timeouts: number;
    /** Calls the dependency completed after their client had given up: capacity spent for nobody. */
    wastedCalls: number;
    /** Calls skipped from the queue because their client had given up (dropExpired). */
    droppedExpired: number;
  };
}

export type RetryResult = SimResult<RetryParams, RetryState> & {
  breakerTransitions: BreakerTransition[];
  /** Dependency call start times (ms), for load-over-time plots and tests. */
  dependencyCallTimes: number[];
};

function buildRetry({ seed, params, faults, sampleEveryMs, eventBudget }: ResolvedOptions<RetryParams>) {
  const kernel = new Kernel(seed, sampleEveryMs, eventBudget);
  const arrivals = kernel.rng.fork();
  const dependencyRng = kernel.rng.fork();
  const jitter = kernel.rng.fork();
  const usesBreaker = params.strategy === "breaker";
  let errorRate = params.errorRate;
  let rate = params.requestsPerSec;
  let extraLatency = 0;
  let inFlight = 0;
  let breaker: BreakerState = "closed";
  let consecutiveFailures = 0;
  let probesInFlight = 0;
  let probeSuccesses = 0;
  /** Bumped on every open → half-open, so a probe left over from an earlier round does not free a slot in this one. */
  let halfOpenRound = 0;
  const transitions: BreakerTransition[] = [];
  const callTimes: number[] = [];
  const counts = {
    clientRequests: 0,
    successfulRequests: 0,
    failedRequests: 0,
    shedRequests: 0,
    dependencyCalls: 0,
    dependencyFailures: 0,
    overloadRejections: 0,
    timeouts: 0,
    wastedCalls: 0,
    droppedExpired: 0,
  };
  let windowCalls = 0;
  let windowOk = 0;
  let windowDone = 0;
  let windowTimeouts = 0;
  let windowWasted = 0;
  interface Call {
    serviceMs: number;
    ok: boolean;
    done: (ok: boolean) => void;
    /** The client stopped waiting (timeout) or got its answer. */
    settled: boolean;
    gaveUp: boolean;
  }
  const waiting: Call[] = [];
  let overloaded = false;

  function transition(to: BreakerState, why: string): void {
    transitions.push({ t: kernel.now, from: breaker, to });
    kernel.log("breaker", `Circuit breaker ${breaker} → ${to}: ${why}`, { from: breaker, to });
    breaker = to;
    if (to === "open") {
      kernel.schedule(params.openMs, () => {
        if (breaker === "open") {
          probeSuccesses = 0;
          probesInFlight = 0;
          halfOpenRound++;
          transition("half-open", `${params.openMs} ms passed; letting up to ${params.halfOpenProbes} probe calls through`);
        }
      });
    }
    if (to === "closed") consecutiveFailures = 0;
  }

  /** One call to the dependency; `done(ok)` once, when it completes, is rejected, or the client times out. */
  function callDependency(done: (ok: boolean) => void): void {
    counts.dependencyCalls++;
    windowCalls++;
    callTimes.push(kernel.now);
    if (inFlight >= params.dependencyConcurrency && waiting.length >= params.queueLimit) {
      counts.overloadRejections++;
      counts.dependencyFailures++;
      kernel.schedule(1, () => done(false));
      return;
    }
    const call: Call = {
      serviceMs: params.dependencyLatencyMs * (0.5 + dependencyRng.exponential(0.5)),
      ok: !dependencyRng.chance(errorRate),
      done,
      settled: false,
      gaveUp: false,
    };
    if (params.timeoutMs > 0) {
      kernel.schedule(params.timeoutMs, () => {
        if (call.settled) return;
        call.settled = true;
        call.gaveUp = true;
        counts.timeouts++;
        windowTimeouts++;
        done(false);
      });
    }
    if (inFlight < params.dependencyConcurrency) startCall(call);
    else {
      waiting.push(call);
      if (!overloaded && waiting.length >= 5 * params.dependencyConcurrency) {
        overloaded = true;
        kernel.log("overload", `The dependency's queue passed ${waiting.length} calls: new calls wait longer than the work takes`, { queue: waiting.length });
      }
    }
  }

  function startCall(call: Call): void {
    inFlight++;
    kernel.schedule(call.serviceMs + extraLatency, () => {
      inFlight--;
      if (!call.ok) counts.dependencyFailures++;
      if (call.gaveUp) {
        counts.wastedCalls++;
        windowWasted++;
      } else {
        call.settled = true;
        call.done(call.ok);
      }
      startWaiting();
    });
  }

  function startWaiting(): void {
    while (inFlight < params.dependencyConcurrency && waiting.length > 0) {
      const next = waiting.shift()!;
      if (params.dropExpired && next.gaveUp) {
        counts.droppedExpired++;
        continue;
      }
      startCall(next);
    }
    if (overloaded && waiting.length === 0) {
      overloaded = false;
      kernel.log("recovered", "The dependency's queue is empty again", {});
    }
  }

  function finishRequest(ok: boolean): void {
    windowDone++;
    if (ok) {
      counts.successfulRequests++;
      windowOk++;
    } else counts.failedRequests++;
  }

  function attempt(n: number): void {
    callDependency((ok) => {
      if (ok || n >= params.maxRetries || params.strategy === "none") return finishRequest(ok);
      if (params.strategy === "retry") return attempt(n + 1);
      // Full jitter: sleep uniformly in [0, min(cap, base · 2^n)] so that retries spread out.
      const ceiling = Math.min(params.backoffCapMs, params.backoffBaseMs * 2 ** n);
      kernel.schedule(jitter.uniform(0, ceiling), () => attempt(n + 1));
    });
  }

  function throughBreaker(): void {
    if (breaker === "open" || (breaker === "half-open" && probesInFlight >= params.halfOpenProbes)) {
      counts.shedRequests++;
      return finishRequest(false); // fail fast: the dependency is not called
    }
    const probeRound = breaker === "half-open" ? halfOpenRound : null;
    if (probeRound !== null) probesInFlight++;
    callDependency((ok) => {
      if (probeRound === halfOpenRound) probesInFlight--;
      if (breaker === "half-open") {
        if (!ok) transition("open", "a probe call failed");
        else if (++probeSuccesses >= params.halfOpenProbes) transition("closed", `${params.halfOpenProbes} probe calls succeeded`);
      } else if (breaker === "closed") {
        consecutiveFailures = ok ? 0 : consecutiveFailures + 1;
        if (consecutiveFailures >= params.failureThreshold) transition("open", `${consecutiveFailures} consecutive failures`);
      }
      finishRequest(ok);
    });
  }

  let arrivalScheduled = false;

  function nextRequest(): void {
    if (rate <= 0) return;
    arrivalScheduled = true;
    kernel.schedule(arrivals.exponential(1000 / rate), () => {
      arrivalScheduled = false;
      if (rate <= 0) return;
      counts.clientRequests++;
      if (usesBreaker) throughBreaker();
      else attempt(0);
      nextRequest();
    });
  }

  function applyFault(f: Fault): void {
    if (f.fault === "errors") errorRate = f.rate;
    else if (f.fault === "delay") extraLatency = f.ms;
    else if (f.fault === "load") {
      rate = f.rate;
      // A scheduled arrival keeps the stream alive and reads the new rate when it fires; starting a second stream would double the load.
      if (!arrivalScheduled) nextRequest();
    }
    kernel.log("fault", describeFault(f), { fault: f.fault });
  }

  for (const f of faults) kernel.at(f.at, () => applyFault(f));
  nextRequest();
  const perSec = 1000 / sampleEveryMs;
  kernel.sample(() => {
    const values = {
      dependencyCallsPerSec: windowCalls * perSec,
      successPerSec: windowOk * perSec,
      successRatio: windowDone > 0 ? windowOk / windowDone : 1,
      dependencyInFlight: inFlight,
      dependencyQueue: waiting.length,
      timeoutsPerSec: windowTimeouts * perSec,
      wastedCallsPerSec: windowWasted * perSec,
      breaker: breaker === "closed" ? 0 : breaker === "open" ? 1 : 2,
    };
    windowCalls = windowOk = windowDone = windowTimeouts = windowWasted = 0;
    return values;
  });

  const view = (): RetryState => ({
    t: kernel.now,
    strategy: params.strategy,
    breaker: usesBreaker ? breaker : null,
    errorRate,
    requestsPerSec: rate,
    dependencyInFlight: inFlight,
    dependencyQueue: waiting.length,
    counts: { ...counts },
  });

  return { kernel, view, extras: () => ({ breakerTransitions: transitions, dependencyCallTimes: callTimes }) };
}

export const retry = defineSimulation({
  name: "retry",
  title: "Retries, backoff and circuit breakers",
  description:
    "A dependency starts failing or slows down: retries multiply its load (a retry storm) and can keep it overloaded after the trigger ends (a metastable failure); backoff spreads retries out, and a circuit breaker sheds load until the dependency recovers.",
  paramsSchema: retryParams,
  defaultDuration: 15_000,
  supportedFaults: ["errors", "load", "delay"],
  exampleFaults: [
    { at: 3000, fault: "errors", rate: 0.6 },
    { at: 8000, fault: "errors", rate: 0.02 },
  ],
  nodeCount: () => 0,
  build: buildRetry,
  queries: {
    breakerStateAtEnd: (r) => r.final.breaker,
    dependencyCalls: (r) => r.final.counts.dependencyCalls,
    successfulRequests: (r) => r.final.counts.successfulRequests,
    wastedCalls: (r) => r.final.counts.wastedCalls,
    queueAtEnd: (r) => r.final.dependencyQueue,
    amplification: (r) =>
      r.final.counts.clientRequests > 0 ? Math.round((r.final.counts.dependencyCalls / r.final.counts.clientRequests) * 1000) / 1000 : null,
  },
});
