// Timed quizzes against both databases. Time is passed in explicitly (`now`), so every deadline
// below is exact: what a learner depends on is that the server's clock, not theirs, decides.
import type { Db } from "@/lib/db/database";
import { NotFoundError } from "@/lib/errors";
import {
  answerAndContinue,
  AttemptInProgressError,
  DailyAlreadyTakenError,
  GRACE_MS,
  QuizNotFinishedError,
  endQuiz,
  QuizError,
  createQuiz,
  currentQuizItem,
  dailyAttempt,
  dailyDistribution,
  dailyQuestions,
  mixedDifficulty,
  queueMissedQuestions,
  quizHistory,
  quizResults,
  startDailyChallenge,
  submitQuizAnswer,
  type CurrentItem,
} from "@/lib/practice/quiz";
import { SINGLE_CHOICE, createContent, createUser, type QuestionSpec } from "@/tests/support/content-fixtures";
import { addToReviewQueue, nextCard, revealCard } from "@/lib/practice/review";
import { heldOutQuestions } from "@/lib/practice/daily";
import { learnerAnswersCsv } from "@/lib/mentor/csv";
import { weakestQuestions as mentorWeakest } from "@/lib/mentor/learner";
import { databaseTargets, openTestDatabase } from "@/tests/support/databases";

