import { checkHistory } from "./checker";
import type { History, KvOperation, Operation, RegisterOperation, Value } from "./types";

// Builders: id, client, [call, ret] (ret Infinity = never returned), then the operation.
let nextId = 0;
const at = (client: number, call: number, ret: number, key = "x") => ({ id: nextId++, client, key, call, ret });
const write = (client: number, call: number, ret: number, value: Value, key?: string): RegisterOperation => ({ ...at(client, call, ret, key), f: "write", value });
const read = (client: number, call: number, ret: number, value: Value | undefined, key?: string): RegisterOperation => ({ ...at(client, call, ret, key), f: "read", value });
const cas = (client: number, call: number, ret: number, from: Value, to: Value, ok: boolean | undefined): RegisterOperation => ({ ...at(client, call, ret), f: "cas", from, to, ok });
const register = (...operations: Operation[]): History => ({ model: "register", timeUnit: "ms", operations });

beforeEach(() => {
  nextId = 0;
});

describe("checkHistory: register", () => {
  it("accepts concurrent operations in the order that explains them", () => {
    // The read overlaps both writes and returns the second: write(1), write(2), read.
    const h = register(write(0, 0, 10, 1), write(1, 5, 20, 2), read(2, 12, 25, 2));
    const r = checkHistory(h);
    expect(r.verdict).toBe("linearizable");
    expect(r.partitions[0].linearization).toEqual([0, 1, 2]);
  });

  it("rejects a read that returns a value overwritten before it began", () => {
    const h = register(write(0, 0, 10, 1), write(1, 20, 30, 2), read(2, 40, 50, 1));
    const r = checkHistory(h);
    expect(r.verdict).toBe("not-linearizable");
    const p = r.partitions[0];
    expect(p.prefix).toEqual([0, 1]);
    expect(p.stateAfterPrefix).toBe("2");
    expect(p.stuck).toEqual([{ id: 2, reason: "it returned 1, but the register holds 2" }]);
  });

  it("treats intervals as closed: an operation invoked when another returns is concurrent with it", () => {
    // The read returns 0 (nil) at t=10, exactly when the write is invoked: it may come first.
    expect(checkHistory(register(read(0, 0, 10, null), write(1, 10, 20, 1))).verdict).toBe("linearizable");
    expect(checkHistory(register(write(1, 0, 10, 1), read(0, 10, 20, null))).verdict).toBe("linearizable");
    expect(checkHistory(register(write(1, 0, 9, 1), read(0, 10, 20, null))).verdict).toBe("not-linearizable");
  });

  it("lets a write that never returned take effect later, when a read observes it", () => {
    const h = register(write(0, 0, 10, 1), write(1, 20, Infinity, 2), read(2, 100, 110, 2), read(2, 120, 130, 2));
    expect(checkHistory(h).verdict).toBe("linearizable");
  });

  it("lets a write that never returned not take effect at all", () => {
    const h = register(write(0, 0, 10, 1), write(1, 20, Infinity, 2), read(2, 100, 110, 1));
    expect(checkHistory(h).verdict).toBe("linearizable");
  });

  it("does not let a write that never returned take effect before it was invoked", () => {
    const h = register(read(2, 0, 10, 2), write(1, 20, Infinity, 2));
    expect(checkHistory(h).verdict).toBe("not-linearizable");
  });

  it("does not let a pending write's value disappear once read and then reappear", () => {
    // Read 2, then 1, then 2 again: the single write(2) would have to take effect twice.
    const h = register(write(0, 0, 5, 1), write(1, 6, Infinity, 2), read(2, 10, 11, 2), read(2, 12, 13, 1), read(2, 14, 15, 2));
    expect(checkHistory(h).verdict).toBe("not-linearizable");
  });

  it("measures the longest prefix in operations that returned, and never lists an open one as stuck", () => {
    // Two writes that never returned could pad the prefix; the evidence is the same without them.
    const h = register(write(0, 0, 10, 1), write(1, 1, Infinity, 2), write(2, 2, Infinity, 3), write(3, 20, 30, 4), read(4, 40, 50, 1));
    const p = checkHistory(h).partitions[0];
    expect(p.prefix).toEqual([0, 3]);
    expect(p.stateAfterPrefix).toBe("4");
    expect(p.stuck).toEqual([{ id: 4, reason: "it returned 1, but the register holds 4" }]);
  });

  it("checks compare-and-set outcomes: a successful swap needs the expected value, a failed one its absence", () => {
    expect(checkHistory(register(write(0, 0, 1, 1), cas(1, 2, 3, 1, 2, true), read(0, 4, 5, 2))).verdict).toBe("linearizable");
    expect(checkHistory(register(write(0, 0, 1, 1), cas(1, 2, 3, 3, 2, true))).verdict).toBe("not-linearizable");
    expect(checkHistory(register(write(0, 0, 1, 1), cas(1, 2, 3, 1, 2, false))).verdict).toBe("not-linearizable");
    expect(checkHistory(register(write(0, 0, 1, 1), cas(1, 2, 3, 3, 2, false), read(0, 4, 5, 1))).verdict).toBe("linearizable");
  });

  it("lets a compare-and-set with an unknown outcome apply only if it matched", () => {
    expect(checkHistory(register(write(0, 0, 1, 1), cas(1, 2, Infinity, 1, 2, undefined), read(0, 4, 5, 2))).verdict).toBe("linearizable");
    expect(checkHistory(register(write(0, 0, 1, 1), cas(1, 2, Infinity, 3, 2, undefined), read(0, 4, 5, 2))).verdict).toBe("not-linearizable");
  });

  it("leaves out reads whose result is unknown: they constrain nothing", () => {
    const h = register(write(0, 0, 10, 1), read(1, 12, Infinity, undefined), read(2, 20, 30, 1));
    const r = checkHistory(h);
    expect(r.verdict).toBe("linearizable");
    expect(r.partitions[0].operationIds).toEqual([0, 2]);
  });

  it("rejects histories whose operations return before they are invoked or repeat an id", () => {
    expect(() => checkHistory(register(write(0, 10, 5, 1)))).toThrow(/returns \(5\) before it is invoked \(10\)/);
    const w = write(0, 0, 1, 1);
    expect(() => checkHistory(register(w, { ...w }))).toThrow(/appears twice/);
  });
});

