import { HistoryParseError, detectFormat, parseHistory } from "./parse";

const log = (...lines: string[]) => lines.map((l) => `INFO  jepsen.util - ${l}`).join("\n");

/** The parse error's line and message, for asserting both. */
function parseError(text: string): string {
  try {
    parseHistory(text);
  } catch (e) {
    if (e instanceof HistoryParseError) return `${e.line}: ${e.message}`;
    throw e;
  }
  throw new Error("expected a parse error");
}

describe("detectFormat", () => {
  it("recognises each format from the text", () => {
    expect(detectFormat("INFO  jepsen.util - 0\t:invoke\t:read\tnil")).toBe("jepsen-log");
    expect(detectFormat('{:process 0, :type :invoke, :f :get, :key "k", :value nil}')).toBe("edn");
    expect(detectFormat('[{:process 0, :type :invoke, :f :read, :value nil}]')).toBe("edn");
    expect(detectFormat('[{"id": 0, "client": 1}]')).toBe("json");
    expect(detectFormat("  \n ")).toBeNull();
    expect(detectFormat("hello")).toBeNull();
  });
});

describe("Jepsen etcd log lines", () => {
  it("pairs invocations with completions per process, in log order", () => {
    const { format, history } = parseHistory(
      log("0\t:invoke\t:write\t3", "1\t:invoke\t:read\tnil", "0\t:ok\t:write\t3", "1\t:ok\t:read\t3", "2\t:invoke\t:cas\t[3 4]", "2\t:ok\t:cas\t[3 4]"),
    );
    expect(format).toBe("jepsen-log");
    expect(history).toEqual({
      model: "register",
      timeUnit: "event",
      operations: [
        { id: 0, client: 0, key: "x", call: 0, ret: 2, line: 3, f: "write", value: 3 },
        { id: 1, client: 1, key: "x", call: 1, ret: 3, line: 4, f: "read", value: 3 },
        { id: 2, client: 2, key: "x", call: 4, ret: 5, line: 6, f: "cas", from: 3, to: 4, ok: true },
      ],
    });
  });

  it("follows Jepsen's completion types: :fail did not happen, :info may happen at any later time", () => {
    const { history } = parseHistory(
      log(
        "0 :invoke :write 1",
        "0 :fail :write 1", // dropped
        "1 :invoke :read nil",
        "1 :fail :read :timed-out", // dropped: a read that did not happen tells nothing
        "2 :invoke :write 2",
        "2 :info :write :timed-out", // open for ever
        "3 :invoke :cas [1 2]",
        "3 :fail :cas [1 2]", // etcd's failed compare: the register did not hold 1
        "4 :invoke :cas [2 3]", // never completes: like :info
      ),
    );
    expect(history.operations.map((o) => ({ f: o.f, client: o.client, ret: o.ret, ok: "ok" in o ? o.ok : "-" }))).toEqual([
      { f: "write", client: 2, ret: Infinity, ok: "-" },
      { f: "cas", client: 3, ret: 7, ok: false },
      { f: "cas", client: 4, ret: Infinity, ok: undefined },
    ]);
  });

  it("ignores other log lines and the nemesis, and accepts spaces for tabs", () => {
    const { history } = parseHistory(
      [
        "INFO  jepsen.core - Worker 0 starting",
        "INFO  jepsen.util - :nemesis\t:info\t:start\tnil",
        "INFO  jepsen.util - 10  :invoke :read   nil",
        "",
        "INFO  jepsen.util - 10  :ok     :read   nil",
      ].join("\n"),
    );
    expect(history.operations).toEqual([{ id: 0, client: 10, key: "x", call: 0, ret: 1, line: 5, f: "read", value: null }]);
  });

  it("reports malformed lines with their line numbers", () => {
    expect(parseError(log("0 :invoke :read nil", "0 :ok :read [1"))).toBe('2: cannot read the value "[1": not closed: missing ]');
    expect(parseError(log("0 :invoke :read nil", "0 :invoke :read nil"))).toBe("2: process 0 invokes :read before its :read (line 1) completed");
    expect(parseError(log("0 :ok :read 1"))).toBe("1: process 0 completes :read (:ok) without invoking it");
    expect(parseError(log("0 :invoke :write 1", "0 :ok :read 1"))).toBe("2: process 0 invoked :write (line 1) but completes :read");
    expect(parseError(log("0 :invoke :cas 3"))).toBe("1: a :cas value must be [from to], found 3");
    expect(parseError(log("0 :invoke :frob 3"))).toBe("1: :f must be one of :read, :write, :cas, :get, :put, :append, found :frob");
    expect(parseError("INFO  jepsen.util - nonsense")).toBe("1: expected `jepsen.util - PROCESS :TYPE :F VALUE`");
  });
});

