// The dashboard's aggregations on both databases: what a learner reads there (recall, streak,
// answer times, the forecast, weakest questions) must match the scheduler and their own clock.
import type { Db } from "@/lib/db/database";
import { DEFAULT_WEIGHTS, retrievability, type CardStateName } from "@/lib/practice/scheduler";
import {
  MASTERY_THRESHOLDS,
  decayOf,
  familyRecall,
  learnerDashboard,
  lessonMastery,
  masteryLevel,
  promptExcerpt,
  streak,
  weakestFamily,
  weakestQuestions,
  weeklyActivity,
} from "@/lib/practice/dashboard";
import { addToReviewQueue } from "@/lib/practice/review";
import { createContent, createUser } from "@/tests/support/content-fixtures";
import { rateAsShown } from "@/tests/support/practice";
import { databaseTargets, openTestDatabase } from "@/tests/support/databases";

const DAY = 86_400_000;
const NOW = new Date("2026-03-04T12:00:00Z"); // a Wednesday

describe("mastery levels", () => {
  const lesson = { questions: 3, reviewed: 3, stableFamiliar: 3, stableMastered: 3, recall: 0.95 };
  it("needs every question stable and recall above the threshold", () => {
    expect(masteryLevel({ ...lesson, reviewed: 0, stableFamiliar: 0, stableMastered: 0, recall: null })).toBe("Not started");
    expect(masteryLevel(lesson)).toBe("Mastered");
    expect(masteryLevel({ ...lesson, stableMastered: 2 })).toBe("Familiar");
    expect(masteryLevel({ ...lesson, recall: MASTERY_THRESHOLDS.Mastered.recall - 0.01 })).toBe("Familiar");
    expect(masteryLevel({ ...lesson, stableFamiliar: 2, stableMastered: 2 })).toBe("Learning");
    expect(masteryLevel({ ...lesson, recall: MASTERY_THRESHOLDS.Familiar.recall - 0.01 })).toBe("Learning");
  });
});

describe("weak question excerpts", () => {
  it("joins the first paragraph's wrapped lines and shortens a long one at a word", () => {
    expect(promptExcerpt("A leader crashes\nafter acking a write.\n\nWhat happens?")).toBe("A leader crashes after acking a write.");
    const long = promptExcerpt(`In a cluster with \`quorum = 3\` ${"and many more words ".repeat(12)}`, 60);
    expect(long.length).toBeLessThanOrEqual(61);
    expect(long.endsWith("…")).toBe(true);
    expect(long).toMatch(/^In a cluster with `quorum = 3` and many/);
    expect(promptExcerpt("Compare `x` with `a very long code span that is cut`", 30)).toBe("Compare `x` with a very long…");
  });
});

/** Two lessons of three questions each; every prompt has a second paragraph, every question its own section. */
const questionsOf = (lessonId: string) =>
  [1, 2, 3].map((n) => ({ id: `${lessonId}-q${n}`, prompt: `What does ${lessonId} question ${n} ask?\n\nMore detail on a second line.`, section: `section-${n}` }));
const seedContent = (db: Db) =>
  createContent(db, [
    { id: "rep-lesson", family: "replication", slug: "rep-lesson-slug", questions: questionsOf("rep-lesson") },
    { id: "queue-lesson", family: "queues", slug: "queue-lesson-slug", questions: questionsOf("queue-lesson") },
    { id: "rep-extra", family: "replication", slug: "rep-extra-slug", questions: questionsOf("rep-extra") },
  ]);

