import { HashRing, hashring } from "./hashring";

describe("hashring", () => {
  it("adding one node to n moves about 1/(n+1) of the keys, all of them to the new node", () => {
    // With v = 128 virtual nodes the new node's share of the ring has a relative standard deviation of
    // about 1/sqrt(v) ≈ 9%, so ±35% relative is roughly 4 standard deviations: it should never fail.
    for (let n = 3; n <= 8; n++) {
      for (const seed of [1, 2, 3, 4, 5]) {
        const r = hashring.run({
          seed,
          params: { nodes: n, spareNodes: 1, vnodes: 128, keys: 10_000, opsPerSec: 0 },
          faults: [{ at: 100, fault: "restart", node: n + 1 }],
          duration: 200,
        });
        const change = r.final.lastChange!;
        const expected = 1 / (n + 1);
        expect(Math.abs(change.movedFraction - expected) / expected).toBeLessThan(0.35);
        expect(Object.keys(change.movedTo)).toEqual([String(n + 1)]);
        expect(hashring.queries.movedKeyFraction(r, undefined)).toBe(change.movedFraction);
      }
    }
  });

  it("removing a node moves only that node's keys", () => {
    const ring = new HashRing(64, "x");
    for (let id = 1; id <= 5; id++) ring.addNode(id);
    const keys = Array.from({ length: 2000 }, (_, i) => `key-${i}`);
    const before = keys.map((k) => ring.ownerOf(k));
    ring.removeNode(3);
    keys.forEach((k, i) => {
      const after = ring.ownerOf(k);
      if (before[i] !== 3) expect(after).toBe(before[i]);
      else expect(after).not.toBe(3);
    });
  });

  it("more virtual nodes spread load more evenly; a hot key overloads its owner", () => {
    const spread = (vnodes: number) =>
      hashring.run({ seed: 3, params: { nodes: 8, vnodes, keys: 20_000, opsPerSec: 0 }, duration: 100 }).final.maxLoadRatio;
    expect(spread(1)).toBeGreaterThan(spread(256));
    expect(spread(256)).toBeLessThan(1.3);

    const hot = hashring.run({ seed: 3, faults: [{ at: 0, fault: "hotkey", key: "user:42", share: 0.5 }], duration: 5000 });
    expect(hot.final.maxLoadRatio).toBeGreaterThan(2);
    const owner = hashring.queries.ownerOf(hot, "user:42");
    const busiest = [...hot.final.nodes].sort((a, b) => b.requests - a.requests)[0].id;
    expect(owner).toBe(busiest);
  });

  it("is deterministic per seed", () => {
    const faults = hashring.exampleFaults;
    expect(JSON.stringify(hashring.run({ seed: 5, faults }).trace)).toBe(JSON.stringify(hashring.run({ seed: 5, faults }).trace));
    expect(JSON.stringify(hashring.run({ seed: 5, faults }).final)).not.toBe(JSON.stringify(hashring.run({ seed: 6, faults }).final));
  });
});
