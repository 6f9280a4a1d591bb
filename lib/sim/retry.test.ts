import fc from "fast-check";
import type { Fault } from "./faults";
import { retry, type BreakerState, type RetryParams } from "./retry";

const outage = retry.exampleFaults;
/** The dependency without a queue and clients without a timeout: rejections are instant, answers always awaited. */
const unqueued = { queueLimit: 0, timeoutMs: 0 };
const ALLOWED = new Set(["closed>open", "open>half-open", "half-open>closed", "half-open>open"]);

describe("retry", () => {
  it("circuit breaker transitions follow the state machine and stay open for openMs", () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const r = retry.run({ seed, params: { ...unqueued, strategy: "breaker" }, faults: outage });
      const ts = r.breakerTransitions;
      expect(ts.length).toBeGreaterThanOrEqual(3);
      expect(ts[0].from).toBe("closed");
      ts.forEach((tr, i) => {
        expect(ALLOWED.has(`${tr.from}>${tr.to}`)).toBe(true);
        if (i > 0) expect(tr.from).toBe(ts[i - 1].to);
        if (tr.from === "open") expect(tr.t - ts[i - 1].t).toBeCloseTo(r.params.openMs, 6);
      });
      // After the dependency recovers the breaker ends closed.
      expect(retry.queries.breakerStateAtEnd(r, undefined)).toBe("closed");
    }
  });

  it("the breaker sheds load while open: no dependency calls inside open intervals", () => {
    const r = retry.run({ seed: 7, params: { ...unqueued, strategy: "breaker" }, faults: outage });
    const ts = r.breakerTransitions;
    let openIntervals = 0;
    ts.forEach((tr, i) => {
      if (tr.to !== "open") return;
      openIntervals++;
      const end = ts[i + 1]?.t ?? r.duration;
      expect(r.dependencyCallTimes.filter((t) => t > tr.t && t < end)).toEqual([]);
    });
    expect(openIntervals).toBeGreaterThan(0);
    expect(r.final.counts.shedRequests).toBeGreaterThan(0);
    const none = retry.run({ seed: 7, params: { ...unqueued, strategy: "none" }, faults: outage });
    expect(r.final.counts.dependencyCalls).toBeLessThan(none.final.counts.dependencyCalls);
  });

  it("immediate retries amplify dependency load compared with no retries", () => {
    // Half of all calls fail for the whole run: 3 retries give 1 + 0.5 + 0.25 + 0.125 ≈ 1.9 calls per request.
    const failing = [{ at: 0, fault: "errors", rate: 0.5 }];
    for (const seed of [1, 2, 3]) {
      const none = retry.run({ seed, params: { ...unqueued, strategy: "none" }, faults: failing });
      const naive = retry.run({ seed, params: { ...unqueued, strategy: "retry" }, faults: failing });
      const backoff = retry.run({ seed, params: { ...unqueued, strategy: "backoff" }, faults: failing });
      expect(retry.queries.amplification(none, undefined)).toBe(1);
      expect(retry.queries.amplification(naive, undefined)).toBeGreaterThan(1.5);
      expect(retry.queries.dependencyCalls(naive, undefined)).toBeGreaterThan(1.5 * (retry.queries.dependencyCalls(none, undefined) as number));
      // Retries recover some requests that would have failed.
      expect(retry.queries.successfulRequests(backoff, undefined)).toBeGreaterThan(retry.queries.successfulRequests(none, undefined) as number);
    }
  });

  it("near the dependency's concurrency limit, immediate retries cause a storm of overload rejections", () => {
    const busy = [{ at: 0, fault: "load", rate: 300 }, { at: 2000, fault: "errors", rate: 0.5 }];
    const none = retry.run({ seed: 4, params: { ...unqueued, strategy: "none" }, faults: busy });
    const naive = retry.run({ seed: 4, params: { ...unqueued, strategy: "retry" }, faults: busy });
    expect(naive.final.counts.overloadRejections).toBeGreaterThan(10 * Math.max(1, none.final.counts.overloadRejections));
  });

  it("a two-second slowdown leaves retrying clients in a metastable failure; no retries, a breaker or dropping expired calls recover", () => {
    // 250 requests/s against 20 workers × 50 ms (capacity ≈ 400/s); the dependency is 150 ms slower from 5 s to 7 s.
    const slowdown: Fault[] = [
      { at: 5000, fault: "delay", ms: 150, jitter: 0 },
      { at: 7000, fault: "delay", ms: 0, jitter: 0 },
    ];
    const goodput = (strategy: RetryParams["strategy"], dropExpired = false) => {
      const r = retry.run({ seed: 1, params: { strategy, requestsPerSec: 250, dropExpired }, faults: slowdown, duration: 30_000 });
      const late = r.metrics.t.flatMap((t, i) => (t > 20_000 ? [r.metrics.series.successPerSec[i]] : []));
      return { r, late: late.reduce((a, b) => a + b, 0) / late.length };
    };
    for (const strategy of ["retry", "backoff"] as const) {
      const { r, late } = goodput(strategy);
      // Thirteen seconds after the trigger ended: the dependency is saturated with work nobody waits for.
      expect(late).toBeLessThan(10);
      expect(r.final.counts.wastedCalls).toBeGreaterThan(r.final.counts.successfulRequests / 4);
      expect(r.final.dependencyQueue).toBeGreaterThan(100);
      expect(r.trace.some((e) => e.kind === "overload")).toBe(true);
      expect(goodput(strategy, true).late).toBeGreaterThan(225);
    }
    expect(goodput("none").late).toBeGreaterThan(225);
    expect(goodput("breaker").late).toBeGreaterThan(225);
  });

  it("the default breaker does not flap at 300 requests/s with 2% errors: timeouts and errors, not queueing, open it", () => {
    for (const seed of [1, 2, 3]) {
      const r = retry.run({ seed, params: { strategy: "breaker", requestsPerSec: 300 }, duration: 30_000 });
      expect(r.breakerTransitions).toEqual([]);
      expect(r.final.counts.successfulRequests / r.final.counts.clientRequests).toBeGreaterThan(0.95);
    }
  });

  it("is deterministic and rejects faults that do not apply", () => {
    const a = retry.run({ seed: 2, faults: outage });
    expect(JSON.stringify(a)).toBe(JSON.stringify(retry.run({ seed: 2, faults: outage })));
    expect(JSON.stringify(retry.run({ seed: 3, faults: outage }).trace)).not.toBe(JSON.stringify(a.trace));
    expect(() => retry.run({ seed: 1, faults: [{ at: 0, fault: "crash", node: 1 }] })).toThrow(/"crash" does not apply to the retry simulation/);
  });
});

