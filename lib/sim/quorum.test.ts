import fc from "fast-check";
import type { Fault } from "./faults";
import { quorum } from "./quorum";

const replicaFaults = (n: number, duration: number): fc.Arbitrary<Fault[]> => {
  const at = fc.integer({ min: 0, max: duration });
  const node = fc.integer({ min: 1, max: n });
  return fc
    .array(
      fc.oneof(
        fc.record({ at, fault: fc.constant("crash" as const), node }),
        fc.record({ at, fault: fc.constant("restart" as const), node, durable: fc.constant(true) }),
        fc.record({ at, fault: fc.constant("slow" as const), node, factor: fc.integer({ min: 1, max: 50 }) }),
      ) as fc.Arbitrary<Fault>,
      { maxLength: 8 },
    )
    .map((fs) => [...fs].sort((a, b) => a.at - b.at));
};

describe("quorum", () => {
  it("with R + W > N every read sees the latest acknowledged write (200 seeds, crashes and slow replicas)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.constantFrom([3, 2, 2], [3, 1, 3], [3, 3, 1], [5, 3, 3], [5, 2, 4]).chain(([n, r, w]) =>
          fc.tuple(fc.constant([n, r, w]), replicaFaults(n, 3000)),
        ),
        (seed, [[n, r, w], faults]) => {
          const result = quorum.run({ seed, params: { n, r, w, opsPerSec: 50, keys: 2 }, faults, duration: 3000 });
          const okReads = result.history.reads.filter((x) => x.ok);
          expect(result.final.counts.staleReads).toBe(0);
          // Independently re-check the definition from the raw history.
          for (const read of okReads) {
            const latest = Math.max(0, ...result.history.writes.filter((x) => x.key === read.key && x.acknowledged && x.end < read.start).map((x) => x.version));
            expect(read.version).toBeGreaterThanOrEqual(latest);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("with R + W ≤ N some seed shows a stale read", () => {
    // Replica 1 misses the writes made while it is down; with no anti-entropy it stays behind after restarting.
    const slow: Fault[] = [
      { at: 500, fault: "crash", node: 1 },
      { at: 2000, fault: "restart", node: 1, durable: true },
    ];
    let found: number | null = null;
    for (let seed = 1; seed <= 50 && found === null; seed++) {
      const r = quorum.run({ seed, params: { n: 3, r: 1, w: 1 }, faults: slow, duration: 5000 });
      if (r.final.counts.staleReads > 0) found = seed;
    }
    expect(found).not.toBeNull();
    const r = quorum.run({ seed: found!, params: { n: 3, r: 1, w: 1 }, faults: slow, duration: 5000 });
    const stale = r.trace.find((e) => e.kind === "stale-read")!;
    expect(stale.text).toMatch(/STALE/);
    expect(r.history.reads.some((x) => x.stale && x.version < x.required)).toBe(true);
  });

  it("fails writes when fewer than W replicas are up, without sloppy quorums", () => {
    const r = quorum.run({
      seed: 4,
      params: { n: 3, r: 2, w: 2 },
      faults: [
        { at: 1000, fault: "crash", node: 1 },
        { at: 1000, fault: "crash", node: 2 },
      ],
      duration: 4000,
    });
    const late = r.history.writes.filter((x) => x.start > 1100);
    expect(late.length).toBeGreaterThan(0);
    expect(late.every((x) => !x.acknowledged)).toBe(true);
    expect(quorum.queries.failedWrites(r, undefined)).toBeGreaterThanOrEqual(late.length);
    expect(quorum.queries.failedReads(r, undefined)).toBeGreaterThan(0);
  });

  it("is deterministic and validates params", () => {
    const a = quorum.run({ seed: 8, faults: quorum.exampleFaults });
    const b = quorum.run({ seed: 8, faults: quorum.exampleFaults });
    expect(JSON.stringify(a.trace)).toBe(JSON.stringify(b.trace));
    expect(JSON.stringify(quorum.run({ seed: 9 }).trace)).not.toBe(JSON.stringify(a.trace));
    expect(quorum.validateParams({ n: 3, r: 4 })).toEqual({ ok: false, errors: ["params.r: read quorum R=4 cannot exceed N=3"] });
    expect(quorum.validateOptions({ seed: 1, faults: [{ at: 0, fault: "crash", node: 4 }] })).toEqual({
      ok: false,
      errors: ["faults[0].node: replica 4 does not exist (replicas are 1-3)"],
    });
  });
});
