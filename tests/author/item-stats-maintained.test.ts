// The running item statistics (kept by triggers as answers arrive, prisma/migrations/0008) equal a
// computation from scratch over the recorded answers, after random sequences of quiz answers (on
// time, late, skipped, re-submitted), reviews (answered or not, re-submitted, undone) and an edit.
import fc from "fast-check";
import type { Db } from "@/lib/db/database";
import { submitQuizAnswer } from "@/lib/practice/quiz";
import { submitReview, undoLastReview } from "@/lib/practice/review";
import { itemStatistics } from "@/lib/author/item-stats";
import { createContent } from "@/tests/support/content-fixtures";
import { cardAsShown, quizLabel } from "@/tests/support/practice";
import { databaseTargets, openTestDatabase } from "@/tests/support/databases";

const T0 = new Date("2025-05-01T08:00:00Z").getTime();
const abc = [
  { id: "a", text: "Option A" },
  { id: "b", text: "Option B" },
  { id: "c", text: "Option C" },
];
const QUESTIONS = [
  { id: "pm-single", type: "single", data: { options: abc, answer: "a", explanation: "S." } },
  { id: "pm-multi", type: "multiple", data: { options: abc, answer: ["a", "b"], explanation: "M." } },
  { id: "pm-numeric", type: "numeric", data: { answer: 10, tolerance: 0, unit: "ms", explanation: "N." } },
  { id: "pm-free", type: "free", data: { modelAnswer: "Say it.", rubric: ["one"], explanation: "F." } },
] as const;
const USERS = ["pm-u1", "pm-u2", "pm-u3"];

async function seed(db: Db) {
  await createContent(db, [
    {
      id: "pm-lesson",
      family: "replication",
      questions: QUESTIONS.map((q, line) => ({ id: q.id, type: q.type, difficulty: "medium", mode: "recall", data: q.data, sourcePath: "content/replication/pm.questions.yaml", sourceLine: 1 + line })),
    },
  ]);
  await db.user.createMany({ data: USERS.map((id) => ({ id, email: `${id}@stats.test`, name: id })) });
  await db.card.createMany({ data: USERS.flatMap((u) => QUESTIONS.map((q) => ({ id: `card-${u}-${q.id}`, userId: u, questionId: q.id, due: new Date(T0) }))) });
}

type Step =
  | { kind: "quiz"; user: number; question: number; right: boolean; late: boolean; skip: boolean; resubmit: boolean; ms: number }
  | { kind: "review"; user: number; question: number; answered: boolean; right: boolean; rating: 1 | 2 | 3 | 4; resubmit: boolean; ms: number }
  | { kind: "undo"; user: number }
  | { kind: "edit"; question: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("quiz" as const), user: fc.nat(2), question: fc.nat(3), right: fc.boolean(), late: fc.boolean(), skip: fc.boolean(), resubmit: fc.boolean(), ms: fc.integer({ min: 500, max: 90_000 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("review" as const), user: fc.nat(2), question: fc.nat(3), answered: fc.boolean(), right: fc.boolean(), rating: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const), resubmit: fc.boolean(), ms: fc.integer({ min: 500, max: 90_000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("undo" as const), user: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("edit" as const), question: fc.nat(3) }) },
);

function answerFor(type: string, right: boolean): string | string[] | number {
  if (type === "single") return right ? "a" : "b";
  if (type === "multiple") return right ? ["a", "b"] : ["a", "c", "c"];
  if (type === "numeric") return right ? 10 : 12;
  return "A free answer.";
}

let sequence = 0;

