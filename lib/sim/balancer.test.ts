import { balancer } from "./balancer";

describe("balancer", () => {
  it("power-of-two-choices beats round-robin on max queue with heterogeneous servers (≥ 18 of 20 seeds)", () => {
    // Round-robin sends a third of 40 req/s to the half-speed server (capacity 10 req/s): its queue grows
    // without bound; p2c steers away from long queues. Threshold 18/20 leaves room for unlucky seeds.
    let wins = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const rr = balancer.run({ seed, params: { algorithm: "round-robin" } });
      const p2c = balancer.run({ seed, params: { algorithm: "p2c" } });
      if ((balancer.queries.maxServerQueue(p2c, undefined) as number) < (balancer.queries.maxServerQueue(rr, undefined) as number)) wins++;
    }
    expect(wins).toBeGreaterThanOrEqual(18);
  });

  it("load-aware algorithms cut tail latency; least-connections is at least as good as p2c on max queue most of the time", () => {
    const rr = balancer.run({ seed: 3, params: { algorithm: "round-robin" } });
    const lc = balancer.run({ seed: 3, params: { algorithm: "least-connections" } });
    const p2c = balancer.run({ seed: 3, params: { algorithm: "p2c" } });
    expect(balancer.queries.p99LatencyMs(p2c, undefined)).toBeLessThan(balancer.queries.p99LatencyMs(rr, undefined) as number);
    expect(balancer.queries.meanLatencyMs(lc, undefined)).toBeLessThan(balancer.queries.meanLatencyMs(rr, undefined) as number);
    expect(p2c.final.completed).toBeGreaterThan(700);
  });

  it("a crashed server gets no traffic and its queued requests fail", () => {
    const r = balancer.run({ seed: 2, params: { algorithm: "least-connections" }, faults: [{ at: 5000, fault: "crash", node: 3 }] });
    expect(r.final.servers[2].up).toBe(false);
    expect(r.final.servers[2].queue).toBe(0);
    const queue3 = r.metrics.series["queue.s3"];
    r.metrics.t.forEach((t, i) => {
      if (t > 5000) expect(queue3[i]).toBe(0);
    });
    expect(() => balancer.run({ seed: 1, faults: [{ at: 0, fault: "crash", node: 4 }] })).toThrow(
      "faults[0].node: server 4 does not exist (servers are 1-3)",
    );
  });

  it("is deterministic", () => {
    const a = balancer.run({ seed: 5, faults: balancer.exampleFaults });
    expect(JSON.stringify(a)).toBe(JSON.stringify(balancer.run({ seed: 5, faults: balancer.exampleFaults })));
    expect(JSON.stringify(balancer.run({ seed: 6 }).final)).not.toBe(JSON.stringify(balancer.run({ seed: 5 }).final));
  });
});
