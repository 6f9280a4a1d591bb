/** Bounded caches (LRU, LFU, TinyLFU) with per-entry expiry, and a Zipf key sampler, for the cache simulation. */

export type EvictionPolicy = "lru" | "lfu" | "tinylfu";

/** What a fill did: stored in free space, stored by evicting another key, or turned away by admission. */
export type FillOutcome = "stored" | "evicted" | "rejected";

/**
 * Key → expiry time. Capacity 0 means unbounded (nothing is ever evicted). Every policy counts a lookup as a
 * use; expired entries keep their slot until they are refilled or evicted, as in memcached and Redis.
 */
export class EvictingStore {
  /** Insertion order = recency order for LRU and TinyLFU (oldest first). */
  private readonly expiry = new Map<string, number>();
  /** LFU: use count per cached key, and keys by count (each Set in recency order). */
  private readonly uses = new Map<string, number>();
  private readonly byUses = new Map<number, Set<string>>();
  private minUses = 0;
  private readonly sketch: FrequencySketch | null;

  constructor(
    readonly capacity: number,
    readonly policy: EvictionPolicy,
  ) {
    this.sketch = policy === "tinylfu" && capacity > 0 ? new FrequencySketch(capacity) : null;
  }

  get size(): number {
    return this.expiry.size;
  }

  isFresh(key: string, now: number): boolean {
    const e = this.expiry.get(key);
    return e !== undefined && e > now;
  }

  expiryOf(key: string): number | undefined {
    return this.expiry.get(key);
  }

  freshCount(now: number): number {
    let n = 0;
    for (const e of this.expiry.values()) if (e > now) n++;
    return n;
  }

  /** A request for `key`: true on a hit (a fresh copy). Records the use for the policy. */
  lookup(key: string, now: number): boolean {
    this.sketch?.increment(key);
    const e = this.expiry.get(key);
    if (e === undefined) return false;
    if (this.capacity > 0) this.touch(key, e);
    return e > now;
  }

  /** Store a fresh copy (the caller checked there is none). */
  fill(key: string, expiresAt: number): FillOutcome {
    if (this.expiry.has(key) || this.capacity === 0 || this.expiry.size < this.capacity) {
      const had = this.expiry.has(key);
      this.expiry.delete(key);
      this.expiry.set(key, expiresAt);
      if (!had) this.addUses(key);
      return "stored";
    }
    const victim = this.victim();
    if (this.sketch && this.sketch.estimate(key) <= this.sketch.estimate(victim)) return "rejected";
    this.remove(victim);
    this.expiry.set(key, expiresAt);
    this.addUses(key);
    return "evicted";
  }

  private touch(key: string, e: number): void {
    this.expiry.delete(key);
    this.expiry.set(key, e);
    if (this.policy !== "lfu") return;
    const n = this.uses.get(key)!;
    this.byUses.get(n)!.delete(key);
    if (this.byUses.get(n)!.size === 0) {
      this.byUses.delete(n);
      if (this.minUses === n) this.minUses = n + 1;
    }
    this.uses.set(key, n + 1);
    this.bucket(n + 1).add(key);
  }

  private addUses(key: string): void {
    if (this.policy !== "lfu") return;
    this.uses.set(key, 1);
    this.bucket(1).add(key);
    this.minUses = 1;
  }

  private bucket(n: number): Set<string> {
    let b = this.byUses.get(n);
    if (!b) this.byUses.set(n, (b = new Set()));
    return b;
  }

  private victim(): string {
    if (this.policy === "lfu") {
      while (!this.byUses.has(this.minUses)) this.minUses++;
      return this.byUses.get(this.minUses)!.values().next().value as string;
    }
    return this.expiry.keys().next().value as string;
  }

  private remove(key: string): void {
    this.expiry.delete(key);
    if (this.policy !== "lfu") return;
    const n = this.uses.get(key)!;
    this.uses.delete(key);
    const b = this.byUses.get(n)!;
    b.delete(key);
    if (b.size === 0) this.byUses.delete(n);
  }
}

/**
 * Count-min sketch with 4 rows of 4-bit-style counters (capped at 15) and periodic halving, so popularity
 * reflects the recent past (TinyLFU's "reset" after 10 × capacity increments).
 */
class FrequencySketch {
  private readonly rows = 4;
  private readonly width: number;
  private readonly counters: Uint8Array;
  private additions = 0;
  private readonly resetAfter: number;

  constructor(capacity: number) {
    this.width = Math.max(16, nextPowerOfTwo(capacity * 2));
    this.counters = new Uint8Array(this.rows * this.width);
    this.resetAfter = 10 * capacity;
  }

  increment(key: string): void {
    for (let r = 0; r < this.rows; r++) {
      const i = r * this.width + this.index(key, r);
      if (this.counters[i] < 15) this.counters[i]++;
    }
    if (++this.additions >= this.resetAfter) {
      for (let i = 0; i < this.counters.length; i++) this.counters[i] >>= 1;
      this.additions = 0;
    }
  }

  estimate(key: string): number {
    let min = 15;
    for (let r = 0; r < this.rows; r++) min = Math.min(min, this.counters[r * this.width + this.index(key, r)]);
    return min;
  }

  private index(key: string, row: number): number {
    let h = 0x811c9dc5 ^ Math.imul(row + 1, 0x9e3779b9);
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    return (h >>> 0) & (this.width - 1);
  }
}

function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** Probabilities of keys 1..n under Zipf with exponent s (rank k has probability ∝ 1/k^s). */
export function zipfProbabilities(n: number, s: number): Float64Array {
  const p = new Float64Array(n);
  let sum = 0;
  for (let k = 1; k <= n; k++) sum += p[k - 1] = 1 / k ** s;
  for (let k = 0; k < n; k++) p[k] /= sum;
  return p;
}

/** Maps a uniform draw u in [0, 1) to a key rank 1..n with Zipf(s) popularity (inverse CDF, binary search). */
export function zipfSampler(n: number, s: number): (u: number) => number {
  const p = zipfProbabilities(n, s);
  const cdf = new Float64Array(n);
  let acc = 0;
  for (let k = 0; k < n; k++) cdf[k] = acc += p[k];
  return (u) => {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return lo + 1;
  };
}
