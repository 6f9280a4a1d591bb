// The spaced-repetition review queue against both databases. Time is passed in explicitly (`now`),
// so every due date below is exact. What a learner depends on: cards come back on schedule, a
// rating is recorded exactly once however often it is sent, undo really undoes, and nobody
// touches anyone else's queue.
import type { Db } from "@/lib/db/database";
import { addLessonToReviewQueue } from "@/lib/practice/progress";
import { InvalidAnswerError } from "@/lib/practice/grading";
import { NotFoundError } from "@/lib/errors";
import { dueForecast } from "@/lib/practice/forecast";
import {
  InvalidReviewError,
  addToReviewQueue,
  nextCard,
  queueStatus,
  resumeLeech,
  revealCard,
  submitReview,
  suspendedLeeches,
  undoLastReview,
  type NextCard,
} from "@/lib/practice/review";
import { LEECH_LAPSES, LEECH_REPEAT, type RatingValue } from "@/lib/practice/scheduler";
import { SINGLE_CHOICE, createContent, createUser } from "@/tests/support/content-fixtures";
import { cardAsShown, rateAsShown } from "@/tests/support/practice";
import { databaseTargets, openTestDatabase } from "@/tests/support/databases";

const T0 = new Date("2026-03-02T10:00:00.000Z");
const MINUTE = 60_000;
const DAY = 86_400_000;
const at = (ms: number) => new Date(T0.getTime() + ms);

/**
 * Fixture content: a big lesson (12 questions, one retired), a small one (2 questions) in the same
 * family, and a lesson in another family. Every question is SINGLE_CHOICE, whose right answer is "a".
 */
const seedContent = (db: Db) =>
  createContent(db, [
    {
      id: "fx-big",
      family: "replication",
      questions: Array.from({ length: 12 }, (_, i) => ({ id: `big-${String(i).padStart(2, "0")}`, data: SINGLE_CHOICE, retiredAt: i === 11 ? T0 : null })),
    },
    { id: "fx-small", family: "replication", questions: Array.from({ length: 2 }, (_, i) => ({ id: `small-${i}`, data: SINGLE_CHOICE, section: "first-section" })) },
    { id: "fx-queues", family: "queues", questions: Array.from({ length: 3 }, (_, i) => ({ id: `queues-${i}`, data: SINGLE_CHOICE })) },
  ]);

