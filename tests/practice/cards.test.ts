// The card browser against both databases: filters list the right cards, a card's page shows its
// memory state and every log row, and suspend / resume / reset / forget change what they say,
// bump the card's version (so a review screen showing the old version cannot rate it), keep the
// log append-only, and never touch another learner's card.
import type { Db } from "@/lib/db/database";
import { NotFoundError } from "@/lib/errors";
import { browseCards, cardDetail, parseCardFilters, resumeCard, startCardOver, suspendCard, withheldQuestions, type CardFilters } from "@/lib/practice/cards";
import { addToReviewQueue, nextCard, submitReview, undoLastReview } from "@/lib/practice/review";
import { startDailyChallenge, currentQuizItem } from "@/lib/practice/quiz";
import { reviewHistories } from "@/lib/practice/optimizer.server";
import { SINGLE_CHOICE, createContent, createUser } from "@/tests/support/content-fixtures";
import { cardAsShown, rateAsShown } from "@/tests/support/practice";
import { databaseTargets, openTestDatabase } from "@/tests/support/databases";

const T0 = new Date("2026-03-02T10:00:00.000Z");
const MINUTE = 60_000;
const DAY = 86_400_000;
const at = (ms: number) => new Date(T0.getTime() + ms);
const all = (f: Partial<CardFilters> = {}): CardFilters => ({ sort: "due", page: 1, ...f });

const seedContent = (db: Db) =>
  createContent(db, [
    { id: "fx-raft", family: "consensus", questions: Array.from({ length: 4 }, (_, i) => ({ id: `raft-${i}`, data: SINGLE_CHOICE })) },
    { id: "fx-cache", family: "caching", questions: Array.from({ length: 3 }, (_, i) => ({ id: `cache-${i}`, data: SINGLE_CHOICE })) },
  ]);

describe("card browser filters from the URL", () => {
  it("keeps what it understands and names what it dropped", () => {
    expect(parseCardFilters({ family: "caching", state: "review", due: "week", lapses: "2", sort: "lapses", page: "3" })).toEqual({
      filters: { family: "caching", state: "review", due: "week", lapses: 2, sort: "lapses", page: 3 },
      problems: [],
    });
    expect(parseCardFilters({ family: "astrology", state: "", lapses: "-1", page: "x" })).toEqual({ filters: { sort: "due", page: 1 }, problems: ["family", "lapses", "page"] });
  });
});

