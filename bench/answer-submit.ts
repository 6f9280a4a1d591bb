/**
 * Answer-submission benchmark: latency of `submitReview` (rate a review card: one transaction that
 * updates the card and appends a ReviewLog row) and `submitQuizAnswer` (grade and record a timed
 * quiz answer), one learner at a time and with 20 learners submitting at once, on PGlite in memory,
 * PGlite on disk and PostgreSQL. Every timed call is a first submission (a new card or quiz item),
 * never a duplicate that would return early.
 * Run with `npm run bench:submit` (`-- --triggers` also times submits with the item-statistics
 * triggers off and on, in alternating blocks).
 */
import type { Db } from "@/lib/db/database";
import { submitReview } from "@/lib/practice/review";
import { submitQuizAnswer } from "@/lib/practice/quiz";
import type { RatingValue } from "@/lib/practice/scheduler";
import { Rng } from "@/lib/sim/random";
import { forEachBackend } from "./support/backends";
import { sampleAnswer, seedContent, seedLearners, seedReviewQueue, seedServedQuizzes, type SeededQuestion, type ServedItem } from "./support/seed";
import { loadAverage, machine, measureConcurrent, measureSequential, printTable, summarize, type Row } from "./support/stats";

const QUESTIONS = 300;
const SEQUENTIAL_RUNS = 200;
const SEQUENTIAL_WARMUP = 20;
const CONCURRENT_LEARNERS = 20;
const PER_LEARNER = 50;
const PER_LEARNER_WARMUP = 5;
const QUIZZES_PER_LEARNER = 8; // 240 served items: enough for the sequential learner's 220 answers

interface Learner {
  id: string;
  cards: Array<{ id: string; type: SeededQuestion["type"] }>;
  items: ServedItem[];
}

async function seedLearnersWithWork(db: Db, questions: readonly SeededQuestion[], now: Date): Promise<Learner[]> {
  const ids = await seedLearners(db, "bench-submit", 1 + CONCURRENT_LEARNERS);
  const learners: Learner[] = [];
  for (const [n, id] of ids.entries()) {
    await seedReviewQueue(db, id, questions, { now, seed: 10 + n, newShare: 0.3, suspendedShare: 0, withHistory: false });
    const items = await seedServedQuizzes(db, id, questions, { sessions: QUIZZES_PER_LEARNER, now });
    learners.push({ id, cards: questions.map((q, i) => ({ id: `${id}-card-${i}`, type: q.type })), items });
  }
  return learners;
}

function reviewOnce(db: Db, learner: Learner, i: number, rng: Rng) {
  const card = learner.cards[i];
  return submitReview(db, learner.id, {
    cardId: card.id,
    rating: rng.int(1, 4) as RatingValue,
    answer: sampleAnswer(rng, card.type),
    durationMs: rng.int(5_000, 60_000),
    version: 0,
  }).then((outcome) => {
    if (outcome.duplicate) throw new Error(`submitReview treated a first submission for ${card.id} as a duplicate`);
  });
}

function answerOnce(db: Db, learner: Learner, i: number, rng: Rng) {
  const item = learner.items[i];
  return submitQuizAnswer(db, learner.id, { itemId: item.id, answer: sampleAnswer(rng, item.type), clientSubmissionId: `${item.id}:bench` }).then((outcome) => {
    if (outcome.duplicate) throw new Error(`submitQuizAnswer treated a first submission for ${item.id} as a duplicate`);
  });
}

