// Item statistics on both databases, against a hand-made answer matrix whose facility,
// discrimination, option shares and flags are worked out by hand below.
//
// 24 learners: S1-S12 ("strong") and W1-W12 ("weak"). Score per learner and item (1 = right):
//
//   learners   E  D  D2 N  A
//   S1         1  1  1  1  1
//   S2-S6      1  1  1  1  0
//   S7         1  1  1  0  1
//   S8-S12     1  1  1  0  0      (S12's N is a timeout; S12's D2 is late but right)
//   W1         1  0  0  1  1
//   W2-W6      1  0  0  1  0
//   W7         1  0  0  0  1
//   W8-W12     1  0  0  0  0      (W12's N is a timeout)
//
// Discrimination = corr(first graded attempt on the item, the learner's share correct over the
// graded answers they gave before it). Each learner's quiz answers are recorded in the order
// D, D2, N, A, then their review of E:
//  - D: everyone's first answer, so no prior score: none.
//  - D2: the prior score is D, which equals D2 for every learner: r = 1.
//  - N: the prior is 1 for strong and 0 for weak learners, and N is right for half of each: r = 0.
//  - A: priors are 1 (S1-S6), 2/3 (S7-S12), 1/3 (W1-W6), 0 (W7-W12), and A is right for exactly
//    one learner of each of those groups of six: r = 0.
//  - E: everyone right, no variance: none (and so no "poor discrimination" flag).
import { itemStatistics, itemStatisticsSnapshot, questionStatistics, flagsOf, MIN_SAMPLE, type ItemStats } from "@/lib/author/item-stats";
import { ForbiddenError, UnauthenticatedError, type Actor } from "@/lib/permissions";
import type { Db } from "@/lib/db/database";
import { createContent } from "@/tests/support/content-fixtures";
import { databaseTargets, openTestDatabase } from "@/tests/support/databases";

const NOW = new Date("2025-03-10T12:00:00Z");
const EDITED_AT = new Date("2025-03-05T00:00:00Z");
const BEFORE_EDIT = new Date("2025-03-01T00:00:00Z");

const abc = [
  { id: "a", text: "Option A" },
  { id: "b", text: "Option B" },
  { id: "c", text: "Option C" },
];

const QUESTIONS = [
  { id: "st-easy", type: "single", mode: "recall", data: { options: abc, answer: "a", explanation: "E." } },
  { id: "st-disc", type: "single", mode: "recall", data: { options: abc, answer: "a", explanation: "D." } },
  { id: "st-numeric", type: "numeric", mode: "scenario", data: { answer: 10, tolerance: 0, unit: "ms", explanation: "D2." } },
  { id: "st-multi", type: "multiple", mode: "recall", data: { options: [...abc, { id: "d", text: "Option D" }], answer: ["a", "b"], explanation: "N." } },
  { id: "st-ambiguous", type: "single", mode: "recall", data: { options: abc, answer: "a", explanation: "A." } },
  { id: "st-small", type: "single", mode: "recall", data: { options: abc, answer: "a", explanation: "M." } },
  { id: "st-edited", type: "single", mode: "recall", data: { options: abc, answer: "c", explanation: "X." } },
  { id: "st-free", type: "free", mode: "scenario", data: { modelAnswer: "Say it.", rubric: ["one", "two", "three"], explanation: "F." } },
  { id: "st-retired", type: "single", mode: "recall", data: { options: abc, answer: "a", explanation: "R." }, retired: true },
] as const;

const strong = Array.from({ length: 12 }, (_, i) => `S${i + 1}`);
const weak = Array.from({ length: 12 }, (_, i) => `W${i + 1}`);
const learners = [...strong, ...weak];

interface Attempt {
  user: string;
  question: string;
  answer: unknown;
  correct: boolean | null;
  durationMs: number;
  at?: Date;
}

