import fc from "fast-check";
import { staleReads } from "./history";
import { raft, type RaftResult, type RaftState } from "./raft";
import type { ClientOperation } from "./types";
import type { Fault } from "./faults";

const nodeIds = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** Random fault scripts over crashes, durable restarts, partitions, heals and message drops. */
const faultScript = (nodes: number, duration: number): fc.Arbitrary<Fault[]> => {
  const at = fc.integer({ min: 0, max: duration });
  const node = fc.integer({ min: 1, max: nodes });
  const fault: fc.Arbitrary<Fault> = fc.oneof(
    fc.record({ at, fault: fc.constant("crash" as const), node }),
    fc.record({ at, fault: fc.constant("restart" as const), node, durable: fc.constant(true) }),
    fc.record({ at, fault: fc.constant("heal" as const) }),
    fc.record({ at, fault: fc.constant("drop" as const), rate: fc.double({ min: 0, max: 0.4, noNaN: true }) }),
    fc.record({
      at,
      fault: fc.constant("partition" as const),
      assignment: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: nodes, maxLength: nodes }),
    }).map(({ at, assignment }): Fault => {
      const groups = [0, 1, 2].map((g) => nodeIds(nodes).filter((id) => assignment[id - 1] === g)).filter((g) => g.length > 0);
      return { at, fault: "partition", groups };
    }),
  );
  return fc.array(fault, { maxLength: 10 }).map((fs) => [...fs].sort((a, b) => a.at - b.at));
};

function checkLogMatching(state: RaftState): void {
  const nodes = state.nodes;
  for (let a = 0; a < nodes.length; a++) {
    for (let b = a + 1; b < nodes.length; b++) {
      const la = nodes[a].log;
      const lb = nodes[b].log;
      // Find the highest index where both logs hold an entry with the same term; everything before must match.
      for (let i = Math.min(la.length, lb.length) - 1; i >= 0; i--) {
        if (la[i].term === lb[i].term) {
          for (let j = 0; j <= i; j++) {
            if (la[j].term !== lb[j].term || la[j].command !== lb[j].command) {
              throw new Error(`log matching violated between nodes ${nodes[a].id} and ${nodes[b].id} at index ${j + 1}`);
            }
          }
          break;
        }
      }
    }
  }
}

function checkSafety(result: RaftResult): void {
  const { leaders, committed, applies } = result.audit;
  // Election safety: at most one leader per term.
  const terms = leaders.map((l) => l.term);
  expect(new Set(terms).size).toBe(terms.length);
  // State machine safety: no two applies of one index disagree.
  const byIndex = new Map<number, string>();
  for (const a of applies) {
    const key = `${a.term}|${a.command}`;
    const seen = byIndex.get(a.index);
    if (seen === undefined) byIndex.set(a.index, key);
    else if (key !== seen) throw new Error(`node ${a.node} applied ${key} at index ${a.index}, another node applied ${seen}`);
  }
  // Leader completeness: a leader elected after an entry was committed has that entry.
  for (const c of committed) {
    for (const l of leaders) {
      const entry = l.log[c.index - 1];
      if (l.at > c.at && (entry?.[0] !== c.term || entry?.[1] !== c.command)) {
        throw new Error(`leader ${l.node} of term ${l.term} lacks committed entry ${c.index}`);
      }
    }
  }
  // Committed entries are never lost: each is still stored on a majority of disks at the end.
  const majority = Math.floor(result.params.nodes / 2) + 1;
  for (const c of committed) {
    const holders = result.final.nodes.filter((n) => n.log[c.index - 1]?.term === c.term && n.log[c.index - 1]?.command === c.command);
    if (holders.length < majority) throw new Error(`committed entry ${c.index} is on only ${holders.length} nodes`);
  }
  expect(result.trace.filter((e) => e.kind === "violation")).toEqual([]);
}

