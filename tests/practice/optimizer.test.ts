// Personal FSRS parameters: fitted from a learner's own history once it is long enough, usable by
// the scheduler, and never at the cost of a working schedule when the fit fails.
import { openDatabase, type Database, type Db } from "@/lib/db/database";
import { DEFAULT_WEIGHTS, FIT_THRESHOLD, newSchedule, rateCard, schedulerFor, toFsrs } from "@/lib/practice/scheduler";
import { FIT_CLAIM_TTL_MS, fitParametersAfterRating, maybeFitParameters, parameterStatus, reviewHistory, trainingItems, type Optimizer } from "@/lib/practice/optimizer.server";
import { createContent, createUser } from "@/tests/support/content-fixtures";
import { createTestDatabase, databaseTargets, openTestDatabase, type DatabaseKind, type TestDatabase } from "@/tests/support/databases";
import { afterHistory as finished, simulateLearner, storeReviews as storeLearnerReviews, type SimulatedReview } from "@/tests/support/review-history";

const DAY = 86_400_000;

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

  const storeReviews = (reviews: SimulatedReview[]) => storeLearnerReviews(db, userId, reviews, (card) => `fit-q${card}`);

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

  test("after each rating, a fit starts at the very rating that makes it due, and the ratings before it read nothing", async () => {
    const reviews = simulateLearner(QUESTIONS, 7).slice(0, FIT_THRESHOLD);
    await storeReviews(reviews.slice(0, FIT_THRESHOLD - 4));
    const loads: number[] = [];
    const real = (await import("@open-spaced-repetition/binding")) as Optimizer;
    const load = async () => (loads.push(1), real);
    const now = finished(reviews);
    // Four reviews short: checked once, then the next three ratings cannot make a fit due.
    expect(await fitParametersAfterRating(db, userId, now, load)).toEqual({ status: "not-enough-reviews", reviews: FIT_THRESHOLD - 4 });
    const outcomes = [];
    const card = await db.card.findFirstOrThrow({ where: { userId } });
    for (let i = FIT_THRESHOLD - 4; i < FIT_THRESHOLD; i++) {
      // One more rating of a card the learner has (the rating's own write is not what is tested here).
      await db.reviewLog.create({ data: { id: `rating-${userId}-${i}`, cardId: card.id, userId, questionId: card.questionId, rating: reviews[i].rating, stateBefore: {}, stateAfter: {}, reviewedAt: reviews[i].reviewedAt } });
      outcomes.push(await fitParametersAfterRating(db, userId, now, load));
    }
    expect(outcomes.slice(0, 3)).toEqual([null, null, null]);
    expect(outcomes[3]).toMatchObject({ status: "fitted", reviews: FIT_THRESHOLD });
    expect(loads).toHaveLength(1);
    expect(await db.user.findUniqueOrThrow({ where: { id: userId } })).toMatchObject({ fsrsFittedOn: FIT_THRESHOLD });
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

/** The optimizer module as another instance has it: its own copy, sharing nothing in memory with this one. */
async function moduleOfAnotherInstance(): Promise<typeof import("@/lib/practice/optimizer.server")> {
  let loaded: typeof import("@/lib/practice/optimizer.server") | undefined;
  await jest.isolateModulesAsync(async () => {
    loaded = await import("@/lib/practice/optimizer.server");
  });
  return loaded!;
}

describe.each(databaseTargets())("one fit at a time per learner, across instances, on %s", (kind: DatabaseKind) => {
  let database: TestDatabase;
  /** The second instance's connection: its own pool on PostgreSQL; PGlite serves one process only. */
  let other: Database | null = null;
  let userId: string;
  let now: Date;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await seedContent(database.prisma);
    if (database.url) other = openDatabase({ url: database.url });
  });
  afterAll(async () => {
    await other?.close();
    await database?.dispose();
  });
  beforeEach(async () => {
    await database.prisma.user.deleteMany();
    userId = (await createUser(database.prisma, "Fay")).id;
    const reviews = simulateLearner(QUESTIONS, 7);
    await storeLearnerReviews(database.prisma, userId, reviews, (card) => `fit-q${card}`);
    now = finished(reviews);
  });

  test("while one instance fits a learner's parameters another does not start a second fit, and afterwards finds them up to date", async () => {
    const real = (await import("@open-spaced-repetition/binding")) as Optimizer;
    const [first, second] = [await moduleOfAnotherInstance(), await moduleOfAnotherInstance()];
    const secondDb = other?.prisma ?? database.prisma;
    let fits = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let firstFitting!: () => void;
    const fitting = new Promise<void>((resolve) => (firstFitting = resolve));
    let secondFitting!: (outcome: string) => void;
    const fittingTwice = new Promise<string>((resolve) => (secondFitting = resolve));
    // An optimizer that holds each fit until the gate opens, so the two calls surely overlap.
    const held = async (): Promise<Optimizer> => ({
      ...real,
      computeParameters: async (...args: Parameters<Optimizer["computeParameters"]>) => {
        if (++fits === 1) firstFitting();
        else secondFitting("a second fit started while the first ran");
        await gate;
        return real.computeParameters(...args);
      },
    });

    const firstFit = first.maybeFitParameters(database.prisma, userId, now, held);
    await fitting;
    const secondOutcome = await Promise.race([second.maybeFitParameters(secondDb, userId, now, held), fittingTwice]);
    release();
    expect(secondOutcome).toEqual({ status: "busy" });
    expect(await firstFit).toMatchObject({ status: "fitted", reviews: 560 });
    expect(fits).toBe(1);
    // The claim is given back, and the fit that landed is seen as current rather than repeated.
    expect(await database.prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { fsrsFitClaimedAt: true, fsrsFittedOn: true } })).toEqual({ fsrsFitClaimedAt: null, fsrsFittedOn: 560 });
    expect(await second.maybeFitParameters(secondDb, userId, now, held)).toEqual({ status: "up-to-date", reviews: 560, fittedOn: 560 });
    expect(fits).toBe(1);
  });

  test("a claim left by an instance that stopped mid-fit holds until it expires, then another instance fits", async () => {
    const claimedAgo = (ms: number) => database.prisma.user.update({ where: { id: userId }, data: { fsrsFitClaimedAt: new Date(Date.now() - ms) } });
    await claimedAgo(60_000);
    expect(await maybeFitParameters(database.prisma, userId, now)).toEqual({ status: "busy" });
    expect(await database.prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { fsrsFittedOn: true } })).toEqual({ fsrsFittedOn: null });

    await claimedAgo(FIT_CLAIM_TTL_MS + 60_000);
    expect(await maybeFitParameters(database.prisma, userId, now)).toMatchObject({ status: "fitted", reviews: 560 });
    expect(await database.prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { fsrsFitClaimedAt: true, fsrsFittedOn: true } })).toEqual({ fsrsFitClaimedAt: null, fsrsFittedOn: 560 });
  });
});