describe.each(databaseTargets())("review queue on %s", (kind) => {
  const db = openTestDatabase(kind, { seed: seedContent, clearBeforeEach: "users" });
  let lena: string;
  let omar: string;

  beforeEach(async () => {
    lena = (await createUser(db, "Lena")).id;
    omar = (await createUser(db, "Omar")).id;
  });

  const cardOf = (questionId: string, userId = lena) => db.card.findUniqueOrThrow({ where: { userId_questionId: { userId, questionId } } });
  const shown = async (now: Date, userId = lena): Promise<NextCard> => {
    const card = await nextCard(db, userId, now);
    if (!card) throw new Error(`no card due at ${now.toISOString()}`);
    return card;
  };
  /** Rates the card as it was shown (its version), answering with the right option's label. */
  const rate = async (card: NextCard, rating: RatingValue, now: Date, userId = lena) =>
    submitReview(db, userId, { cardId: card.cardId, version: card.version, rating, answer: card.question.options!.find((o) => o.text === "Right")!.id, durationMs: 8_000 }, now);
  const lessonOf = async (card: NextCard) => (await db.card.findUniqueOrThrow({ where: { id: card.cardId }, select: { question: { select: { lessonId: true } } } })).question.lessonId;

  test("adding a lesson creates one card per live question, once", async () => {
    expect(await addLessonToReviewQueue(db, lena, "fx-big", T0)).toEqual({ added: 11, total: 11 });
    const cards = await db.card.findMany({ where: { userId: lena }, select: { questionId: true, state: true, due: true } });
    expect(cards.map((c) => c.questionId).sort()).toEqual(Array.from({ length: 11 }, (_, i) => `big-${String(i).padStart(2, "0")}`));
    expect(cards.every((c) => c.state === "NEW" && c.due.getTime() === T0.getTime())).toBe(true);

    // Again, and again through the family and everything: only what is missing is added.
    expect(await addLessonToReviewQueue(db, lena, "fx-big", at(MINUTE))).toEqual({ added: 0, total: 11 });
    expect(await addToReviewQueue(db, lena, { family: "replication" }, at(MINUTE))).toEqual({ added: 2, total: 13 });
    expect(await addToReviewQueue(db, lena, { all: true }, at(MINUTE))).toEqual({ added: 3, total: 16 });
    expect(await db.card.count({ where: { userId: lena } })).toBe(16);
    // Another learner's queue is separate.
    expect(await db.card.count({ where: { userId: omar } })).toBe(0);
    // An existing card keeps its schedule when its lesson is added again.
    expect((await cardOf("big-00")).due).toEqual(T0);
  });

  test("nextCard shows due cards only, reviews before new ones", async () => {
    expect(await nextCard(db, lena, T0)).toBeNull();
    await addLessonToReviewQueue(db, lena, "fx-small", T0);
    const first = await shown(T0);
    expect(await lessonOf(first)).toBe("fx-small");
    expect(first.state).toBe("NEW");
    // The learner sees the question without its answer, and what each button would do.
    expect(JSON.stringify(first.question)).not.toMatch(/explanation|"answer"/);
    expect(first.previews.map((p) => p.label)).toEqual(["Again", "Hard", "Good", "Easy"]);
    await rate(first, 1, T0); // Again: back in a minute

    // Cards added later are not due before they were added.
    await addLessonToReviewQueue(db, lena, "fx-queues", at(30_000));
    expect((await nextCard(db, lena, at(20_000)))?.cardId).not.toBe(first.cardId);
    const second = await shown(at(30_000));
    expect(second.cardId).not.toBe(first.cardId);
    await rate(second, 3, at(30_000)); // Good: back in 10 minutes

    // Two minutes in, the failed card is due again and comes before the new cards.
    const status = await queueStatus(db, lena, at(2 * MINUTE));
    expect(status).toMatchObject({ due: 1, total: 5, nextDue: at(MINUTE) });
    const third = await shown(at(2 * MINUTE));
    expect(third.cardId).toBe(first.cardId);
    expect(third.state).toBe("LEARNING");
  });

  test("nextCard never shows two cards of one lesson back to back while another lesson has a card due", async () => {
    // The big lesson's 11 cards are older than the small lesson's: they fill the first rows of the queue.
    await addLessonToReviewQueue(db, lena, "fx-big", T0);
    await addLessonToReviewQueue(db, lena, "fx-small", at(1_000));
    let now = at(MINUTE);
    let previous: string | null = null;
    const lessons: string[] = [];
    for (let step = 0; step < 8; step++) {
      const card = await shown(now);
      const lesson = await lessonOf(card);
      if (previous) {
        const otherLessonDue = await db.card.count({
          where: { userId: lena, due: { lte: now }, suspended: false, question: { retiredAt: null, lessonId: { not: previous } } },
        });
        if (otherLessonDue > 0) expect(lesson).not.toBe(previous);
      }
      lessons.push(lesson);
      await rate(card, 3, now);
      previous = lesson;
      now = new Date(now.getTime() + 1_000);
    }
    // Both small-lesson cards were interleaved with the big lesson's.
    expect(lessons.slice(0, 4)).toEqual(["fx-big", "fx-small", "fx-big", "fx-small"]);
  });

  test("rating Good moves the next review further out; Again brings it close", async () => {
    await addLessonToReviewQueue(db, lena, "fx-small", T0);
    const questionId = "small-0";
    const cardId = (await cardOf(questionId)).id;
    let now = T0;
    const intervals: number[] = [];
    for (let i = 0; i < 6; i++) {
      const outcome = await rateAsShown(db, lena, cardId, 3, "a", now);
      intervals.push(outcome.due.getTime() - now.getTime());
      now = new Date(Math.max(outcome.due.getTime(), now.getTime() + MINUTE));
    }
    const graduated = intervals.filter((ms) => ms >= DAY);
    expect(graduated.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < graduated.length; i++) expect(graduated[i]).toBeGreaterThan(graduated[i - 1]);

    const beforeLapse = await cardOf(questionId);
    const lapse = await rateAsShown(db, lena, cardId, 1, "b", now);
    expect(lapse.due.getTime() - now.getTime()).toBeLessThan(DAY);
    expect(lapse.due.getTime() - now.getTime()).toBeLessThan(graduated[graduated.length - 1]);
    const afterLapse = await cardOf(questionId);
    expect(afterLapse).toMatchObject({ lapses: beforeLapse.lapses + 1, reps: beforeLapse.reps + 1, state: "RELEARNING" });
  });

  test("the log is append-only; undo restores the previous schedule and appends an UNDO row", async () => {
    await addLessonToReviewQueue(db, lena, "fx-queues", T0);
    const first = await shown(T0);
    await rate(first, 3, T0);
    const second = await shown(at(MINUTE));
    const before = await db.card.findUniqueOrThrow({ where: { id: second.cardId } });
    await rate(second, 4, at(MINUTE));
    const logsBefore = await db.reviewLog.findMany({ orderBy: { reviewedAt: "asc" } });
    expect(logsBefore).toHaveLength(2);
    expect((await db.card.findUniqueOrThrow({ where: { id: second.cardId } })).state).toBe("REVIEW");

    expect(await undoLastReview(db, lena, at(2 * MINUTE))).toEqual({ cardId: second.cardId });
    const restored = await db.card.findUniqueOrThrow({ where: { id: second.cardId } });
    for (const field of ["due", "stability", "difficulty", "elapsedDays", "scheduledDays", "learningSteps", "reps", "lapses", "state", "lastReview"] as const) {
      expect(restored[field]).toEqual(before[field]);
    }
    // The two reviews are untouched; one UNDO row points at the second.
    const logsAfter = await db.reviewLog.findMany({ orderBy: { reviewedAt: "asc" } });
    expect(logsAfter).toHaveLength(3);
    expect(logsAfter.slice(0, 2)).toEqual(logsBefore);
    expect(logsAfter[2]).toMatchObject({ kind: "UNDO", undoesId: logsBefore[1].id, cardId: second.cardId, rating: 0 });
    // An undone rating no longer counts toward today's new cards.
    expect((await queueStatus(db, lena, at(2 * MINUTE))).today).toEqual({ newDone: 1, reviewsDone: 0 });
    // There is one level of undo: the first rating stays.
    expect(await undoLastReview(db, lena, at(3 * MINUTE))).toBeNull();

    // The card comes back as a new card with a fresh submission id, and rating it is recorded.
    const again = await shown(at(3 * MINUTE));
    expect(again.cardId).toBe(second.cardId);
    expect(again.version).not.toBe(second.version);
    const outcome = await rate(again, 3, at(3 * MINUTE));
    expect(outcome.duplicate).toBe(false);
    expect(await db.reviewLog.count({ where: { kind: "REVIEW", cardId: second.cardId } })).toBe(2);
  });

  test("one submission sent 100 times at once is recorded once", async () => {
    await addLessonToReviewQueue(db, lena, "fx-small", T0);
    const card = await shown(T0);
    const repsBefore = (await db.card.findUniqueOrThrow({ where: { id: card.cardId } })).reps;
    const outcomes = await Promise.all(Array.from({ length: 100 }, () => rate(card, 3, T0)));
    expect(await db.reviewLog.count({ where: { cardId: card.cardId } })).toBe(1);
    expect((await db.card.findUniqueOrThrow({ where: { id: card.cardId } })).reps).toBe(repsBefore + 1);
    expect(new Set(outcomes.map((o) => o.reviewLogId)).size).toBe(1);
    expect(outcomes.filter((o) => !o.duplicate)).toHaveLength(1);
  });

  test("100 ratings of one shown card with 100 different submission ids record one review", async () => {
    await addLessonToReviewQueue(db, lena, "fx-small", T0);
    const card = await shown(T0);
    // Any number of clients, each with its own idea of a submission id: the server keys on the shown version.
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        submitReview(db, lena, { cardId: card.cardId, version: card.version, rating: ((i % 4) + 1) as RatingValue, answer: null, durationMs: 1_000 + i }, T0),
      ),
    );
    expect(await db.reviewLog.count({ where: { cardId: card.cardId } })).toBe(1);
    expect(new Set(outcomes.map((o) => o.reviewLogId)).size).toBe(1);
    expect(outcomes.filter((o) => !o.duplicate)).toHaveLength(1);
    expect((await db.card.findUniqueOrThrow({ where: { id: card.cardId } })).version).toBe(card.version + 1);
    // One after another, later: still the same shown card, still one review.
    expect(await submitReview(db, lena, { cardId: card.cardId, version: card.version, rating: 4, answer: null, durationMs: 1_000 }, at(MINUTE))).toMatchObject({ duplicate: true });
    expect(await db.reviewLog.count({ where: { cardId: card.cardId } })).toBe(1);
  });

  test("a card rated Again comes back in the same session after its learning step, with a countdown until then", async () => {
    await db.user.update({ where: { id: lena }, data: { learningSteps: "2m 10m" } });
    await addLessonToReviewQueue(db, lena, "fx-small", T0);
    const first = await shown(T0);
    const missed = await rate(first, 1, T0);
    expect(missed.due).toEqual(at(2 * MINUTE));
    const second = await shown(at(1_000));
    await rate(second, 4, at(1_000));
    // Nothing is due for now, but the session is not over: the missed card is 2 minutes away.
    expect(await nextCard(db, lena, at(40_000))).toBeNull();
    expect(await queueStatus(db, lena, at(40_000))).toMatchObject({ due: 0, nextLearning: at(2 * MINUTE) });
    const back = await shown(at(2 * MINUTE));
    expect(back).toMatchObject({ cardId: first.cardId, state: "LEARNING" });
  });

  test("another learner cannot see, review or undo someone else's card", async () => {
    await addLessonToReviewQueue(db, lena, "fx-small", T0);
    const card = await shown(T0);
    const before = await db.card.findUniqueOrThrow({ where: { id: card.cardId } });
    await expect(rate(card, 3, T0, omar)).rejects.toThrow(NotFoundError);
    await expect(revealCard(db, omar, card, "A", 1_000)).rejects.toThrow(NotFoundError);
    expect(await nextCard(db, omar, T0)).toBeNull();
    expect(await db.reviewLog.count()).toBe(0);
    expect(await db.card.findUniqueOrThrow({ where: { id: card.cardId } })).toEqual(before);

    // Omar's undo never reaches Lena's rating.
    await rate(card, 3, T0);
    expect(await undoLastReview(db, omar, at(MINUTE))).toBeNull();
    expect(await db.reviewLog.count({ where: { kind: "UNDO" } })).toBe(0);
  });

  test("invalid ratings and answers are refused with a clear message and change nothing", async () => {
    await addLessonToReviewQueue(db, lena, "fx-small", T0);
    const card = await shown(T0);
    const before = await db.card.findUniqueOrThrow({ where: { id: card.cardId } });
    const submit = (rating: unknown, answer: unknown) =>
      submitReview(db, lena, { cardId: card.cardId, version: card.version, rating: rating as RatingValue, answer, durationMs: 1_000 }, T0);

    for (const rating of [0, 5, 2.5, "3", null]) await expect(submit(rating, "A")).rejects.toThrow(new InvalidReviewError("Rate with Again, Hard, Good or Easy."));
    await expect(submit(3, "Z")).rejects.toThrow(new InvalidAnswerError("That option is not part of this question."));
    // Authored ids are not labels: "a" is no answer a learner was shown.
    await expect(submit(3, "a")).rejects.toThrow(new InvalidAnswerError("That option is not part of this question."));
    await expect(submit(3, "")).rejects.toThrow(InvalidAnswerError);
    await expect(submit(3, ["A"])).rejects.toThrow(InvalidAnswerError);
    await expect(revealCard(db, lena, card, "Z", 1_000)).rejects.toThrow("That option is not part of this question.");

    expect(await db.reviewLog.count()).toBe(0);
    expect(await db.card.findUniqueOrThrow({ where: { id: card.cardId } })).toEqual(before);
    // The shown card can still be rated once the input is valid.
    expect((await submit(3, "A")).duplicate).toBe(false);
  });

  test("revealing checks the answer and writes nothing", async () => {
    await addLessonToReviewQueue(db, lena, "fx-small", T0);
    const card = await shown(T0);
    const before = await db.card.findUniqueOrThrow({ where: { id: card.cardId } });
    const { label } = await cardAsShown(db, card.cardId);
    // The key comes back in the labels the learner saw, and so do option references in the explanation.
    expect(await revealCard(db, lena, card, label("a"), 5_000)).toMatchObject({ correct: true, correctAnswer: label("a"), suggestedRating: 4, explanation: `Because **a**. (${label("a")}) is right.`, lessonId: "fx-small", section: "first-section" });
    expect(await revealCard(db, lena, card, label("b"), 5_000)).toMatchObject({ correct: false, suggestedRating: 1 });
    // Revealing without answering counts as not knowing it.
    expect(await revealCard(db, lena, card, null, 5_000)).toMatchObject({ correct: false, suggestedRating: 1 });
    expect(await db.reviewLog.count()).toBe(0);
    expect(await db.card.findUniqueOrThrow({ where: { id: card.cardId } })).toEqual(before);
  });

  test("a card that lapses eight times is suspended as a leech", async () => {
    await addLessonToReviewQueue(db, lena, "fx-small", T0);
    const cardId = (await cardOf("small-0")).id;
    let now = T0;
        const rateNow = async (rating: RatingValue) => {
      const outcome = await rateAsShown(db, lena, cardId, rating, rating === 1 ? "b" : "a", now);
      now = new Date(Math.max(outcome.due.getTime(), now.getTime() + MINUTE));
      return outcome;
    };
    while ((await cardOf("small-0")).state !== "REVIEW") await rateNow(3);
    for (let lapse = 1; lapse <= LEECH_LAPSES; lapse++) {
      const outcome = await rateNow(1);
      expect(outcome.leech).toBe(lapse === LEECH_LAPSES);
      if (lapse < LEECH_LAPSES) while ((await cardOf("small-0")).state !== "REVIEW") await rateNow(3);
    }
    expect(await cardOf("small-0")).toMatchObject({ lapses: LEECH_LAPSES, leech: true, suspended: true });
    // A suspended card is no longer shown, even long after it was due.
    const later = new Date(now.getTime() + 30 * DAY);
    const next = await nextCard(db, lena, later);
    expect(next?.cardId).not.toBe(cardId);

    // It is listed for the learner, with the lesson to re-read; someone else cannot resume it.
    expect((await suspendedLeeches(db, lena)).map((c) => [c.id, c.question.lessonId])).toEqual([[cardId, "fx-small"]]);
    const suspended = await cardOf("small-0");
    expect(await resumeLeech(db, omar, cardId)).toBe(false);
    expect(await cardOf("small-0")).toEqual(suspended);
    // Resumed, it keeps its history and comes back; the next three lapses do not suspend it, the fourth (12) does.
    expect(await resumeLeech(db, lena, cardId)).toBe(true);
    expect(await resumeLeech(db, lena, cardId)).toBe(false); // already resumed: nothing to do
    expect(await suspendedLeeches(db, lena)).toEqual([]);
    expect(await cardOf("small-0")).toMatchObject({ lapses: LEECH_LAPSES, leech: false, suspended: false });
    now = later;
    for (let lapse = 1; lapse <= LEECH_REPEAT; lapse++) {
      while ((await cardOf("small-0")).state !== "REVIEW") await rateNow(3);
      expect((await rateNow(1)).leech).toBe(lapse === LEECH_REPEAT);
    }
    expect(await cardOf("small-0")).toMatchObject({ lapses: LEECH_LAPSES + LEECH_REPEAT, leech: true, suspended: true });
  });

  test("the daily new-card limit is respected and resets the next day", async () => {
    await db.user.update({ where: { id: lena }, data: { dailyNewLimit: 3 } });
    await addToReviewQueue(db, lena, { all: true }, T0);
    for (let i = 0; i < 3; i++) {
      const card = await shown(at(i * 1_000));
      expect(card.state).toBe("NEW");
      await rate(card, 3, at(i * 1_000));
    }
    // The three studied cards are in their learning steps (due in 10 min); the new ones wait.
    expect(await nextCard(db, lena, at(5_000))).toBeNull();
    expect(await queueStatus(db, lena, at(5_000))).toMatchObject({ newAvailable: 0, waiting: { new: 13, reviews: 0 }, today: { newDone: 3 } });
    // Undoing one frees a place.
    await undoLastReview(db, lena, at(6_000));
    expect((await queueStatus(db, lena, at(6_000))).newAvailable).toBe(1);
    // The next day there are three new places again.
    expect((await queueStatus(db, lena, at(DAY))).newAvailable).toBe(3);
  });

  test("the due forecast counts studied cards per day and leaves out retired questions", async () => {
    await addLessonToReviewQueue(db, lena, "fx-small", T0);
    expect((await dueForecast(db, lena, T0)).every((d) => d.due === 0)).toBe(true);
    const easy = await rate(await shown(T0), 4, T0);
    const days = Math.floor((easy.due.getTime() - Date.UTC(2026, 2, 2)) / DAY);
    const forecast = await dueForecast(db, lena, T0);
    expect(forecast).toHaveLength(14);
    expect(forecast[0].date).toBe("2026-03-02");
    expect(forecast[days].due).toBe(1);
    expect(forecast.reduce((sum, d) => sum + d.due, 0)).toBe(1);

    const questionId = (await db.card.findFirstOrThrow({ where: { userId: lena, state: { not: "NEW" } }, select: { questionId: true } })).questionId;
    await db.question.update({ where: { id: questionId }, data: { retiredAt: T0 } });
    try {
      expect((await dueForecast(db, lena, T0)).reduce((sum, d) => sum + d.due, 0)).toBe(0);
    } finally {
      await db.question.update({ where: { id: questionId }, data: { retiredAt: null } });
    }
  });
});
