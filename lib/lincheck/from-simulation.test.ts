import { checkSimulationRun, historyFromSimulation, type ClientOperation } from "./from-simulation";

// Hand-made runs in the simulations' shape. Ids are deliberately not 0..n-1: evidence must use them as given.
let nextId = 100;
const op = (o: Omit<ClientOperation, "id" | "key"> & { key?: string }): ClientOperation => ({ id: nextId++, key: "x", ...o });
const write = (client: number, value: string | number, invokedAt: number, returnedAt: number | null, outcome: ClientOperation["outcome"] = "ok") =>
  op({ client, kind: "write", value, invokedAt, returnedAt, outcome });
const read = (client: number, value: string | number | null | undefined, invokedAt: number, returnedAt: number | null, outcome: ClientOperation["outcome"] = "ok") =>
  op({ client, kind: "read", value, invokedAt, returnedAt, outcome });

beforeEach(() => {
  nextId = 100;
});

describe("historyFromSimulation", () => {
  it("keeps ids, clients, keys and times; drops failed writes and reads that tell nothing; leaves unknown writes open", () => {
    const run = [
      write(1, "v1", 0, 10), // 100: ok
      write(2, "v2", 5, 40, "fail"), // 101: did not happen
      write(3, "v3", 6, 500, "unknown"), // 102: may happen at any time after 6
      write(1, "v4", 20, null), // 103: never returned
      read(2, undefined, 50, null), // 104: never returned
      read(3, null, 60, 70, "fail"), // 105: failed read
      read(1, "v1", 80, 90), // 106
    ];
    expect(historyFromSimulation(run)).toEqual({
      model: "register",
      timeUnit: "ms",
      operations: [
        { id: 100, client: 1, key: "x", call: 0, ret: 10, f: "write", value: "v1" },
        { id: 102, client: 3, key: "x", call: 6, ret: Infinity, f: "write", value: "v3" },
        { id: 103, client: 1, key: "x", call: 20, ret: Infinity, f: "write", value: "v4" },
        { id: 106, client: 1, key: "x", call: 80, ret: 90, f: "read", value: "v1" },
      ],
    });
  });
});

describe("checkSimulationRun", () => {
  it("finds a stale read after a completed write, and names the write it missed and the one it saw, by ClientOperation id", () => {
    const run = [write(1, "v1", 0, 10), write(2, "v2", 20, 30), read(3, "v1", 40, 50)];
    const { result, violation } = checkSimulationRun(run);
    expect(result.verdict).toBe("not-linearizable");
    expect(violation).toMatchObject({ key: "x", kind: "stale-read", operationId: 102, missedWriteId: 101, sourceWriteId: 100, prefix: [100, 101] });
    expect(violation!.summary).toBe(
      'Client 3\'s read() → "v1" (40–50 ms) returned a stale value: client 2\'s write("v2") completed at 30 ms, before the read was invoked at 40 ms, ' +
        'and the only write of "v1", client 1\'s write("v1"), had completed at 10 ms, before write("v2") began. ' +
        'So a linearizable register had to return "v2" or a value written after it.',
    );
  });

  it("explains a read of the initial value after a completed write", () => {
    const { violation } = checkSimulationRun([write(1, 7, 0, 10), read(2, null, 20, 25)]);
    expect(violation).toMatchObject({ kind: "stale-read", operationId: 101, missedWriteId: 100, sourceWriteId: null });
    expect(violation!.summary).toMatch(/and nil is the value before any write\. So a linearizable register had to return 7 or a value written after it\.$/);
  });

  it("accepts an unknown write that a later read observes, ordering it before the read", () => {
    const run = [write(1, "v1", 0, 10), write(2, "v2", 20, 30, "unknown"), read(3, "v2", 100, 110), read(3, "v2", 120, 130)];
    const { result, violation } = checkSimulationRun(run);
    expect(result.verdict).toBe("linearizable");
    expect(violation).toBeNull();
    expect(result.partitions[0].linearization).toEqual([100, 101, 102, 103]);
  });

  it("accepts an unknown write that no read observes, and one that takes effect long after its client gave up", () => {
    expect(checkSimulationRun([write(1, "v1", 0, 10), write(2, "v2", 20, 30, "unknown"), read(3, "v1", 100, 110)]).result.verdict).toBe("linearizable");
    expect(checkSimulationRun([write(2, "v2", 20, 30, "unknown"), read(3, null, 100, 110), read(3, "v2", 120, 130)]).result.verdict).toBe("linearizable");
  });

  it("rejects a read of a failed write's value: a failed write did not take effect", () => {
    const { result, violation } = checkSimulationRun([write(1, "v1", 0, 10), write(2, "v2", 20, 30, "fail"), read(3, "v2", 40, 50)]);
    expect(result.verdict).toBe("not-linearizable");
    expect(violation).toMatchObject({ kind: "unwritten-read", operationId: 102 });
  });

  it("rejects a read of a value written only after the read returned", () => {
    const { violation } = checkSimulationRun([read(1, "v1", 0, 10), write(2, "v1", 20, 30)]);
    expect(violation).toMatchObject({ kind: "future-read", operationId: 100, sourceWriteId: 101 });
    expect(violation!.summary).toBe('Client 1\'s read() → "v1" (0–10 ms) returned "v1", which client 2\'s write("v1") only began to write at 20 ms, after the read had returned.');
  });

  it("checks each key on its own and reports the key that fails", () => {
    const run = [
      op({ client: 1, key: "k1", kind: "write", value: 1, invokedAt: 0, returnedAt: 10, outcome: "ok" }),
      op({ client: 2, key: "k2", kind: "write", value: 1, invokedAt: 0, returnedAt: 10, outcome: "ok" }),
      op({ client: 2, key: "k2", kind: "write", value: 2, invokedAt: 12, returnedAt: 20, outcome: "ok" }),
      op({ client: 1, key: "k1", kind: "read", value: 1, invokedAt: 30, returnedAt: 40, outcome: "ok" }),
      op({ client: 3, key: "k2", kind: "read", value: 1, invokedAt: 30, returnedAt: 40, outcome: "ok" }),
    ];
    const { result, violation } = checkSimulationRun(run, { checkAllKeys: true });
    expect(result.partitions.map((p) => [p.key, p.verdict])).toEqual([
      ["k1", "linearizable"],
      ["k2", "not-linearizable"],
    ]);
    expect(violation).toMatchObject({ key: "k2", operationId: 104, missedWriteId: 102 });
  });
});
