import fc from "fast-check";
import { zipfProbabilities, zipfSampler } from "./eviction";
import { Rng } from "./random";
import { cache } from "./cache";
import type { Fault } from "./faults";

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

/** Uniform over [min, max] (fc.double spreads over float bit patterns, which would favour tiny values). */
const between = (min: number, max: number) => fc.integer({ min: 0, max: 1_000_000 }).map((i) => min + ((max - min) * i) / 1_000_000);
const seedArb = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const HOT_KEYS = ["hot", "user:42", "user:7", "key-1"];

const cacheParamsArb = fc.record({
  ttl: between(1, 3000),
  coalescing: fc.boolean(),
  requestsPerSec: between(0, 500),
  keys: fc.integer({ min: 1, max: 300 }),
  hotShare: between(0, 1),
  dbLatencyMs: between(1, 300),
});

/** Random scripts over every fault the cache supports; `withErrors: false` leaves the database healthy. */
const cacheFaults = (until: number, withErrors = true): fc.Arbitrary<Fault[]> => {
  const at = between(0, until);
  const kinds: fc.Arbitrary<Fault>[] = [
    fc.record({ at, fault: fc.constant("load" as const), rate: between(0, 500) }),
    fc.record({ at, fault: fc.constant("hotkey" as const), key: fc.constantFrom(...HOT_KEYS), share: between(0, 1) }),
    fc.record({ at, fault: fc.constant("delay" as const), ms: between(0, 300), jitter: fc.constant(0) }),
  ];
  if (withErrors) kinds.push(fc.record({ at, fault: fc.constant("errors" as const), rate: between(0, 1) }));
  return fc.array(fc.oneof(...kinds), { maxLength: 6 }).map((fs) => [...fs].sort((a, b) => a.at - b.at));
};

/** The hot key at time t: the last hotkey fault at or before t. */
const hotKeyAt = (faults: Fault[], t: number) =>
  faults.reduce((key, f) => (f.fault === "hotkey" && f.at <= t ? f.key : key), "hot");

