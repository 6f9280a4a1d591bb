// What the answer controls send to the server: the shape lib/practice/grading.ts grades, in the
// labels the learner was shown, and "no answer" as null so that revealing without answering
// counts as not knowing it.
import { parseServedAnswer, servedQuestion, type PublicQuestion } from "@/lib/practice/grading";
import { quizItemKey } from "@/lib/practice/presentation";
import { answerWithOption, initialAnswer, missingAnswer, optionNumberForKey, submittedAnswer } from "./answer-input";

const options = [{ id: "a", text: "One" }, { id: "b", text: "Two" }, { id: "c", text: "Three" }];
const KEY = quizItemKey("item-1");

/** A question of `type` as a learner is served it (options shuffled and labelled). */
function served(type: string, extra: Record<string, unknown> = {}): { q: { id: string; type: string; data: unknown }; shown: PublicQuestion } {
  const q = { id: `q-${type}`, type, prompt: "?", mode: "recall", difficulty: "easy", family: "replication", data: { options, items: options, answer: type === "multiple" || type === "ordering" ? ["a", "b", "c"] : "a", unit: "ms", ...extra } };
  const shown = servedQuestion(q, KEY);
  return { q, shown: type === "ordering" ? { ...shown, options: undefined } : { ...shown, items: undefined } };
}

describe("answers from the controls", () => {
  test("an untouched control is no answer, except an ordering, which is the order shown", () => {
    for (const type of ["single", "multiple", "numeric", "free", "simulation"]) {
      const { shown } = served(type);
      expect(submittedAnswer(shown, initialAnswer(shown))).toBeNull();
    }
    const { shown } = served("ordering");
    expect(submittedAnswer(shown, initialAnswer(shown))).toEqual(shown.items!.map((i) => i.id));
  });

  test("options are labelled A, B, C… in the order shown, never by their authored ids", () => {
    const { shown } = served("single");
    expect(shown.options!.map((o) => o.id)).toEqual(["A", "B", "C"]);
    expect(shown.options!.map((o) => o.text).sort()).toEqual(["One", "Three", "Two"]);
  });

  test("numbers typed into a numeric answer are sent as numbers; anything else as no answer", () => {
    const { shown } = served("numeric");
    expect(submittedAnswer(shown, " 250 ")).toBe(250);
    expect(submittedAnswer(shown, "-0.5")).toBe(-0.5);
    expect(submittedAnswer(shown, "")).toBeNull();
    expect(submittedAnswer(shown, "   ")).toBeNull();
    expect(submittedAnswer(shown, "abc")).toBeNull();
  });

  test("whatever the controls send passes the server's answer check", () => {
    const cases: Array<[string, Parameters<typeof submittedAnswer>[1]]> = [
      ["single", "B"],
      ["multiple", ["A", "C"]],
      ["numeric", "42"],
      ["ordering", ["C", "A", "B"]],
      ["free", "Use a quorum."],
      ["simulation", "A"],
    ];
    for (const [type, value] of cases) {
      const { q, shown } = served(type);
      expect(() => parseServedAnswer(q, KEY, submittedAnswer(shown, value))).not.toThrow();
    }
  });

  test("an empty answer is stopped in the browser with a message, before any request", () => {
    expect(missingAnswer(served("single").shown, "")).toMatch(/Choose an option/);
    expect(missingAnswer(served("multiple").shown, [])).toMatch(/Select at least one/);
    expect(missingAnswer(served("numeric").shown, "abc")).toMatch(/Enter a number/);
    expect(missingAnswer(served("free").shown, "  ")).toMatch(/Write an answer/);
    expect(missingAnswer(served("single").shown, "B")).toBeNull();
    expect(missingAnswer(served("ordering").shown, ["A", "B", "C"])).toBeNull();
  });

  test("number keys pick by position and letter keys by label; toggles for select-all; other types ignore them", () => {
    const single = served("single").shown;
    expect(optionNumberForKey(single, "2")).toBe(2);
    expect(optionNumberForKey(single, "c")).toBe(3);
    expect(optionNumberForKey(single, "D")).toBe(0);
    expect(optionNumberForKey(single, "4")).toBe(0);
    expect(answerWithOption(single, "", 2)).toBe("B");
    expect(answerWithOption(single, "B", 4)).toBeNull();
    const multiple = served("multiple").shown;
    expect(answerWithOption(multiple, ["A"], 3)).toEqual(["A", "C"]);
    expect(answerWithOption(multiple, ["A", "C"], 1)).toEqual(["C"]);
    expect(answerWithOption(served("numeric").shown, "", 1)).toBeNull();
    expect(optionNumberForKey(served("ordering").shown, "1")).toBe(0);
  });
});
