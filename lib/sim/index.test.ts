import { EventQueue } from "./kernel";
import { Rng } from "./random";
import { answerSimulationQuery, createSimulation, runSimulation, simulationNames, simulations, stateAt, validateFaults } from "./index";

describe("kernel", () => {
  it("orders events by time, then by insertion sequence", () => {
    const q = new EventQueue();
    const order: string[] = [];
    const times = [5, 1, 5, 3, 1, 5, 0];
    times.forEach((t, i) => q.push(t, () => order.push(`${t}:${i}`)));
    while (q.size > 0) q.pop()!.run();
    expect(order).toEqual(["0:6", "1:1", "1:4", "3:3", "5:0", "5:2", "5:5"]);
  });

  it("the PRNG is reproducible per seed and its helpers stay in range", () => {
    const a = new Rng(123);
    const b = new Rng(123);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b.next()));
    expect(new Rng(124).next()).not.toBe(xs[0]);
    const r = new Rng(7);
    let sum = 0;
    const seen = new Set<number>();
    for (let i = 0; i < 20_000; i++) {
      seen.add(r.int(2, 5));
      sum += r.exponential(10);
    }
    expect([...seen].sort()).toEqual([2, 3, 4, 5]);
    expect(sum / 20_000).toBeGreaterThan(9.5);
    expect(sum / 20_000).toBeLessThan(10.5);
  });
});

describe("fault scripts", () => {
  it("reports every problem with its path", () => {
    const v = validateFaults(
      [
        { at: 1200, fault: "partition", groups: [[1, 2], [3, 4, 5]] },
        { at: 3000, fault: "heal", extra: 1 },
        { at: 10, fault: "crash", node: 7 },
        { at: 10, fault: "drop", rate: 1.5 },
        "oops",
      ],
      { simulation: "raft", nodeCount: 5, supported: ["crash", "partition", "heal", "drop"] },
    );
    expect(v).toEqual({
      ok: false,
      errors: [
        'faults[1].extra: unknown field for fault "heal" (it takes no fields)',
        "faults[2].node: node 7 does not exist (nodes are 1-5)",
        "faults[3].rate: must be a number between 0 and 1 (got 1.5)",
        'faults[4]: must be an object like { at: 1000, fault: "crash", node: 1 } (got "oops")',
      ],
    });
    expect(validateFaults([{ at: 0, fault: "restart", node: 2 }], { simulation: "raft", nodeCount: 3, supported: ["restart"] })).toEqual({
      ok: true,
      faults: [{ at: 0, fault: "restart", node: 2, durable: true }],
    });
  });
});

describe("registry", () => {
  it("every simulation runs with its defaults and example faults, deterministically, and answers every query", () => {
    for (const name of simulationNames) {
      const sim = simulations[name];
      expect(sim.name).toBe(name);
      const options = { seed: 1, faults: sim.exampleFaults };
      const a = runSimulation(name, options);
      const b = runSimulation(name, options);
      expect(JSON.stringify(a.trace)).toBe(JSON.stringify(b.trace));
      expect(a.metrics.t.length).toBe(sim.defaultDuration / 100 + 1);
      for (const series of Object.values(a.metrics.series)) expect(series.length).toBe(a.metrics.t.length);
      for (const e of a.trace) expect(typeof e.text).toBe("string");
      for (const q of Object.keys(sim.queries)) {
        const arg = q === "leaderOfTerm" ? ":1" : q === "ownerOf" ? ":user:42" : "";
        const answer = answerSimulationQuery(name, options, q + arg);
        expect(answer === null || typeof answer === "string" || typeof answer === "number").toBe(true);
      }
    }
  });

  it("answers quiz-style queries with arguments", () => {
    const options = { seed: 7, params: { nodes: 5 } };
    const first = answerSimulationQuery("raft", options, "firstLeader");
    expect(answerSimulationQuery("raft", options, "leaderOfTerm:1")).toBe(first);
    expect(typeof answerSimulationQuery("hashring", { seed: 1 }, "ownerOf:user:42")).toBe("number");
  });

  it("gives clear errors for unknown simulations, queries and params", () => {
    expect(() => runSimulation("paxos", { seed: 1 })).toThrow('Unknown simulation "paxos" (known: raft, quorum, hashring, queue, retry, balancer, cache)');
    expect(() => answerSimulationQuery("raft", { seed: 1 }, "winner")).toThrow(/Unknown query "winner" for the raft simulation \(known: leaderAtEnd/);
    expect(() => runSimulation("raft", { seed: 1, params: { replicas: 3 } })).toThrow(/params.replicas: unknown parameter for the raft simulation/);
  });

  it("stateAt replays to any moment and matches a live instance advanced to the same time", () => {
    const options = { seed: 3, faults: [{ at: 2000, fault: "crash", node: 1 }] };
    const live = createSimulation("raft", options);
    live.advanceTo(2500);
    expect(JSON.stringify(stateAt("raft", options, 2500))).toBe(JSON.stringify(live.state()));
    const atZero = stateAt("raft", options, 0);
    expect(atZero.leader).toBeNull();
    expect(stateAt("raft", options, 2500).nodes[0].up).toBe(false);
  });
});
