/**
 * A cache in front of a database, with TTL expiry and a hot key. When the hot key expires, every request
 * that misses before the refill arrives queries the database (a stampede) unless requests are coalesced
 * (single-flight: one query per key in flight, the other requests wait for its result).
 *
 * Popularity of the other keys is uniform or Zipf (key of rank k requested with probability ∝ 1/k^s). With a
 * capacity, a full cache evicts: LRU (least recently used), LFU (least frequently used while cached, ties by
 * recency) or TinyLFU (an LRU whose admission is guarded by a count-min sketch of recent popularity: a new key
 * replaces the LRU victim only if it has been requested more often; Einziger, Friedman & Manes, 2017).
 * A fill never overwrites a copy that is still fresh (set-if-absent, like memcached's `add`): otherwise every
 * late query of a stampede would restart the TTL, and the stampede itself would raise the hit ratio.
 */
import { describeFault, type Fault } from "./faults";
import { Kernel } from "./kernel";
import type { ParamsOf } from "./params";
import { defineSimulation, type ResolvedOptions } from "./simulation";
import { round3 } from "./stats";
import { EvictingStore, zipfSampler } from "./eviction";
import type { SimResult } from "./types";

export const cacheParams = {
  ttl: { type: "number", label: "Time to live", default: 5000, min: 1, max: 3_600_000, unit: "ms" },
  coalescing: { type: "boolean", label: "Request coalescing (single-flight)", default: false },
  requestsPerSec: { type: "number", label: "Requests per second", default: 300, min: 0, max: 100_000 },
  keys: { type: "number", label: "Cold keys", default: 1000, min: 1, max: 1_000_000, integer: true },
  hotShare: { type: "number", label: "Share of requests for the hot key", default: 0.4, min: 0, max: 1 },
  dbLatencyMs: { type: "number", label: "Database query time (mean)", default: 120, min: 1, max: 60_000, unit: "ms" },
  zipf: { type: "number", label: "Popularity skew (Zipf exponent; 0 = uniform)", default: 0, min: 0, max: 3 },
  capacity: { type: "number", label: "Capacity in keys (0 = unbounded)", default: 0, min: 0, max: 1_000_000, integer: true },
  eviction: { type: "enum", label: "Eviction", default: "lru", options: ["lru", "lfu", "tinylfu"] },
} as const;

export type CacheParams = ParamsOf<typeof cacheParams>;

export interface CacheState {
  t: number;
  hotKey: string;
  hotShare: number;
  /** When the hot key's cached copy expires (null if not cached). */
  hotKeyExpiresAt: number | null;
  cachedKeys: number;
  dbInFlight: number;
  counts: {
    requests: number;
    hits: number;
    misses: number;
    coalesced: number;
    failed: number;
    dbQueries: number;
    dbQueriesForHotKey: number;
    maxDbConcurrency: number;
    maxHotKeyDbConcurrency: number;
    evictions: number;
    /** TinyLFU: fills turned away because the key was less popular than the eviction victim. */
    rejectedAdmissions: number;
  };
}

export type CacheResult = SimResult<CacheParams, CacheState> & {
  /** Start and end of every database query for the hot key. */
  hotKeyQueries: { start: number; end: number }[];
};

