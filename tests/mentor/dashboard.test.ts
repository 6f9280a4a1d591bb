// The cohort dashboard on a small hand-made cohort, on both databases. Expected figures are worked
// out by hand below. Retrievability uses FSRS-6's defining property: a card reviewed exactly S
// days ago (S = its stability) is recalled with probability 0.9, and one reviewed just now with 1.
import { forgetting_curve } from "ts-fsrs";
import { cohortDashboard, cohortSeries, cohortWeekTotals, DEFAULT_DECAY } from "@/lib/mentor/dashboard";
import { createUser } from "@/tests/support/content-fixtures";
import { databaseTargets, openTestDatabase } from "@/tests/support/databases";
import { DAY, joinCohort, makeCard, makeQuestions, makeQuizAnswer, makeReview, undoReview } from "./fixtures";

const now = new Date("2025-03-12T12:00:00Z"); // a Wednesday
const ago = (days: number) => new Date(now.getTime() - days * DAY);
const HOUR = 3_600_000;

describe.each(databaseTargets())("cohort dashboard on %s", (kind) => {
  const db = openTestDatabase(kind);
  let ids: Record<string, string>;
  let cohortId: string;
  let mentorId: string;
  let otherMentorId: string;

  beforeAll(async () => {
    const q = await makeQuestions(db, ["replication", "partitioning", "caching"], 12);
    const mentor = await createUser(db, "Mo Mentor", { role: "MENTOR" });
    const otherMentor = await createUser(db, "Other Mentor", { role: "MENTOR" });
    mentorId = mentor.id;
    otherMentorId = otherMentor.id;
    const cohort = await db.cohort.create({ data: { name: "Cohort A", mentorId: mentor.id } });
    const otherCohort = await db.cohort.create({ data: { name: "Someone else's", mentorId: otherMentor.id } });
    cohortId = cohort.id;

    // Ann: active, no flags.
    const ann = await createUser(db, "Ann");
    await joinCohort(db, cohort.id, ann.id, ago(60));
    const [r1, r2] = q.replication;
    const [p1, p2, p3] = q.partitioning;
    const c1 = await makeCard(db, ann.id, r1, { stability: 10, lastReview: ago(10), due: ago(2) }); // R 0.9, overdue
    await makeCard(db, ann.id, r2, { stability: 4, lastReview: ago(4), due: new Date(now.getTime() - HOUR) }); // R 0.9, due
    await makeCard(db, ann.id, p1, { stability: 3, lastReview: now, due: ago(-3) }); // R 1.0, not due
    await makeCard(db, ann.id, p2, { stability: 2, lastReview: ago(2), due: ago(5), leech: true, suspended: true, lapses: 8 }); // R 0.9, suspended: not due
    await makeCard(db, ann.id, p3, { state: "NEW", stability: 0, due: ago(1) }); // new: neither due nor in recall
    // Reviews: last 7 days ratings 3, 3, 1, 4 (+ one Again that was undone); previous 7 days 3, 3; one older.
    for (const [rating, days] of [[3, 1], [3, 2], [1, 3], [4, 0.05]] as const) await makeReview(db, c1, ann.id, r1, rating, ago(days));
    const undone = await makeReview(db, c1, ann.id, r1, 1, ago(4));
    await undoReview(db, undone, c1, ann.id, r1, new Date(ago(4).getTime() + 5000));
    for (const days of [8, 9]) await makeReview(db, c1, ann.id, r1, 3, ago(days));
    await makeReview(db, c1, ann.id, r1, 2, ago(20));
    // Quiz answers in the last 30 days: right (10 s), wrong (20 s), free text (40 s, not graded), timed out (60 s).
    await makeQuizAnswer(db, ann.id, r1, { answer: "a", correct: true, durationMs: 10_000, at: ago(2) });
    await makeQuizAnswer(db, ann.id, r2, { answer: "b", correct: false, durationMs: 20_000, at: ago(10) });
    await makeQuizAnswer(db, ann.id, p1, { answer: "Quorums overlap.", correct: null, durationMs: 40_000, at: ago(3) });
    await makeQuizAnswer(db, ann.id, p2, { answer: null, correct: false, durationMs: 60_000, at: ago(12) });
    await makeQuizAnswer(db, ann.id, p3, { answer: "a", correct: true, durationMs: 1_000, at: ago(45) }); // outside 30 days

    // Bob: inactive for 10 days and a backlog (3 overdue > 2 × his daily limit of 1): two flags.
    const bob = await createUser(db, "Bob", { dailyReviewLimit: 1 });
    await joinCohort(db, cohort.id, bob.id, ago(60));
    for (const qid of q.caching.slice(0, 3)) {
      const c = await makeCard(db, bob.id, qid, { stability: 5, lastReview: ago(10), due: ago(5) });
      await makeReview(db, c, bob.id, qid, 3, ago(10));
    }

    // Cat: backlog only, 11 overdue cards > 2 × her daily limit of 5; reviewed yesterday.
    const cat = await createUser(db, "Cat", { dailyReviewLimit: 5 });
    await joinCohort(db, cohort.id, cat.id, ago(60));
    for (const qid of q.caching.slice(0, 11)) await makeCard(db, cat.id, qid, { stability: 1, lastReview: ago(3), due: ago(2) });
    const catCard = await db.card.findFirstOrThrow({ where: { userId: cat.id } });
    await makeReview(db, catCard, cat.id, catCard.questionId, 3, ago(1));

    // Dan: recall falling: previous week 10 of 10 recalled, this week 5 of 10.
    const dan = await createUser(db, "Dan");
    await joinCohort(db, cohort.id, dan.id, ago(60));
    const danCard = await makeCard(db, dan.id, r1, { stability: 3, lastReview: ago(0.5), due: ago(-2) });
    for (let i = 0; i < 10; i++) await makeReview(db, danCard, dan.id, r1, 3, ago(8 + i * 0.5));
    for (let i = 0; i < 10; i++) await makeReview(db, danCard, dan.id, r1, i < 5 ? 1 : 3, ago(0.5 + i * 0.5));

    // Eve joined two days ago and has not practised yet: not inactive. Fay left; Gus is in another mentor's cohort.
    const eve = await createUser(db, "Eve");
    await joinCohort(db, cohort.id, eve.id, ago(2));
    const fay = await createUser(db, "Fay");
    await joinCohort(db, cohort.id, fay.id, ago(60), ago(1));
    const gus = await createUser(db, "Gus");
    await joinCohort(db, otherCohort.id, gus.id, ago(60));
    ids = { ann: ann.id, bob: bob.id, cat: cat.id, dan: dan.id, eve: eve.id, fay: fay.id, gus: gus.id };
  });

  it("computes each learner's figures as worked out by hand", async () => {
    const board = await cohortDashboard(db, mentorId, cohortId, now);
    const ann = board!.learners.find((l) => l.userId === ids.ann)!;
    expect(ann.flags).toEqual([]);
    expect(ann.reviews7d).toBe(4); // the undone Again does not count
    expect(ann.recallRate7d).toBeCloseTo(3 / 4, 10);
    expect(ann.recallRatePrev7d).toBe(1);
    expect(ann.due).toBe(2);
    expect(ann.overdue).toBe(1);
    expect(ann.leeches).toBe(1);
    expect(ann.quizAnswers7d).toBe(2);
    expect(ann.quizGraded).toBe(3); // right, wrong, timed out; free text is not graded
    expect(ann.quizAccuracy).toBeCloseTo(1 / 3, 10);
    expect(ann.medianAnswerMs).toBe(20_000); // median of 10, 20, 40 s; the timeout gave no answer
    expect(ann.lastActiveAt?.toISOString()).toBe(ago(0.05).toISOString());
    // Recall: replication cards at t = S (0.9, 0.9); partitioning at t = 0 (1.0) and t = S (0.9).
    expect(ann.recallByFamily.replication).toEqual({ recall: expect.closeTo(0.9, 6), cards: 2 });
    expect(ann.recallByFamily.partitioning).toEqual({ recall: expect.closeTo(0.95, 6), cards: 2 });
    expect(ann.recallByFamily.caching).toBeUndefined();
    expect(ann.recall).toBeCloseTo((0.9 + 0.9 + 1 + 0.9) / 4, 6);
  });

  it("totals the current learners' last 7 days and the 7 before for the page header", async () => {
    const board = await cohortDashboard(db, mentorId, cohortId, now);
    // Last 7 days: Ann 4 (3 recalled), Cat 1 (1), Dan 10 (5). The 7 before: Ann 2 (2), Bob 3 (3), Dan 10 (10).
    expect(cohortWeekTotals(board!.learners)).toEqual({
      reviews7d: 15,
      recallRate7d: 9 / 15,
      reviewsPrev7d: 15,
      recallRatePrev7d: 1,
    });
  });

  it("uses the same forgetting curve as ts-fsrs, with the learner's own decay when fitted", async () => {
    // Dan's only card: S = 3 days, reviewed 12 hours ago.
    const board = await cohortDashboard(db, mentorId, cohortId, now);
    const dan = board!.learners.find((l) => l.userId === ids.dan)!;
    expect(dan.recall).toBeCloseTo(forgetting_curve(DEFAULT_DECAY, 0.5, 3), 6);
    const weights = Array.from({ length: 21 }, (_, i) => (i === 20 ? 0.5 : 1));
    await db.user.update({ where: { id: ids.dan }, data: { fsrsWeights: weights } });
    try {
      const fitted = (await cohortDashboard(db, mentorId, cohortId, now))!.learners.find((l) => l.userId === ids.dan)!;
      expect(fitted.recall).toBeCloseTo(forgetting_curve(0.5, 0.5, 3), 6);
      expect(fitted.recall).not.toBeCloseTo(dan.recall!, 3);
    } finally {
      await db.user.update({ where: { id: ids.dan }, data: { fsrsWeights: undefined } });
    }
  });

  it("surfaces learners needing attention first: most flags, then largest overdue backlog", async () => {
    const board = await cohortDashboard(db, mentorId, cohortId, now);
    const names = board!.learners.map((l) => [l.name, l.flags]);
    expect(names).toEqual([
      ["Bob", ["backlog", "inactive"]],
      ["Cat", ["backlog"]],
      ["Dan", ["recallFalling"]],
      ["Ann", []],
      ["Eve", []],
    ]);
    const bob = board!.learners[0];
    expect(bob.overdue).toBe(3);
    expect(bob.lastActiveAt?.toISOString()).toBe(ago(10).toISOString());
    expect(board!.learners[2].recallRate7d).toBe(0.5);
  });

  it("shows a mentor only their own cohort's current learners", async () => {
    const board = await cohortDashboard(db, mentorId, cohortId, now);
    const listed = board!.learners.map((l) => l.userId);
    expect(listed).not.toContain(ids.fay); // left
    expect(listed).not.toContain(ids.gus); // another mentor's cohort
    expect(await cohortDashboard(db, otherMentorId, cohortId, now)).toBeNull();
  });

  it("gives weekly reviews and recall for the cohort's current learners", async () => {
    const series = await cohortSeries(db, cohortId, now, 4);
    expect(series.map((w) => w.week.toISOString().slice(0, 10))).toEqual(["2025-02-17", "2025-02-24", "2025-03-03", "2025-03-10"]);
    const [first, , prev, current] = series;
    // Week of Mon 10 March (to Wed 12:00): Ann 3 (all recalled), Cat 1 (recalled), Dan 5 (all Again).
    expect(current.reviews).toBe(9);
    expect(current.recallRate).toBeCloseTo(4 / 9, 10);
    // Week of 3 March: Ann 3 (one Again; the undone rating is gone), Dan 5 + 4 (all Good). Bob's are on 2 March.
    expect(prev.reviews).toBe(12);
    expect(prev.recallRate).toBeCloseTo(11 / 12, 10);
    // Week of 17 February: only Ann's Hard on 20 February; no quizzes.
    expect(first).toEqual({ week: new Date("2025-02-17T00:00:00Z"), reviews: 1, recallRate: 1, quizAnswers: 0, quizAccuracy: null });
    // Ann's quiz answers: Mon 10 March (right) this week, Sun 9 March (free text, ungraded) the week before.
    expect([current.quizAnswers, current.quizAccuracy]).toEqual([1, 1]);
    expect([prev.quizAnswers, prev.quizAccuracy]).toEqual([1, null]);
  });
});
