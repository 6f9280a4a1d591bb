// Personal FSRS parameters: fitted from a learner's own history once it is long enough, usable by
// the scheduler, and never at the cost of a working schedule when the fit fails.
import type { Db } from "@/lib/db/database";
import { Rng } from "@/lib/sim/random";
import { DEFAULT_WEIGHTS, FIT_THRESHOLD, newSchedule, rateCard, retrievability, schedulerFor, toFsrs, type CardSchedule, type RatingValue } from "@/lib/practice/scheduler";
import { maybeFitParameters, parameterStatus, reviewHistory, trainingItems, type Optimizer } from "@/lib/practice/optimizer.server";
import { createContent, createUser } from "@/tests/support/content-fixtures";
import { databaseTargets, openTestDatabase } from "@/tests/support/databases";

const DAY = 86_400_000;
const START = new Date("2025-09-01T08:00:00Z");
/** The simulated learner forgets faster than the FSRS-6 defaults assume. */
const TRUE_WEIGHTS = [0.1, 0.6, 1.5, 5, 6.8, 0.9, 3.2, 0.02, 1.4, 0.2, 0.9, 1.8, 0.08, 0.3, 1.5, 0.5, 2, 0.5, 0.1, 0.07, 0.25];

interface SimulatedReview {
  card: number;
  rating: RatingValue;
  reviewedAt: Date;
}

/**
 * A learner who studies `cards` cards, each reviewed when the scheduler says it is due, and
 * remembers it with the probability the "true" model gives: Again when forgotten, else mostly Good.
 */
function simulateLearner(cards: number, reviewsPerCard: number, seed = 7): SimulatedReview[] {
  const rng = new Rng(seed);
  const out: SimulatedReview[] = [];
  for (let c = 0; c < cards; c++) {
    let now = new Date(START.getTime() + rng.int(0, 30) * DAY + rng.int(0, 600) * 60_000);
    let card: CardSchedule = newSchedule(now);
    for (let i = 0; i < reviewsPerCard; i++) {
      const recall = card.lastReview ? retrievability(card, now, TRUE_WEIGHTS)! : 0.5;
      const rating: RatingValue = !rng.chance(recall) ? 1 : rng.chance(0.15) ? 2 : rng.chance(0.1) ? 4 : 3;
      out.push({ card: c, rating, reviewedAt: now });
      card = rateCard({ desiredRetention: 0.9, weights: TRUE_WEIGHTS }, card, rating, now);
      now = new Date(Math.max(card.due.getTime(), now.getTime() + 60_000));
    }
  }
  return out;
}

describe("review histories for the optimizer", () => {
  it("counts whole calendar days between reviews, 0 for the first and for same-day reviews", () => {
    const at = (iso: string) => new Date(iso);
    expect(
      reviewHistory([
        { rating: 1, reviewedAt: at("2026-01-05T23:00:00Z") },
        { rating: 3, reviewedAt: at("2026-01-05T23:10:00Z") },
        { rating: 3, reviewedAt: at("2026-01-06T01:00:00Z") },
        { rating: 4, reviewedAt: at("2026-01-16T00:30:00Z") },
      ]),
    ).toEqual([
      { rating: 1, deltaT: 0 },
      { rating: 3, deltaT: 0 },
      { rating: 3, deltaT: 1 },
      { rating: 4, deltaT: 10 },
    ]);
  });

  it("makes one training item per later-day review, holding the card's history up to it", async () => {
    const optimizer = (await import("@open-spaced-repetition/binding")) as Optimizer;
    const items = trainingItems(optimizer, [
      [{ rating: 3, deltaT: 0 }],
      // Same-day learning steps only: the optimizer cannot use it (and would abort on it).
      [
        { rating: 1, deltaT: 0 },
        { rating: 3, deltaT: 0 },
      ],
      [
        { rating: 1, deltaT: 0 },
        { rating: 3, deltaT: 0 },
        { rating: 3, deltaT: 2 },
        { rating: 4, deltaT: 9 },
      ],
    ]);
    expect(items.map((i) => i.reviews.map((r) => [r.rating, r.deltaT]))).toEqual([
      [
        [1, 0],
        [3, 0],
        [3, 2],
      ],
      [
        [1, 0],
        [3, 0],
        [3, 2],
        [4, 9],
      ],
    ]);
  });
});

/** One lesson with a question per simulated card. */
const QUESTIONS = 80;
const seedContent = (db: Db) => createContent(db, [{ id: "fit-lesson", family: "replication", questions: Array.from({ length: QUESTIONS }, (_, i) => ({ id: `fit-q${i}` })) }]);