describe("checkHistory: keys are checked independently", () => {
  it("reports each key, and the first key that fails settles the verdict", () => {
    const h = register(write(0, 0, 10, 1, "a"), read(1, 20, 30, 1, "a"), write(0, 0, 10, 1, "b"), write(0, 20, 30, 2, "b"), read(1, 40, 50, 1, "b"));
    const all = checkHistory(h, { checkAllKeys: true });
    expect(all.verdict).toBe("not-linearizable");
    expect(all.partitions.map((p) => [p.key, p.verdict])).toEqual([
      ["a", "linearizable"],
      ["b", "not-linearizable"],
    ]);
  });

  it("stops checking other keys once one fails, and says so", () => {
    // Key "big" needs many steps; key "bad" fails at once, in the first round.
    const ops: Operation[] = [write(0, 0, 1, 1, "bad"), write(0, 2, 3, 2, "bad"), read(1, 4, 5, 1, "bad")];
    for (let i = 0; i < 12; i++) ops.push(write(i, 0, 100, i, "big"));
    for (let i = 0; i < 12; i++) ops.push(read(i, 101 + 2 * i, 102 + 2 * i, 11 - i, "big")); // impossible descending reads
    const r = checkHistory(register(...ops));
    expect(r.verdict).toBe("not-linearizable");
    const big = r.partitions.find((p) => p.key === "big")!;
    expect(big.verdict).toBe("unknown");
    expect(big.unknownBecause).toBe("violation-elsewhere");
    expect(r.budgetExhausted).toBe(false);
  });
});

describe("checkHistory: budget", () => {
  it('answers "unknown" when the step budget runs out, and is deterministic under it', () => {
    // Twelve concurrent writes, then reads that need an order the search only finds late.
    const ops: Operation[] = [];
    for (let i = 0; i < 12; i++) ops.push(write(i, 0, 100, i));
    for (let i = 0; i < 12; i++) ops.push(read(i, 101 + 2 * i, 102 + 2 * i, 11));
    const h = register(...ops);
    const full = checkHistory(h);
    expect(full.verdict).toBe("linearizable");
    const limited = checkHistory(h, { maxSteps: Math.floor(full.steps / 2) });
    expect(limited.verdict).toBe("unknown");
    expect(limited.budgetExhausted).toBe(true);
    expect(limited.partitions[0].unknownBecause).toBe("budget");
    expect(checkHistory(h, { maxSteps: Math.floor(full.steps / 2) }).steps).toBe(limited.steps);
  });

  it('answers "unknown" rather than exhausting memory when the memo outgrows its budget', () => {
    const ops: Operation[] = [];
    for (let i = 0; i < 12; i++) ops.push(write(i, 0, 100, i));
    for (let i = 0; i < 12; i++) ops.push(read(i, 101 + 2 * i, 102 + 2 * i, 11 - i));
    const r = checkHistory(register(...ops), { memoryLimitMb: 0.01 });
    expect(r.verdict).toBe("unknown");
    expect(r.budgetExhausted).toBe(true);
    expect(checkHistory(register(...ops)).verdict).toBe("not-linearizable");
  });

  it('answers "unknown" when the clock passes the time limit', () => {
    const ops: Operation[] = [];
    for (let i = 0; i < 14; i++) ops.push(write(i, 0, 100, i));
    for (let i = 0; i < 14; i++) ops.push(read(i, 101 + 2 * i, 102 + 2 * i, 13 - i));
    let fakeNow = 0;
    // Every reading of the clock advances it by one second.
    const r = checkHistory(register(...ops), { timeLimitMs: 5_000, now: () => (fakeNow += 1_000) });
    expect(r.verdict).toBe("unknown");
    expect(r.budgetExhausted).toBe(true);
  });
});

describe("checkHistory: key-value store", () => {
  const kv = (...operations: KvOperation[]): History => ({ model: "kv", timeUnit: "event", operations });
  const get = (client: number, call: number, ret: number, key: string, value: string | undefined): KvOperation => ({ ...at(client, call, ret, key), f: "get", value });
  const put = (client: number, call: number, ret: number, key: string, value: string): KvOperation => ({ ...at(client, call, ret, key), f: "put", value });
  const append = (client: number, call: number, ret: number, key: string, value: string): KvOperation => ({ ...at(client, call, ret, key), f: "append", value });

  it("accepts concurrent appends in either order the later reads show", () => {
    const h = kv(append(0, 0, 3, "k", "a"), append(1, 1, 2, "k", "b"), get(2, 4, 5, "k", "ba"));
    expect(checkHistory(h).verdict).toBe("linearizable");
  });

  it("rejects a get that misses an append completed before it", () => {
    const h = kv(put(0, 0, 1, "k", "x"), append(1, 2, 3, "k", "y"), get(2, 4, 5, "k", "x"));
    const r = checkHistory(h);
    expect(r.verdict).toBe("not-linearizable");
    expect(r.partitions[0].stuck![0].reason).toBe('it returned "x", but the key holds "xy"');
  });

  it("reads a missing key as the empty string", () => {
    expect(checkHistory(kv(get(0, 0, 1, "k", ""))).verdict).toBe("linearizable");
  });
});