async function seed(db: Db) {
  await createContent(db, [
    {
      id: "stats-lesson",
      family: "replication",
      questions: QUESTIONS.map((q, line) => ({
        id: q.id, type: q.type, difficulty: "medium", mode: q.mode, data: q.data,
        sourcePath: "content/replication/stats.questions.yaml", sourceLine: 1 + line * 12,
        version: q.id === "st-edited" ? 2 : 1, retiredAt: "retired" in q ? BEFORE_EDIT : null,
      })),
    },
  ]);
  const isolated = ["M1", "M2", "M3", "M4", "M5", "X1", "X2", "X3", "X4", "X5", "F1", "R1"];
  await db.user.createMany({ data: [...learners, ...isolated].map((id) => ({ id, email: `${id.toLowerCase()}@stats.test`, name: id })) });

  const quiz: Array<Attempt & { late?: boolean }> = [];
  learners.forEach((u, i) => {
    const s = u.startsWith("S");
    const n = Number(u.slice(1));
    quiz.push({ user: u, question: "st-disc", answer: s ? "a" : "b", correct: s, durationMs: (i + 1) * 1000 });
    quiz.push({ user: u, question: "st-numeric", answer: s ? 10 : 12, correct: s, durationMs: 130_000, late: u === "S12" });
    if (n === 12) quiz.push({ user: u, question: "st-multi", answer: null, correct: false, durationMs: 60_000, late: true });
    else quiz.push({ user: u, question: "st-multi", answer: n <= 6 ? ["a", "b"] : ["a", "c"], correct: n <= 6, durationMs: 30_000 });
    const rightOnA = n === 1 || n === 7;
    quiz.push({ user: u, question: "st-ambiguous", answer: rightOnA ? "a" : "b", correct: rightOnA, durationMs: 20_000 });
  });
  for (const u of ["M1", "M2", "M3", "M4", "M5"]) quiz.push({ user: u, question: "st-small", answer: "a", correct: true, durationMs: 5_000 });
  // Before the edit everyone was wrong; only the two answers to the current version count.
  for (const u of ["X1", "X2", "X3"]) quiz.push({ user: u, question: "st-edited", answer: "a", correct: false, durationMs: 5_000, at: BEFORE_EDIT });
  for (const u of ["X4", "X5"]) quiz.push({ user: u, question: "st-edited", answer: "c", correct: true, durationMs: 5_000 });
  quiz.push({ user: "R1", question: "st-retired", answer: "a", correct: true, durationMs: 5_000, at: BEFORE_EDIT });

  for (const [i, a] of quiz.entries()) {
    await db.quizSession.create({
      data: {
        id: `session-${i}`, userId: a.user, config: {}, startedAt: a.at ?? NOW,
        items: { create: { id: `item-${i}`, questionId: a.question, position: 0, timeLimitMs: 60_000 } },
      },
    });
  }
  await db.quizAnswer.createMany({
    data: quiz.map((a, i) => ({
      itemId: `item-${i}`, userId: a.user, answer: a.answer === null ? undefined : (a.answer as object), correct: a.correct, score: a.correct ? 1 : 0,
      late: a.late ?? false, durationMs: a.durationMs, submittedAt: a.at ?? NOW, clientSubmissionId: `quiz-${i}`,
    })),
  });

  type Review = Attempt & { rating: number; id: string };
  const reviews: Review[] = [];
  learners.forEach((u, i) => reviews.push({ id: `review-easy-${i}`, user: u, question: "st-easy", answer: "a", correct: true, durationMs: 10_000, rating: 3 }));
  // Rated Again without answering: reviews, not attempts.
  for (const u of ["W1", "W2"]) reviews.push({ id: `review-blank-${u}`, user: u, question: "st-easy", answer: null, correct: null, durationMs: 4_000, rating: 1 });
  // Undone, so ignored entirely (it would make S1 half right on E).
  reviews.push({ id: "review-undone", user: "S1", question: "st-easy", answer: "b", correct: false, durationMs: 9_000, rating: 1 });
  for (const u of ["W8", "W9", "W10", "W11"]) reviews.push({ id: `review-amb-${u}`, user: u, question: "st-ambiguous", answer: "c", correct: false, durationMs: 20_000, rating: 1 });
  reviews.push({ id: "review-free", user: "F1", question: "st-free", answer: "A long free answer.", correct: null, durationMs: 90_000, rating: 3 });

  const cards = [...new Set(reviews.map((r) => `${r.user}|${r.question}`))];
  await db.card.createMany({ data: cards.map((c) => ({ id: `card-${c}`, userId: c.split("|")[0], questionId: c.split("|")[1], due: NOW })) });
  await db.reviewLog.createMany({
    data: reviews.map((r) => ({
      id: r.id, cardId: `card-${r.user}|${r.question}`, userId: r.user, questionId: r.question, rating: r.rating,
      answer: r.answer === null ? undefined : (r.answer as string), correct: r.correct, durationMs: r.durationMs, stateBefore: {}, stateAfter: {}, reviewedAt: NOW,
    })),
  });
  await db.reviewLog.create({
    data: { kind: "UNDO", undoesId: "review-undone", cardId: "card-S1|st-easy", userId: "S1", questionId: "st-easy", rating: 0, stateBefore: {}, stateAfter: {}, reviewedAt: NOW },
  });

  await db.contentSync.create({
    data: { startedAt: EDITED_AT, finishedAt: EDITED_AT, lessons: 1, questions: 9, changes: { create: [{ itemType: "question", itemId: "st-edited", kind: "EDITED" }] } },
  });
}

