// Options shown in a shuffled order per learner and attempt: uniform, stable on reload, mapped
// back exactly for grading, pinned options last, an ordering never served in its answer order.
import { arrange, cardKey, quizItemKey, relabelReferences, servedOptions, toLabels, toOptionIds, UnknownLabelError } from "./presentation";

const options = ["a", "b", "c", "d"].map((id) => ({ id, text: `Option ${id}` }));

describe("option order", () => {
  test("is the same for the same attempt (a reload) and differs between attempts", () => {
    const once = arrange("q1", quizItemKey("item-1"), options).order;
    expect(arrange("q1", quizItemKey("item-1"), options).order).toEqual(once);
    const orders = new Set(Array.from({ length: 50 }, (_, i) => arrange("q1", quizItemKey(`item-${i}`), options).order.join("")));
    expect(orders.size).toBeGreaterThan(10);
    // A card's order changes with its version (each new showing), not on reload.
    expect(arrange("q1", cardKey("card-1", 0), options).order).toEqual(arrange("q1", cardKey("card-1", 0), options).order);
  });

  test("puts each option first about equally often: always picking the first shown scores chance", () => {
    const firsts = new Map<string, number>();
    const n = 8_000;
    for (let i = 0; i < n; i++) {
      const first = arrange("q1", quizItemKey(`attempt-${i}`), options).order[0];
      firsts.set(first, (firsts.get(first) ?? 0) + 1);
    }
    // Each of 4 options: expected 2,000; 5 standard deviations is about ±194.
    for (const id of ["a", "b", "c", "d"]) expect(Math.abs((firsts.get(id) ?? 0) - n / 4)).toBeLessThan(200);
  });

  test("keeps pinned options after the shuffled ones, in authored order", () => {
    const withPinned = [...options, { id: "e", text: "None of these", pin: "last" as const }, { id: "f", text: "It depends", pin: "last" as const }];
    for (let i = 0; i < 100; i++) {
      const order = arrange("q1", quizItemKey(`p-${i}`), withPinned).order;
      expect(order.slice(-2)).toEqual(["e", "f"]);
      expect(new Set(order.slice(0, 4))).toEqual(new Set(["a", "b", "c", "d"]));
    }
  });

  test("never serves an ordering question in its correct order", () => {
    const items = options.slice(0, 3);
    const answer = ["a", "b", "c"];
    for (let i = 0; i < 500; i++) expect(arrange("q2", quizItemKey(`o-${i}`), items, answer).order).not.toEqual(answer);
  });

  test("labels options A, B, C… in the order shown and maps answers both ways", () => {
    const arrangement = arrange("q1", quizItemKey("item-7"), options);
    const served = servedOptions(arrangement, options);
    expect(served.map((o) => o.id)).toEqual(["A", "B", "C", "D"]);
    expect(served.map((o) => o.text)).toEqual(arrangement.order.map((id) => `Option ${id}`));
    expect(toOptionIds(arrangement, "C")).toBe(arrangement.order[2]);
    expect(toOptionIds(arrangement, ["D", "A"])).toEqual([arrangement.order[3], arrangement.order[0]]);
    expect(toLabels(arrangement, toOptionIds(arrangement, ["B", "C"]))).toEqual(["B", "C"]);
    // An authored id is not a label, and nothing else is either.
    expect(() => toOptionIds(arrangement, "a")).toThrow(UnknownLabelError);
    expect(() => toOptionIds(arrangement, "E")).toThrow(UnknownLabelError);
  });
});

describe("option references in explanations", () => {
  const arrangement = arrange("q1", quizItemKey("item-3"), options);
  const label = (id: string) => arrangement.labelOf.get(id);

  test("are rewritten to the labels shown", () => {
    expect(relabelReferences("- (a) Correct: it is.\n- (b) Wrong.", arrangement)).toBe(`- (${label("a")}) Correct: it is.\n- (${label("b")}) Wrong.`);
    expect(relabelReferences("from the log (a) or an outbox row (b), then (d).", arrangement)).toBe(`from the log (${label("a")}) or an outbox row (${label("b")}), then (${label("d")}).`);
  });

  test("leave function calls, code and unknown ids alone", () => {
    const text = "If a → b then HLC(a) < HLC(b); `L(a)` and `(a)` stay; (z) is no option; f (x)";
    expect(relabelReferences(text, arrangement)).toBe(text);
  });
});