const DURATION = 3000;

/** Uniform over [min, max] (fc.double spreads over float bit patterns, which would favour tiny values). */
const between = (min: number, max: number) => fc.integer({ min: 0, max: 1_000_000 }).map((i) => min + ((max - min) * i) / 1_000_000);

/**
 * Valid retry parameters without a queue or client timeout (a call that finds every worker busy is rejected at
 * once, a client waits for every answer), where latencies bound the timing; latencies and limits stay small
 * enough for 200 runs to be quick. `queued` adds a queue, timeouts and dropped expired calls.
 */
const retryParamsArb = (strategies: readonly RetryParams["strategy"][] = ["none", "retry", "backoff", "breaker"], queued = false) =>
  fc.record({
    queueLimit: queued ? fc.integer({ min: 0, max: 50 }) : fc.constant(0),
    timeoutMs: queued ? between(0, 800) : fc.constant(0),
    dropExpired: queued ? fc.boolean() : fc.constant(false),
    strategy: fc.constantFrom(...strategies),
    requestsPerSec: between(0, 300),
    errorRate: between(0, 1),
    dependencyLatencyMs: between(1, 300),
    dependencyConcurrency: fc.integer({ min: 1, max: 60 }),
    maxRetries: fc.integer({ min: 0, max: 6 }),
    backoffBaseMs: between(1, 400),
    backoffCapMs: between(1, 2000),
    failureThreshold: fc.integer({ min: 1, max: 8 }),
    openMs: between(1, 1500),
    halfOpenProbes: fc.integer({ min: 1, max: 5 }),
  });

