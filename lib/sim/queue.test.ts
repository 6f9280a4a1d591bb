import fc from "fast-check";
import type { Fault } from "./faults";
import { queue } from "./queue";

/** Consumer crashes, each followed by a restart within 5 s, all before 15 s. */
const crashAndRestart = (consumers: number): fc.Arbitrary<Fault[]> =>
  fc
    .array(
      fc.record({ node: fc.integer({ min: 1, max: consumers }), at: fc.integer({ min: 0, max: 10_000 }), down: fc.integer({ min: 0, max: 5_000 }) }),
      { maxLength: 4 },
    )
    .map((cs) =>
      cs
        .flatMap(({ node, at, down }): Fault[] => [
          { at, fault: "crash", node },
          { at: at + down, fault: "restart", node, durable: true },
        ])
        .sort((a, b) => a.at - b.at),
    );

// Short visibility timeouts relative to processing time make redeliveries (and so duplicates) common.
const duplicateProne = { consumers: 3, processingMs: 400, visibilityTimeoutMs: 600, produceRate: 2, capacity: 0, produceForMs: 10_000 };

describe("queue", () => {
  it("an idempotent consumer never repeats a side effect (200 seeds); a plain one does", () => {
    let plainDuplicates = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), crashAndRestart(3), (seed, faults) => {
        const idem = queue.run({ seed, params: { ...duplicateProne, idempotent: true }, faults, duration: 20_000 });
        expect(idem.final.counts.duplicatesProcessed).toBe(0);
        const plain = queue.run({ seed, params: { ...duplicateProne, idempotent: false }, faults, duration: 20_000 });
        plainDuplicates += plain.final.counts.duplicatesProcessed;
        // Same deliveries either way: what the plain consumer repeats, the idempotent one suppresses.
        expect(idem.final.counts.duplicatesSuppressed).toBe(plain.final.counts.duplicatesProcessed);
      }),
      { numRuns: 200 },
    );
    expect(plainDuplicates).toBeGreaterThan(0);
  });

  it("loses nothing: once the run drains, every produced message was processed or dead-lettered", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), crashAndRestart(2), fc.double({ min: 0, max: 0.6, noNaN: true }), (seed, faults, errorRate) => {
        const r = queue.run({
          seed,
          params: { consumers: 2, capacity: 30, whenFull: "block", produceForMs: 10_000 },
          faults: [{ at: 0, fault: "errors", rate: errorRate }, ...faults],
          duration: 90_000,
        });
        const c = r.final.counts;
        expect(r.final.lag).toBe(0);
        expect(c.processed + c.deadLettered).toBe(c.produced);
        expect(r.final.deadLetter.every((m) => m.attempts === r.params.maxAttempts)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it("a bounded queue never holds more than its capacity and pushes back; an unbounded one grows", () => {
    const overload: Fault[] = [{ at: 1000, fault: "load", rate: 40 }];
    for (const whenFull of ["reject", "block"] as const) {
      for (const seed of [1, 2, 3, 4, 5]) {
        const r = queue.run({ seed, params: { capacity: 20, whenFull }, faults: overload });
        expect(Math.max(...r.metrics.series.depth)).toBeLessThanOrEqual(20);
        expect(queue.queries.maxQueueDepth(r, undefined)).toBe(20);
        if (whenFull === "reject") expect(queue.queries.rejected(r, undefined)).toBeGreaterThan(0);
        else expect(r.trace.some((e) => e.kind === "blocked")).toBe(true);
      }
    }
    const unbounded = queue.run({ seed: 1, params: { capacity: 0 }, faults: overload });
    expect(queue.queries.maxQueueDepth(unbounded, undefined)).toBeGreaterThan(200);
    expect(queue.queries.lagAtEnd(unbounded, undefined)).toBeGreaterThan(200);
    expect(queue.queries.rejected(unbounded, undefined)).toBe(0);
  });

  it("dead-letters messages that keep failing and redelivers after a consumer crash", () => {
    const r = queue.run({ seed: 3, params: { maxAttempts: 2 }, faults: [{ at: 0, fault: "errors", rate: 1 }], duration: 5000 });
    expect(queue.queries.deadLettered(r, undefined)).toBeGreaterThan(0);
    expect(queue.queries.processed(r, undefined)).toBe(0);
    expect(r.trace.find((e) => e.kind === "dead-letter")!.text).toMatch(/dead-letter queue after 2 unacknowledged deliveries/);

    const crash = queue.run({ seed: 3, params: { processingMs: 2000, visibilityTimeoutMs: 3000 }, faults: [{ at: 1500, fault: "crash", node: 1 }], duration: 8000 });
    expect(crash.trace.some((e) => e.kind === "crash" && /while processing message/.test(e.text))).toBe(true);
    expect(crash.trace.some((e) => e.kind === "redeliver")).toBe(true);
  });

  it("is deterministic", () => {
    const a = queue.run({ seed: 12, faults: queue.exampleFaults });
    const b = queue.run({ seed: 12, faults: queue.exampleFaults });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(queue.run({ seed: 13, faults: queue.exampleFaults }).trace)).not.toBe(JSON.stringify(a.trace));
  });
});

describe("queue against M/M/c theory (Poisson producers, exponential processing, no failures or redeliveries)", () => {
  /** Erlang C: probability that an arrival waits, with c servers and offered load a = λ/μ. */
  function erlangC(c: number, a: number): number {
    let sum = 0;
    let term = 1;
    for (let k = 0; k < c; k++) {
      if (k > 0) term *= a / k;
      sum += term;
    }
    const last = ((term * a) / c) / (1 - a / c);
    return last / (sum + last);
  }

  it.each([
    [2, 1.0],
    [3, 1.8],
  ])("with %i consumers and offered load %s, waiting and busy consumers match Erlang C and Little's law", (c, a) => {
    const processingMs = 300;
    const lambda = (a * 1000) / processingMs; // messages per second
    let waiting = 0;
    let busy = 0;
    const seeds = [1, 2, 3, 4];
    for (const seed of seeds) {
      const r = queue.run({
        seed,
        params: { producers: 2, consumers: c, capacity: 0, produceRate: lambda / 2, processingMs, failureRate: 0, visibilityTimeoutMs: 600_000, maxAttempts: 100 },
        duration: 600_000,
        sampleEveryMs: 50,
      });
      const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
      waiting += mean(r.metrics.series.ready) / seeds.length;
      busy += mean(r.metrics.series.inFlight) / seeds.length;
    }
    const rho = a / c;
    const lq = (erlangC(c, a) * rho) / (1 - rho);
    expect(Math.abs(waiting - lq) / lq).toBeLessThan(0.1);
    expect(Math.abs(busy - a) / a).toBeLessThan(0.03);
  });
});

