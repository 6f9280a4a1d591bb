import { retry } from "./retry";

const outage = retry.exampleFaults;
const ALLOWED = new Set(["closed>open", "open>half-open", "half-open>closed", "half-open>open"]);

describe("retry", () => {
  it("circuit breaker transitions follow the state machine and stay open for openMs", () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const r = retry.run({ seed, params: { strategy: "breaker" }, faults: outage });
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
    const r = retry.run({ seed: 7, params: { strategy: "breaker" }, faults: outage });
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
    const none = retry.run({ seed: 7, params: { strategy: "none" }, faults: outage });
    expect(r.final.counts.dependencyCalls).toBeLessThan(none.final.counts.dependencyCalls);
  });

  it("immediate retries amplify dependency load compared with no retries", () => {
    // Half of all calls fail for the whole run: 3 retries give 1 + 0.5 + 0.25 + 0.125 ≈ 1.9 calls per request.
    const failing = [{ at: 0, fault: "errors", rate: 0.5 }];
    for (const seed of [1, 2, 3]) {
      const none = retry.run({ seed, params: { strategy: "none" }, faults: failing });
      const naive = retry.run({ seed, params: { strategy: "retry" }, faults: failing });
      const backoff = retry.run({ seed, params: { strategy: "backoff" }, faults: failing });
      expect(retry.queries.amplification(none, undefined)).toBe(1);
      expect(retry.queries.amplification(naive, undefined)).toBeGreaterThan(1.5);
      expect(retry.queries.dependencyCalls(naive, undefined)).toBeGreaterThan(1.5 * (retry.queries.dependencyCalls(none, undefined) as number));
      // Retries recover some requests that would have failed.
      expect(retry.queries.successfulRequests(backoff, undefined)).toBeGreaterThan(retry.queries.successfulRequests(none, undefined) as number);
    }
  });

  it("near the dependency's concurrency limit, immediate retries cause a storm of overload rejections", () => {
    const busy = [{ at: 0, fault: "load", rate: 300 }, { at: 2000, fault: "errors", rate: 0.5 }];
    const none = retry.run({ seed: 4, params: { strategy: "none" }, faults: busy });
    const naive = retry.run({ seed: 4, params: { strategy: "retry" }, faults: busy });
    expect(naive.final.counts.overloadRejections).toBeGreaterThan(10 * Math.max(1, none.final.counts.overloadRejections));
  });

  it("is deterministic and rejects faults that do not apply", () => {
    const a = retry.run({ seed: 2, faults: outage });
    expect(JSON.stringify(a)).toBe(JSON.stringify(retry.run({ seed: 2, faults: outage })));
    expect(JSON.stringify(retry.run({ seed: 3, faults: outage }).trace)).not.toBe(JSON.stringify(a.trace));
    expect(() => retry.run({ seed: 1, faults: [{ at: 0, fault: "crash", node: 1 }] })).toThrow(/"crash" does not apply to the retry simulation/);
  });
});