describe("cache properties (random seeds, params and fault scripts)", () => {
  const DURATION = 2000;

  it("every request is a hit or a miss, and every miss queries the database unless it joined a query in flight", () => {
    fc.assert(
      fc.property(seedArb, cacheParamsArb, cacheFaults(DURATION), (seed, params, faults) => {
        const r = cache.run({ seed, params, faults, duration: DURATION });
        const c = r.final.counts;
        expect(c.hits + c.misses).toBe(c.requests);
        expect(c.dbQueries).toBe(c.misses - c.coalesced);
        if (!params.coalescing) expect(c.coalesced).toBe(0);
        expect(c.failed).toBeLessThanOrEqual(c.misses);
        expect(c.dbQueriesForHotKey).toBe(r.hotKeyQueries.length);
        expect(c.maxHotKeyDbConcurrency).toBeLessThanOrEqual(c.maxDbConcurrency);
        expect(r.final.dbInFlight).toBeLessThanOrEqual(c.maxDbConcurrency);
        expect(r.hotKeyQueries.every((q) => q.end >= q.start)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("with coalescing, at most one database query per key is in flight, also across hot-key changes", () => {
    fc.assert(
      fc.property(seedArb, cacheParamsArb.map((p) => ({ ...p, coalescing: true })), cacheFaults(DURATION), (seed, params, faults) => {
        const r = cache.run({ seed, params, faults, duration: DURATION });
        expect(r.final.counts.maxHotKeyDbConcurrency).toBeLessThanOrEqual(1);
        // Every key in flight at once is a distinct key: cold keys plus the hot keys ever named.
        expect(r.final.counts.maxDbConcurrency).toBeLessThanOrEqual(params.keys + HOT_KEYS.length);
        const lastEnd = new Map<string, number>();
        for (const q of r.hotKeyQueries) {
          const key = hotKeyAt(faults, q.start);
          const end = lastEnd.get(key);
          if (end !== undefined && q.start < end) throw new Error(`two queries for "${key}" overlap at ${q.start} ms`);
          lastEnd.set(key, q.end);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("never serves a copy older than its TTL: the hot key's copy was fetched within ttl and is refetched only after it expires", () => {
    fc.assert(
      fc.property(seedArb, cacheParamsArb, cacheFaults(DURATION), (seed, params, faults) => {
        const sim = cache.create({ seed, params, faults, duration: DURATION });
        const expiries: { t: number; key: string; expiresAt: number }[] = [];
        for (let t = 25; t <= DURATION; t += 25) {
          sim.advanceTo(t);
          const s = sim.state();
          if (s.hotKeyExpiresAt !== null) {
            if (!(s.hotKeyExpiresAt > t && s.hotKeyExpiresAt <= t + params.ttl + 1e-6)) {
              throw new Error(`at ${t} ms the copy of "${s.hotKey}" expires at ${s.hotKeyExpiresAt} ms (ttl ${params.ttl})`);
            }
            expiries.push({ t, key: s.hotKey, expiresAt: s.hotKeyExpiresAt });
          }
        }
        const r = sim.finish();
        // The copy came from a query for that key that ended exactly ttl before it expires. (A cold key made hot,
        // like "key-1", may have been filled by a query from before it was hot, which hotKeyQueries does not list.)
        const fills = new Set(r.hotKeyQueries.map((q) => `${hotKeyAt(faults, q.start)}|${q.end + params.ttl}`));
        for (const e of expiries) {
          if (!/^key-\d+$/.test(e.key) && !fills.has(`${e.key}|${e.expiresAt}`)) {
            throw new Error(`copy of "${e.key}" seen at ${e.t} ms expires at ${e.expiresAt} ms but no query filled it`);
          }
        }
        // With coalescing and a healthy database, a key is refetched only once its copy has expired.
        if (params.coalescing && !faults.some((f) => f.fault === "errors")) {
          const lastEnd = new Map<string, number>();
          for (const q of r.hotKeyQueries) {
            const key = hotKeyAt(faults, q.start);
            const end = lastEnd.get(key);
            if (end !== undefined && q.start < end + params.ttl - 1e-6) throw new Error(`"${key}" refetched at ${q.start} ms, before its copy from ${end} ms expired`);
            lastEnd.set(key, q.end);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it("a request that arrives after the copy expired is a miss: no hit is served from an expired copy", () => {
    let stepsChecked = 0;
    fc.assert(
      fc.property(
        seedArb,
        // Every request is for the hot key, so the state shows the only copy that can serve a hit.
        cacheParamsArb.map((p) => ({ ...p, hotShare: 1, dbLatencyMs: Math.max(10, p.dbLatencyMs) })),
        cacheFaults(DURATION).map((fs) => fs.map((f) => (f.fault === "hotkey" ? { ...f, share: 1 } : f))),
        (seed, params, faults) => {
          // A query lasts at least half the mean query time, so no copy can be refilled within one step.
          const step = params.dbLatencyMs / 2;
          const sim = cache.create({ seed, params, faults, duration: DURATION });
          sim.advanceTo(0); // faults at 0 ms apply before the first look
          let before = sim.state();
          for (let t = step; t <= DURATION; t += step) {
            sim.advanceTo(t);
            const after = sim.state();
            const hotKeyChanged = faults.some((f) => f.fault === "hotkey" && f.at > t - step && f.at <= t);
            if (before.hotKeyExpiresAt === null && before.dbInFlight === 0 && !hotKeyChanged) {
              if (after.counts.hits !== before.counts.hits) throw new Error(`${after.counts.hits - before.counts.hits} hits between ${t - step} and ${t} ms with no fresh copy`);
              if (after.counts.requests > before.counts.requests) stepsChecked++;
            }
            before = after;
          }
        },
      ),
      { numRuns: 200 },
    );
    // Requests did arrive in steps that began with no fresh copy, so the check above ran.
    expect(stepsChecked).toBeGreaterThan(200);
  });

  it("coalescing never adds database load for the same seed while the database is healthy", () => {
    // Not a theorem of the model: once a query is saved the two runs draw different query times. It held for
    // 20,000 random runs; with errors it can fail (a shared failure fails every waiter, and each retries alone).
    fc.assert(
      fc.property(seedArb, cacheParamsArb, cacheFaults(DURATION, false), (seed, params, faults) => {
        const plain = cache.run({ seed, params: { ...params, coalescing: false }, faults, duration: DURATION });
        const coalesced = cache.run({ seed, params: { ...params, coalescing: true }, faults, duration: DURATION });
        // Arrivals come from their own random stream, so both runs see the same requests.
        expect(coalesced.final.counts.requests).toBe(plain.final.counts.requests);
        expect(coalesced.final.counts.dbQueries).toBeLessThanOrEqual(plain.final.counts.dbQueries);
        expect(coalesced.final.counts.maxHotKeyDbConcurrency).toBeLessThanOrEqual(Math.max(1, plain.final.counts.maxHotKeyDbConcurrency));
      }),
      { numRuns: 200 },
    );
  });
});

describe("cache hit ratio against theory (Zipf popularity, 10,000 keys, capacity 100, no expiry within the run)", () => {
  /** Che's approximation for LRU under independent requests: the characteristic time T fills the cache. */
  function cheHitRatio(p: Float64Array, capacity: number): number {
    let lo = 0;
    let hi = 1e9;
    for (let i = 0; i < 200; i++) {
      const T = (lo + hi) / 2;
      let filled = 0;
      for (const x of p) filled += 1 - Math.exp(-x * T);
      if (filled < capacity) lo = T;
      else hi = T;
    }
    let hit = 0;
    for (const x of p) hit += x * (1 - Math.exp(-x * lo));
    return hit;
  }
  const hitRatio = (zipf: number, eviction: "lru" | "lfu" | "tinylfu") => {
    const r = cache.run({
      seed: 1,
      params: { zipf, keys: 10_000, capacity: 100, eviction, hotShare: 0, ttl: 3_600_000, dbLatencyMs: 1, requestsPerSec: 20_000 },
      duration: 15_000,
    });
    expect(r.final.cachedKeys).toBeLessThanOrEqual(100);
    return r.final.counts.hits / r.final.counts.requests;
  };

  it.each([0.8, 1.0])("with Zipf exponent %s, LRU matches Che's approximation and LFU and TinyLFU approach the best static cache", (zipf) => {
    const p = zipfProbabilities(10_000, zipf);
    const best = [...p].slice(0, 100).reduce((a, b) => a + b, 0);
    const lru = hitRatio(zipf, "lru");
    expect(Math.abs(lru - cheHitRatio(p, 100))).toBeLessThan(0.015);
    for (const policy of ["lfu", "tinylfu"] as const) {
      const h = hitRatio(zipf, policy);
      expect(h).toBeGreaterThan(lru + 0.05);
      expect(h).toBeLessThanOrEqual(best + 0.01);
      expect(h).toBeGreaterThan(best - 0.06);
    }
  });

  it("the Zipf sampler draws each rank with its probability", () => {
    const sample = zipfSampler(50, 1.1);
    const p = zipfProbabilities(50, 1.1);
    const counts = new Array<number>(51).fill(0);
    const rng = new Rng(3);
    const N = 200_000;
    for (let i = 0; i < N; i++) counts[sample(rng.next())]++;
    for (const k of [1, 2, 5, 20, 50]) {
      const expected = N * p[k - 1];
      expect(Math.abs(counts[k] - expected)).toBeLessThan(5 * Math.sqrt(expected) + 1);
    }
  });
});

