import { checkHistory } from "./checker";
import { EXAMPLES } from "./examples";
import { explainViolation } from "./explain";
import { parseHistory } from "./parse";
import { timelineLayout, violationFor } from "./timeline";

const checked = (id: string) => {
  const { history } = parseHistory(EXAMPLES.find((e) => e.id === id)!.text);
  const result = checkHistory(history);
  return { history, result, violation: explainViolation(history, result) };
};

describe("timelineLayout", () => {
  it("gives each client a lane and each distinct time a slot; a pending operation runs to the end", () => {
    const c = checked("raft-old-leader-read");
    const layout = timelineLayout(c.history, c.result.partitions[0], c.violation);
    expect(layout.clients).toEqual([1, 2, 3, 4]);
    // Times 0 18 25 31 260 270 285 300 304 310 322: eleven slots, plus one for "never returned".
    expect(layout.slotTimes).toEqual([0, 18, 25, 31, 260, 270, 285, 300, 304, 310, 322]);
    expect(layout.slots).toBe(12);
    const pending = layout.bars.find((b) => b.id === 3)!;
    expect(pending).toMatchObject({ lane: 0, start: 5, end: 11, pending: true, label: "write 3" });
  });

  it("marks the stale read, the write it missed and the write it read from", () => {
    const c = checked("quorum-stale-read");
    const roles = Object.fromEntries(timelineLayout(c.history, c.result.partitions[0], c.violation).bars.map((b) => [b.id, b.role]));
    expect(roles).toMatchObject({ 4: "culprit", 2: "missed", 0: "source", 1: "ordered", 5: "unordered" });
  });

  it("puts every linearization point inside its operation, in order along the path", () => {
    for (const id of ["etcd-cas", "kv-appends"]) {
      const c = checked(id);
      for (const partition of c.result.partitions) {
        const layout = timelineLayout(c.history, partition, null);
        const bars = new Map(layout.bars.map((b) => [b.id, b]));
        expect(layout.path).toEqual(partition.linearization);
        let previous = -Infinity;
        for (const barId of layout.path) {
          const b = bars.get(barId)!;
          expect(b.point).toBeGreaterThanOrEqual(b.start);
          expect(b.point).toBeLessThanOrEqual(b.end);
          expect(b.point).toBeGreaterThanOrEqual(previous);
          previous = b.point!;
        }
        expect(layout.bars.map((b) => b.order).sort()).toEqual(layout.bars.map((_, i) => i + 1).sort());
      }
    }
  });
});

describe("violationFor", () => {
  it("explains any failing key, not only the first, and nothing for a key that passed", () => {
    const { history } = parseHistory(
      [
        '{:process 0, :type :invoke, :f :put, :key "a", :value "1"}',
        '{:process 0, :type :ok, :f :put, :key "a", :value "1"}',
        '{:process 1, :type :invoke, :f :get, :key "a", :value nil}',
        '{:process 1, :type :ok, :f :get, :key "a", :value "2"}',
        '{:process 0, :type :invoke, :f :put, :key "b", :value "1"}',
        '{:process 0, :type :ok, :f :put, :key "b", :value "1"}',
        '{:process 1, :type :invoke, :f :get, :key "b", :value nil}',
        '{:process 1, :type :ok, :f :get, :key "b", :value ""}',
        '{:process 0, :type :invoke, :f :put, :key "c", :value "1"}',
        '{:process 0, :type :ok, :f :put, :key "c", :value "1"}',
      ].join("\n"),
    );
    const result = checkHistory(history, { checkAllKeys: true });
    const c = { history, result, violation: explainViolation(history, result) };
    expect(c.violation!.key).toBe("a");
    expect(violationFor(c, "a")).toBe(c.violation);
    expect(violationFor(c, "b")).toMatchObject({ key: "b", kind: "stale-read" });
    expect(violationFor(c, "c")).toBeNull();
  });
});
