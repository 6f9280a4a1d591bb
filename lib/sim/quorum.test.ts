import fc from "fast-check";
import type { Fault } from "./faults";
import { staleReads } from "./history";
import { quorum, type QuorumResult } from "./quorum";

/** Versions are "v<n>" with a global counter, so they order writes per key. */
const versionOrder = (_key: string, value: string | number | null) => (value === null ? 0 : Number(String(value).slice(1)));

function checkHistoryWellFormed(r: QuorumResult): void {
  const lastByClient = new Map<number, number | null>();
  const values = new Set<unknown>();
  r.history.forEach((op, i) => {
    expect(op.id).toBe(i + 1);
    if (i > 0) expect(op.invokedAt).toBeGreaterThanOrEqual(r.history[i - 1].invokedAt);
    // One operation outstanding per client: the previous one returned (or was given up) before this one.
    const previousReturn = lastByClient.get(op.client);
    if (previousReturn != null) expect(op.invokedAt).toBeGreaterThanOrEqual(previousReturn);
    if (lastByClient.has(op.client) && previousReturn === null) {
      // Given up: the coordinator's timeout, so at least timeoutMs after the previous invocation.
      const prev = [...r.history.slice(0, i)].reverse().find((o) => o.client === op.client)!;
      expect(op.invokedAt).toBeGreaterThanOrEqual(prev.invokedAt + r.params.timeoutMs);
    }
    lastByClient.set(op.client, op.returnedAt);
    expect(op.key).toMatch(/^k\d+$/);
    if (op.outcome === "unknown") expect(op.returnedAt).toBeNull();
    else expect(op.returnedAt).toBeGreaterThanOrEqual(op.invokedAt);
    if (op.kind === "write") {
      expect(values.has(op.value)).toBe(false);
      values.add(op.value);
    } else if (op.outcome !== "ok") expect(op.value).toBeUndefined();
  });
}

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
          const okReads = result.records.reads.filter((x) => x.ok);
          expect(result.final.counts.staleReads).toBe(0);
          // Independently re-check the definition from the raw history.
          for (const read of okReads) {
            const latest = Math.max(0, ...result.records.writes.filter((x) => x.key === read.key && x.acknowledged && x.end < read.start).map((x) => x.version));
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
    expect(r.records.reads.some((x) => x.stale && x.version < x.required)).toBe(true);
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
    const late = r.records.writes.filter((x) => x.start > 1100);
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

  it("records a well-formed client history: ordered ids, one operation outstanding per client, unique written values (100 runs)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.constantFrom([3, 1, 1], [3, 2, 2], [5, 2, 2]).chain(([n, r, w]) => fc.tuple(fc.constant([n, r, w]), replicaFaults(n, 3000))),
        fc.boolean(),
        (seed, [[n, r, w], faults], sloppy) => {
          const result = quorum.run({ seed, params: { n, r, w, sloppy, spares: sloppy ? 2 : 0, opsPerSec: 80 }, faults, duration: 3000 });
          checkHistoryWellFormed(result);
          // The history agrees with the coordinator's own count of stale reads.
          expect(staleReads(result.history, versionOrder).length).toBe(result.final.counts.staleReads);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("with R + W ≤ N and a replica slowed 20x, stale reads are common enough to see; with R + W > N there are none", () => {
    const slow: Fault[] = [{ at: 0, fault: "slow", node: 3, factor: 20 }];
    const weak = quorum.run({ seed: 1, params: { n: 3, r: 1, w: 1, opsPerSec: 100, clients: 8 }, faults: slow, duration: 30_000 });
    const strong = quorum.run({ seed: 1, params: { n: 3, r: 2, w: 2, opsPerSec: 100, clients: 8 }, faults: slow, duration: 30_000 });
    const okReads = weak.history.filter((op) => op.kind === "read" && op.outcome === "ok").length;
    expect(staleReads(weak.history, versionOrder).length / okReads).toBeGreaterThan(0.01);
    expect(staleReads(strong.history, versionOrder)).toEqual([]);
  });

  it("read repair brings a replica that missed writes back up to date", () => {
    const faults: Fault[] = [
      { at: 500, fault: "crash", node: 1 },
      { at: 2500, fault: "restart", node: 1, durable: true },
    ];
    const params = { n: 3, r: 2, w: 2, keys: 2, opsPerSec: 40 };
    const without = quorum.run({ seed: 2, params, faults, duration: 8000 });
    const withRepair = quorum.run({ seed: 2, params: { ...params, readRepair: true }, faults, duration: 8000 });
    const behind = (r: QuorumResult) =>
      Object.entries(r.final.acknowledged).filter(([key, version]) => (r.final.replicas[0].data[key]?.version ?? 0) < version && !r.records.writes.some((w) => w.key === key && w.version === version && w.replicas.includes(1))).length;
    expect(withRepair.final.counts.readRepairs).toBeGreaterThan(0);
    expect(withRepair.trace.some((e) => e.kind === "read-repair" && e.node === 1)).toBe(true);
    expect(without.final.counts.readRepairs).toBe(0);
    expect(behind(withRepair)).toBeLessThanOrEqual(behind(without));
  });

  it("a sloppy quorum keeps writes available with replicas down, and hands the hints back when the replicas return", () => {
    const faults: Fault[] = [
      { at: 1000, fault: "crash", node: 1 },
      { at: 1000, fault: "crash", node: 2 },
      { at: 4000, fault: "restart", node: 1, durable: true },
      { at: 4000, fault: "restart", node: 2, durable: true },
    ];
    const strict = quorum.run({ seed: 3, params: { n: 3, r: 2, w: 2 }, faults, duration: 8000 });
    const sloppy = quorum.run({ seed: 3, params: { n: 3, r: 2, w: 2, sloppy: true, spares: 2 }, faults, duration: 8000 });
    const during = (r: QuorumResult) => r.records.writes.filter((w) => w.start > 1100 && w.start < 3900);
    expect(during(strict).every((w) => !w.acknowledged)).toBe(true);
    expect(during(sloppy).filter((w) => w.acknowledged).length).toBeGreaterThan(5);
    expect(sloppy.final.counts.hintedWrites).toBeGreaterThan(0);
    expect(sloppy.trace.some((e) => e.kind === "handoff" && e.t >= 4000)).toBe(true);
    expect(sloppy.final.replicas.slice(3).every((spare) => spare.hints === 0)).toBe(true);
  });
});
