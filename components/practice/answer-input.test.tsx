// What the answer controls send to the server: the shape lib/practice/grading.ts grades, and
// "no answer" as null so that revealing without answering counts as not knowing it.
import { parseAnswer } from "@/lib/practice/grading";
import type { PublicQuestion } from "@/lib/practice/grading";
import { answerWithOption, initialAnswer, submittedAnswer } from "./answer-input";

const options = [{ id: "a", text: "One" }, { id: "b", text: "Two" }, { id: "c", text: "Three" }];
function question(type: string, extra: Partial<PublicQuestion> = {}): PublicQuestion {
  return { id: `q-${type}`, type, prompt: "?", mode: "recall", difficulty: "easy", family: "replication", lessonId: "l", options: undefined, items: undefined, unit: undefined, ...extra };
}

describe("answers from the controls", () => {
  test("an untouched control is no answer, except an ordering, which is the order shown", () => {
    for (const q of [question("single", { options }), question("multiple", { options }), question("numeric"), question("free"), question("simulation", { options })]) {
      expect(submittedAnswer(q, initialAnswer(q))).toBeNull();
    }
    const ordering = question("ordering", { items: options });
    expect(submittedAnswer(ordering, initialAnswer(ordering))).toEqual(["a", "b", "c"]);
  });

  test("numbers typed into a numeric answer are sent as numbers; anything else as no answer", () => {
    const q = question("numeric", { unit: "ms" });
    expect(submittedAnswer(q, " 250 ")).toBe(250);
    expect(submittedAnswer(q, "-0.5")).toBe(-0.5);
    expect(submittedAnswer(q, "")).toBeNull();
    expect(submittedAnswer(q, "   ")).toBeNull();
    expect(submittedAnswer(q, "abc")).toBeNull();
  });

  test("whatever the controls send passes the server's answer check", () => {
    const data = { options, items: options, answer: "a" };
    const cases: Array<[string, Parameters<typeof submittedAnswer>[1]]> = [
      ["single", "b"],
      ["multiple", ["a", "c"]],
      ["numeric", "42"],
      ["ordering", ["c", "a", "b"]],
      ["free", "Use a quorum."],
      ["simulation", "a"],
    ];
    for (const [type, value] of cases) {
      const q = question(type, { options, items: options });
      expect(() => parseAnswer({ id: q.id, type, data }, submittedAnswer(q, value))).not.toThrow();
    }
  });

  test("number keys pick an option, toggle it for select-all questions, and ignore other types", () => {
    const single = question("single", { options });
    expect(answerWithOption(single, "", 2)).toBe("b");
    expect(answerWithOption(single, "b", 4)).toBeNull();
    const multiple = question("multiple", { options });
    expect(answerWithOption(multiple, ["a"], 3)).toEqual(["a", "c"]);
    expect(answerWithOption(multiple, ["a", "c"], 1)).toEqual(["c"]);
    expect(answerWithOption(question("numeric"), "", 1)).toBeNull();
    expect(answerWithOption(question("ordering", { items: options }), ["a", "b", "c"], 1)).toBeNull();
  });
});
