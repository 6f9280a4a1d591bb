// The review queue's hand-written queries (each read in one round trip; see bench/due-queue.ts).
// nextCard and queueStatus read the learner's recent reviews before they know the time zone. What
// the learner depends on: the daily limits follow their own calendar day wherever they live, a
// lesson just reviewed is still passed over after a break, and retired questions stay out.
import type { Db } from "@/lib/db/database";
import { addToReviewQueue, nextCard, queueStatus, reviewQueue, submitReview, suspendedLeeches, undoLastReview, type NextCard } from "@/lib/practice/review";
import type { RatingValue } from "@/lib/practice/scheduler";
import { SINGLE_CHOICE, createContent, createUser } from "@/tests/support/content-fixtures";
import { databaseTargets, openTestDatabase } from "@/tests/support/databases";

const HOUR = 3_600_000;
/** Two lessons of one family: two questions in the first, three in the second; "a" answers each. */
const seedContent = (db: Db) =>
  createContent(db, [
    { id: "fx-first", family: "replication", questions: Array.from({ length: 2 }, (_, i) => ({ id: `first-${i}`, data: SINGLE_CHOICE })) },
    { id: "fx-second", family: "replication", questions: Array.from({ length: 3 }, (_, i) => ({ id: `second-${i}`, data: SINGLE_CHOICE })) },
  ]);

describe.each(databaseTargets())("review queue queries on %s", (kind) => {
  const db = openTestDatabase(kind, { seed: seedContent, clearBeforeEach: "users" });
  let userId: string;

  beforeEach(async () => {
    userId = (await createUser(db, "Aroha")).id;
  });

  const rate = (card: NextCard, rating: RatingValue, now: Date) =>
    submitReview(db, userId, { cardId: card.cardId, version: card.version, rating, answer: card.question.options!.find((o) => o.text === "Right")!.id, durationMs: 8_000 }, now);
  const questionOf = async (card: NextCard | null) =>
    card && (await db.card.findUniqueOrThrow({ where: { id: card.cardId }, select: { question: { select: { id: true, lessonId: true } } } })).question;

  test.each([
    ["Pacific/Kiritimati", "2026-03-02T10:30:00Z"], // UTC+14: the local day began at 10:00 UTC the day before
    ["Pacific/Pago_Pago", "2026-03-02T11:30:00Z"], // UTC-11: the local day begins at 11:00 UTC
  ])("new cards rated just after midnight in %s still count 23 hours later, and not after the next midnight", async (timezone, start) => {
    await db.user.update({ where: { id: userId }, data: { timezone, dailyNewLimit: 2 } });
    const t0 = new Date(start);
    await addToReviewQueue(db, userId, { all: true }, new Date(t0.getTime() - 48 * HOUR));
    for (let i = 0; i < 2; i++) {
      const card = await nextCard(db, userId, new Date(t0.getTime() + i * 1_000));
      expect(card?.state).toBe("NEW");
      await rate(card!, 4, new Date(t0.getTime() + i * 1_000)); // Easy: not due again for days
    }
    const lateSameDay = new Date(t0.getTime() + 23 * HOUR);
    expect(await nextCard(db, userId, lateSameDay)).toBeNull();
    expect(await queueStatus(db, userId, lateSameDay)).toMatchObject({ newAvailable: 0, today: { newDone: 2 } });
    const nextDay = new Date(t0.getTime() + 24 * HOUR);
    expect((await nextCard(db, userId, nextDay))?.state).toBe("NEW");
    expect(await queueStatus(db, userId, nextDay)).toMatchObject({ newAvailable: 2, today: { newDone: 0 } });
  });

  test("after two days away, the lesson reviewed last is still passed over", async () => {
    const t0 = new Date("2026-03-02T09:00:00Z");
    await addToReviewQueue(db, userId, { lessonId: "fx-first" }, t0);
    await addToReviewQueue(db, userId, { lessonId: "fx-second" }, new Date(t0.getTime() + 1_000));
    const first = await nextCard(db, userId, t0);
    expect((await questionOf(first))?.lessonId).toBe("fx-first");
    await rate(first!, 4, t0);
    // The other card of the first lesson is due first, but the learner's last review was of its lesson.
    const later = new Date(t0.getTime() + 48 * HOUR);
    expect((await questionOf(await nextCard(db, userId, later)))?.lessonId).toBe("fx-second");
  });

  test("a card whose question was retired is neither counted nor shown", async () => {
    const t0 = new Date("2026-03-02T09:00:00Z");
    await addToReviewQueue(db, userId, { lessonId: "fx-first" }, t0);
    const before = await queueStatus(db, userId, t0);
    expect(before).toMatchObject({ total: 2, newAvailable: 2 });
    await db.question.update({ where: { id: "first-0" }, data: { retiredAt: t0 } });
    try {
      expect(await queueStatus(db, userId, t0)).toMatchObject({ total: 1, newAvailable: 1 });
      expect((await questionOf(await nextCard(db, userId, t0)))?.id).toBe("first-1");
    } finally {
      await db.question.update({ where: { id: "first-0" }, data: { retiredAt: null } });
    }
  });

  test("one read of the review screen: after an undo it shows the card undone, with the same queue and set-aside list", async () => {
    const t0 = new Date("2026-03-02T09:00:00Z");
    await addToReviewQueue(db, userId, { all: true }, t0);
    const first = (await reviewQueue(db, userId, t0)).card!;
    await rate(first, 3, t0);
    const leech = await db.card.findFirstOrThrow({ where: { userId, id: { not: first.cardId } }, select: { id: true } });
    await db.card.update({ where: { id: leech.id }, data: { leech: true, suspended: true, lapses: 8 } });
    const t1 = new Date(t0.getTime() + 60_000);
    expect(await undoLastReview(db, userId, t1)).toEqual({ cardId: first.cardId });

    const undone = await reviewQueue(db, userId, t1, { cardId: first.cardId, setAside: true });
    expect(undone.card).toMatchObject({ cardId: first.cardId, version: first.version + 2, state: "NEW" });
    const fresh = await reviewQueue(db, userId, t1);
    expect(undone.status).toEqual(fresh.status);
    expect(undone.status).toEqual(await queueStatus(db, userId, t1));
    expect(undone.forecast).toEqual(fresh.forecast);
    expect(fresh.setAside).toEqual([]); // only when asked for
    expect(undone.setAside).toEqual(await suspendedLeeches(db, userId));
    expect(undone.setAside.map((c) => c.id)).toEqual([leech.id]);
    // A card that is not (or no longer) in the learner's queue is not shown.
    expect((await reviewQueue(db, userId, t1, { cardId: leech.id })).card).toBeNull();
  });
});
