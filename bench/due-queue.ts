/**
 * Review-queue benchmark: one learner with 10,000 cards (30 % new, the rest reviewed with due dates
 * spread over ±60 days, some suspended, a few retired questions, ~38,000 review-log rows) beside
 * 19 lighter learners. Times `nextCard` (what the review screen calls for each card), the queue
 * counts and forecast shown beside it, those parts read one by one and the whole screen in one read
 * as app/review/page.tsx asks for it (reviewQueue), and the bare due queries, on PGlite in memory, PGlite on disk and PostgreSQL.
 * Run with `npm run bench:due` (`-- --explain` also prints EXPLAIN ANALYZE of the due queries).
 * Goal: next card p95 ≤ 10 ms.
 */
import type { Database } from "@/lib/db/database";
import { dueForecast } from "@/lib/practice/forecast";
import { learnerSettings, nextCard, queueStatus, reviewQueue } from "@/lib/practice/review";
import { forEachBackend } from "./support/backends";
import { seedContent, seedLearners, seedReviewQueue } from "./support/seed";
import { loadAverage, machine, measureSequential, printTable, type Row } from "./support/stats";

const CARDS = 10_000;
const OTHER_LEARNERS = 19;
const OTHER_LEARNER_CARDS = 500;
const RUNS = 200;
const WARMUP = 20;
const GOAL_MS = 10;
const explain = process.argv.includes("--explain");

// The queries nextCard runs to pick a card, as plain SQL: due reviews oldest first, then new cards.
const DUE_REVIEWS_SQL = `
  SELECT c.*, q."id" AS "qId", q."type", q."prompt", q."mode", q."difficulty" AS "qDifficulty", q."family", q."lessonId", q."data"
  FROM "Card" c JOIN "Question" q ON q."id" = c."questionId"
  WHERE c."userId" = $1 AND c."suspended" = false AND c."due" <= $2 AND c."state" <> 'NEW' AND q."retiredAt" IS NULL
  ORDER BY c."due" ASC, c."id" ASC LIMIT 8`;
const DUE_NEW_SQL = `
  SELECT c.*, q."id" AS "qId", q."type", q."prompt", q."mode", q."difficulty" AS "qDifficulty", q."family", q."lessonId", q."data"
  FROM "Card" c JOIN "Question" q ON q."id" = c."questionId"
  WHERE c."userId" = $1 AND c."suspended" = false AND c."due" <= $2 AND c."state" = 'NEW' AND q."retiredAt" IS NULL
  ORDER BY c."due" ASC, c."id" ASC LIMIT 8`;

async function printPlan(database: Database, label: string, sql: string, params: unknown[]): Promise<void> {
  const rows = await database.sql.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
  console.log(`  ${label}:`);
  for (const r of rows) console.log(`    ${r["QUERY PLAN"]}`);
}

/**
 * The review screen's parts read one by one, each reading the learner's settings and ratings again:
 * what one read (reviewQueue) replaces, kept as the comparison.
 */
async function perWidget(db: Database["prisma"], userId: string, now: Date) {
  const queue = async () => {
    const { timezone } = await learnerSettings(db, userId);
    return Promise.all([queueStatus(db, userId, now), dueForecast(db, userId, now, 14, timezone)]);
  };
  return Promise.all([nextCard(db, userId, now), queue()]);
}

async function main() {
  console.log(`Review-queue benchmark: median and p95 of ${RUNS} runs after ${WARMUP} warm-ups, wall-clock time`);
  console.log(`Machine: ${machine()}; load average (1, 5, 15 min) ${loadAverage()}\n`);
  const rows: Row[] = [];
  await forEachBackend(async ({ name, database }) => {
    const db = database.prisma;
    const now = new Date();
    const seedStart = Date.now();
    const questions = await seedContent(db, { lessons: 60, questions: CARDS, retiredShare: 0.01, seed: 1, now });
    const [learner, ...others] = await seedLearners(db, "bench-learner", 1 + OTHER_LEARNERS);
    const fixture = await seedReviewQueue(db, learner, questions, { now, seed: 2, newShare: 0.3, suspendedShare: 0.03, withHistory: true });
    for (const [i, other] of others.entries()) {
      const slice = questions.slice((i * 397) % (CARDS - OTHER_LEARNER_CARDS)).slice(0, OTHER_LEARNER_CARDS);
      await seedReviewQueue(db, other, slice, { now, seed: 100 + i, newShare: 0.3, suspendedShare: 0.03, withHistory: false });
    }
    // Fresh statistics, as autovacuum would have by the time a learner has this much history.
    await database.sql.exec("ANALYZE");
    console.log(
      `${name}: seeded in ${((Date.now() - seedStart) / 1000).toFixed(1)} s: ${fixture.cards} cards ` +
        `(${fixture.byState.NEW} new, ${fixture.byState.REVIEW} review, ${fixture.byState.LEARNING + fixture.byState.RELEARNING} (re)learning, ` +
        `${fixture.suspended} suspended; due now: ${fixture.dueReviews} reviews, ${fixture.dueNew} new), ${fixture.reviewLogs} review logs, ` +
        `${OTHER_LEARNERS} other learners x ${OTHER_LEARNER_CARDS} cards`,
    );
    const shown = await nextCard(db, learner, now);
    if (!shown) throw new Error("nextCard found nothing: the fixture should have due reviews");
    if (explain) {
      await printPlan(database, "due reviews", DUE_REVIEWS_SQL, [learner, now.toISOString()]);
      await printPlan(database, "due new cards", DUE_NEW_SQL, [learner, now.toISOString()]);
    }
    const measured = [
      await measureSequential(name, "nextCard", () => nextCard(db, learner, now), RUNS, WARMUP),
      await measureSequential(name, "queueStatus", () => queueStatus(db, learner, now), RUNS, WARMUP),
      await measureSequential(name, "dueForecast (14 days)", () => dueForecast(db, learner, now, 14, "UTC"), RUNS, WARMUP),
      await measureSequential(name, "review screen, part by part", () => perWidget(db, learner, now), RUNS, WARMUP),
      // What app/review/page.tsx reads (reviewPageView): card, counts, forecast and set-aside cards in one statement.
      await measureSequential(name, "review screen, one read (reviewQueue)", () => reviewQueue(db, learner, now, { setAside: true }), RUNS, WARMUP),
      await measureSequential(name, "due reviews query (SQL)", () => database.sql.query(DUE_REVIEWS_SQL, [learner, now.toISOString()]), RUNS, WARMUP),
      await measureSequential(name, "due new-card query (SQL)", () => database.sql.query(DUE_NEW_SQL, [learner, now.toISOString()]), RUNS, WARMUP),
      // The cost of one round trip on this machine, to read the others against.
      await measureSequential(name, "SELECT 1 (SQL)", () => database.sql.query("SELECT 1"), RUNS, WARMUP),
    ];
    rows.push(...measured);
    console.log(`${name}: measured; nextCard p50 ${measured[0].p50.toFixed(2)} ms, p95 ${measured[0].p95.toFixed(2)} ms; load average now ${loadAverage()}\n`);
  });
  console.log();
  printTable(rows);
  const misses = rows.filter((r) => r.operation === "nextCard" && r.p95 > GOAL_MS).map((r) => r.backend);
  console.log(`\nGoal (nextCard p95 ≤ ${GOAL_MS} ms): ${misses.length === 0 ? "met" : `NOT met on ${misses.join(", ")}`}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