async function main() {
  console.log(
    `Answer-submission benchmark, wall-clock time: one learner (${SEQUENTIAL_RUNS} calls after ${SEQUENTIAL_WARMUP} warm-ups), ` +
      `then ${CONCURRENT_LEARNERS} learners at once (${PER_LEARNER} calls each after ${PER_LEARNER_WARMUP} warm-ups)`,
  );
  console.log(`Machine: ${machine()}; load average (1, 5, 15 min) ${loadAverage()}`);
  console.log(`PostgreSQL pool: ${process.env.DATABASE_POOL_SIZE ?? 10} connections (DATABASE_POOL_SIZE); PGlite: one connection\n`);
  const rows: Row[] = [];
  await forEachBackend(async ({ name, database }) => {
    const db = database.prisma;
    const now = new Date();
    const seedStart = Date.now();
    const questions = await seedContent(db, { lessons: 10, questions: QUESTIONS, retiredShare: 0, seed: 1, now });
    const [solo, ...crowd] = await seedLearnersWithWork(db, questions, now);
    await database.sql.exec("ANALYZE");
    console.log(`${name}: seeded in ${((Date.now() - seedStart) / 1000).toFixed(1)} s: ${1 + crowd.length} learners x ${QUESTIONS} cards and ${QUIZZES_PER_LEARNER * 30} served quiz items`);
    const rng = new Rng(7);
    rows.push(await measureSequential(name, "submitReview", (i) => reviewOnce(db, solo, i, rng), SEQUENTIAL_RUNS, SEQUENTIAL_WARMUP));
    rows.push(await measureSequential(name, "submitQuizAnswer", (i) => answerOnce(db, solo, i, rng), SEQUENTIAL_RUNS, SEQUENTIAL_WARMUP));
    rows.push(await measureConcurrent(name, `submitReview, ${CONCURRENT_LEARNERS} learners`, (w, i) => reviewOnce(db, crowd[w], i, rng), CONCURRENT_LEARNERS, PER_LEARNER, PER_LEARNER_WARMUP));
    rows.push(await measureConcurrent(name, `submitQuizAnswer, ${CONCURRENT_LEARNERS} learners`, (w, i) => answerOnce(db, crowd[w], i, rng), CONCURRENT_LEARNERS, PER_LEARNER, PER_LEARNER_WARMUP));
    // Every call must have written exactly one row: nothing lost, nothing doubled.
    const expected = SEQUENTIAL_RUNS + SEQUENTIAL_WARMUP + CONCURRENT_LEARNERS * (PER_LEARNER + PER_LEARNER_WARMUP);
    const [logs, answers] = await Promise.all([db.reviewLog.count(), db.quizAnswer.count()]);
    // What the item-statistics triggers (docs/decisions/060) add to a submit: blocks of calls with
    // them off and on, alternating, so that the machine's load falls on both alike.
    if (process.argv.includes("--triggers")) {
      const samples = { off: { review: [] as number[], quiz: [] as number[] }, on: { review: [] as number[], quiz: [] as number[] } };
      const setTriggers = async (state: "ENABLE" | "DISABLE") => {
        await database.sql.exec(`ALTER TABLE "ReviewLog" ${state} TRIGGER quorum_review_stats; ALTER TABLE "QuizAnswer" ${state} TRIGGER quorum_quiz_answer_stats`);
      };
      let next = PER_LEARNER + PER_LEARNER_WARMUP;
      for (let block = 0; block < 8; block++) {
        const mode = block % 2 === 0 ? "off" : "on";
        await setTriggers(mode === "off" ? "DISABLE" : "ENABLE");
        for (let k = 0; k < 20; k++, next++) {
          let t0 = performance.now();
          await reviewOnce(db, crowd[0], next, rng);
          samples[mode].review.push(performance.now() - t0);
          t0 = performance.now();
          await answerOnce(db, crowd[1], next, rng);
          samples[mode].quiz.push(performance.now() - t0);
        }
      }
      await setTriggers("ENABLE");
      for (const mode of ["off", "on"] as const) {
        rows.push({ backend: name, operation: `submitReview, triggers ${mode} (A/B)`, ...summarize(samples[mode].review), opsPerSec: Number.NaN });
        rows.push({ backend: name, operation: `submitQuizAnswer, triggers ${mode} (A/B)`, ...summarize(samples[mode].quiz), opsPerSec: Number.NaN });
      }
    }
    if (logs !== expected || answers !== expected) throw new Error(`${name}: expected ${expected} review logs and quiz answers, found ${logs} and ${answers}`);
    console.log(`${name}: measured; load average now ${loadAverage()}\n`);
  });
  console.log();
  printTable(rows);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
