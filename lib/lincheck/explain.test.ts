import { checkHistory } from "./checker";
import { explainViolation, formatReport } from "./explain";
import type { History, KvOperation, RegisterOperation } from "./types";

const reg = (operations: RegisterOperation[]): History => ({ model: "register", timeUnit: "event", operations });
const w = (id: number, client: number, call: number, ret: number, value: number): RegisterOperation => ({ id, client, key: "x", call, ret, f: "write", value });
const r = (id: number, client: number, call: number, ret: number, value: number | null): RegisterOperation => ({ id, client, key: "x", call, ret, f: "read", value });

describe("explainViolation", () => {
  it("blames a stale read on real time alone, and leaves a write that never returned out of the evidence", () => {
    // write(3) never returned: it could be placed after write(2), but that explains nothing more.
    const h = reg([w(0, 1, 0, 1, 1), w(1, 2, 2, 3, 2), { id: 2, client: 3, key: "x", call: 2, ret: Infinity, f: "write", value: 3 }, r(3, 4, 4, 5, 1)]);
    const v = explainViolation(h, checkHistory(h))!;
    expect(v).toMatchObject({ kind: "stale-read", operationId: 3, missedWriteId: 1, sourceWriteId: 0, prefix: [0, 1] });
    expect(v.stuck).toEqual([{ id: 3, reason: "it returned 1, but the register holds 2" }]);
  });

  it("falls back to the search's evidence when no single read is provably wrong", () => {
    // Two concurrent writes, then reads 1, 2, 1: each read alone could be right, together they cannot.
    const h = reg([w(0, 1, 0, 10, 1), w(1, 2, 0, 10, 2), r(2, 3, 11, 12, 1), r(3, 3, 13, 14, 2), r(4, 3, 15, 16, 1)]);
    const v = explainViolation(h, checkHistory(h))!;
    expect(v.kind).toBe("no-legal-order");
    expect(v.operationId).toBe(3);
    expect(v.summary).toMatch(/^Client 3's read\(\) → 2 \(events 13–14\) cannot be placed: after the longest legal order the checker found \(3 of 5 operations\), the register holds 1, last set by client 1's write\(1\)/);
    expect(v.stuck.map((s) => s.id)).toEqual([3]);
  });

  it("finds a get that misses a completed append", () => {
    const ops: KvOperation[] = [
      { id: 0, client: 0, key: "k", call: 0, ret: 1, f: "put", value: "x" },
      { id: 1, client: 1, key: "k", call: 2, ret: 3, f: "append", value: "y" },
      { id: 2, client: 2, key: "k", call: 4, ret: 5, f: "get", value: "x" },
    ];
    const h: History = { model: "kv", timeUnit: "event", operations: ops };
    const v = explainViolation(h, checkHistory(h))!;
    expect(v).toMatchObject({ kind: "stale-read", operationId: 2, missedWriteId: 1 });
    expect(v.summary).toMatch(/does not contain "y"\.$/);
  });

  it("is null for a linearizable history", () => {
    const h = reg([w(0, 1, 0, 1, 1), r(1, 2, 2, 3, 1)]);
    expect(explainViolation(h, checkHistory(h))).toBeNull();
  });
});

describe("formatReport", () => {
  it("starts with the verdict, then lists the prefix and the operations that cannot come next", () => {
    const h = reg([w(0, 1, 0, 1, 1), w(1, 2, 2, 3, 2), r(2, 3, 4, 5, 1)]);
    const lines = formatReport(h, checkHistory(h)).split("\n");
    expect(lines[0]).toBe("not linearizable");
    expect(lines).toContain("Longest linearizable prefix (2 of 3 operations):");
    expect(lines).toContain("    1. #0 client 1's write(1) [events 0–1]");
    expect(lines).toContain("  #2 client 3's read() → 1 [events 4–5]: it returned 1, but the register holds 2");
  });
});

describe("explainViolation: a read that goes back after another read saw a newer value", () => {
  it("cites the earlier read, even when the newer write never returned", () => {
    // write(1); write(2) times out; a read returns 2; a later read returns 1.
    const h = reg([w(0, 0, 0, 1, 1), { id: 1, client: 1, key: "x", call: 2, ret: Infinity, f: "write", value: 2 }, r(2, 2, 4, 5, 2), r(3, 3, 6, 7, 1)]);
    const v = explainViolation(h, checkHistory(h))!;
    expect(v).toMatchObject({ kind: "stale-read", operationId: 3, newerReadId: 2, missedWriteId: 1, sourceWriteId: 0 });
    expect(v.summary).toBe(
      "Client 3's read() → 1 (events 6–7) returned a stale value: client 2's read() → 2 had returned 2 at event 5, before this read was invoked at event 6, " +
        "and 2 was written only by client 1's write(2), which began after every write of 1 had completed. " +
        "Once a read has seen 2, a linearizable register cannot go back to 1.",
    );
  });

  it("does not claim it when the two values' writes overlap", () => {
    // Both writes finish before either read, so the reads must agree; but neither write provably came
    // after the other, so no single fact applies and the search's evidence is reported.
    const h = reg([w(0, 0, 0, 10, 1), w(1, 1, 0, 10, 2), r(2, 2, 11, 12, 2), r(3, 3, 13, 14, 1)]);
    const v = explainViolation(h, checkHistory(h))!;
    expect(v.kind).toBe("no-legal-order");
    expect(v.newerReadId).toBeNull();
  });
});