const T0 = new Date("2026-03-02T10:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

type Question = CurrentItem & { status: "question" };
function asQuestion(item: CurrentItem): Question {
  if (item.status !== "question") throw new Error(`expected a question, got ${item.status}`);
  return item;
}
/** The label this item showed for the option with this text (options are shuffled per item). */
const labelOf = (item: Question, text: string) => item.question.options!.find((o) => o.text === text)!.id;
const right = (item: Question) => (item.question.type === "numeric" ? 3 : item.question.type === "free" ? "Use a quorum." : labelOf(item, "Right"));
const wrong = (item: Question) => (item.question.type === "numeric" ? 4 : item.question.type === "free" ? "No idea." : labelOf(item, "Wrong"));

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

describe("mixed difficulty (pure)", () => {
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
    const onTime = await submitQuizAnswer(db, lena, { itemId: first.itemId, answer: right(first), clientSubmissionId: "submission-1" }, at(20_000 + GRACE_MS));
    expect(onTime).toMatchObject({ correct: true, late: false, score: 1, duplicate: false });

    const second = asQuestion(await currentQuizItem(db, lena, id, at(21_000)));
    expect(second.position).toBe(1);
    const late = await submitQuizAnswer(db, lena, { itemId: second.itemId, answer: right(second), clientSubmissionId: "submission-2" }, at(21_000 + 20_000 + GRACE_MS + 1));
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
    const tooLate = await submitQuizAnswer(db, lena, { itemId: first.itemId, answer: right(first), clientSubmissionId: "after-timeout" }, at(13_000));
    expect(tooLate).toMatchObject({ duplicate: true, score: 0, late: true });
    expect(await db.quizAnswer.count({ where: { itemId: first.itemId } })).toBe(1);
  });

  test("the same answer sent 100 times at once is recorded once", async () => {
    const { id } = await quiz(lena, { count: 1, families: ["queues"], difficulty: "easy", secondsPerQuestion: 60 });
    const item = asQuestion(await currentQuizItem(db, lena, id, T0));
    const answer = right(item);
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

  test("answering in the runner records the answer and starts the next question's clock in the same step, as reading the quiz would", async () => {
    const { id } = await quiz(lena, { count: 3, families: ["replication"], difficulty: "easy", secondsPerQuestion: 60 });
    const first = asQuestion(await currentQuizItem(db, lena, id, T0));
    const { outcome, next } = await answerAndContinue(db, lena, id, { itemId: first.itemId, answer: right(first), clientSubmissionId: "runner-first" }, at(4_000));
    expect(outcome).toMatchObject({ correct: true, late: false, duplicate: false, score: 1 });
    const second = asQuestion(next);
    expect(second).toMatchObject({ position: 1, total: 3, servedAt: at(4_000).toISOString(), deadlineAt: at(64_000).toISOString(), timeLimitMs: 60_000 });
    // Exactly what the quiz page shows on a reload, and the clock was written once.
    expect(await currentQuizItem(db, lena, id, at(5_000))).toEqual({ ...second, serverNow: at(5_000).toISOString() });
    // The same submission again: the recorded answer, and the same next question.
    const again = await answerAndContinue(db, lena, id, { itemId: first.itemId, answer: wrong(first), clientSubmissionId: "runner-first" }, at(6_000));
    expect(again.outcome).toMatchObject({ answerId: outcome.answerId, correct: true, duplicate: true });
    expect(asQuestion(again.next).itemId).toBe(second.itemId);
    // The next question's time ran out before it was answered: it is recorded as timed out and the third is served.
    const late = await answerAndContinue(db, lena, id, { itemId: second.itemId, answer: right(second), clientSubmissionId: "runner-second" }, at(64_000 + GRACE_MS + 1));
    expect(late.outcome).toMatchObject({ late: true, score: 0 });
    const third = asQuestion(late.next);
    expect(third.position).toBe(2);
    // The last answer finishes the quiz.
    const last = await answerAndContinue(db, lena, id, { itemId: third.itemId, answer: wrong(third), clientSubmissionId: "runner-third" }, at(70_000));
    expect(last.outcome).toMatchObject({ correct: false, duplicate: false });
    expect(last.next).toEqual({ status: "finished", sessionId: id });
    expect(await db.quizAnswer.count({ where: { item: { sessionId: id } } })).toBe(3);
  });

  test("in an adaptive quiz the runner's answer picks and serves the next question from the updated estimate", async () => {
    const { id } = await quiz(lena, { count: 3, families: ["queues"], adaptive: true, secondsPerQuestion: 60 });
    const first = asQuestion(await currentQuizItem(db, lena, id, T0));
    const { next } = await answerAndContinue(db, lena, id, { itemId: first.itemId, answer: right(first), clientSubmissionId: "adaptive-first" }, at(3_000));
    const second = asQuestion(next);
    expect(second).toMatchObject({ position: 1, total: 3, servedAt: at(3_000).toISOString() });
    expect(second.itemId).not.toBe(first.itemId);
  });

  test("the runner refuses an item of another quiz under this quiz's address, and writes nothing", async () => {
    const a = await quiz(lena, { count: 2, families: ["replication"], difficulty: "easy", secondsPerQuestion: 60 });
    const item = asQuestion(await currentQuizItem(db, lena, a.id, T0));
    await endQuiz(db, lena, a.id, at(1_000)).catch(() => {});
    const b = await quiz(lena, { count: 2, families: ["queues"], difficulty: "easy", secondsPerQuestion: 60 });
    const other = asQuestion(await currentQuizItem(db, lena, b.id, at(2_000)));
    await expect(answerAndContinue(db, lena, a.id, { itemId: other.itemId, answer: right(other), clientSubmissionId: "wrong-quiz" }, at(3_000))).rejects.toBeInstanceOf(NotFoundError);
    expect(await db.quizAnswer.count({ where: { itemId: other.itemId } })).toBe(0);
    expect(item.itemId).not.toBe(other.itemId);
  });

  test("invalid answers are refused with a clear message and write nothing", async () => {
    const { id } = await quiz(lena, { count: 1, families: ["replication"], difficulty: "easy", secondsPerQuestion: 60 });
    const item = asQuestion(await currentQuizItem(db, lena, id, T0));
    const send = (answer: unknown, clientSubmissionId = "invalid-attempt") => submitQuizAnswer(db, lena, { itemId: item.itemId, answer, clientSubmissionId }, at(1_000));
    await expect(send("")).rejects.toThrow("Choose an option.");
    await expect(send("Z")).rejects.toThrow("That option is not part of this question.");
    // The authored id is not what the learner was shown: it is refused like any unknown label.
    await expect(send("a")).rejects.toThrow("That option is not part of this question.");
    await expect(send([right(item)])).rejects.toThrow("Choose an option.");
    await expect(send(right(item), "")).rejects.toThrow("Missing submission id.");
    await expect(submitQuizAnswer(db, lena, { itemId: item.itemId }, at(1_000))).rejects.toThrow("Missing submission id.");
    await expect(submitQuizAnswer(db, lena, { itemId: item.itemId, clientSubmissionId: "no-answer-key" }, at(1_000))).rejects.toThrow("Choose an option.");
    await expect(submitQuizAnswer(db, lena, null, at(1_000))).rejects.toThrow("Send the answer as a JSON object.");
    expect(await db.quizAnswer.count()).toBe(0);
    // The learner fixes the answer and the same submission id goes through.
    await expect(send(right(item))).resolves.toMatchObject({ correct: true, duplicate: false });
    expect(await db.quizAnswer.count()).toBe(1);
  });

  test("an unknown item and a question not yet shown are refused", async () => {
    const { id } = await quiz(lena, { count: 2, families: ["replication"], difficulty: "easy", secondsPerQuestion: 60 });
    await expect(submitQuizAnswer(db, lena, { itemId: "no-such-item", answer: "A", clientSubmissionId: "unknown-item" })).rejects.toBeInstanceOf(NotFoundError);
    const unseen = await db.quizItem.findFirstOrThrow({ where: { sessionId: id, position: 1 } });
    await expect(submitQuizAnswer(db, lena, { itemId: unseen.id, answer: "A", clientSubmissionId: "not-shown-yet" }, at(1_000))).rejects.toThrow("This question has not been shown yet.");
    expect(await db.quizAnswer.count()).toBe(0);
  });

  test("another learner can neither read nor answer the quiz", async () => {
    const { id } = await quiz(lena, { count: 2, families: ["replication"], difficulty: "easy", secondsPerQuestion: 60 });
    const item = asQuestion(await currentQuizItem(db, lena, id, T0));
    await expect(currentQuizItem(db, omar, id, at(1_000))).rejects.toBeInstanceOf(NotFoundError);
    await expect(submitQuizAnswer(db, omar, { itemId: item.itemId, answer: right(item), clientSubmissionId: "omar-submission" }, at(1_000))).rejects.toBeInstanceOf(NotFoundError);
    await expect(quizResults(db, omar, id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(queueMissedQuestions(db, omar, id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await db.quizAnswer.count()).toBe(0);
    expect(await db.card.count()).toBe(0);
    expect(await quizHistory(db, omar)).toEqual([]);
    // Lena's clock was not touched by Omar's attempts.
    expect(asQuestion(await currentQuizItem(db, lena, id, at(2_000))).itemId).toBe(item.itemId);
  });

  test("adaptive mode pitches each next question at the ability estimated from every answer so far", async () => {
    async function afterTwo(userId: string, correct: [boolean, boolean]) {
      const { id } = await quiz(userId, { count: 4, families: ["queues"], adaptive: true, secondsPerQuestion: 60 });
      const difficulties: string[] = [];
      for (let k = 0; k < 2; k++) {
        const item = asQuestion(await currentQuizItem(db, userId, id, at(k * 2_000)));
        difficulties.push((await db.quizItem.findUniqueOrThrow({ where: { id: item.itemId }, select: { question: { select: { difficulty: true } } } })).question.difficulty);
        expect(item.total).toBe(4);
        await submitQuizAnswer(db, userId, { itemId: item.itemId, answer: correct[k] ? right(item) : wrong(item), clientSubmissionId: `${userId}-${k}` }, at(k * 2_000 + 1_000));
      }
      const third = asQuestion(await currentQuizItem(db, userId, id, at(5_000)));
      const difficulty = (await db.quizItem.findUniqueOrThrow({ where: { id: third.itemId }, select: { question: { select: { difficulty: true } } } })).question.difficulty;
      return { difficulties, third: difficulty };
    }
    // No answers yet: ability 0, where medium questions sit.
    const up = await afterTwo(lena, [true, true]);
    expect(up.difficulties[0]).toBe("medium");
    // Two right at medium put the estimate nearer a hard question (+1) than a medium one (0).
    expect(up.third).toBe("hard");
    expect((await afterTwo(omar, [false, false])).third).toBe("easy");
    const ines = (await createUser(db, "Ines")).id;
    expect((await afterTwo(ines, [true, false])).third).toBe("medium");
  });

  test("an adaptive quiz's results give the final ability estimate with its uncertainty", async () => {
    const { id } = await quiz(lena, { count: 3, families: ["queues"], adaptive: true, secondsPerQuestion: 60 });
    for (let k = 0; k < 3; k++) {
      const item = asQuestion(await currentQuizItem(db, lena, id, at(k * 2_000)));
      await submitQuizAnswer(db, lena, { itemId: item.itemId, answer: right(item), clientSubmissionId: `ability-${k}` }, at(k * 2_000 + 1_000));
    }
    expect((await currentQuizItem(db, lena, id, at(10_000))).status).toBe("finished");
    const { ability } = await quizResults(db, lena, id);
    expect(ability!.answers).toBe(3);
    expect(ability!.theta).toBeGreaterThan(0.5);
    // Three answers leave a wide estimate: the standard deviation is still most of the prior's 1.
    expect(ability!.se).toBeGreaterThan(0.5);
    expect(ability!.se).toBeLessThan(1);
  });

  test("an adaptive quiz longer than its pool ends when the pool runs out", async () => {
    const { id } = await quiz(lena, { count: 5, families: ["caching"], adaptive: true, secondsPerQuestion: 30 });
    for (let i = 0; i < 3; i++) {
      const item = asQuestion(await currentQuizItem(db, lena, id, at(i * 1_000)));
      await submitQuizAnswer(db, lena, { itemId: item.itemId, answer: right(item), clientSubmissionId: `exhaust-${i}` }, at(i * 1_000 + 500));
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
    await submitQuizAnswer(db, lena, { itemId: first.itemId, answer: right(first), clientSubmissionId: "results-1" }, at(1_000));
    const second = asQuestion(await currentQuizItem(db, lena, id, at(2_000)));
    await submitQuizAnswer(db, lena, { itemId: second.itemId, answer: wrong(second), clientSubmissionId: "results-2" }, at(3_000));
    asQuestion(await currentQuizItem(db, lena, id, at(4_000)));
    expect((await currentQuizItem(db, lena, id, at(4_000 + 10_000 + GRACE_MS + 1))).status).toBe("finished");

    const results = await quizResults(db, lena, id);
    // Answers and key in the labels each item showed; the explanation's "(a)" becomes that label too.
    const textOf = (i: (typeof results.items)[number], label: unknown) => i.options!.find((o) => o.id === label)?.text ?? null;
    expect(results.items.map((i) => ({ answer: textOf(i, i.answer), correct: i.correct, late: i.late, answered: i.answerId !== null }))).toEqual([
      { answer: "Right", correct: true, late: false, answered: true },
      { answer: "Wrong", correct: false, late: false, answered: true },
      { answer: null, correct: false, late: true, answered: true },
    ]);
    expect(results.items.every((i) => textOf(i, i.correctAnswer) === "Right" && i.explanation === `Because **a**. (${i.correctAnswer}) is right.` && !i.inReviewQueue)).toBe(true);

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
        const answer = k < rightAnswers ? right(item) : wrong(item);
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

  test("skipping records the question as skipped, scoring 0, and the quiz moves on", async () => {
    const { id } = await quiz(lena, { count: 2, families: ["replication"], difficulty: "easy", secondsPerQuestion: 60 });
    const first = asQuestion(await currentQuizItem(db, lena, id, T0));
    const questionId = (await db.quizItem.findUniqueOrThrow({ where: { id: first.itemId } })).questionId;
    const stat = async () => (await db.questionStat.findUnique({ where: { questionId } })) ?? { answers: 0, correct: 0 };
    const statBefore = await stat();
    const skipped = await submitQuizAnswer(db, lena, { itemId: first.itemId, skip: true, clientSubmissionId: "skip-first" }, at(2_000));
    expect(skipped).toMatchObject({ skipped: true, correct: false, score: 0, late: false, duplicate: false });
    expect(asQuestion(await currentQuizItem(db, lena, id, at(3_000))).position).toBe(1);
    // Sending the skip again is the same skip; a real answer afterwards cannot replace it.
    expect(await submitQuizAnswer(db, lena, { itemId: first.itemId, answer: right(first), clientSubmissionId: "late-change" }, at(4_000))).toMatchObject({ duplicate: true, skipped: true });
    expect(await db.quizAnswer.findUniqueOrThrow({ where: { itemId: first.itemId } })).toMatchObject({ skipped: true, answer: null, score: 0 });
    // A skip is a graded "did not know" for item calibration.
    expect(await stat()).toMatchObject({ answers: statBefore.answers + 1, correct: statBefore.correct });
  });

  describe("no answer lookups while a timed attempt runs", () => {
    test("one timed attempt at a time: nothing else starts or serves until it is finished or ended", async () => {
      const prepared = await quiz(lena, { count: 2, families: ["replication"], difficulty: "easy", secondsPerQuestion: 60 });
      const running = await quiz(lena, { count: 2, families: ["queues"], difficulty: "hard", secondsPerQuestion: 60 });
      const onClock = asQuestion(await currentQuizItem(db, lena, running.id, T0));
      await expect(quiz(lena, { count: 1, lessonId: "fx-queues" }, at(1_000))).rejects.toBeInstanceOf(AttemptInProgressError);
      await expect(startDailyChallenge(db, lena, at(1_000))).rejects.toBeInstanceOf(AttemptInProgressError);
      // A quiz prepared earlier cannot be used to look up the question on the clock.
      await expect(currentQuizItem(db, lena, prepared.id, at(2_000))).rejects.toMatchObject({ status: 409, sessionId: running.id });
      expect(await db.quizItem.count({ where: { sessionId: prepared.id, servedAt: { not: null } } })).toBe(0);
      // Another learner is not affected.
      await expect(quiz(omar, { count: 1 }, at(1_000))).resolves.toHaveProperty("id");

      // Ending the attempt records the question on the clock as skipped and frees the learner.
      await endQuiz(db, lena, running.id, at(5_000));
      expect(await db.quizAnswer.findUniqueOrThrow({ where: { itemId: onClock.itemId } })).toMatchObject({ skipped: true, score: 0 });
      await expect(submitQuizAnswer(db, lena, { itemId: onClock.itemId, answer: right(onClock), clientSubmissionId: "after-end" }, at(6_000))).resolves.toMatchObject({ duplicate: true, skipped: true });
      expect(asQuestion(await currentQuizItem(db, lena, prepared.id, at(7_000))).position).toBe(0);
    });

    test("an unfinished attempt has no results, and its answers count in no figure or export", async () => {
      const { id } = await quiz(lena, { count: 2, families: ["replication"], difficulty: "easy", secondsPerQuestion: 60 });
      const first = asQuestion(await currentQuizItem(db, lena, id, T0));
      await submitQuizAnswer(db, lena, { itemId: first.itemId, answer: wrong(first), clientSubmissionId: "unfinished-1" }, at(1_000));
      await expect(quizResults(db, lena, id)).rejects.toBeInstanceOf(QuizNotFinishedError);
      // The learner's own answers export (the mentor page's CSV) does not show it yet.
      expect((await learnerAnswersCsv(db, lena)).split("\r\n").filter((line) => line.includes(",quiz,"))).toHaveLength(0);
      expect(await mentorWeakest(db, lena, at(2_000))).toEqual([]);
      // Once the attempt is over, it shows everywhere.
      await endQuiz(db, lena, id, at(3_000));
      expect((await quizResults(db, lena, id)).items[0].correct).toBe(false);
      expect((await learnerAnswersCsv(db, lena)).split("\r\n").filter((line) => line.includes(",quiz,"))).toHaveLength(1);
      expect((await learnerAnswersCsv(db, lena)).split("\r\n").find((line) => line.includes(",quiz,") && line.includes("Wrong"))).toBeDefined();
    });

    test("today's challenge questions are hidden from results, reveals, the review queue and answer exports until it is taken", async () => {
      const daily = (await dailyQuestions(db, "2026-03-02")).map((q) => q.id);
      const target = daily.find((id) => id.startsWith("replication-"))!;
      const lessonOf = (await db.question.findUniqueOrThrow({ where: { id: target } })).lessonId;
      // Before the challenge: a finished practice quiz that asked the question, and a card of it due.
      const practice = await quiz(lena, { count: 30, lessonId: lessonOf, secondsPerQuestion: 60 }, at(-3_600_000));
      for (let k = 0; ; k++) {
        const item = await currentQuizItem(db, lena, practice.id, at(-3_600_000 + k * 1_000));
        if (item.status === "finished") break;
        await submitQuizAnswer(db, lena, { itemId: item.itemId, answer: right(item), clientSubmissionId: `before-daily-${k}` }, at(-3_600_000 + k * 1_000 + 500));
      }
      await addToReviewQueue(db, lena, { lessonId: lessonOf }, at(-3_600_000));
      const card = await db.card.findUniqueOrThrow({ where: { userId_questionId: { userId: lena, questionId: target } } });
      const before = (await quizResults(db, lena, practice.id, at(1_000))).items.find((i) => i.questionId === target)!;
      expect(before).toMatchObject({ withheld: false, correct: true });

      const { id: dailyId } = await startDailyChallenge(db, lena, T0);
      asQuestion(await currentQuizItem(db, lena, dailyId, at(500)));
      expect(await heldOutQuestions(db, lena, at(1_000))).toEqual(expect.arrayContaining([target]));
      const during = (await quizResults(db, lena, practice.id, at(1_000))).items.find((i) => i.questionId === target)!;
      expect(during).toMatchObject({ withheld: true, correctAnswer: null, correct: null, explanation: "" });
      // The card is not served, and cannot be revealed, while the challenge runs.
      for (let k = 0; k < 40; k++) {
        const next = await nextCard(db, lena, at(1_000));
        if (!next) break;
        expect(next.cardId).not.toBe(card.id);
        await db.card.update({ where: { id: next.cardId }, data: { due: at(10 * 86_400_000) } });
      }
      await expect(revealCard(db, lena, { cardId: card.id, version: card.version }, null, 1_000, at(1_000))).rejects.toThrow("today's challenge");
      expect((await learnerAnswersCsv(db, lena, await heldOutQuestions(db, lena, at(1_000)))).includes(target)).toBe(false);

      // Finished: everything is back.
      await endQuiz(db, lena, dailyId, at(2_000));
      expect(await heldOutQuestions(db, lena, at(3_000))).toEqual([]);
      expect((await quizResults(db, lena, practice.id, at(3_000))).items.find((i) => i.questionId === target)).toMatchObject({ withheld: false, correct: true });
      await expect(revealCard(db, lena, { cardId: card.id, version: card.version }, null, 1_000, at(3_000))).resolves.toMatchObject({ correct: false });
    });
  });
});