describe.each(databaseTargets())("dashboard aggregations on %s", (kind) => {
  const db = openTestDatabase(kind, { seed: seedContent, clearBeforeEach: "users" });
  let userId: string;

  beforeEach(async () => {
    userId = (await createUser(db, "Lena")).id;
  });

  async function card(questionId: string, opts: { state?: CardStateName; stability?: number; lastReview?: Date | null; due?: Date; lapses?: number; suspended?: boolean } = {}) {
    const state = opts.state ?? "REVIEW";
    return db.card.create({
      data: {
        userId,
        questionId,
        state,
        stability: opts.stability ?? (state === "NEW" ? 0 : 10),
        difficulty: 5,
        lastReview: opts.lastReview === undefined ? (state === "NEW" ? null : new Date(NOW.getTime() - 3 * DAY)) : opts.lastReview,
        due: opts.due ?? new Date(NOW.getTime() + 5 * DAY),
        lapses: opts.lapses ?? 0,
        suspended: opts.suspended ?? false,
      },
    });
  }

  async function review(at: Date, opts: { questionId?: string; correct?: boolean | null; durationMs?: number | null } = {}) {
    const questionId = opts.questionId ?? "rep-lesson-q1";
    const c = (await db.card.findUnique({ where: { userId_questionId: { userId, questionId } } })) ?? (await card(questionId));
    return db.reviewLog.create({
      data: { cardId: c.id, userId, questionId, rating: 3, correct: opts.correct === undefined ? true : opts.correct, durationMs: opts.durationMs ?? 5000, stateBefore: {}, stateAfter: {}, reviewedAt: at },
    });
  }

  async function undo(log: { id: string; cardId: string; questionId: string }, at: Date) {
    await db.reviewLog.create({ data: { cardId: log.cardId, userId, questionId: log.questionId, kind: "UNDO", undoesId: log.id, rating: 0, stateBefore: {}, stateAfter: {}, reviewedAt: at } });
  }

  let quizItemSeq = 0;
  async function quizAnswer(at: Date, opts: { correct?: boolean | null; durationMs?: number; answered?: boolean; unfinished?: boolean } = {}) {
    const session = await db.quizSession.create({ data: { userId, config: {}, startedAt: at, finishedAt: opts.unfinished ? null : at } });
    const item = await db.quizItem.create({ data: { sessionId: session.id, questionId: "queue-lesson-q1", position: 0, timeLimitMs: 60_000 } });
    await db.quizAnswer.create({
      data: {
        itemId: item.id,
        userId,
        answer: opts.answered === false ? undefined : "a",
        correct: opts.correct ?? true,
        score: opts.correct === false ? 0 : 1,
        durationMs: opts.durationMs ?? 5000,
        submittedAt: at,
        clientSubmissionId: `sub-${quizItemSeq++}`,
      },
    });
  }

  test("recall per family is the mean FSRS retrievability over cards past their learning steps, as the scheduler computes it", async () => {
    // Five learned cards in replication (the least a family needs for a figure), one back in relearning, one new.
    const learned = await Promise.all(
      ["rep-lesson-q1", "rep-lesson-q2", "rep-lesson-q3", "rep-extra-q1", "rep-extra-q2"].map((q, i) =>
        card(q, { stability: 2 + 7 * i, lastReview: new Date(NOW.getTime() - (1 + 3 * i) * DAY) }),
      ),
    );
    await card("rep-extra-q3", { stability: 30, lastReview: new Date(NOW.getTime() - 2 * 3_600_000), state: "RELEARNING", lapses: 2 });
    // Queues: only cards in their learning steps, rated a moment ago.
    await card("queue-lesson-q1", { stability: 0.8, lastReview: new Date(NOW.getTime() - 2 * 3_600_000), state: "LEARNING" });
    await card("queue-lesson-q2", { state: "NEW" });

    for (const weights of [null, [...DEFAULT_WEIGHTS.slice(0, 20), 0.42]]) {
      const families = await familyRecall(db, userId, NOW, decayOf(weights));
      const rep = families.find((f) => f.slug === "replication")!;
      expect(rep).toMatchObject({ cards: 6, reviewed: 5, lapses: 2 });
      expect(rep.recall).toBeCloseTo(learned.reduce((sum, c) => sum + retrievability(c, NOW, weights)!, 0) / learned.length, 6);
      // A card in its learning steps has no recall figure: it would read near 100 % only because it was just seen.
      expect(families.find((f) => f.slug === "queues")).toMatchObject({ cards: 2, reviewed: 0, recall: null });
      expect(families.find((f) => f.slug === "caching")).toMatchObject({ cards: 0, reviewed: 0, recall: null });
    }
  });

  test("below five learned cards a family shows lapses and recent accuracy, not a percentage", async () => {
    for (const q of ["rep-lesson-q1", "rep-lesson-q2", "rep-lesson-q3", "rep-extra-q1"]) await card(q, { stability: 40, lastReview: new Date(NOW.getTime() - DAY) });
    await review(new Date(NOW.getTime() - 2 * DAY), { correct: false });
    await review(new Date(NOW.getTime() - DAY), { questionId: "rep-lesson-q2", correct: true });
    await quizAnswer(new Date(NOW.getTime() - DAY), { correct: false });
    const rep = (await familyRecall(db, userId, NOW, decayOf(null))).find((f) => f.slug === "replication")!;
    expect(rep).toMatchObject({ reviewed: 4, recall: null, recent: { graded: 2, correct: 1 } });
    const dash = await learnerDashboard(db, userId, NOW);
    expect(dash.totals.recall).toBeNull();
    expect(dash.totals.recent).toEqual({ graded: 3, correct: 1 });
  });

  test("a brand-new learner who pressed Again sees no recall figure and the missed questions as weakest", async () => {
    // As in the app: cards added, then rated through the scheduler.
    await addToReviewQueue(db, userId, { all: true }, new Date(NOW.getTime() - 10 * 60_000));
    const cards = await db.card.findMany({ where: { userId }, orderBy: { questionId: "asc" } });
    const missed = cards.slice(0, 3);
    for (const c of missed) await rateAsShown(db, userId, c.id, 1, "b", new Date(NOW.getTime() - 5 * 60_000));
    await rateAsShown(db, userId, cards[3].id, 3, "a", new Date(NOW.getTime() - 5 * 60_000));

    const dash = await learnerDashboard(db, userId, NOW);
    expect(dash.totals.recall).toBeNull();
    expect(dash.families.every((f) => f.recall === null)).toBe(true);
    expect(weakestFamily(dash.families, 0.9)).toBeNull();
    // Weakest: exactly the three missed, none with a percentage; the one answered right is not weak.
    expect(dash.weakest.map((w) => w.cardId).sort()).toEqual(missed.map((c) => c.id).sort());
    expect(dash.weakest.every((w) => w.missedLast && w.recall === null)).toBe(true);
    expect(dash.totals.recent).toEqual({ graded: 4, correct: 1 });
  });

  test("weakest questions are only those below the recall target or missed last time", async () => {
    // Remembered well: never listed, however many there are.
    for (const q of ["rep-lesson-q1", "rep-extra-q1", "rep-extra-q2"]) await card(q, { stability: 100, lastReview: new Date(NOW.getTime() - DAY) });
    expect(await weakestQuestions(db, userId, NOW, decayOf(null), 0.9)).toEqual([]);
    const faded = await card("queue-lesson-q1", { stability: 2, lastReview: new Date(NOW.getTime() - 20 * DAY) });
    const weak = await weakestQuestions(db, userId, NOW, decayOf(null), 0.9);
    expect(weak.map((w) => w.cardId)).toEqual([faded.id]);
    expect(weak[0].recall).toBeCloseTo(retrievability(faded, NOW)!, 6);
    expect(weak[0].recall).toBeLessThan(0.9);
  });

  test("a learner's personal weights change the recall shown, through the last weight (decay)", async () => {
    const lastReview = new Date(NOW.getTime() - 20 * DAY);
    for (const q of ["rep-lesson-q1", "rep-lesson-q2", "rep-lesson-q3", "rep-extra-q1", "rep-extra-q2"]) await card(q, { stability: 5, lastReview });
    const personal = [...DEFAULT_WEIGHTS.slice(0, 20), 0.6];
    await db.user.update({ where: { id: userId }, data: { fsrsWeights: personal } });
    const dash = await learnerDashboard(db, userId, NOW);
    const expected = retrievability({ state: "REVIEW", stability: 5, lastReview }, NOW, personal)!;
    expect(dash.totals.recall).toBeCloseTo(expected, 6);
    expect(expected).not.toBeCloseTo(retrievability({ state: "REVIEW", stability: 5, lastReview }, NOW)!, 3);
  });

  test("weakest questions show the prompt's first line and where to re-read; retired questions are left out", async () => {
    await card("rep-lesson-q2", { stability: 1, lastReview: new Date(NOW.getTime() - 10 * DAY), lapses: 4 });
    await card("rep-lesson-q3", { stability: 1, lastReview: new Date(NOW.getTime() - 10 * DAY), lapses: 1 });
    await card("queue-lesson-q2", { stability: 0.5, lastReview: new Date(NOW.getTime() - 10 * DAY) });
    await db.question.update({ where: { id: "queue-lesson-q2" }, data: { retiredAt: NOW } });
    try {
      const weakest = await weakestQuestions(db, userId, NOW, decayOf(null), 0.9);
      // Equal recall: more lapses first.
      expect(weakest.map((w) => w.questionId)).toEqual(["rep-lesson-q2", "rep-lesson-q3"]);
      expect(weakest[0]).toMatchObject({
        prompt: "What does rep-lesson question 2 ask?",
        family: "replication",
        lessonSlug: "rep-lesson-slug",
        section: "section-2",
        lapses: 4,
      });
    } finally {
      await db.question.update({ where: { id: "queue-lesson-q2" }, data: { retiredAt: null } });
    }
  });

  test("mastery per lesson follows the cards' state, stability and recall", async () => {
    const fresh = new Date(NOW.getTime() - DAY);
    for (const n of [1, 2, 3]) await card(`rep-lesson-q${n}`, { stability: MASTERY_THRESHOLDS.Mastered.stabilityDays + 5, lastReview: fresh });
    await card("queue-lesson-q1", { stability: 2, lastReview: fresh });
    // Rated once and still in its learning steps: the lesson is being learned, though no recall is shown yet.
    await card("rep-extra-q1", { state: "LEARNING", stability: 0.5, lastReview: fresh });
    const lessons = await lessonMastery(db, userId, NOW, decayOf(null));
    expect(lessons.map((l) => [l.lessonId, l.level, l.questions, l.reviewed])).toEqual([
      ["rep-lesson", "Mastered", 3, 3],
      ["rep-extra", "Learning", 3, 1],
      ["queue-lesson", "Learning", 3, 1],
    ]);
  });

  test("the streak counts consecutive days in the learner's time zone, reviews and quiz answers alike", async () => {
    // 02:00 UTC on Tuesday is Monday evening in Los Angeles; 10:00 UTC Wednesday is early Wednesday there.
    await review(new Date("2026-03-03T02:00:00Z"));
    await review(new Date("2026-03-04T10:00:00Z"));
    expect(await streak(db, userId, NOW, "UTC")).toMatchObject({ current: 2, longest: 2, activeToday: true, activeDays: 2, lastActiveDay: "2026-03-04" });
    expect(await streak(db, userId, NOW, "America/Los_Angeles")).toMatchObject({ current: 1, longest: 1, activeToday: true, activeDays: 2 });

    // A quiz answer on Tuesday noon in Los Angeles fills the gap there.
    await quizAnswer(new Date("2026-03-03T20:00:00Z"));
    expect(await streak(db, userId, NOW, "America/Los_Angeles")).toMatchObject({ current: 3, longest: 3, activeDays: 3 });
    // In Tokyo the three moments fall on Tuesday, Wednesday (05:00) and Wednesday (19:00).
    expect(await streak(db, userId, NOW, "Asia/Tokyo")).toMatchObject({ current: 2, activeDays: 2, lastActiveDay: "2026-03-04" });
  });

  test("a streak survives until the end of today, an undone review does not count, and the longest run is kept", async () => {
    for (const day of ["2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23"]) await review(new Date(`${day}T09:00:00Z`));
    await review(new Date("2026-03-03T09:00:00Z"));
    const undone = await review(new Date("2026-03-04T08:00:00Z"));
    await undo(undone, new Date("2026-03-04T08:00:05Z"));
    // Yesterday counts until today ends; today's review was undone.
    expect(await streak(db, userId, NOW, "UTC")).toMatchObject({ current: 1, longest: 4, activeToday: false, activeDays: 5, lastActiveDay: "2026-03-03" });
    // Two days later the run is broken.
    expect(await streak(db, userId, new Date(NOW.getTime() + 2 * DAY), "UTC")).toMatchObject({ current: 0, longest: 4 });
    // Activity after `now` is not counted (the dashboard as of a moment).
    expect(await streak(db, userId, new Date("2026-02-21T12:00:00Z"), "UTC")).toMatchObject({ current: 2, longest: 2, activeDays: 2 });
  });

  test("accuracy and median answer time per local week", async () => {
    // This week (from Monday 2026-03-02): three reviews and two quiz answers, one timed out.
    await review(new Date("2026-03-02T09:00:00Z"), { durationMs: 1000, correct: true });
    await review(new Date("2026-03-03T09:00:00Z"), { questionId: "rep-lesson-q2", durationMs: 3000, correct: false });
    await review(new Date("2026-03-04T09:00:00Z"), { questionId: "rep-lesson-q3", durationMs: 10_000, correct: null }); // self-rated
    await quizAnswer(new Date("2026-03-03T10:00:00Z"), { durationMs: 5000, correct: true });
    await quizAnswer(new Date("2026-03-03T11:00:00Z"), { durationMs: 60_000, correct: false, answered: false });
    // An answer in an attempt still running counts nowhere: its grade must not show through a moving accuracy.
    await quizAnswer(new Date("2026-03-03T12:00:00Z"), { durationMs: 2000, correct: true, unfinished: true });
    // Sunday 23:30 UTC is Monday 00:30 in Berlin: last week in UTC, this week in Berlin.
    await review(new Date("2026-03-01T23:30:00Z"), { questionId: "queue-lesson-q1", durationMs: 7000, correct: true });

    const utc = await weeklyActivity(db, userId, NOW, "UTC");
    expect(utc).toHaveLength(12);
    expect(utc[0].week).toBe("2025-12-15");
    const thisWeek = utc[11];
    expect(thisWeek).toMatchObject({ week: "2026-03-02", reviews: 3, quizAnswers: 1, graded: 3, correct: 2 });
    expect(thisWeek.accuracy).toBeCloseTo(2 / 3, 6);
    expect(thisWeek.medianMs).toBe(4000); // median of 1, 3, 5, 10 s (the timed-out item is left out)
    expect(utc[10]).toMatchObject({ week: "2026-02-23", reviews: 1, medianMs: 7000 });
    expect(utc[9]).toMatchObject({ reviews: 0, quizAnswers: 0, accuracy: null, medianMs: null });

    const berlin = await weeklyActivity(db, userId, NOW, "Europe/Berlin");
    expect(berlin[11]).toMatchObject({ week: "2026-03-02", reviews: 4, medianMs: 5000 }); // 1, 3, 5, 7, 10 s
    expect(berlin[10]).toMatchObject({ reviews: 0 });
  });

  test("the dashboard's forecast counts due reviews per local day for 14 days", async () => {
    await card("rep-lesson-q1", { due: new Date(NOW.getTime() - 3 * DAY) }); // overdue: today
    await card("rep-lesson-q2", { due: new Date("2026-03-04T23:00:00Z") }); // today in UTC, tomorrow in Tokyo
    await card("rep-lesson-q3", { due: new Date(NOW.getTime() + 13 * DAY) });
    await card("queue-lesson-q1", { due: new Date(NOW.getTime() + 20 * DAY) }); // beyond the window
    await card("queue-lesson-q2", { state: "NEW", due: NOW }); // new cards are not reviews
    await card("queue-lesson-q3", { due: NOW, suspended: true });

    const utc = await learnerDashboard(db, userId, NOW);
    expect(utc.forecast).toHaveLength(14);
    expect(utc.forecast[0]).toEqual({ date: "2026-03-04", due: 2 });
    expect(utc.forecast[13]).toEqual({ date: "2026-03-17", due: 1 });
    expect(utc.forecast.reduce((n, d) => n + d.due, 0)).toBe(3);

    await db.user.update({ where: { id: userId }, data: { timezone: "Asia/Tokyo" } });
    const tokyo = await learnerDashboard(db, userId, NOW);
    expect(tokyo.forecast.slice(0, 2)).toEqual([
      { date: "2026-03-04", due: 1 },
      { date: "2026-03-05", due: 1 },
    ]);
  });

  test("a new learner's dashboard is empty; one review makes it not", async () => {
    const empty = await learnerDashboard(db, userId, NOW);
    expect(empty.empty).toBe(true);
    expect(empty.streak.current).toBe(0);
    expect(empty.lessons.every((l) => l.level === "Not started")).toBe(true);
    await review(new Date(NOW.getTime() - DAY));
    const dash = await learnerDashboard(db, userId, NOW);
    expect(dash.empty).toBe(false);
    expect(dash.totals).toMatchObject({ cards: 1, reviewedCards: 1, reviews: 1, quizAnswers: 0 });
    expect(dash.streak).toMatchObject({ current: 1, activeToday: false });
  });
});