/** Random scripts over every fault the retry simulation supports: errors, load and delay. */
const retryFaults = (until: number): fc.Arbitrary<Fault[]> => {
  const at = between(0, until);
  const fault: fc.Arbitrary<Fault> = fc.oneof(
    fc.record({ at, fault: fc.constant("errors" as const), rate: between(0, 1) }),
    fc.record({ at, fault: fc.constant("load" as const), rate: between(0, 300) }),
    fc.record({ at, fault: fc.constant("delay" as const), ms: between(0, 300), jitter: fc.constant(0) }),
  );
  return fc.array(fault, { maxLength: 6 }).map((fs) => [...fs].sort((a, b) => a.at - b.at));
};

const seedArb = fc.integer({ min: 0, max: 2 ** 31 - 1 });

/** Index of the first sorted time > t, or ≥ t. */
const firstAfter = (times: number[], t: number) => search(times, (x) => x > t);
const firstAtOrAfter = (times: number[], t: number) => search(times, (x) => x >= t);
function search(times: number[], isPast: (x: number) => boolean): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (isPast(times[mid])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Longest a run can need to settle after arrivals stop (see the drain property). */
function drainBoundMs(p: RetryParams, faults: Fault[]): number {
  const extra = Math.max(0, ...faults.map((f) => (f.fault === "delay" ? f.ms : 0)));
  // One call lasts L·(0.5 + X/2) + extra with X ~ Exp(1); X > 40 has probability e^-40, so 20.5·L bounds it.
  const call = 20.5 * p.dependencyLatencyMs + extra;
  const sleeps = p.strategy === "backoff" ? p.maxRetries * p.backoffCapMs : 0;
  return (p.maxRetries + 1) * call + sleeps + 10;
}

describe("retry properties (random seeds, params and fault scripts)", () => {
  it("every strategy bounds dependency calls by its attempts and never exceeds the concurrency limit", () => {
    fc.assert(
      fc.property(seedArb, retryParamsArb(), retryFaults(DURATION), (seed, params, faults) => {
        const sim = retry.create({ seed, params, faults, duration: DURATION });
        for (let t = 250; t <= DURATION; t += 250) {
          sim.advanceTo(t);
          const { dependencyInFlight, counts } = sim.state();
          if (dependencyInFlight < 0 || dependencyInFlight > params.dependencyConcurrency) {
            throw new Error(`${dependencyInFlight} calls in flight at ${t} ms (limit ${params.dependencyConcurrency})`);
          }
          if (counts.successfulRequests + counts.failedRequests > counts.clientRequests) throw new Error(`more requests finished than issued at ${t} ms`);
        }
        const r = sim.finish();
        const c = r.final.counts;
        expect(r.dependencyCallTimes.length).toBe(c.dependencyCalls);
        expect(r.dependencyCallTimes.every((t, i) => i === 0 || t >= r.dependencyCallTimes[i - 1])).toBe(true);
        expect(c.overloadRejections).toBeLessThanOrEqual(c.dependencyFailures);
        expect(c.dependencyFailures).toBeLessThanOrEqual(c.dependencyCalls);
        switch (params.strategy) {
          case "none":
            expect(c.dependencyCalls).toBe(c.clientRequests);
            expect(c.shedRequests).toBe(0);
            expect(r.final.breaker).toBeNull();
            break;
          case "retry":
          case "backoff":
            expect(c.dependencyCalls).toBeGreaterThanOrEqual(c.clientRequests);
            expect(c.dependencyCalls).toBeLessThanOrEqual(c.clientRequests * (params.maxRetries + 1));
            expect(c.shedRequests).toBe(0);
            expect(r.final.breaker).toBeNull();
            break;
          case "breaker":
            // A request either makes exactly one call or is shed without calling.
            expect(c.dependencyCalls + c.shedRequests).toBe(c.clientRequests);
            expect(r.final.breaker).not.toBeNull();
            break;
        }
      }),
      { numRuns: 200 },
    );
  });

  it("conserves requests: once arrivals stop and the run drains, every request succeeded or failed exactly once", () => {
    fc.assert(
      fc.property(seedArb, retryParamsArb(), retryFaults(DURATION), (seed, params, script) => {
        const faults: Fault[] = [...script, { at: DURATION, fault: "load", rate: 0 }];
        const duration = DURATION + Math.ceil(drainBoundMs(params, faults));
        const r = retry.run({ seed, params, faults, duration });
        const c = r.final.counts;
        expect(r.final.dependencyInFlight).toBe(0);
        expect(c.successfulRequests + c.failedRequests).toBe(c.clientRequests);
        // Every successful call ends its request successfully; every failed call is retried or ends it failed.
        expect(c.successfulRequests).toBe(c.dependencyCalls - c.dependencyFailures);
        if (params.strategy === "breaker") expect(c.failedRequests).toBe(c.shedRequests + c.dependencyFailures);
        else expect(c.dependencyFailures - c.failedRequests).toBe(c.dependencyCalls - c.clientRequests);
      }),
      { numRuns: 200 },
    );
  });

  it("the breaker follows closed → open → half-open → (closed | open), sheds every call while open and lets at most halfOpenProbes probes run at once", () => {
    fc.assert(
      fc.property(
        seedArb,
        // An unlimited dependency: no overload rejections, so no call completes in less than half the mean latency.
        retryParamsArb(["breaker"]).map((p) => ({ ...p, dependencyConcurrency: 100_000 })),
        retryFaults(DURATION),
        (seed, params, faults) => {
          const r = retry.run({ seed, params, faults, duration: DURATION });
          expect(r.final.counts.overloadRejections).toBe(0);
          const ts = r.breakerTransitions;
          const calls = r.dependencyCallTimes;
          let state: BreakerState = "closed";
          ts.forEach((tr, i) => {
            // Plain checks in this loop: runs with a short openMs make thousands of transitions.
            if (tr.from !== state || !ALLOWED.has(`${tr.from}>${tr.to}`)) throw new Error(`transition ${i} ${tr.from} → ${tr.to} while ${state}`);
            if (tr.to === "half-open" && Math.abs(tr.t - ts[i - 1].t - params.openMs) > 1e-6) {
              throw new Error(`half-open at ${tr.t} ms, ${tr.t - ts[i - 1].t} ms after opening (openMs ${params.openMs})`);
            }
            state = tr.to;
            const end = ts[i + 1]?.t ?? r.duration;
            const inside = calls.slice(firstAfter(calls, tr.t), firstAtOrAfter(calls, end));
            if (tr.to === "open" && inside.length > 0) throw new Error(`${inside.length} calls while open from ${tr.t} to ${end} ms`);
            if (tr.to === "half-open") {
              // Every call in a half-open interval is a probe, and a probe lasts at least half the mean latency,
              // so any window of that length holds at most halfOpenProbes probe starts.
              const minCallMs = params.dependencyLatencyMs / 2;
              let oldest = 0;
              inside.forEach((t, k) => {
                while (inside[oldest] <= t - minCallMs) oldest++;
                const recent = k - oldest + 1;
                if (recent > params.halfOpenProbes) {
                  throw new Error(`${recent} probes in flight at ${t} ms in the half-open interval from ${tr.t} ms (limit ${params.halfOpenProbes})`);
                }
              });
            }
          });
          expect(r.final.breaker).toBe(state);
          // An open breaker always moves to half-open after openMs (unless the run ends first).
          const last = ts[ts.length - 1];
          if (last?.to === "open") expect(r.duration - last.t).toBeLessThanOrEqual(params.openMs + 1e-6);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("a request's attempts are one call plus a backoff sleep of at most min(cap, base·2^n) apart (none for immediate retries)", () => {
    fc.assert(
      fc.property(
        seedArb,
        fc.record({
          strategy: fc.constantFrom("retry" as const, "backoff" as const),
          // Every call fails and calls are short, so a request's attempts are spaced by its backoff sleeps.
          errorRate: fc.constant(1),
          dependencyLatencyMs: between(1, 5),
          dependencyConcurrency: fc.constant(100),
          maxRetries: fc.integer({ min: 1, max: 6 }),
          backoffBaseMs: between(1, 500),
          backoffCapMs: between(1, 3000),
          // One request on average in the first second; runs with exactly one are checked.
          requestsPerSec: fc.constant(1),
        }),
        (seed, params) => {
          const faults: Fault[] = [{ at: 1000, fault: "load", rate: 0 }];
          const r = retry.run({ seed, params, faults, duration: 1000 + params.maxRetries * (params.backoffCapMs + 200) });
          fc.pre(r.final.counts.clientRequests === 1);
          const calls = r.dependencyCallTimes;
          expect(calls).toHaveLength(params.maxRetries + 1);
          // A call lasts L·(0.5 + X/2), X ~ Exp(1); X > 20 has probability 2e-9, so 10.5·L bounds it.
          const shortest = params.dependencyLatencyMs / 2;
          const longest = 10.5 * params.dependencyLatencyMs;
          for (let n = 0; n < params.maxRetries; n++) {
            const gap = calls[n + 1] - calls[n];
            const ceiling = params.strategy === "backoff" ? Math.min(params.backoffCapMs, params.backoffBaseMs * 2 ** n) : 0;
            expect(gap).toBeGreaterThanOrEqual(shortest);
            expect(gap).toBeLessThanOrEqual(longest + ceiling);
          }
          expect(r.final.counts.failedRequests).toBe(1);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("retry with a queue and client timeouts (random seeds, params and fault scripts)", () => {
  it("every request ends exactly once; abandoned calls are wasted or skipped once the run drains; the queue and workers stay within their limits", () => {
    fc.assert(
      fc.property(seedArb, retryParamsArb(undefined, true), retryFaults(DURATION), (seed, params, script) => {
        // Arrivals stop at DURATION; then allow every queued call, retry and breaker wait to finish.
        const faults = [...script.filter((f) => f.fault !== "load"), { at: DURATION, fault: "load" as const, rate: 0 }];
        const attempts = params.maxRetries + 1;
        const callMs = 10.5 * params.dependencyLatencyMs + 300;
        const drain = (params.queueLimit / params.dependencyConcurrency + 2) * callMs * attempts + attempts * params.backoffCapMs + params.openMs + params.timeoutMs * attempts;
        const sim = retry.create({ seed, params, faults, duration: Math.min(600_000, DURATION + drain) });
        for (let t = 0; t <= DURATION; t += 100) {
          sim.advanceTo(t);
          const s = sim.state();
          expect(s.dependencyInFlight).toBeLessThanOrEqual(params.dependencyConcurrency);
          expect(s.dependencyQueue).toBeLessThanOrEqual(params.queueLimit);
        }
        const r = sim.finish();
        const c = r.final.counts;
        expect(c.successfulRequests + c.failedRequests).toBe(c.clientRequests);
        expect(c.wastedCalls + c.droppedExpired).toBe(c.timeouts);
        if (!params.dropExpired) expect(c.droppedExpired).toBe(0);
        if (params.timeoutMs === 0) expect(c.timeouts).toBe(0);
      }),
      { numRuns: 150 },
    );
  });
});