describe.each(databaseTargets())("card browser on %s", (kind) => {
  const db = openTestDatabase(kind, { seed: seedContent, clearBeforeEach: "users" });
  let lena: string;
  let omar: string;

  beforeEach(async () => {
    lena = (await createUser(db, "Lena")).id;
    omar = (await createUser(db, "Omar")).id;
    await addToReviewQueue(db, lena, { all: true }, T0);
    await addToReviewQueue(db, omar, { all: true }, T0);
  });

  const cardOf = (questionId: string, userId = lena) => db.card.findUniqueOrThrow({ where: { userId_questionId: { userId, questionId } } });
  const ids = async (f: Partial<CardFilters>, now = at(MINUTE)) => (await browseCards(db, lena, all(f), now)).cards.map((c) => c.questionId).sort();

  test("filters by family, lesson, state, due date and lapses, and lists only the learner's own cards", async () => {
    const raft0 = await cardOf("raft-0");
    // raft-0: learned (two Goods), lapsed, relearned, lapsed again 20 days in; raft-1: learned on day 19; cache-0: suspended.
    for (const [rating, t] of [[3, 0], [3, 10 * MINUTE], [1, 5 * DAY], [3, 5 * DAY + 10 * MINUTE], [1, 20 * DAY]] as const) {
      await rateAsShown(db, lena, raft0.id, rating, "a", at(t));
    }
    const raft1 = await cardOf("raft-1");
    for (const t of [19 * DAY, 19 * DAY + 10 * MINUTE]) await rateAsShown(db, lena, raft1.id, 3, "a", at(t));
    expect(await suspendCard(db, lena, (await cardOf("cache-0")).id, at(DAY))).toBe(true);

    const now = at(20 * DAY + MINUTE);
    expect((await browseCards(db, lena, all(), now)).total).toBe(7);
    expect(await ids({ family: "caching" }, now)).toEqual(["cache-0", "cache-1", "cache-2"]);
    expect(await ids({ lesson: "fx-raft" }, now)).toEqual(["raft-0", "raft-1", "raft-2", "raft-3"]);
    expect(await ids({ state: "suspended" }, now)).toEqual(["cache-0"]);
    expect(await ids({ state: "new" }, now)).toEqual(["cache-1", "cache-2", "raft-2", "raft-3"]);
    expect(await ids({ state: "relearning" }, now)).toEqual(["raft-0"]);
    expect(await ids({ state: "review" }, now)).toEqual(["raft-1"]);
    expect(await ids({ lapses: 2 }, now)).toEqual(["raft-0"]);
    // raft-0 comes back within minutes (its relearning step); raft-1's first interval is days long.
    const raft1Due = (await cardOf("raft-1")).due;
    expect(raft1Due.getTime()).toBeGreaterThan(at(21 * DAY).getTime());
    const inAWeek = raft1Due.getTime() < now.getTime() + 7 * DAY;
    expect(await ids({ due: "later" }, now)).toEqual(inAWeek ? [] : ["raft-1"]);
    expect(await ids({ due: "week", family: "consensus" }, now)).toEqual(inAWeek ? ["raft-0", "raft-1", "raft-2", "raft-3"] : ["raft-0", "raft-2", "raft-3"]);
    expect(await ids({ due: "today", family: "consensus" }, now)).toEqual(["raft-0", "raft-2", "raft-3"]);
    expect(await ids({ due: "now" }, now)).toEqual(["cache-1", "cache-2", "raft-2", "raft-3"]);
    // Sorted by lapses, the lapsed card comes first; recall is shown only past the learning steps.
    const byLapses = await browseCards(db, lena, all({ sort: "lapses" }), now);
    expect(byLapses.cards[0]).toMatchObject({ questionId: "raft-0", lapses: 2, state: "RELEARNING", recall: null });
    expect(byLapses.cards.find((c) => c.questionId === "raft-1")?.recall).toBeGreaterThan(0);
    // Omar's cards are his: none of Lena's filters or changes show or touch them.
    expect((await browseCards(db, omar, all({ state: "suspended" }), now)).total).toBe(0);
  });

  test("a card's page shows its memory state and every row of its log, with answers in words", async () => {
    const card = await cardOf("raft-0");
    await rateAsShown(db, lena, card.id, 3, "a", at(0));
    await rateAsShown(db, lena, card.id, 1, "b", at(10 * MINUTE));
    expect(await undoLastReview(db, lena, at(11 * MINUTE))).toEqual({ cardId: card.id });
    await rateAsShown(db, lena, card.id, 3, "a", at(12 * MINUTE));

    const detail = await cardDetail(db, lena, card.id, at(13 * MINUTE));
    // Two Goods take a new card through its learning steps (1 and 10 minutes) into review.
    expect(detail.memory).toMatchObject({ state: "REVIEW", reps: 2, lapses: 0, suspended: false });
    expect(detail.memory.stability).toBeGreaterThan(0);
    expect(detail.memory.recall).toBeGreaterThan(0.99);
    expect(detail.withheld).toBe(false);
    expect(detail.history.map((h) => [h.kind, h.rating, h.correct, h.answer, h.undone])).toEqual([
      ["REVIEW", 3, true, "Right", false],
      ["REVIEW", 1, false, "Wrong", true],
      ["UNDO", null, null, null, false],
      ["REVIEW", 3, true, "Right", false],
    ]);
    expect(detail.history[0]).toMatchObject({ before: "NEW", after: "LEARNING" });
    expect(detail.history[3]).toMatchObject({ before: "LEARNING", after: "REVIEW" });
    await expect(cardDetail(db, omar, card.id, at(13 * MINUTE))).rejects.toThrow(NotFoundError);
  });

  test("suspend and resume change the queue and the version, only for the card's owner", async () => {
    const card = await cardOf("raft-0");
    expect(await suspendCard(db, omar, card.id, at(0))).toBe(false);
    expect(await suspendCard(db, lena, card.id, at(0))).toBe(true);
    expect(await suspendCard(db, lena, card.id, at(0))).toBe(false); // already suspended: nothing changes
    expect(await cardOf("raft-0")).toMatchObject({ suspended: true, version: card.version + 1 });
    // The queue passes over it.
    for (let i = 0; i < 6; i++) {
      const next = await nextCard(db, lena, at(i * MINUTE));
      expect(next?.cardId).not.toBe(card.id);
      await submitReview(db, lena, { cardId: next!.cardId, version: next!.version, rating: 4, answer: null, durationMs: 1_000 }, at(i * MINUTE));
    }
    expect(await resumeCard(db, omar, card.id, at(DAY))).toBe(false);
    expect(await resumeCard(db, lena, card.id, at(DAY))).toBe(true);
    expect(await cardOf("raft-0")).toMatchObject({ suspended: false, leech: false, version: card.version + 2, state: "NEW" });
    expect((await nextCard(db, lena, at(DAY)))?.cardId).toBe(card.id);
  });

  test("a rating of the version shown before a suspend, resume or reset is refused, and records nothing", async () => {
    const card = await cardOf("raft-0");
    const shown = await cardAsShown(db, card.id);
    await suspendCard(db, lena, card.id, at(0));
    await resumeCard(db, lena, card.id, at(0));
    await expect(submitReview(db, lena, { cardId: card.id, version: shown.version, rating: 3, answer: shown.label("a"), durationMs: 5_000 }, at(MINUTE))).rejects.toThrow(/changed since it was shown/);
    await rateAsShown(db, lena, card.id, 3, "a", at(2 * MINUTE));
    const rated = await cardAsShown(db, card.id);
    await startCardOver(db, lena, card.id, "reset", at(3 * MINUTE));
    await expect(submitReview(db, lena, { cardId: card.id, version: rated.version, rating: 3, answer: rated.label("a"), durationMs: 5_000 }, at(4 * MINUTE))).rejects.toThrow(/changed since it was shown/);
    expect(await db.reviewLog.count({ where: { cardId: card.id, kind: "REVIEW" } })).toBe(1);
    // Undo cannot bring back the schedule from before the reset: the card has moved on.
    expect(await undoLastReview(db, lena, at(5 * MINUTE))).toBeNull();
    expect(await cardOf("raft-0")).toMatchObject({ state: "NEW", reps: 1 });
  });

  test("reset starts the card again as new and keeps its counts; forget clears them; the log only grows", async () => {
    const card = await cardOf("raft-0");
    for (const [rating, t] of [[3, 0], [3, 10 * MINUTE], [1, 5 * DAY]] as const) await rateAsShown(db, lena, card.id, rating, "a", at(t));
    const before = await cardOf("raft-0");
    expect(before).toMatchObject({ reps: 3, lapses: 1, state: "RELEARNING" });
    const logBefore = await db.reviewLog.findMany({ where: { cardId: card.id }, orderBy: { reviewedAt: "asc" } });

    await startCardOver(db, lena, card.id, "reset", at(6 * DAY));
    expect(await cardOf("raft-0")).toMatchObject({ state: "NEW", reps: 3, lapses: 1, stability: 0, difficulty: 0, lastReview: null, due: at(6 * DAY), version: before.version + 1 });
    await startCardOver(db, lena, card.id, "forget", at(7 * DAY));
    expect(await cardOf("raft-0")).toMatchObject({ state: "NEW", reps: 0, lapses: 0, leech: false, due: at(7 * DAY), version: before.version + 2 });

    const logAfter = await db.reviewLog.findMany({ where: { cardId: card.id }, orderBy: { reviewedAt: "asc" } });
    // Earlier rows are exactly as they were; two rows were added, with the schedule before and after.
    expect(logAfter.slice(0, logBefore.length)).toEqual(logBefore);
    expect(logAfter.slice(logBefore.length).map((r) => [r.kind, r.rating, r.cardVersion, (r.stateBefore as { state: string }).state, (r.stateAfter as { state: string; reps: number }).reps])).toEqual([
      ["RESET", 0, null, "RELEARNING", 3],
      ["FORGET", 0, null, "NEW", 0],
    ]);
    // The card is studied from scratch; its page shows the whole history with the reset in it.
    const detail = await cardDetail(db, lena, card.id, at(7 * DAY));
    expect(detail.history.map((h) => h.kind)).toEqual(["REVIEW", "REVIEW", "REVIEW", "RESET", "FORGET"]);
    expect(detail.history.at(-1)).toMatchObject({ before: "NEW", after: "NEW", rating: null });
    await expect(startCardOver(db, omar, card.id, "forget", at(8 * DAY))).rejects.toThrow(NotFoundError);

    // Fitting personal parameters reads the card's history from its last reset on, as Anki's FSRS does.
    expect(await reviewHistories(db, lena)).toEqual([]);
    await rateAsShown(db, lena, card.id, 3, "a", at(8 * DAY));
    await rateAsShown(db, lena, card.id, 3, "a", at(10 * DAY));
    expect(await reviewHistories(db, lena)).toEqual([[{ rating: 3, deltaT: 0 }, { rating: 3, deltaT: 2 }]]);
  });

  test("while today's challenge runs, its questions' answers are withheld from card pages", async () => {
    const quiz = await startDailyChallenge(db, lena, T0);
    await currentQuizItem(db, lena, quiz.id, T0); // serving the first question starts the clock
    const withheld = await withheldQuestions(db, lena, T0);
    expect(withheld.size).toBeGreaterThan(0);
    const questionId = [...withheld][0];
    const card = await cardOf(questionId);
    const detail = await cardDetail(db, lena, card.id, T0);
    expect(detail.withheld).toBe(true);
    // Omar has no attempt running: nothing is withheld from him.
    expect((await withheldQuestions(db, omar, T0)).size).toBe(0);
  });
});
