// The adaptive quiz's measurement: a Rasch model estimated after every answer.
import { AUTHORED_DIFFICULTY, CALIBRATION_MIN_ANSWERS, chanceCorrect, describeAbility, estimateAbility, itemDifficulty, nextAdaptiveItem } from "./ability";
import { Rng } from "@/lib/sim/random";

describe("ability estimates", () => {
  test("start at the prior and move with each answer: up after right, down after wrong", () => {
    const none = estimateAbility([]);
    expect(none.theta).toBeCloseTo(0, 6);
    expect(none.se).toBeCloseTo(1, 2);
    const right = estimateAbility([{ difficulty: 0, correct: true }]);
    const wrong = estimateAbility([{ difficulty: 0, correct: false }]);
    expect(right.theta).toBeGreaterThan(0.3);
    expect(wrong.theta).toBeCloseTo(-right.theta, 6);
    expect(right.se).toBeLessThan(1);
    // A right answer to a hard item says more than one to an easy item.
    expect(estimateAbility([{ difficulty: 1, correct: true }]).theta).toBeGreaterThan(estimateAbility([{ difficulty: -1, correct: true }]).theta);
  });

  test("recover a simulated learner's ability, the uncertainty shrinking with more answers", () => {
    for (const truth of [-1.5, 0, 1.2]) {
      const rng = new Rng(Math.round((truth + 3) * 1000));
      const responses = Array.from({ length: 200 }, () => {
        const difficulty = rng.next() * 4 - 2;
        return { difficulty, correct: rng.chance(chanceCorrect(truth, difficulty)) };
      });
      const short = estimateAbility(responses.slice(0, 10));
      const long = estimateAbility(responses);
      expect(long.se).toBeLessThan(short.se);
      expect(Math.abs(long.theta - truth)).toBeLessThan(3 * long.se);
      expect(long.se).toBeLessThan(0.25);
    }
  });

  test("are described with their uncertainty", () => {
    expect(describeAbility({ theta: 0.83, se: 0.47, answers: 5 })).toBe("+0.8 ± 0.5");
    expect(describeAbility({ theta: -1.24, se: 0.3, answers: 20 })).toBe("−1.2 ± 0.3");
  });
});

describe("item difficulty", () => {
  test("is the authored one until an item has enough answers, then follows its answers", () => {
    expect(itemDifficulty("hard")).toBe(AUTHORED_DIFFICULTY.hard);
    expect(itemDifficulty("hard", { answers: CALIBRATION_MIN_ANSWERS - 1, correct: 0 })).toBe(1);
    // Authored "hard" but 90 % answer it right: calibrated well below medium.
    const easier = itemDifficulty("hard", { answers: 400, correct: 360 });
    expect(easier).toBeLessThan(-1.5);
    // Half right: near the middle, pulled a little towards the authored value.
    const middling = itemDifficulty("easy", { answers: 200, correct: 100 });
    expect(middling).toBeLessThan(0);
    expect(middling).toBeGreaterThan(-0.2);
  });
});

describe("choosing the next item", () => {
  const items = [
    { id: "e1", difficulty: -1 },
    { id: "e2", difficulty: -1 },
    { id: "m1", difficulty: 0 },
    { id: "h1", difficulty: 1 },
    { id: "h2", difficulty: 1 },
  ];
  test("picks the difficulty nearest the estimate, at random among the equally near", () => {
    expect(nextAdaptiveItem(items, 0.1, 0.99)!.id).toBe("m1");
    expect(["h1", "h2"]).toContain(nextAdaptiveItem(items, 0.8, 0.5)!.id);
    expect(nextAdaptiveItem(items, 0.8, 0)!.id).not.toBe(nextAdaptiveItem(items, 0.8, 0.99)!.id);
    expect(nextAdaptiveItem([], 0, 0.5)).toBeNull();
  });
});
