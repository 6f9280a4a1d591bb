import fc from "fast-check";
import type { Fault, FaultKind } from "./faults";
import { EventQueue, SimulationBudgetError } from "./kernel";
import { Rng } from "./random";
import {
  answerSimulationQuery,
  createSimulation,
  runSimulation,
  simulationNames,
  simulations,
  stateAt,
  validateFaults,
  type ResultFor,
  type SimResult,
  type SimulationName,
} from "./index";

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

  it("every simulation stops a run that exceeds its event budget with a message for the reader", () => {
    for (const name of simulationNames) {
      const sim = simulations[name];
      const full = runSimulation(name, { seed: 1, faults: sim.exampleFaults });
      expect(full.eventsProcessed).toBeGreaterThan(100);
      const tooSmall = { seed: 1, faults: sim.exampleFaults, eventBudget: Math.floor(full.eventsProcessed / 2) };
      expect(() => runSimulation(name, tooSmall)).toThrow(SimulationBudgetError);
      expect(() => runSimulation(name, tooSmall)).toThrow(/too busy to simulate/);
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

/** Uniform over [min, max] (fc.double spreads over float bit patterns, which would favour tiny values). */
const between = (min: number, max: number) => fc.integer({ min: 0, max: 1_000_000 }).map((i) => min + ((max - min) * i) / 1_000_000);
const seedArb = fc.integer({ min: 0, max: 2 ** 31 - 1 });

/** Node ids a fault may name under each simulation's default params. */
const defaultNodeCount: Record<SimulationName, number> = {
  raft: simulations.raft.defaults.nodes,
  quorum: simulations.quorum.defaults.n,
  hashring: simulations.hashring.defaults.nodes + simulations.hashring.defaults.spareNodes,
  queue: simulations.queue.defaults.consumers,
  retry: 0,
  balancer: simulations.balancer.defaults.servers.length,
  cache: 0,
};

/** A valid fault of the given kind for a simulation with `nodes` node ids. */
function faultOf(kind: FaultKind, nodes: number, until: number): fc.Arbitrary<Fault> {
  const at = between(0, until);
  const node = fc.integer({ min: 1, max: Math.max(1, nodes) });
  switch (kind) {
    case "crash":
      return fc.record({ at, fault: fc.constant(kind), node });
    case "restart":
      return fc.record({ at, fault: fc.constant(kind), node, durable: fc.boolean() });
    case "partition":
      return fc.record({ at, assignment: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: nodes, maxLength: nodes }) }).map(({ at, assignment }): Fault => {
        const groups = [0, 1, 2].map((g) => assignment.flatMap((a, i) => (a === g ? [i + 1] : []))).filter((g) => g.length > 0);
        return { at, fault: "partition", groups };
      });
    case "heal":
      return fc.record({ at, fault: fc.constant(kind) });
    case "drop":
    case "duplicate":
    case "errors":
      return fc.record({ at, fault: fc.constant(kind), rate: between(0, kind === "errors" ? 1 : 0.4) });
    case "delay":
      return fc.record({ at, fault: fc.constant(kind), ms: between(0, 100), jitter: between(0, 50) });
    case "slow":
      return fc.record({ at, fault: fc.constant(kind), node, factor: between(1, 10) });
    case "load":
      return fc.record({ at, fault: fc.constant(kind), rate: between(0, 300) });
    case "hotkey":
      return fc.record({ at, fault: fc.constant(kind), key: fc.constantFrom("user:42", "hot", "key-3"), share: between(0, 1) });
  }
}

/** A simulation and a random script over the faults it supports. */
const anyScenario = (until: number) =>
  fc.constantFrom(...simulationNames).chain((name) => {
    const sim = simulations[name];
    const kinds = sim.supportedFaults.filter((k) => defaultNodeCount[name] > 0 || !["crash", "restart", "slow", "partition"].includes(k));
    const script = fc.array(fc.oneof(...kinds.map((k) => faultOf(k, defaultNodeCount[name], until))), { maxLength: 6 });
    return fc.tuple(fc.constant(name), script.map((fs) => [...fs].sort((a, b) => a.at - b.at)));
  });

/** How each simulation with client load counts arrivals, and how its offered rate is set. */
const offeredLoad: Partial<Record<SimulationName, { params: (rate: number) => Record<string, unknown>; arrivals: (r: SimResult<unknown, unknown>) => number }>> = {
  hashring: {
    params: (rate) => ({ opsPerSec: rate }),
    arrivals: (r) => Object.entries(r.metrics.series).reduce((n, [name, values]) => (name.startsWith("requests.") ? n + values.reduce((a, b) => a + b, 0) : n), 0),
  },
  retry: { params: (rate) => ({ requestsPerSec: rate }), arrivals: (r) => (r as ResultFor<"retry">).final.counts.clientRequests },
  balancer: {
    params: (rate) => ({ requestsPerSec: rate }),
    arrivals: (r) => {
      const s = (r as ResultFor<"balancer">).final;
      return s.completed + s.failed + s.servers.reduce((n, v) => n + v.queue, 0);
    },
  },
  cache: { params: (rate) => ({ requestsPerSec: rate }), arrivals: (r) => (r as ResultFor<"cache">).final.counts.requests },
  // Closed-loop clients: with many of them, think time dwarfs latency and the arrivals approach a Poisson stream.
  quorum: {
    params: (rate) => ({ opsPerSec: rate, clients: 100 }),
    arrivals: (r) => {
      const s = (r as ResultFor<"quorum">).final;
      return s.counts.reads + s.counts.writes + s.inFlight;
    },
  },
  // Unbounded, so no producer ever blocks or has a message rejected.
  queue: {
    params: (rate) => ({ produceRate: rate / simulations.queue.defaults.producers, capacity: 0 }),
    arrivals: (r) => (r as ResultFor<"queue">).final.counts.produced + (r as ResultFor<"queue">).final.counts.rejected,
  },
};
const loadSimulations = simulationNames.filter((name) => simulations[name].supportedFaults.includes("load"));

describe("every simulation (random seeds and fault scripts)", () => {
  it("same seed, params and faults give a byte-identical result, also when replayed in steps", () => {
    fc.assert(
      fc.property(seedArb, anyScenario(2000), fc.array(between(0, 2000), { maxLength: 5 }), (seed, [name, faults], stops) => {
        const options = { seed, faults, duration: 2000 };
        const a = JSON.stringify(runSimulation(name, options));
        expect(JSON.stringify(runSimulation(name, options))).toBe(a);
        const stepped = createSimulation(name, options);
        for (const t of [...stops].sort((x, y) => x - y)) stepped.advanceTo(t);
        expect(JSON.stringify(stepped.finish())).toBe(a);
      }),
      { numRuns: 200 },
    );
  });

  it("covers every simulation that takes a load fault", () => {
    expect(Object.keys(offeredLoad).sort()).toEqual([...loadSimulations].sort());
  });

  it("pausing and resuming load keeps arrivals a Poisson stream at the offered rate", () => {
    const DURATION = 3000;
    fc.assert(
      fc.property(
        seedArb,
        fc.constantFrom(...loadSimulations),
        between(50, 300),
        // Pauses in units of the mean time between arrivals, mostly under two: the case where the next arrival
        // is still scheduled when load resumes, and a careless restart runs two streams.
        fc.array(
          fc.record({ at: between(0, DURATION), gaps: fc.oneof({ arbitrary: between(0, 2), weight: 3 }, { arbitrary: between(0, 50), weight: 1 }) }),
          { minLength: 1, maxLength: 3 },
        ),
        (seed, name, rate, pauses) => {
          const faults: Fault[] = pauses
            .flatMap(({ at, gaps }): Fault[] => [
              { at, fault: "load", rate: 0 },
              { at: Math.min(DURATION, at + (gaps * 1000) / rate), fault: "load", rate },
            ])
            .sort((a, b) => a.at - b.at);
          // Offered requests: the rate integrated over the time the load is on.
          let on = rate;
          let last = 0;
          let expected = 0;
          for (const f of faults) {
            expected += (on * (f.at - last)) / 1000;
            on = f.fault === "load" ? f.rate : on;
            last = f.at;
          }
          expected += (on * (DURATION - last)) / 1000;
          const load = offeredLoad[name]!;
          const r = runSimulation(name, { seed, params: load.params(rate), faults, duration: DURATION });
          const arrived = load.arrivals(r);
          expect(Math.abs(arrived - expected)).toBeLessThanOrEqual(6 * Math.sqrt(expected) + 2);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("once load drops to zero, nothing more arrives", () => {
    fc.assert(
      fc.property(
        seedArb,
        fc.constantFrom(...loadSimulations),
        between(20, 300),
        // Load changes before the stop, as fractions of the time until it.
        fc.array(fc.record({ share: between(0, 1), rate: between(0, 300) }), { maxLength: 3 }),
        // A multiple of the 100 ms sampling interval, so hashring's request windows end exactly there.
        fc.integer({ min: 5, max: 20 }).map((n) => n * 100),
        (seed, name, rate, changes, stopAt) => {
          const load = offeredLoad[name]!;
          const faults: Fault[] = [
            ...changes.map(({ share, rate }): Fault => ({ at: share * stopAt, fault: "load", rate })).sort((a, b) => a.at - b.at),
            { at: stopAt, fault: "load", rate: 0 },
          ];
          const options = { seed, params: load.params(rate), faults };
          const atStop = load.arrivals(runSimulation(name, { ...options, duration: stopAt }));
          expect(load.arrivals(runSimulation(name, { ...options, duration: 3000 }))).toBe(atStop);
        },
      ),
      { numRuns: 200 },
    );
  });
});