/** Applies one step through the same functions the app's routes call, at strictly increasing times. */
async function apply(db: Db, step: Step, clock: { t: number }) {
  const tick = () => new Date((clock.t += 1_000 + (sequence % 7)));
  const n = ++sequence;
  if (step.kind === "quiz") {
    const q = QUESTIONS[step.question];
    const user = USERS[step.user];
    const servedAt = tick();
    await db.quizSession.create({
      data: {
        id: `pm-s-${n}`, userId: user, config: {}, startedAt: servedAt,
        items: { create: { id: `pm-i-${n}`, questionId: q.id, position: 0, timeLimitMs: 60_000, servedAt, deadlineAt: new Date(servedAt.getTime() + 60_000) } },
      },
    });
    const at = new Date(servedAt.getTime() + (step.late ? 70_000 : Math.min(step.ms, 59_000)));
    clock.t = at.getTime();
    const body = step.skip
      ? { itemId: `pm-i-${n}`, skip: true, clientSubmissionId: `pm-sub-${n}` }
      : { itemId: `pm-i-${n}`, answer: await quizLabel(db, `pm-i-${n}`, answerFor(q.type, step.right)), clientSubmissionId: `pm-sub-${n}` };
    const first = await submitQuizAnswer(db, user, body, at);
    expect(first.duplicate).toBe(false);
    if (step.resubmit) expect((await submitQuizAnswer(db, user, body, tick())).duplicate).toBe(true);
    await db.quizSession.update({ where: { id: `pm-s-${n}` }, data: { finishedAt: tick() } });
  } else if (step.kind === "review") {
    const q = QUESTIONS[step.question];
    const user = USERS[step.user];
    const cardId = `card-${user}-${q.id}`;
    const shown = await cardAsShown(db, cardId);
    const input = { cardId, version: shown.version, rating: step.rating, answer: step.answered ? shown.label(answerFor(q.type, step.right)) : null, durationMs: step.ms };
    const card = await db.card.findUniqueOrThrow({ where: { id: cardId }, select: { suspended: true } });
    if (card.suspended) await db.card.update({ where: { id: cardId }, data: { suspended: false, leech: false } });
    expect((await submitReview(db, user, input, tick())).duplicate).toBe(false);
    if (step.resubmit) expect((await submitReview(db, user, input, tick())).duplicate).toBe(true);
  } else if (step.kind === "undo") {
    await undoLastReview(db, USERS[step.user], tick());
  } else {
    await db.contentSync.create({
      data: { startedAt: tick(), finishedAt: new Date(clock.t), lessons: 1, questions: 4, changes: { create: [{ itemType: "question", itemId: QUESTIONS[step.question].id, kind: "EDITED" }] } },
    });
  }
}

/** Everything the triggers keep, in a comparable form (sums rounded against floating-point drift). */
async function maintained(db: Db) {
  const round = (x: number) => Math.round(x * 1e9) / 1e9;
  const stats = await db.questionStat.findMany({ orderBy: { questionId: "asc" } });
  const items = await db.learnerItemStat.findMany({ orderBy: [{ userId: "asc" }, { questionId: "asc" }] });
  const learners = await db.learnerStat.findMany({ orderBy: { userId: "asc" } });
  return {
    stats: stats.map(({ updatedAt: _u, answers: _a, correct: _c, pbSumX, pbSumY, pbSumYY, pbSumXY, ...s }) => ({ ...s, pbSumX: round(pbSumX), pbSumY: round(pbSumY), pbSumYY: round(pbSumYY), pbSumXY: round(pbSumXY) })),
    items: items.map((i) => ({ ...i, priorScore: i.priorScore === null ? null : round(i.priorScore) })),
    learners,
  };
}

describe.each(databaseTargets())("running item statistics on %s", (kind) => {
  const db = openTestDatabase(kind, { seed });

  it("equal a computation from scratch after any sequence of answers, re-submissions, undos and edits", async () => {
    const clock = { t: T0 };
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 12 }), async (steps) => {
        for (const step of steps) await apply(db, step, clock);
        const live = await maintained(db);
        await db.$executeRaw`SELECT quorum_item_stats_rebuild(NULL)`;
        expect(await maintained(db)).toEqual(live);
      }),
      { numRuns: kind === "pglite" ? 12 : 20, seed: 20250501 },
    );
    // The sequences did produce figures to compare.
    const figures = await itemStatistics(db, { id: "pm-author", role: "AUTHOR" });
    expect(figures.reduce((n, i) => n + i.attempts, 0)).toBeGreaterThan(0);
    expect(figures.some((i) => i.discriminationLearners > 0)).toBe(true);
  });

  it("counts a re-submitted quiz answer and a re-sent rating once", async () => {
    const clock = { t: T0 + 10 * 86_400_000 };
    const before = new Map((await itemStatistics(db, { id: "pm-author", role: "AUTHOR" })).map((i) => [i.questionId, i]));
    await apply(db, { kind: "quiz", user: 0, question: 0, right: true, late: false, skip: false, resubmit: true, ms: 4_000 }, clock);
    await apply(db, { kind: "review", user: 1, question: 0, answered: true, right: false, rating: 1, resubmit: true, ms: 4_000 }, clock);
    const after = (await itemStatistics(db, { id: "pm-author", role: "AUTHOR" })).find((i) => i.questionId === "pm-single")!;
    const was = before.get("pm-single")!;
    expect(after.attempts - was.attempts).toBe(2);
    expect(after.quizAnswers - was.quizAnswers).toBe(1);
    expect(after.correct - was.correct).toBe(1);
    expect(after.reviews - was.reviews).toBe(1);
    expect(after.again - was.again).toBe(1);
  });
});
