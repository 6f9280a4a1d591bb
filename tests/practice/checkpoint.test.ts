// A lesson's checkpoint for a signed-in learner: its key stays hidden while the same question waits
// in the learner's timed attempt, and "Add to review" creates that one question's card.
import type { Db } from "@/lib/db/database";
import { createQuiz, currentQuizItem, endQuiz } from "@/lib/practice/quiz";
import { heldOutDuringAttempt } from "@/lib/practice/daily";
import { addToReviewQueue } from "@/lib/practice/review";
import { SINGLE_CHOICE, createContent, createUser } from "@/tests/support/content-fixtures";
import { databaseTargets, openTestDatabase } from "@/tests/support/databases";

const T0 = new Date("2026-03-02T10:00:00.000Z");

const seedContent = (db: Db) =>
  createContent(db, [
    {
      id: "fx-checkpoints",
      family: "replication",
      questions: ["cp-one", "cp-two", "cp-three"].map((id) => ({ id, difficulty: "easy", data: SINGLE_CHOICE })),
    },
  ]);

describe.each(databaseTargets())("checkpoints on %s", (kind) => {
  const db = openTestDatabase(kind, { seed: seedContent, clearBeforeEach: "users" });

  test("a question of the learner's quiz in progress is held out until the quiz ends, for that learner only", async () => {
    const lena = (await createUser(db, "Lena")).id;
    const omar = (await createUser(db, "Omar")).id;
    const { id } = await createQuiz(db, lena, { count: 3, lessonId: "fx-checkpoints" }, T0, 3);
    // Created but not started: nothing is running yet.
    expect(await heldOutDuringAttempt(db, lena, "cp-one")).toBe(false);
    await currentQuizItem(db, lena, id, T0);
    for (const q of ["cp-one", "cp-two", "cp-three"]) expect(await heldOutDuringAttempt(db, lena, q)).toBe(true);
    expect(await heldOutDuringAttempt(db, omar, "cp-one")).toBe(false);
    await endQuiz(db, lena, id, new Date(T0.getTime() + 5_000));
    expect(await heldOutDuringAttempt(db, lena, "cp-one")).toBe(false);
  });

  test("adding a checkpoint to review creates that question's card only, once", async () => {
    const lena = (await createUser(db, "Lena")).id;
    expect(await addToReviewQueue(db, lena, { questionId: "cp-two" }, T0)).toEqual({ added: 1, total: 1 });
    expect(await addToReviewQueue(db, lena, { questionId: "cp-two" }, T0)).toEqual({ added: 0, total: 1 });
    const cards = await db.card.findMany({ where: { userId: lena }, select: { questionId: true, state: true, due: true } });
    expect(cards).toEqual([{ questionId: "cp-two", state: "NEW", due: T0 }]);
  });
});