describe.each(databaseTargets())("fitting personal parameters on %s", (kind) => {
  const db = openTestDatabase(kind, { seed: seedContent, clearBeforeEach: "users" });
  let userId: string;

  beforeEach(async () => {
    userId = (await createUser(db, "Fay")).id;
  });

  /** Stores the simulated reviews as the review page would have; returns the log rows' ids. */
  async function storeReviews(reviews: SimulatedReview[]): Promise<string[]> {
    const cards = new Map<number, string>();
    for (const c of new Set(reviews.map((r) => r.card))) {
      cards.set(c, (await db.card.create({ data: { userId, questionId: `fit-q${c}`, due: START } })).id);
    }
    const rows = reviews.map((r, i) => ({
      id: `log-${i}-${r.card}`, cardId: cards.get(r.card)!, userId, questionId: `fit-q${r.card}`, rating: r.rating, stateBefore: {}, stateAfter: {}, reviewedAt: r.reviewedAt,
    }));
    await db.reviewLog.createMany({ data: rows });
    return rows.map((r) => r.id);
  }

  const finished = (reviews: SimulatedReview[]) => new Date(Math.max(...reviews.map((r) => r.reviewedAt.getTime())) + DAY);

  test("with enough reviews, fits 21 weights that the scheduler accepts, stores them, and refits only after growth", async () => {
    const reviews = simulateLearner(QUESTIONS, 7); // 560 reviews
    await storeReviews(reviews);
    const now = finished(reviews);
    const before = await parameterStatus(db, userId);
    expect(before).toEqual({ kind: "default", reviews: 560, needed: FIT_THRESHOLD });

    const outcome = await maybeFitParameters(db, userId, now);
    expect(outcome.status).toBe("fitted");
    const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
    const weights = user.fsrsWeights as number[];
    expect(weights).toHaveLength(21);
    expect(weights.every(Number.isFinite)).toBe(true);
    // Fitted to this learner, who forgets faster: memory after a first "Again" is shorter than the defaults assume.
    expect(weights[0]).toBeLessThan(DEFAULT_WEIGHTS[0]);
    expect(user.fsrsFittedOn).toBe(560);
    expect(user.fsrsFittedAt).toEqual(now);

    // ts-fsrs schedules with them: a new card rated Good, then Good again a day later.
    const scheduler = schedulerFor({ desiredRetention: 0.9, weights });
    const first = scheduler.next(toFsrs(newSchedule(now)), now, 3).card;
    expect(first.stability).toBeGreaterThan(0);
    const graduated = rateCard({ desiredRetention: 0.9, weights }, rateCard({ desiredRetention: 0.9, weights }, newSchedule(now), 3, now), 3, new Date(now.getTime() + DAY));
    expect(graduated.due.getTime()).toBeGreaterThan(now.getTime() + DAY);

    expect(await parameterStatus(db, userId)).toMatchObject({ kind: "personal", reviews: 560, fittedOn: 560, fittedAt: now, weights });
    // Not again until the history has grown by a fifth.
    expect(await maybeFitParameters(db, userId, now)).toEqual({ status: "up-to-date", reviews: 560, fittedOn: 560 });
    const cards = await db.card.findMany({ where: { userId }, select: { id: true, questionId: true } });
    await db.reviewLog.createMany({
      data: Array.from({ length: 112 }, (_, i) => ({
        cardId: cards[i % cards.length].id, userId, questionId: cards[i % cards.length].questionId, rating: 3, stateBefore: {}, stateAfter: {},
        reviewedAt: new Date(now.getTime() + (Math.floor(i / cards.length) + 1) * 20 * DAY),
      })),
    });
    const later = new Date(now.getTime() + 60 * DAY);
    expect(await maybeFitParameters(db, userId, later)).toMatchObject({ status: "fitted", reviews: 672 });
    expect(await db.user.findUniqueOrThrow({ where: { id: userId } })).toMatchObject({ fsrsFittedOn: 672, fsrsFittedAt: later });
  });

  test("below the threshold nothing is fitted; undone reviews do not count towards it", async () => {
    const reviews = simulateLearner(58, 7).slice(0, FIT_THRESHOLD + 1);
    const ids = await storeReviews(reviews);
    const last = reviews[reviews.length - 1];
    // Undo two reviews: FIT_THRESHOLD + 1 rows, FIT_THRESHOLD - 1 that count.
    for (const id of ids.slice(-2)) {
      await db.reviewLog.create({
        data: { cardId: (await db.reviewLog.findUniqueOrThrow({ where: { id } })).cardId, userId, questionId: `fit-q${last.card}`, kind: "UNDO", undoesId: id, rating: 0, stateBefore: {}, stateAfter: {}, reviewedAt: last.reviewedAt },
      });
    }
    const outcome = await maybeFitParameters(db, userId, finished(reviews));
    expect(outcome).toEqual({ status: "not-enough-reviews", reviews: FIT_THRESHOLD - 1 });
    expect(await db.user.findUniqueOrThrow({ where: { id: userId } })).toMatchObject({ fsrsWeights: null, fsrsFittedAt: null, fsrsFittedOn: null });
  });

  test("a fit that fails, or a platform without the optimizer, leaves the defaults and logs a warning", async () => {
    const reviews = simulateLearner(QUESTIONS, 6);
    await storeReviews(reviews);
    const warn = jest.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const real = (await import("@open-spaced-repetition/binding")) as Optimizer;
      const failing = async (): Promise<Optimizer> => ({ ...real, computeParameters: async () => Promise.reject(new Error("training diverged")) });
      const nonsense = async (): Promise<Optimizer> => ({ ...real, computeParameters: async () => [1, 2, 3] });
      const missing = async (): Promise<Optimizer> => Promise.reject(new Error("Cannot find native binding"));
      for (const load of [failing, nonsense, missing]) {
        const outcome = await maybeFitParameters(db, userId, finished(reviews), load);
        expect(outcome.status).toBe("failed");
      }
      expect(warn).toHaveBeenCalledTimes(3);
      expect(warn.mock.calls[2][0]).toContain("Cannot find native binding");
      expect(await db.user.findUniqueOrThrow({ where: { id: userId } })).toMatchObject({ fsrsWeights: null, fsrsFittedAt: null, fsrsFittedOn: null });
      expect(await parameterStatus(db, userId)).toMatchObject({ kind: "default" });
    } finally {
      warn.mockRestore();
    }
  });
});