const author: Actor = { id: "author", role: "AUTHOR" };

describe.each(databaseTargets())("item statistics on %s", (kind) => {
  const db = openTestDatabase(kind, { seed });
  let items: Map<string, ItemStats>;

  beforeAll(async () => {
    items = new Map((await itemStatistics(db, author)).map((i) => [i.questionId, i]));
  });

  it("lists every live question, including those never answered, and leaves retired ones out", () => {
    expect([...items.keys()].sort()).toEqual(QUESTIONS.filter((q) => !("retired" in q)).map((q) => q.id).sort());
  });

  it("counts quiz answers and answered reviews as attempts, ignoring undone reviews", () => {
    const easy = items.get("st-easy")!;
    expect({ attempts: easy.attempts, quiz: easy.quizAnswers, reviews: easy.reviewAnswers, graded: easy.graded, correct: easy.correct }).toEqual({
      attempts: 24, quiz: 0, reviews: 24, graded: 24, correct: 24,
    });
    // 24 Good ratings and 2 Again ratings given without an answer; the undone Again is gone.
    expect(easy.reviews).toBe(26);
    expect(easy.againShare).toBeCloseTo(2 / 26, 12);

    const ambiguous = items.get("st-ambiguous")!;
    expect(ambiguous.attempts).toBe(28);
    expect(ambiguous.facility).toBeCloseTo(4 / 28, 12);
    expect(ambiguous.againShare).toBe(1);
    expect(ambiguous.learners).toBe(24);
  });

  it("computes facility over graded attempts, timeouts counting as wrong and free text not graded", () => {
    expect(items.get("st-disc")!.facility).toBe(0.5);
    const multi = items.get("st-multi")!;
    expect({ attempts: multi.attempts, graded: multi.graded, correct: multi.correct, unanswered: multi.unanswered }).toEqual({ attempts: 24, graded: 24, correct: 12, unanswered: 2 });
    const free = items.get("st-free")!;
    expect({ attempts: free.attempts, graded: free.graded, facility: free.facility, options: free.options }).toEqual({ attempts: 1, graded: 0, facility: null, options: null });
    // A late answer counts by its content; lateness is reported separately.
    const numeric = items.get("st-numeric")!;
    expect(numeric.facility).toBe(0.5);
    expect(numeric.lateShare).toBeCloseTo(1 / 24, 12);
  });

  it("computes discrimination from each learner's first graded attempt and prior score", () => {
    expect(items.get("st-easy")!.discrimination).toBeNull();
    expect(items.get("st-disc")!.discrimination).toBeNull();
    expect(items.get("st-disc")!.discriminationLearners).toBe(0);
    expect(items.get("st-numeric")!.discrimination).toBeCloseTo(1, 10);
    expect(items.get("st-multi")!.discrimination).toBeCloseTo(0, 10);
    expect(items.get("st-ambiguous")!.discrimination).toBeCloseTo(0, 10);
    // Once per learner, however many times they answered (W8-W11 also reviewed A).
    expect(items.get("st-ambiguous")!.discriminationLearners).toBe(24);
    // Learners whose only answer is this question's have no prior score.
    expect(items.get("st-small")!.discriminationLearners).toBe(0);
  });

  it("gives each option its share of the answers, ticks counted per option for multiple choice", () => {
    const shares = (id: string) => items.get(id)!.options!.map((o) => [o.id, o.correct, o.chosen, o.share]);
    expect(shares("st-ambiguous")).toEqual([
      ["a", true, 4, 4 / 28],
      ["b", false, 20, 20 / 28],
      ["c", false, 4, 4 / 28],
    ]);
    // 22 answered (2 timeouts); a is ticked by all, b by the 12 right, c by the 10 wrong.
    expect(shares("st-multi")).toEqual([
      ["a", true, 22, 1],
      ["b", true, 12, 12 / 22],
      ["c", false, 10, 10 / 22],
      ["d", false, 0, 0],
    ]);
    expect(items.get("st-numeric")!.options).toBeNull();
  });

  it("takes the median answer time over attempts, within 2.5 %", () => {
    expect(Math.abs(items.get("st-disc")!.medianMs! / 12_500 - 1)).toBeLessThanOrEqual(0.025);
    expect(Math.abs(items.get("st-easy")!.medianMs! / 10_000 - 1)).toBeLessThanOrEqual(0.025);
    expect(items.get("st-numeric")!.timeLimitMs).toBe(120_000);
  });

  it("flags each problem, and nothing below the minimum sample", () => {
    const flags = Object.fromEntries([...items.values()].map((i) => [i.questionId, i.flags]));
    expect(flags).toEqual({
      "st-easy": ["too-easy"],
      "st-disc": [],
      "st-numeric": ["slow"],
      "st-multi": ["poor-discrimination"],
      "st-ambiguous": ["too-hard", "poor-discrimination", "ambiguous-distractor"],
      "st-small": [],
      "st-edited": [],
      "st-free": [],
    });
    expect(items.get("st-small")!.facility).toBe(1);
  });

  it("counts only the current version of an edited question", () => {
    const edited = items.get("st-edited")!;
    expect(edited.countedSince?.toISOString()).toBe(EDITED_AT.toISOString());
    expect({ attempts: edited.attempts, facility: edited.facility, version: edited.version }).toEqual({ attempts: 2, facility: 1, version: 2 });
    expect(edited.options!.find((o) => o.id === "c")!.share).toBe(1);
  });

  it("shows one question, retired or not, with its source location", async () => {
    const retired = (await questionStatistics(db, author, "st-retired"))?.item;
    expect(retired).toMatchObject({ questionId: "st-retired", attempts: 1, sourcePath: "content/replication/stats.questions.yaml", sourceLine: 97 });
    expect(retired!.retiredAt).not.toBeNull();
    expect(await questionStatistics(db, author, "no-such-question")).toBeNull();
    // A live question's page shows the same figures as the list.
    for (const [id, listed] of items) expect((await questionStatistics(db, author, id))?.item).toEqual(listed);
  });

  it("refuses learners, mentors and anonymous visitors, and serves admins", async () => {
    await expect(itemStatistics(db, { id: "S1", role: "LEARNER" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(itemStatistics(db, { id: "m", role: "MENTOR" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(itemStatistics(db, null)).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(await itemStatistics(db, { id: "admin", role: "ADMIN" })).toHaveLength(items.size);
  });
});

describe("flag thresholds", () => {
  const quiet = { graded: 0, facility: null, discrimination: null, discriminationLearners: 0, options: null, answeredChoices: 0, medianMs: null, timed: 0, timeLimitMs: 60_000 };

  it("needs the minimum sample before flagging", () => {
    expect(flagsOf({ ...quiet, graded: MIN_SAMPLE - 1, facility: 1 })).toEqual([]);
    expect(flagsOf({ ...quiet, graded: MIN_SAMPLE, facility: 1 })).toEqual(["too-easy"]);
    expect(flagsOf({ ...quiet, discriminationLearners: MIN_SAMPLE - 1, discrimination: -0.4 })).toEqual([]);
    expect(flagsOf({ ...quiet, timed: MIN_SAMPLE - 1, medianMs: 61_000 })).toEqual([]);
    expect(flagsOf({ ...quiet, timed: MIN_SAMPLE, medianMs: 61_000 })).toEqual(["slow"]);
  });

  it("uses strict thresholds: 0.9 is not too easy, 0.3 not too hard, 0.1 discriminates enough", () => {
    expect(flagsOf({ ...quiet, graded: 40, facility: 0.9 })).toEqual([]);
    expect(flagsOf({ ...quiet, graded: 40, facility: 0.3 })).toEqual([]);
    expect(flagsOf({ ...quiet, graded: 40, facility: 0.29 })).toEqual(["too-hard"]);
    expect(flagsOf({ ...quiet, discriminationLearners: 40, discrimination: 0.1 })).toEqual([]);
    expect(flagsOf({ ...quiet, discriminationLearners: 40, discrimination: 0.09 })).toEqual(["poor-discrimination"]);
  });

  it("flags a distractor ticked more often than the least-ticked right option", () => {
    const options = [
      { id: "a", text: "A", correct: true, chosen: 30, share: 1 },
      { id: "b", text: "B", correct: true, chosen: 8, share: 8 / 30 },
      { id: "c", text: "C", correct: false, chosen: 9, share: 9 / 30 },
    ];
    expect(flagsOf({ ...quiet, options, answeredChoices: 30 })).toEqual(["ambiguous-distractor"]);
    expect(flagsOf({ ...quiet, options: options.map((o) => (o.id === "c" ? { ...o, chosen: 8 } : o)), answeredChoices: 30 })).toEqual([]);
  });
});

describe.each(databaseTargets())("item statistics snapshot on %s", (kind) => {
  const db = openTestDatabase(kind, { seed });
  const t0 = NOW.getTime();
  const smallAttempts = (snapshot: { items: ItemStats[] }) => snapshot.items.find((i) => i.questionId === "st-small")!.attempts;

  it("counts a new answer at once", async () => {
    const first = await itemStatisticsSnapshot(db, author, t0);
    expect(first.computedAt).toEqual(NOW);
    const before = smallAttempts(first);
    await db.card.create({ data: { id: "card-S3|st-small", userId: "S3", questionId: "st-small", due: NOW } });
    await db.reviewLog.create({
      data: { cardId: "card-S3|st-small", userId: "S3", questionId: "st-small", rating: 3, answer: "a", correct: true, durationMs: 8_000, stateBefore: {}, stateAfter: {}, reviewedAt: NOW },
    });
    expect(smallAttempts(await itemStatisticsSnapshot(db, author, t0 + 1))).toBe(before + 1);
  });

  it("checks the caller's role on every request", async () => {
    await itemStatisticsSnapshot(db, author, t0);
    await expect(questionStatistics(db, { id: "m", role: "MENTOR" }, "st-easy", t0)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(itemStatisticsSnapshot(db, { id: "S1", role: "LEARNER" }, t0)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(itemStatisticsSnapshot(db, null, t0)).rejects.toBeInstanceOf(UnauthenticatedError);
  });
});
