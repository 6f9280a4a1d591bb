// CSV exports must open correctly in a spreadsheet and never run a learner's text as a formula.
import { learnerAnswersCsv } from "@/lib/mentor/csv";
import { createUser } from "@/tests/support/content-fixtures";
import { databaseTargets, openTestDatabase } from "@/tests/support/databases";
import { makeCard, makeQuestions, makeQuizAnswer, makeReview, undoReview } from "./fixtures";

describe.each(databaseTargets())("a learner's answers as CSV on %s", (kind) => {
  const db = openTestDatabase(kind);

  it("lists quiz answers and kept review ratings in time order, defusing formulas", async () => {
    const q = await makeQuestions(db, ["queues"], 2, "free");
    const learner = await createUser(db, "Csv Learner");
    const other = await createUser(db, "Someone Else");
    const t = (m: number) => new Date(Date.UTC(2025, 0, 1, 10, m));
    await makeQuizAnswer(db, learner.id, q.queues[0], { answer: '=cmd|" /C calc"!A0, then "at least once"', correct: null, durationMs: 12_345, at: t(2) });
    await makeQuizAnswer(db, other.id, q.queues[0], { answer: "not mine", correct: null, durationMs: 1, at: t(1) });
    const card = await makeCard(db, learner.id, q.queues[1], { due: t(0) });
    await makeReview(db, card, learner.id, q.queues[1], 3, t(1));
    const undone = await makeReview(db, card, learner.id, q.queues[1], 1, t(3));
    await undoReview(db, undone, card, learner.id, q.queues[1], t(4));

    const csv = await learnerAnswersCsv(db, learner.id);
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("when,source,family,lesson,question,type,prompt,answer,correct,rating,seconds,late");
    expect(lines).toHaveLength(3); // header, the review, the quiz answer; the undone rating and the other learner's answer are absent
    expect(lines[1]).toMatch(/^2025-01-01T10:01:00.000Z,review,queues,.*,good,5,$/);
    expect(lines[2]).toContain(',"\'=cmd|"" /C calc""!A0, then ""at least once""",,,12.3,no');
    expect(csv).not.toContain("not mine");
  });
});