function buildCache({ seed, params, faults, sampleEveryMs, eventBudget }: ResolvedOptions<CacheParams>) {
  const kernel = new Kernel(seed, sampleEveryMs, eventBudget);
  const arrivals = kernel.rng.fork();
  const db = kernel.rng.fork();
  const cache = new EvictingStore(params.capacity, params.eviction);
  const coldKey = params.zipf > 0 ? zipfSampler(params.keys, params.zipf) : null;
  const pending = new Map<string, ((ok: boolean) => void)[]>();
  const hotKeyQueries: { start: number; end: number }[] = [];
  let hotKey = "hot";
  let hotShare = params.hotShare;
  let rate = params.requestsPerSec;
  let errorRate = 0;
  let extraDbMs = 0;
  let dbInFlight = 0;
  /** Queries in flight per key: the hot key can change while its queries run, so they are counted per key. */
  const keyInFlight = new Map<string, number>();
  const counts = {
    requests: 0,
    hits: 0,
    misses: 0,
    coalesced: 0,
    failed: 0,
    dbQueries: 0,
    dbQueriesForHotKey: 0,
    maxDbConcurrency: 0,
    maxHotKeyDbConcurrency: 0,
    evictions: 0,
    rejectedAdmissions: 0,
  };
  let windowHits = 0;
  let windowRequests = 0;
  let windowDb = 0;

  function queryDb(key: string, done: (ok: boolean) => void): void {
    counts.dbQueries++;
    windowDb++;
    dbInFlight++;
    counts.maxDbConcurrency = Math.max(counts.maxDbConcurrency, dbInFlight);
    const sameKey = (keyInFlight.get(key) ?? 0) + 1;
    keyInFlight.set(key, sameKey);
    const isHot = key === hotKey;
    const record = { start: kernel.now, end: kernel.now };
    if (isHot) {
      counts.dbQueriesForHotKey++;
      counts.maxHotKeyDbConcurrency = Math.max(counts.maxHotKeyDbConcurrency, sameKey);
      hotKeyQueries.push(record);
      if (sameKey === 5 && !params.coalescing) {
        kernel.log("stampede", `Stampede: 5 database queries for "${key}" in flight at once after it expired`, { key });
      }
    }
    const ok = !db.chance(errorRate);
    // Half fixed, half exponential: a query never returns instantly, as real ones do not.
    kernel.schedule(params.dbLatencyMs * (0.5 + db.exponential(0.5)) + extraDbMs, () => {
      dbInFlight--;
      keyInFlight.set(key, keyInFlight.get(key)! - 1);
      if (isHot) record.end = kernel.now;
      if (ok && !cache.isFresh(key, kernel.now)) {
        const outcome = cache.fill(key, kernel.now + params.ttl);
        if (outcome === "evicted") counts.evictions++;
        else if (outcome === "rejected") counts.rejectedAdmissions++;
        if (isHot && outcome !== "rejected") kernel.log("refill", `Hot key "${key}" cached again until ${Math.round(kernel.now + params.ttl)} ms`, { key });
      }
      done(ok);
    });
  }

  function request(key: string): void {
    counts.requests++;
    windowRequests++;
    if (cache.lookup(key, kernel.now)) {
      counts.hits++;
      windowHits++;
      return;
    }
    counts.misses++;
    const finish = (ok: boolean) => {
      if (!ok) counts.failed++;
    };
    if (!params.coalescing) return queryDb(key, finish);
    const waiters = pending.get(key);
    if (waiters) {
      counts.coalesced++;
      waiters.push(finish);
      return;
    }
    pending.set(key, [finish]);
    queryDb(key, (ok) => {
      const all = pending.get(key)!;
      pending.delete(key);
      for (const w of all) w(ok);
    });
  }

  let arrivalScheduled = false;

  function nextRequest(): void {
    if (rate <= 0) return;
    arrivalScheduled = true;
    kernel.schedule(arrivals.exponential(1000 / rate), () => {
      arrivalScheduled = false;
      if (rate <= 0) return;
      request(arrivals.chance(hotShare) ? hotKey : `key-${coldKey ? coldKey(arrivals.next()) : arrivals.int(1, params.keys)}`);
      nextRequest();
    });
  }

  function applyFault(f: Fault): void {
    if (f.fault === "hotkey") {
      hotKey = f.key;
      hotShare = f.share;
    } else if (f.fault === "errors") errorRate = f.rate;
    else if (f.fault === "delay") extraDbMs = f.ms;
    else if (f.fault === "load") {
      rate = f.rate;
      // A scheduled arrival keeps the stream alive and reads the new rate when it fires; starting a second stream would double the load.
      if (!arrivalScheduled) nextRequest();
    }
    kernel.log("fault", describeFault(f), { fault: f.fault });
  }

  for (const f of faults) kernel.at(f.at, () => applyFault(f));
  nextRequest();
  kernel.sample(() => {
    const values = {
      hitRatio: windowRequests > 0 ? windowHits / windowRequests : 1,
      dbQueriesPerSec: (windowDb * 1000) / sampleEveryMs,
      dbInFlight,
    };
    windowHits = windowRequests = windowDb = 0;
    return values;
  });

  const view = (): CacheState => {
    const hotExpiry = cache.expiryOf(hotKey);
    const cachedKeys = cache.freshCount(kernel.now);
    return {
      t: kernel.now,
      hotKey,
      hotShare,
      hotKeyExpiresAt: hotExpiry !== undefined && hotExpiry > kernel.now ? hotExpiry : null,
      cachedKeys,
      dbInFlight,
      counts: { ...counts },
    };
  };

  return { kernel, view, extras: () => ({ hotKeyQueries }) };
}

export const cache = defineSimulation({
  name: "cache",
  title: "Caching: TTL expiry, hot keys and stampedes",
  description: "When a hot key expires, concurrent misses all hit the database unless requests are coalesced.",
  paramsSchema: cacheParams,
  defaultDuration: 20_000,
  supportedFaults: ["load", "hotkey", "errors", "delay"],
  exampleFaults: [{ at: 10_000, fault: "load", rate: 1000 }],
  nodeCount: () => 0,
  build: buildCache,
  queries: {
    dbQueriesForHotKey: (r) => r.final.counts.dbQueriesForHotKey,
    hitRatio: (r) => (r.final.counts.requests > 0 ? round3(r.final.counts.hits / r.final.counts.requests) : null),
    maxDbConcurrency: (r) => r.final.counts.maxDbConcurrency,
    evictions: (r) => r.final.counts.evictions,
  },
});
