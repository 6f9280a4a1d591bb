// Timed quizzes against both databases. Time is passed in explicitly (`now`), so every deadline
// below is exact: what a learner depends on is that the server's clock, not theirs, decides.
import type { Db } from "@/lib/db/database";
import { NotFoundError } from "@/lib/practice/review";
import {
  DailyAlreadyTakenError,
  GRACE_MS,
  QuizError,
  createQuiz,
  currentQuizItem,
  dailyAttempt,
  dailyDistribution,
  dailyQuestions,
  mixedDifficulty,
  nextAdaptiveDifficulty,
  queueMissedQuestions,
  quizHistory,
  quizResults,
  startDailyChallenge,
  submitQuizAnswer,
  type CurrentItem,
} from "@/lib/practice/quiz";
import { SINGLE_CHOICE, createContent, createUser, type QuestionSpec } from "@/tests/support/content-fixtures";
import { databaseTargets, openTestDatabase } from "@/tests/support/databases";

const T0 = new Date("2026-03-02T10:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

type Question = CurrentItem & { status: "question" };
function asQuestion(item: CurrentItem): Question {
  if (item.status !== "question") throw new Error(`expected a question, got ${item.status}`);
  return item;
}

const DIFFICULTIES = ["easy", "medium", "hard"] as const;

/** Four single-choice questions per difficulty, recall and scenario alternating. */
const graded = (family: string): QuestionSpec[] =>
  DIFFICULTIES.flatMap((difficulty) => [0, 1, 2, 3].map((i) => ({ id: `${family}-${difficulty}-${i}`, difficulty, mode: i % 2 ? "scenario" : "recall", data: SINGLE_CHOICE })));

/** Fixture questions: in SINGLE_CHOICE the option "a" is always right, so tests can answer right or wrong at will. */
const seedContent = (db: Db) =>
  createContent(db, [
    {
      id: "fx-replication",
      family: "replication",
      questions: [
        ...graded("replication"),
        {
          id: "replication-free",
          type: "free",
          difficulty: "medium",
          mode: "scenario",
          data: { modelAnswer: "Use a quorum.", rubric: ["Names quorums", "Explains R + W > N", "Mentions latency"], explanation: "Quorums." },
        },
      ],
    },
    {
      id: "fx-queues",
      family: "queues",
      questions: [...graded("queues"), { id: "queues-numeric", type: "numeric", difficulty: "easy", data: { answer: 3, tolerance: 0, unit: "replicas", explanation: "Three." } }],
    },
    // A small family: three questions only, for exhausting a pool.
    { id: "fx-caching", family: "caching", questions: DIFFICULTIES.map((difficulty) => ({ id: `caching-${difficulty}`, difficulty, data: SINGLE_CHOICE })) },
  ]);

describe("adaptive and mixed difficulty (pure)", () => {
  test("a correct streak steps up, a wrong streak steps down, a mixed record stays", () => {
    expect(nextAdaptiveDifficulty("medium", [true])).toBe("hard");
    expect(nextAdaptiveDifficulty("easy", [true, true, true, true, false])).toBe("medium");
    expect(nextAdaptiveDifficulty("medium", [false])).toBe("easy");
    expect(nextAdaptiveDifficulty("hard", [true, false, false])).toBe("medium");
    expect(nextAdaptiveDifficulty("medium", [true, false])).toBe("medium");
    // Only the last five answers count: an old run of mistakes does not hold a learner down.
    expect(nextAdaptiveDifficulty("medium", [false, false, false, true, true, true, true, true])).toBe("hard");
    // Bounded at both ends; no history keeps the current difficulty.
    expect(nextAdaptiveDifficulty("hard", [true, true])).toBe("hard");
    expect(nextAdaptiveDifficulty("easy", [false, false])).toBe("easy");
    expect(nextAdaptiveDifficulty("medium", [])).toBe("medium");
  });

  test("a mixed quiz runs from easy to hard", () => {
    expect(Array.from({ length: 6 }, (_, i) => mixedDifficulty(i, 6))).toEqual(["easy", "easy", "medium", "medium", "hard", "hard"]);
    expect(mixedDifficulty(0, 1)).toBe("easy");
  });
});

describe.each(databaseTargets())("timed quizzes on %s", (kind) => {
  const db = openTestDatabase(kind, { seed: seedContent, clearBeforeEach: "users" });
  let lena: string;
  let omar: string;

  beforeEach(async () => {
    lena = (await createUser(db, "Lena")).id;
    omar = (await createUser(db, "Omar")).id;
  });

  const quiz = (userId: string, config: object, now = T0, seed = 7) => createQuiz(db, userId, config, now, seed);

  test("an item's clock starts when it is first served, and a reload gets the same deadline", async () => {
    const { id } = await quiz(lena, { count: 3, families: ["replication"], difficulty: "easy", secondsPerQuestion: 30 });
    const first = asQuestion(await currentQuizItem(db, lena, id, at(5_000)));
    expect(first).toMatchObject({ position: 0, total: 3, timeLimitMs: 30_000, servedAt: at(5_000).toISOString(), deadlineAt: at(35_000).toISOString() });

    const reload = asQuestion(await currentQuizItem(db, lena, id, at(20_000)));
    expect(reload.itemId).toBe(first.itemId);
    expect(reload.deadlineAt).toBe(first.deadlineAt);
    expect(reload.serverNow).toBe(at(20_000).toISOString());
    // What the client counts down from: 15 s left, not a fresh 30 s.
    expect(Date.parse(reload.deadlineAt) - Date.parse(reload.serverNow)).toBe(15_000);
    // The prompt goes out without its answer or explanation.
    expect(JSON.stringify(reload.question)).not.toMatch(/explanation|"answer"/);
  });

  test("the default time is 60 s for recall and 120 s for scenario questions", async () => {
    const { id } = await quiz(lena, { count: 8, families: ["replication"], difficulty: "easy" });
    const items = await db.quizItem.findMany({ where: { sessionId: id }, select: { timeLimitMs: true, question: { select: { mode: true } } } });
    expect(items.length).toBe(4);
    for (const i of items) expect(i.timeLimitMs).toBe(i.question.mode === "scenario" ? 120_000 : 60_000);
  });

  test("an answer within deadline + grace is on time; after it, it is late and scores 0", async () => {
    const { id } = await quiz(lena, { count: 2, families: ["queues"], difficulty: "hard", secondsPerQuestion: 20 });
    const first = asQuestion(await currentQuizItem(db, lena, id, T0));
    const onTime = await submitQuizAnswer(db, lena, { itemId: first.itemId, answer: "a", clientSubmissionId: "submission-1" }, at(20_000 + GRACE_MS));
    expect(onTime).toMatchObject({ correct: true, late: false, score: 1, duplicate: false });

    const second = asQuestion(await currentQuizItem(db, lena, id, at(21_000)));
    expect(second.position).toBe(1);
    const late = await submitQuizAnswer(db, lena, { itemId: second.itemId, answer: "a", clientSubmissionId: "submission-2" }, at(21_000 + 20_000 + GRACE_MS + 1));
    expect(late).toMatchObject({ correct: true, late: true, score: 0 });

    expect(await currentQuizItem(db, lena, id, at(60_000))).toEqual({ status: "finished", sessionId: id });
    const results = await quizResults(db, lena, id);
    expect(results).toMatchObject({ finished: true, score: 1, total: 2 });
    expect(results.items.map((i) => [i.late, i.score, i.durationMs])).toEqual([
      [false, 1, 20_000 + GRACE_MS],
      [true, 0, 20_000 + GRACE_MS + 1],
    ]);
  });

  test("an unanswered item past its deadline is recorded as timed out and the next item is served", async () => {
    const { id } = await quiz(lena, { count: 2, families: ["replication"], difficulty: "medium", secondsPerQuestion: 10 });
    const first = asQuestion(await currentQuizItem(db, lena, id, T0));
    // At the deadline (still within grace) the same question stays: an answer may be on its way.
    expect(asQuestion(await currentQuizItem(db, lena, id, at(10_000 + GRACE_MS))).itemId).toBe(first.itemId);

    const next = asQuestion(await currentQuizItem(db, lena, id, at(10_000 + GRACE_MS + 1)));
    expect(next.position).toBe(1);
    expect(next.servedAt).toBe(at(10_000 + GRACE_MS + 1).toISOString());
    const timedOut = await db.quizAnswer.findUniqueOrThrow({ where: { itemId: first.itemId } });
    expect(timedOut).toMatchObject({ answer: null, late: true, score: 0, durationMs: 10_000 });
    expect(timedOut.correct === false || timedOut.correct === null).toBe(true);

    // An answer arriving afterwards cannot replace the timeout.
    const tooLate = await submitQuizAnswer(db, lena, { itemId: first.itemId, answer: "a", clientSubmissionId: "after-timeout" }, at(13_000));
    expect(tooLate).toMatchObject({ duplicate: true, score: 0, late: true });
    expect(await db.quizAnswer.count({ where: { itemId: first.itemId } })).toBe(1);
  });

  test("the same answer sent 100 times at once is recorded once", async () => {
    const { id } = await quiz(lena, { count: 1, families: ["queues"], difficulty: "easy", secondsPerQuestion: 60 });
    const item = asQuestion(await currentQuizItem(db, lena, id, T0));
    const answer = item.question.type === "numeric" ? 3 : "a";
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        // Half are retries of one submission, half come from other tabs with their own ids.
        submitQuizAnswer(db, lena, { itemId: item.itemId, answer, clientSubmissionId: i % 2 ? "retried-submission" : `tab-${i}-submission` }, at(5_000)),
      ),
    );
    expect(await db.quizAnswer.count({ where: { itemId: item.itemId } })).toBe(1);
    expect(new Set(outcomes.map((o) => o.answerId)).size).toBe(1);
    expect(outcomes.filter((o) => !o.duplicate)).toHaveLength(1);
    expect(outcomes.every((o) => o.correct === true && o.score === 1)).toBe(true);
  });

  test("invalid answers are refused with a clear message and write nothing", async () => {
    const { id } = await quiz(lena, { count: 1, families: ["replication"], difficulty: "easy", secondsPerQuestion: 60 });
    const item = asQuestion(await currentQuizItem(db, lena, id, T0));
    const send = (answer: unknown, clientSubmissionId = "invalid-attempt") => submitQuizAnswer(db, lena, { itemId: item.itemId, answer, clientSubmissionId }, at(1_000));
    await expect(send("")).rejects.toThrow(new QuizError("Choose an option."));
    await expect(send("z")).rejects.toThrow("That option is not part of this question.");
    await expect(send(["a"])).rejects.toThrow("Choose an option.");
    await expect(send("a", "")).rejects.toThrow("Missing submission id.");
    await expect(submitQuizAnswer(db, lena, { itemId: item.itemId }, at(1_000))).rejects.toThrow("Missing submission id.");
    await expect(submitQuizAnswer(db, lena, { itemId: item.itemId, clientSubmissionId: "no-answer-key" }, at(1_000))).rejects.toThrow("Choose an option.");
    await expect(submitQuizAnswer(db, lena, null, at(1_000))).rejects.toThrow("Send the answer as a JSON object.");
    expect(await db.quizAnswer.count()).toBe(0);
    // The learner fixes the answer and the same submission id goes through.
    await expect(send("a")).resolves.toMatchObject({ correct: true, duplicate: false });
    expect(await db.quizAnswer.count()).toBe(1);
  });

  test("an unknown item and a question not yet shown are refused", async () => {
    const { id } = await quiz(lena, { count: 2, families: ["replication"], difficulty: "easy", secondsPerQuestion: 60 });
    await expect(submitQuizAnswer(db, lena, { itemId: "no-such-item", answer: "a", clientSubmissionId: "unknown-item" })).rejects.toBeInstanceOf(NotFoundError);
    const unseen = await db.quizItem.findFirstOrThrow({ where: { sessionId: id, position: 1 } });
    await expect(submitQuizAnswer(db, lena, { itemId: unseen.id, answer: "a", clientSubmissionId: "not-shown-yet" }, at(1_000))).rejects.toThrow("This question has not been shown yet.");
    expect(await db.quizAnswer.count()).toBe(0);
  });

  test("another learner can neither read nor answer the quiz", async () => {
    const { id } = await quiz(lena, { count: 2, families: ["replication"], difficulty: "easy", secondsPerQuestion: 60 });
    const item = asQuestion(await currentQuizItem(db, lena, id, T0));
    await expect(currentQuizItem(db, omar, id, at(1_000))).rejects.toBeInstanceOf(NotFoundError);
    await expect(submitQuizAnswer(db, omar, { itemId: item.itemId, answer: "a", clientSubmissionId: "omar-submission" }, at(1_000))).rejects.toBeInstanceOf(NotFoundError);
    await expect(quizResults(db, omar, id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(queueMissedQuestions(db, omar, id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await db.quizAnswer.count()).toBe(0);
    expect(await db.card.count()).toBe(0);
    expect(await quizHistory(db, omar)).toEqual([]);
    // Lena's clock was not touched by Omar's attempts.
    expect(asQuestion(await currentQuizItem(db, lena, id, at(2_000))).itemId).toBe(item.itemId);
  });

  test("adaptive mode moves up after a correct answer and down after a wrong one", async () => {
    async function afterFirstAnswer(userId: string, answer: string) {
      const { id } = await quiz(userId, { count: 4, families: ["queues"], adaptive: true, secondsPerQuestion: 60 });
      const first = asQuestion(await currentQuizItem(db, userId, id, T0));
      expect(first.question.difficulty).toBe("medium");
      expect(first.total).toBe(4);
      await submitQuizAnswer(db, userId, { itemId: first.itemId, answer, clientSubmissionId: `${userId}-first` }, at(1_000));
      return asQuestion(await currentQuizItem(db, userId, id, at(2_000)));
    }
    const up = await afterFirstAnswer(lena, "a");
    expect(up).toMatchObject({ position: 1, total: 4 });
    expect(up.question.difficulty).toBe("hard");
    const down = await afterFirstAnswer(omar, "b");
    expect(down.question.difficulty).toBe("easy");
  });

  test("an adaptive quiz longer than its pool ends when the pool runs out", async () => {
    const { id } = await quiz(lena, { count: 5, families: ["caching"], adaptive: true, secondsPerQuestion: 30 });
    for (let i = 0; i < 3; i++) {
      const item = asQuestion(await currentQuizItem(db, lena, id, at(i * 1_000)));
      await submitQuizAnswer(db, lena, { itemId: item.itemId, answer: "a", clientSubmissionId: `exhaust-${i}` }, at(i * 1_000 + 500));
    }
    expect(await currentQuizItem(db, lena, id, at(10_000))).toEqual({ status: "finished", sessionId: id });
    expect(await quizResults(db, lena, id)).toMatchObject({ finished: true, total: 3, score: 3 });
  });

  test("a mixed quiz varies difficulty from easy to hard; a fixed one sticks to it", async () => {
    const mixed = await quiz(lena, { count: 6, families: ["replication", "queues"] });
    const items = await db.quizItem.findMany({ where: { sessionId: mixed.id }, orderBy: { position: "asc" }, select: { question: { select: { difficulty: true } } } });
    expect(items.map((i) => i.question.difficulty)).toEqual(["easy", "easy", "medium", "medium", "hard", "hard"]);

    const hard = await quiz(lena, { count: 3, difficulty: "hard", families: ["queues"] });
    const hardItems = await db.quizItem.findMany({ where: { sessionId: hard.id }, select: { question: { select: { difficulty: true, family: true } } } });
    expect(hardItems.map((i) => i.question)).toEqual(Array(3).fill({ difficulty: "hard", family: "queues" }));
  });

  test("a lesson's quiz asks only that lesson's questions", async () => {
    const { id } = await quiz(lena, { count: 10, lessonId: "fx-caching" });
    const items = await db.quizItem.findMany({ where: { sessionId: id }, select: { questionId: true } });
    expect(items.map((i) => i.questionId).sort()).toEqual(["caching-easy", "caching-hard", "caching-medium"]);
  });

  test("bad settings are refused with the schema's message and create nothing", async () => {
    await expect(quiz(lena, { count: 0 })).rejects.toThrow("Ask for at least 1 question.");
    await expect(quiz(lena, { count: 31 })).rejects.toThrow("At most 30 questions per quiz.");
    await expect(quiz(lena, { families: ["astrology"] })).rejects.toThrow("Unknown family.");
    await expect(quiz(lena, { difficulty: "extreme" })).rejects.toThrow("Choose mixed, easy, medium or hard.");
    await expect(quiz(lena, { secondsPerQuestion: 5 })).rejects.toThrow("Allow at least 10 seconds per question.");
    await expect(quiz(lena, { lessonId: "no-such-lesson" })).rejects.toThrow("No questions match these settings yet.");
    await expect(quiz(lena, { count: 3, surprise: true })).rejects.toBeInstanceOf(QuizError);
    expect(await db.quizSession.count()).toBe(0);
  });

  test("results show each outcome, and missed questions go into the review queue once", async () => {
    const { id } = await quiz(lena, { count: 3, families: ["replication"], difficulty: "hard", secondsPerQuestion: 10 });
    const first = asQuestion(await currentQuizItem(db, lena, id, T0));
    await submitQuizAnswer(db, lena, { itemId: first.itemId, answer: "a", clientSubmissionId: "results-1" }, at(1_000));
    const second = asQuestion(await currentQuizItem(db, lena, id, at(2_000)));
    await submitQuizAnswer(db, lena, { itemId: second.itemId, answer: "b", clientSubmissionId: "results-2" }, at(3_000));
    asQuestion(await currentQuizItem(db, lena, id, at(4_000)));
    expect((await currentQuizItem(db, lena, id, at(4_000 + 10_000 + GRACE_MS + 1))).status).toBe("finished");

    const results = await quizResults(db, lena, id);
    expect(results.items.map((i) => ({ answer: i.answer, correct: i.correct, late: i.late, answered: i.answerId !== null }))).toEqual([
      { answer: "a", correct: true, late: false, answered: true },
      { answer: "b", correct: false, late: false, answered: true },
      { answer: null, correct: false, late: true, answered: true },
    ]);
    expect(results.items.every((i) => i.correctAnswer === "a" && i.explanation === "Because **a**." && !i.inReviewQueue)).toBe(true);

    expect(await queueMissedQuestions(db, lena, id, at(20_000))).toBe(2);
    expect(await queueMissedQuestions(db, lena, id, at(21_000))).toBe(0);
    const after = await quizResults(db, lena, id);
    expect(after.items.map((i) => i.inReviewQueue)).toEqual([false, true, true]);
  });

  test("the daily challenge gives everyone the same questions and one attempt each", async () => {
    const date = "2026-03-02";
    const a = await startDailyChallenge(db, lena, at(1_000));
    const b = await startDailyChallenge(db, omar, at(2_000));
    const order = (sessionId: string) => db.quizItem.findMany({ where: { sessionId }, orderBy: { position: "asc" }, select: { questionId: true } });
    const lenaQuestions = await order(a.id);
    expect(lenaQuestions).toEqual(await order(b.id));
    expect(lenaQuestions.map((q) => q.questionId)).toEqual((await dailyQuestions(db, date)).map((q) => q.id));
    expect(lenaQuestions).toHaveLength(5);
    expect(lenaQuestions.map((q) => q.questionId)).not.toContain("replication-free");

    const again = startDailyChallenge(db, lena, at(60_000));
    await expect(again).rejects.toBeInstanceOf(DailyAlreadyTakenError);
    await expect(again).rejects.toMatchObject({ sessionId: a.id, status: 409 });
    expect(await db.quizSession.count({ where: { userId: lena } })).toBe(1);
    // The next UTC day is a new challenge.
    await expect(startDailyChallenge(db, lena, new Date("2026-03-03T00:00:01Z"))).resolves.toHaveProperty("id");
  });

  test("two daily starts at the same moment create one attempt", async () => {
    const results = await Promise.allSettled([startDailyChallenge(db, lena, T0), startDailyChallenge(db, lena, T0)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(DailyAlreadyTakenError);
    expect(await db.quizSession.count({ where: { userId: lena, dailyDate: "2026-03-02" } })).toBe(1);
  });

  test("the daily distribution counts finished attempts by score", async () => {
    async function takeDaily(userId: string, rightAnswers: number) {
      const { id } = await startDailyChallenge(db, userId, T0);
      for (let k = 0; k < 5; k++) {
        const item = asQuestion(await currentQuizItem(db, userId, id, at(k * 1_000)));
        const answer = item.question.type === "numeric" ? (k < rightAnswers ? 3 : 4) : k < rightAnswers ? "a" : "b";
        await submitQuizAnswer(db, userId, { itemId: item.itemId, answer, clientSubmissionId: `${userId}-daily-${k}` }, at(k * 1_000 + 500));
      }
      expect((await currentQuizItem(db, userId, id, at(10_000))).status).toBe("finished");
    }
    await takeDaily(lena, 4);
    await takeDaily(omar, 2);
    const third = (await createUser(db, "Ines")).id;
    await startDailyChallenge(db, third, T0); // started, not finished: not counted
    expect(await dailyDistribution(db, "2026-03-02")).toEqual([
      { score: 2, learners: 1 },
      { score: 4, learners: 1 },
    ]);
    expect(await dailyAttempt(db, lena, "2026-03-02")).toMatchObject({ finished: true, score: 4, total: 5 });
    expect(await dailyAttempt(db, third, "2026-03-02")).toMatchObject({ finished: false, score: 0 });
    expect(await dailyAttempt(db, lena, "2026-03-03")).toBeNull();
  });
});
