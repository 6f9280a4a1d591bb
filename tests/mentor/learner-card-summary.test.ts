// The cohort dashboard reads each learner's card summary (LearnerCardSummary, kept by triggers:
// prisma/migrations/0011_learner_card_summary, docs/decisions/061) instead of their cards. After every
// kind of write to cards or questions the summaries must equal a rebuild from the cards themselves,
// and the dashboard's figures must follow.
import { deleteAccount } from "@/lib/account/data";
import type { Db } from "@/lib/db/database";
import { cohortDashboard } from "@/lib/mentor/dashboard";
import { resumeCard, startCardOver, suspendCard } from "@/lib/practice/cards";
import { addToReviewQueue, resumeLeech, undoLastReview } from "@/lib/practice/review";
import { createUser } from "@/tests/support/content-fixtures";
import { databaseTargets, openTestDatabase } from "@/tests/support/databases";
import { rateAsShown } from "@/tests/support/practice";
import { joinCohort, makeQuestions } from "./fixtures";

const T0 = new Date("2025-03-12T12:00:00Z");
const MINUTE = 60_000;
const at = (ms: number) => new Date(T0.getTime() + ms);

type SummaryRow = { userId: string; family: string; leeches: number; due: string; lastReview: string; stability: string };

/**
 * Every summary row as text, in a fixed order. The due dates are kept sorted; the (last review,
 * stability) pairs are a multiset (recall sums over them), so they are compared sorted.
 */
async function summaries(db: Db): Promise<SummaryRow[]> {
  return db.$queryRaw<SummaryRow[]>`
    SELECT "userId", "family", "leeches", "due"::text AS "due",
      (SELECT COALESCE(array_agg(p.l::text || ' ' || p.s::text ORDER BY p.l, p.s), '{}') FROM unnest("lastReview", "stability") AS p(l, s))::text AS "lastReview",
      cardinality("stability")::text AS "stability"
    FROM "LearnerCardSummary" ORDER BY "userId", "family"`;
}

/** The summaries as kept, and as rebuilt from the cards (the rebuild is rolled back). */
async function keptAndRebuilt(db: Db): Promise<[SummaryRow[], SummaryRow[]]> {
  const kept = await summaries(db);
  let rebuilt: SummaryRow[] = [];
  await db
    .$transaction(async (tx) => {
      await tx.$executeRaw`SELECT quorum_card_summary_rebuild()`;
      rebuilt = await summaries(tx as unknown as Db);
      throw new Error("roll back");
    })
    .catch((err: Error) => {
      if (err.message !== "roll back") throw err;
    });
  return [kept, rebuilt];
}