describe("raft", () => {
  it("elects a leader within the first second with default parameters", () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const r = raft.run({ seed });
      const first = r.trace.find((e) => e.kind === "leader");
      expect(first).toBeDefined();
      expect(first!.t).toBeLessThan(1000);
      expect(first!.text).toMatch(/^Node \d became leader for term \d+ with votes from/);
      expect(r.final.leader).not.toBeNull();
      expect(r.audit.committed.length).toBeGreaterThan(20);
    }
  });

  it("is deterministic: same seed and faults give the same trace byte for byte; other seeds differ", () => {
    const faults = [
      { at: 1200, fault: "partition", groups: [[1, 2], [3, 4, 5]] },
      { at: 3000, fault: "heal" },
      { at: 4000, fault: "drop", rate: 0.1 },
    ];
    const a = raft.run({ seed: 42, faults });
    const b = raft.run({ seed: 42, faults });
    const c = raft.run({ seed: 43, faults });
    expect(JSON.stringify(a.trace)).toBe(JSON.stringify(b.trace));
    expect(JSON.stringify(a.metrics)).toBe(JSON.stringify(b.metrics));
    expect(JSON.stringify(a.trace)).not.toBe(JSON.stringify(c.trace));
  });

  it("stepping with advanceTo reaches the same state as a straight run (replay-based scrubbing)", () => {
    const options = { seed: 9, faults: [{ at: 2000, fault: "crash", node: 2 }] };
    const stepped = raft.create(options);
    for (let t = 0; t <= 10_000; t += 333) stepped.advanceTo(t);
    const straight = raft.run(options);
    expect(JSON.stringify(stepped.finish())).toBe(JSON.stringify(straight));
  });

  it("re-elects after the leader crashes and the old leader rejoins as a follower", () => {
    const first = raft.run({ seed: 3, duration: 1000 }).final.leader!;
    const r = raft.run({
      seed: 3,
      faults: [
        { at: 1000, fault: "crash", node: first },
        { at: 4000, fault: "restart", node: first },
      ],
    });
    const later = r.audit.leaders.filter((l) => l.at > 1000);
    expect(later.length).toBeGreaterThan(0);
    expect(later[0].node).not.toBe(first);
    expect(r.final.nodes[first - 1].role).toBe("follower");
    expect(r.final.nodes[first - 1].commitIndex).toBe(r.final.commitIndex);
  });

  it("a minority partition cannot elect a leader or commit; the majority side can", () => {
    const r = raft.run({ seed: 11, faults: [{ at: 0, fault: "partition", groups: [[1, 2], [3, 4, 5]] }] });
    for (const l of r.audit.leaders) expect([3, 4, 5]).toContain(l.node);
    expect(r.final.nodes[0].commitIndex).toBe(0);
    expect(r.final.nodes[1].commitIndex).toBe(0);
    expect(r.final.nodes[2].commitIndex).toBeGreaterThan(0);
  });

  it("flags non-durable restarts in the trace", () => {
    const r = raft.run({ seed: 5, faults: [{ at: 1000, fault: "crash", node: 1 }, { at: 2000, fault: "restart", node: 1, durable: false }] });
    const restart = r.trace.find((e) => e.kind === "restart");
    expect(restart).toMatchObject({ node: 1, durable: false });
    expect(restart!.text).toMatch(/safety is no longer guaranteed/);
    expect(r.final.nodes[0].lostDurableState).toBe(true);
  });

  it("answers queries", () => {
    const r = raft.run({ seed: 7 });
    expect(raft.queries.leaderAtEnd(r, undefined)).toBe(r.final.leader);
    expect(raft.queries.leaderOfTerm(r, String(r.audit.leaders[0].term))).toBe(r.audit.leaders[0].node);
    expect(raft.queries.leaderOfTerm(r, "999")).toBeNull();
    expect(raft.queries.firstLeader(r, undefined)).toBe(r.audit.leaders[0].node);
    expect(raft.queries.electionsHeld(r, undefined)).toBeGreaterThanOrEqual(1);
  });

  it("rejects invalid fault scripts with clear messages", () => {
    expect(() => raft.run({ seed: 1, faults: [{ at: 5, fault: "crash", node: 7 }] })).toThrow(
      "faults[0].node: node 7 does not exist (nodes are 1-5)",
    );
    const v = raft.validateOptions({
      seed: 1,
      faults: [
        { at: -1, fault: "heal" },
        { at: 10, fault: "errors", rate: 0.5 },
        { at: 10, fault: "partition", groups: [[1, 2], [2, 3]] },
        { at: 10, fault: "explode" },
      ],
    });
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.errors).toEqual([
        "faults[0].at: must be a non-negative number of simulated milliseconds (got -1)",
        expect.stringContaining('faults[1].fault: "errors" does not apply to the raft simulation'),
        "faults[2].groups[1][0]: node 2 appears in more than one group",
        expect.stringContaining('faults[3].fault: unknown fault "explode"'),
      ]);
    }
    expect(raft.validateParams({ nodes: 12 })).toEqual({
      ok: false,
      errors: ["params.nodes: must be a number between 3 and 9 (got 12)"],
    });
  });

  it("keeps Raft's safety properties under random crashes, durable restarts, partitions and drops (200 runs)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.constantFrom(3, 5, 7).chain((nodes) => fc.tuple(fc.constant(nodes), faultScript(nodes, 5000))),
        (seed, [nodes, faults]) => {
          const sim = raft.create({ seed, params: { nodes, clientIntervalMs: 100 }, faults, duration: 6000 });
          for (let t = 500; t <= 6000; t += 500) {
            sim.advanceTo(t);
            checkLogMatching(sim.state());
          }
          checkSafety(sim.finish());
        },
      ),
      { numRuns: 200 },
    );
  });

  it("replication stays proportional to the work: client writes faster than a round trip, with duplicated messages, finish", () => {
    // Every successful AppendEntries reply used to send another AppendEntries; duplicated replies and replies
    // to heartbeat- or client-triggered sends each started a chain that never merged (millions of events).
    const params = { clientIntervalMs: 30, latencyMs: 30, jitterMs: 5 };
    const plain = raft.run({ seed: 1, params, duration: 10_000 });
    const duplicated = raft.run({ seed: 1, params, faults: [{ at: 0, fault: "duplicate", rate: 0.15 }], duration: 10_000 });
    for (const r of [plain, duplicated]) {
      expect(r.eventsProcessed / 10).toBeLessThan(eventBoundPerSecond(r.params));
      expect(r.audit.committed.length).toBeGreaterThan(100);
      checkSafety(r);
    }
  });

  it("events per simulated second stay within what heartbeats, clients and elections explain, for random parameters and faults (150 runs)", () => {
    const faultsWithDuplicates = (nodes: number, duration: number): fc.Arbitrary<Fault[]> =>
      fc
        .tuple(faultScript(nodes, duration), fc.double({ min: 0, max: 0.3, noNaN: true }), fc.integer({ min: 0, max: duration }))
        .map(([fs, rate, at]) => [...fs, { at, fault: "duplicate" as const, rate }].sort((a, b) => a.at - b.at));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.record({
          heartbeatMs: fc.integer({ min: 10, max: 200 }),
          electionTimeoutMinMs: fc.integer({ min: 50, max: 400 }),
          latencyMs: fc.integer({ min: 0, max: 80 }),
          jitterMs: fc.integer({ min: 0, max: 80 }),
          clientIntervalMs: fc.integer({ min: 5, max: 400 }),
        }),
        fc.constantFrom(3, 5, 7).chain((nodes) => fc.tuple(fc.constant(nodes), faultsWithDuplicates(nodes, 4000))),
        (seed, p, [nodes, faults]) => {
          const params = { ...p, nodes, electionTimeoutMaxMs: p.electionTimeoutMinMs * 2 };
          const r = raft.run({ seed, params, faults, duration: 5000, eventBudget: 2_000_000 });
          expect(r.eventsProcessed / 5).toBeLessThan(eventBoundPerSecond(r.params));
        },
      ),
      { numRuns: 150 },
    );
  });
});

