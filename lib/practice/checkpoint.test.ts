// Checkpoints answered in a lesson: the page carries no key, the server grades what the reader
// chose in the labels they saw, and the verdict names the answer and explains it in those labels.
import { InvalidAnswerError } from "./grading";
import { checkpointTypeProblem } from "@/lib/content/checkpoints";
import { gradeCheckpoint, serveCheckpoint, type CheckpointQuestion } from "./checkpoint";

const base = { prompt: "Which one?", mode: "recall", difficulty: "easy", family: "replication", version: "v1" };

const single: CheckpointQuestion = {
  ...base,
  id: "cp-single",
  type: "single",
  explanation: "(c) is right: a majority overlaps. (a) is tempting but wrong.",
  data: {
    options: [
      { id: "a", text: "Any two replicas" },
      { id: "b", text: "One replica" },
      { id: "c", text: "A majority" },
      { id: "d", text: "All replicas" },
    ],
    answer: "c",
  },
};
const ordering: CheckpointQuestion = {
  ...base,
  id: "cp-order",
  type: "ordering",
  explanation: "Append, replicate, commit.",
  data: { items: [{ id: "x", text: "Commit" }, { id: "y", text: "Append" }, { id: "z", text: "Replicate" }], answer: ["y", "z", "x"] },
};
const numeric: CheckpointQuestion = { ...base, id: "cp-num", type: "numeric", explanation: "2f + 1 = 5.", data: { answer: 5, tolerance: 0, unit: "nodes" } };

const labelOf = (q: CheckpointQuestion, text: string) => serveCheckpoint(q).question.options!.find((o) => o.text === text)!.id;

describe("the served checkpoint", () => {
  test("carries neither the answer, the explanation nor the option ids", () => {
    const served = serveCheckpoint(single);
    const payload = JSON.stringify(served);
    expect(payload).not.toMatch(/explanation|answer|majority overlaps/);
    expect(served.question.options!.map((o) => o.id)).toEqual(["A", "B", "C", "D"]);
    expect(served.question.options!.map((o) => o.text).sort()).toEqual(["A majority", "All replicas", "Any two replicas", "One replica"]);
  });

  test("shows every reader the same order, and a new order when the question changes", () => {
    expect(serveCheckpoint(single)).toEqual(serveCheckpoint(single));
    const orders = new Set(Array.from({ length: 20 }, (_, i) => serveCheckpoint({ ...single, version: `v${i}` }).question.options!.map((o) => o.text).join("|")));
    expect(orders.size).toBeGreaterThan(3);
  });

  test("never shows an ordering question in its correct order", () => {
    for (let i = 0; i < 30; i++) {
      const items = serveCheckpoint({ ...ordering, version: `v${i}` }).question.items!.map((it) => it.text);
      expect(items).not.toEqual(["Append", "Replicate", "Commit"]);
    }
  });
});

describe("grading a checkpoint", () => {
  test("a right choice is correct, and the key and explanation use the labels shown", () => {
    const right = labelOf(single, "A majority");
    const wrong = labelOf(single, "Any two replicas");
    const verdict = gradeCheckpoint(single, right);
    expect(verdict).toMatchObject({ correct: true, score: 1, correctAnswer: right });
    expect(verdict.explanation).toBe(`(${right}) is right: a majority overlaps. (${wrong}) is tempting but wrong.`);
    expect(gradeCheckpoint(single, wrong)).toMatchObject({ correct: false, score: 0, correctAnswer: right });
  });

  test("an ordering earns a share per step in place", () => {
    const items = serveCheckpoint(ordering).question.items!;
    const label = (text: string) => items.find((i) => i.text === text)!.id;
    expect(gradeCheckpoint(ordering, [label("Append"), label("Replicate"), label("Commit")])).toMatchObject({ correct: true, score: 1 });
    expect(gradeCheckpoint(ordering, [label("Append"), label("Commit"), label("Replicate")])).toMatchObject({ correct: false, score: 1 / 3 });
  });

  test("a number is graded within the tolerance and the key is the number", () => {
    expect(gradeCheckpoint(numeric, 5)).toEqual({ correct: true, score: 1, correctAnswer: 5, explanation: "2f + 1 = 5." });
    expect(gradeCheckpoint(numeric, 4)).toMatchObject({ correct: false, correctAnswer: 5 });
  });

  test("refuses answers that are not answers, with a message for the reader", () => {
    expect(() => gradeCheckpoint(single, "Z")).toThrow(new InvalidAnswerError("That option is not part of this question."));
    expect(() => gradeCheckpoint(single, "c")).toThrow(InvalidAnswerError); // an option id is not a label
    expect(() => gradeCheckpoint(single, "")).toThrow(new InvalidAnswerError("Choose an option."));
    expect(() => gradeCheckpoint(ordering, ["A", "B"])).toThrow(new InvalidAnswerError("Place every item exactly once."));
    expect(() => gradeCheckpoint(numeric, "five")).toThrow(new InvalidAnswerError("Enter a number."));
  });

  test("free text cannot be a checkpoint: there would be no verdict", () => {
    expect(checkpointTypeProblem("free")).toMatch(/not auto-graded/);
    expect(checkpointTypeProblem("single")).toBeNull();
    expect(() => gradeCheckpoint({ ...single, type: "free" }, "text")).toThrow(/cannot be answered in the lesson/);
  });
});