describe.each(databaseTargets())("learner card summary on %s", (kind) => {
  const db = openTestDatabase(kind);

  async function expectConsistent() {
    const [kept, rebuilt] = await keptAndRebuilt(db);
    expect(kept).toEqual(rebuilt);
    return kept;
  }

  it("equals a rebuild from the cards after adding, rating, undoing, suspending, resetting, retiring and deleting", async () => {
    const q = await makeQuestions(db, ["replication", "caching"], 3);
    const mentor = await createUser(db, "Mia Mentor", { role: "MENTOR" });
    const cohort = await db.cohort.create({ data: { name: "Summary cohort", mentorId: mentor.id } });
    const lena = await createUser(db, "Lena");
    const omar = await createUser(db, "Omar");
    await joinCohort(db, cohort.id, lena.id, at(-10 * MINUTE));
    await joinCohort(db, cohort.id, omar.id, at(-10 * MINUTE));

    // Adding whole lessons: one statement inserts many cards.
    for (const lessonQuestion of [q.replication[0], q.caching[0]]) {
      const lessonId = (await db.question.findUniqueOrThrow({ where: { id: lessonQuestion }, select: { lessonId: true } })).lessonId;
      await addToReviewQueue(db, lena.id, { lessonId }, T0);
      await addToReviewQueue(db, omar.id, { lessonId }, T0);
    }
    const rows = await expectConsistent();
    expect(rows.filter((r) => r.userId === lena.id).map((r) => [r.family, r.due])).toEqual([
      ["caching", "{}"], // new cards are not due reviews
      ["replication", "{}"],
    ]);
    const card = (questionId: string, userId = lena.id) => db.card.findFirstOrThrow({ where: { userId, questionId }, select: { id: true } });

    // Ratings: a card leaves NEW; Easy takes it to REVIEW with a stability (it enters recall).
    const r0 = await card(q.replication[0]);
    await rateAsShown(db, lena.id, r0.id, 4, "a", at(MINUTE));
    await rateAsShown(db, lena.id, (await card(q.replication[1])).id, 1, "b", at(2 * MINUTE));
    await rateAsShown(db, lena.id, (await card(q.caching[0])).id, 3, "a", at(3 * MINUTE));
    await rateAsShown(db, omar.id, (await card(q.caching[1], omar.id)).id, 4, "a", at(3 * MINUTE));
    const afterRatings = await expectConsistent();
    const lenaReplication = afterRatings.find((r) => r.userId === lena.id && r.family === "replication")!;
    expect(lenaReplication.stability).not.toBe("0");
    let board = (await cohortDashboard(db, mentor.id, cohort.id, at(4 * MINUTE)))!;
    expect(board.learners.find((l) => l.userId === lena.id)!.recallByFamily.replication?.cards).toBe(1);

    // Undo of the last rating (the caching card) restores it as NEW.
    expect(await undoLastReview(db, lena.id, at(4 * MINUTE))).not.toBeNull();
    await expectConsistent();

    // By hand: suspend, resume, reset, forget.
    expect(await suspendCard(db, lena.id, r0.id, at(5 * MINUTE))).toBe(true);
    await expectConsistent();
    board = (await cohortDashboard(db, mentor.id, cohort.id, at(5 * MINUTE)))!;
    expect(board.learners.find((l) => l.userId === lena.id)!.recallByFamily.replication?.cards).toBe(1); // suspended cards keep their recall
    expect(await resumeCard(db, lena.id, r0.id, at(6 * MINUTE))).toBe(true);
    await startCardOver(db, lena.id, r0.id, "reset", at(7 * MINUTE));
    await expectConsistent();
    await startCardOver(db, omar.id, (await card(q.caching[1], omar.id)).id, "forget", at(7 * MINUTE));
    await expectConsistent();

    // A leech: suspended and marked, then resumed from the set-aside list.
    const leech = await card(q.caching[2]);
    await db.card.update({ where: { id: leech.id }, data: { leech: true, suspended: true, lapses: 8 } });
    expect((await expectConsistent()).find((r) => r.userId === lena.id && r.family === "caching")!.leeches).toBe(1);
    board = (await cohortDashboard(db, mentor.id, cohort.id, at(8 * MINUTE)))!;
    expect(board.learners.find((l) => l.userId === lena.id)!.leeches).toBe(1);
    expect(await resumeLeech(db, lena.id, leech.id)).toBe(true);
    await expectConsistent();

    // Time passes: reviews fall due without any write, and the dashboard counts them from the summary.
    const later = at(400 * 86_400_000);
    board = (await cohortDashboard(db, mentor.id, cohort.id, later))!;
    const dueNow = await db.card.count({ where: { userId: lena.id, suspended: false, state: { not: "NEW" }, due: { lte: later } } });
    expect(dueNow).toBeGreaterThan(0);
    expect(board.learners.find((l) => l.userId === lena.id)!.due).toBe(dueNow);

    // A question retired by content sync leaves every learner's summary; restored, it comes back.
    await db.question.update({ where: { id: q.caching[1] }, data: { retiredAt: at(9 * MINUTE) } });
    await expectConsistent();
    await db.question.update({ where: { id: q.caching[1] }, data: { retiredAt: null } });
    await expectConsistent();

    // Deleting an account removes its summaries with its cards; the other learner's stay.
    expect(await deleteAccount(db, omar.id)).toEqual({ ok: true });
    const left = await expectConsistent();
    expect(left.some((r) => r.userId === omar.id)).toBe(false);
    expect(left.some((r) => r.userId === lena.id)).toBe(true);
  });
});