/**
 * Messages a correct Raft sends per second, generously: every heartbeat, client write and election timeout
 * fans out to every peer and back, with duplicates and a follow-up batch per reply that advances a follower.
 */
function eventBoundPerSecond(p: RaftResult["params"]): number {
  const n = p.nodes;
  const perSecond = 1000 / p.heartbeatMs + (p.clientIntervalMs > 0 ? 1000 / p.clientIntervalMs : 0) + 1000 / p.electionTimeoutMinMs;
  return 8 * n * n * perSecond + 2000;
}

/** Rank of a written value: the log index at which its write committed (0 for "never written"). */
function commitOrder(r: RaftResult): (key: string, value: string | number | null) => number {
  const index = new Map<number, number>();
  for (const c of r.audit.committed) {
    const m = /^set x=(\d+)$/.exec(c.command);
    if (m) index.set(Number(m[1]), c.index);
  }
  return (_key, value) => (value === null ? 0 : index.get(Number(value)) ?? 0);
}

/** A history a linearizability checker can trust: ordered ids, one operation outstanding per client, consistent outcomes. */
function checkHistoryWellFormed(r: RaftResult): void {
  const history: ClientOperation[] = r.history;
  const committed = new Set(r.audit.committed.map((c) => c.command));
  const written = new Set<string | number | null | undefined>();
  const lastByClient = new Map<number, ClientOperation>();
  history.forEach((op, i) => {
    expect(op.id).toBe(i + 1);
    if (i > 0) expect(op.invokedAt).toBeGreaterThanOrEqual(history[i - 1].invokedAt);
    expect(op.key).toBe("x");
    expect(op.client).toBeGreaterThanOrEqual(1);
    expect(op.client).toBeLessThanOrEqual(r.params.clients);
    const previous = lastByClient.get(op.client);
    // The previous operation returned before this one was invoked (or was given up, which also happens before).
    if (previous?.returnedAt != null) expect(op.invokedAt).toBeGreaterThanOrEqual(previous.returnedAt);
    lastByClient.set(op.client, op);
    if (op.outcome === "unknown") expect(op.returnedAt).toBeNull();
    else expect(op.returnedAt).toBeGreaterThanOrEqual(op.invokedAt);
    if (op.kind === "write") {
      expect(written.has(op.value)).toBe(false); // unique values, so a checker can tell writes apart
      written.add(op.value);
      if (op.outcome === "ok") expect(committed.has(`set x=${op.value}`)).toBe(true);
      if (op.outcome === "fail") expect([...r.final.nodes].some((n) => n.log.some((e) => e.op === op.id))).toBe(false);
    } else if (op.outcome === "ok") {
      expect(op.value === null || committed.has(`set x=${op.value}`)).toBe(true);
    } else {
      expect(op.value).toBeUndefined();
    }
  });
}