describe("Knossos EDN histories", () => {
  it("reads key-value maps, one per line or inside a vector, with commas, comments and strings with escapes", () => {
    const text = `[
      {:process 0, :type :invoke, :f :append, :key "k", :value "a \\"b\\""} ; a comment
      {:process 0, :type :ok, :f :append, :key "k", :value "a \\"b\\""}
      {:process 1 :type :invoke :f :get :key "k" :value nil}
      {:process 1 :type :ok :f :get :key "k" :value "a \\"b\\""}
    ]`;
    const { format, history } = parseHistory(text);
    expect(format).toBe("edn");
    expect(history).toEqual({
      model: "kv",
      timeUnit: "event",
      operations: [
        { id: 0, client: 0, key: "k", call: 0, ret: 1, line: 3, f: "append", value: 'a "b"' },
        { id: 1, client: 1, key: "k", call: 2, ret: 3, line: 5, f: "get", value: 'a "b"' },
      ],
    });
  });

  it("reads register operations without a key as the single register x, and uses :time (ns) when every event has it", () => {
    const { history } = parseHistory(
      [
        "{:process 0, :type :invoke, :f :write, :value 1, :time 1000000}",
        "{:process 0, :type :ok, :f :write, :value 1, :time 5000000}",
        "{:process :nemesis, :type :info, :f :start, :value nil, :time 6000000}",
        "{:process 1, :type :invoke, :f :read, :value nil, :time 7000000}",
        "{:process 1, :type :ok, :f :read, :value 1, :time 9500000}",
      ].join("\n"),
    );
    expect(history.timeUnit).toBe("ms");
    expect(history.operations.map((o) => [o.key, o.f, o.call, o.ret])).toEqual([
      ["x", "write", 1, 5],
      ["x", "read", 7, 9.5],
    ]);
  });

  it("reports what is wrong and where", () => {
    expect(parseError('{:process 0, :type :invoke, :f :get, :key "k", :value nil')).toBe("1: map not closed: missing }");
    expect(parseError('{:process 0, :type :invoke, :f :get, :key "k"}\n{:process 0, :type :done, :f :get, :key "k"}')).toBe(
      "2: :type must be :invoke, :ok, :fail or :info, found :done",
    );
    expect(parseError("{:process -1, :type :invoke, :f :read}")).toBe("1: :process must be a non-negative integer, found -1");
    expect(parseError("{:process 0, :type :invoke, :f :read}\n{:process 1, :type :invoke, :f :get, :key \"k\"}")).toBe(
      "2: :get mixes key-value operations (get, put, append) with register operations (read, write, cas)",
    );
    expect(parseError("just words")).toMatch(/^1: unrecognised format/);
  });
});

describe("simulation runs as JSON", () => {
  it("reads a list of client operations", () => {
    const { format, history } = parseHistory(
      JSON.stringify([
        { id: 7, client: 1, key: "x", kind: "write", value: 1, invokedAt: 0, returnedAt: 10, outcome: "ok" },
        { id: 8, client: 2, key: "x", kind: "read", value: 1, invokedAt: 12, returnedAt: 20, outcome: "ok" },
      ]),
    );
    expect(format).toBe("json");
    expect(history.operations.map((o) => o.id)).toEqual([7, 8]);
  });

  it("says which field of which operation is wrong", () => {
    expect(parseError('[{"id": 0, "client": 1, "kind": "delete", "invokedAt": 0, "returnedAt": 1, "outcome": "ok"}]')).toBe(
      '1: operation 0: kind must be "read" or "write"',
    );
    expect(parseError('[{"id": 0, "client": 1, "kind": "read", "invokedAt": 5, "returnedAt": 1, "outcome": "ok", "value": 1}]')).toBe(
      "1: operation 0 returned at 1 ms, before it was invoked at 5 ms",
    );
  });
});
