import { cache } from "./cache";

describe("cache", () => {
  it("with coalescing, concurrent misses for the hot key cause one database query per expiry", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = cache.run({ seed, params: { coalescing: true, ttl: 2000 } });
      // First fill plus one refill per expiry: the refill happens within a query time after each expiry.
      const expiries = r.hotKeyQueries.length - 1;
      expect(r.final.counts.maxHotKeyDbConcurrency).toBe(1);
      expect(expiries).toBeGreaterThanOrEqual(Math.floor(r.duration / (2000 + 1000)) - 1);
      expect(expiries).toBeLessThanOrEqual(Math.ceil(r.duration / 2000));
      // Queries never overlap, and each starts after the previous copy expired.
      for (let i = 1; i < r.hotKeyQueries.length; i++) {
        expect(r.hotKeyQueries[i].start).toBeGreaterThanOrEqual(r.hotKeyQueries[i - 1].end + 2000);
      }
      expect(r.final.counts.coalesced).toBeGreaterThan(0);
    }
  });

  it("without coalescing the hot key's expiry causes a stampede on the database", () => {
    const plain = cache.run({ seed: 1, params: { coalescing: false } });
    const coalesced = cache.run({ seed: 1, params: { coalescing: true } });
    expect(plain.final.counts.maxHotKeyDbConcurrency).toBeGreaterThan(5);
    expect(plain.trace.some((e) => e.kind === "stampede")).toBe(true);
    expect(cache.queries.dbQueriesForHotKey(plain, undefined)).toBeGreaterThan(5 * (cache.queries.dbQueriesForHotKey(coalesced, undefined) as number));
    expect(cache.queries.maxDbConcurrency(plain, undefined)).toBeGreaterThan(cache.queries.maxDbConcurrency(coalesced, undefined) as number);
    const hit = cache.queries.hitRatio(plain, undefined) as number;
    expect(hit).toBeGreaterThan(0.3);
    expect(hit).toBeLessThan(1);
  });

  it("is deterministic and validates params", () => {
    const a = cache.run({ seed: 4, faults: cache.exampleFaults });
    expect(JSON.stringify(a)).toBe(JSON.stringify(cache.run({ seed: 4, faults: cache.exampleFaults })));
    expect(cache.validateParams({ ttl: -1, coalescing: "yes" })).toEqual({
      ok: false,
      errors: ["params.ttl: must be a number between 1 and 3600000 (got -1)", "params.coalescing: must be true or false (got \"yes\")"],
    });
  });
});