/** Random partitions (possibly isolating the leader), crashes, durable restarts, drops and duplicates. */
const clientFaults = (duration: number): fc.Arbitrary<Fault[]> =>
  fc
    .tuple(faultScript(5, duration), fc.double({ min: 0, max: 0.2, noNaN: true }), fc.integer({ min: 0, max: duration }))
    .map(([fs, rate, at]) => [...fs, { at, fault: "duplicate" as const, rate }].sort((a, b) => a.at - b.at));

describe("raft client history", () => {
  it("is well formed under random faults, with and without check quorum (150 runs)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.boolean(), clientFaults(5000), (seed, checkQuorum, faults) => {
        const r = raft.run({ seed, params: { readShare: 0.5, clients: 4, clientIntervalMs: 60, checkQuorum }, faults, duration: 6000 });
        checkHistoryWellFormed(r);
        checkSafety(r);
      }),
      { numRuns: 150 },
    );
  });

  it("a leader cut off in a minority serves stale reads to clients that still believe in it", () => {
    const seeds: number[] = [];
    for (let seed = 1; seed <= 10; seed++) {
      const leader = raft.run({ seed, duration: 2000 }).final.leader!;
      const others = [1, 2, 3, 4, 5].filter((id) => id !== leader);
      const faults = [
        { at: 2000, fault: "partition", groups: [[leader, others[0]], others.slice(1)] },
        { at: 8000, fault: "heal" },
      ];
      const r = raft.run({ seed, params: { readShare: 0.5 }, faults });
      const stale = staleReads(r.history, commitOrder(r));
      expect(r.final.clients.staleReads).toBe(stale.length);
      if (stale.length > 0) {
        seeds.push(seed);
        // Served by the deposed leader while the partition lasted.
        const events = r.trace.filter((e) => e.kind === "stale-read");
        expect(events.every((e) => e.node === leader && e.t > 2000 && e.t < 8100)).toBe(true);
      }
    }
    expect(seeds.length).toBeGreaterThanOrEqual(3);
  });

  it("with check quorum and a leader lease, no read is stale under random partitions, crashes, drops and duplicates (200 runs)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), clientFaults(5000), (seed, faults) => {
        const r = raft.run({ seed, params: { readShare: 0.6, clients: 4, clientIntervalMs: 50, checkQuorum: true }, faults, duration: 6000 });
        expect(staleReads(r.history, commitOrder(r))).toEqual([]);
        expect(r.final.clients.staleReads).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it("with check quorum, a leader cut off in a minority steps down within an election timeout and refuses reads", () => {
    const leader = raft.run({ seed: 4, duration: 2000 }).final.leader!;
    const others = [1, 2, 3, 4, 5].filter((id) => id !== leader);
    const r = raft.run({
      seed: 4,
      params: { readShare: 0.5, checkQuorum: true },
      faults: [{ at: 2000, fault: "partition", groups: [[leader, others[0]], others.slice(1)] }],
    });
    const stepDown = r.trace.find((e) => e.kind === "step-down" && e.node === leader);
    expect(stepDown?.text).toMatch(/has not heard from a majority/);
    expect(stepDown!.t).toBeLessThanOrEqual(2000 + r.params.electionTimeoutMinMs + r.params.heartbeatMs + 1);
    expect(r.trace.filter((e) => e.kind === "stale-read")).toEqual([]);
    // Reads sent to it after it stepped down are redirected or refused, never answered from its state.
    const refused = r.trace.filter((e) => e.kind === "client-rejected" && e.t > stepDown!.t);
    expect(refused.length).toBeGreaterThan(0);
  });
});
