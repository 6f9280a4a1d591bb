/**
 * Cohort dashboard benchmark: seeds one cohort of 1,000 learners with 500 reviews each (plus cards,
 * quiz answers and a few undone ratings), then times `cohortDashboard` and `cohortSeries` on PGlite
 * (in memory) and on PostgreSQL (a fresh database, dropped afterwards).
 * Run with `npm run bench:cohort`. Goals: dashboard ≤ 300 ms on PGlite, ≤ 150 ms on PostgreSQL.
 * Options: --learners N --reviews N --runs N; BENCH_DATABASE_URL overrides the PostgreSQL server.
 */
import { readFileSync } from "node:fs";
import type { Database } from "../lib/db/database";
import { cohortDashboard, cohortSeries } from "../lib/mentor/dashboard";
import { itemStatistics, questionStatistics } from "../lib/author/item-stats";
import { FAMILY_SLUGS } from "../lib/content/families";
import { forEachBackend } from "./support/backends";
import { loadAverage, machine, summarize } from "./support/stats";

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const LEARNERS = option("learners", 1_000);
const REVIEWS = option("reviews", 500);
const RUNS = option("runs", 9);
const LESSONS_PER_FAMILY = 6;
const QUESTIONS_PER_LESSON = 6;
/** The benchmark's "now": data is laid out relative to it, so every run sees the same picture. */
const NOW = new Date("2025-06-02T12:00:00.000Z");
const MENTOR_ID = "bench-mentor";
const COHORT_ID = "bench-cohort";

/**
 * Seeds everything with INSERT … SELECT over generate_series: one statement per table, random
 * values from a hash of the row's numbers so PGlite and PostgreSQL get identical data.
 */
async function seed(database: Database): Promise<void> {
  const { sql } = database;
  const now = `'${NOW.toISOString()}'::timestamp`;
  // r(key) ∈ [0, 1): deterministic pseudo-random number for a text key.
  await sql.exec(`CREATE FUNCTION bench_r(key text) RETURNS float8 IMMUTABLE LANGUAGE sql AS
    $$ SELECT (hashtext(key)::bigint + 2147483648) / 4294967296.0 $$`);
  const families = FAMILY_SLUGS.map((f, i) => `('${f}', ${i})`).join(", ");
  await sql.exec(`
    INSERT INTO "Lesson" ("id", "family", "slug", "title", "summary", "difficulty", "minutes", "position", "sourcePath", "contentHash", "updatedAt")
    SELECT f.slug || '-l' || l, f.slug, 'lesson-' || l, 'Lesson ' || l || ' of ' || f.slug, 'Benchmark lesson.', 'intermediate', 10, l,
      'content/' || f.slug || '/lesson-' || l || '.mdx', md5(f.slug || l), ${now}
    FROM (VALUES ${families}) AS f(slug, pos), generate_series(1, ${LESSONS_PER_FAMILY}) l;

    INSERT INTO "Question" ("id", "lessonId", "family", "type", "difficulty", "mode", "prompt", "data", "tags", "sourcePath", "sourceLine", "contentHash", "updatedAt")
    SELECT le."id" || '-q' || k, le."id", le."family", CASE WHEN k % 4 = 0 THEN 'free' ELSE 'single' END,
      (ARRAY['easy', 'medium', 'hard'])[1 + k % 3], 'recall', 'Benchmark question ' || k || ' of ' || le."title",
      '{"options":[{"id":"a","text":"A"},{"id":"b","text":"B"}],"answer":"a","explanation":"Because."}'::jsonb,
      ARRAY['bench'], le."sourcePath", k, md5(le."id" || k), ${now}
    FROM "Lesson" le, generate_series(1, ${QUESTIONS_PER_LESSON}) k;

    INSERT INTO "User" ("id", "email", "name", "role", "updatedAt") VALUES ('${MENTOR_ID}', 'bench-mentor@quorum.test', 'Bench Mentor', 'MENTOR', ${now});
    INSERT INTO "Cohort" ("id", "name", "mentorId", "createdAt") VALUES ('${COHORT_ID}', 'Benchmark cohort', '${MENTOR_ID}', ${now} - interval '200 days');

    -- Learners differ in how much they practise (activity) and how well they remember (skill);
    -- about one in ten has stopped practising 10-40 days ago.
    CREATE TABLE bench_learner AS
    SELECT i, 'bench-u-' || i AS id, 0.2 + 0.8 * bench_r('act' || i) AS activity, 0.55 + 0.4 * bench_r('skill' || i) AS skill,
      CASE WHEN bench_r('idle' || i) < 0.1 THEN 10 + 30 * bench_r('idle-days' || i) ELSE 0 END AS idle_days
    FROM generate_series(1, ${LEARNERS}) i;

    INSERT INTO "User" ("id", "email", "name", "role", "updatedAt", "createdAt")
    SELECT id, 'learner' || i || '@bench.test', 'Learner ' || lpad(i::text, 4, '0'), 'LEARNER', ${now}, ${now} - interval '200 days'
    FROM bench_learner;

    INSERT INTO "CohortMembership" ("id", "cohortId", "userId", "joinedAt")
    SELECT 'bench-m-' || i, '${COHORT_ID}', id, ${now} - interval '190 days' FROM bench_learner;

    -- Cards: each learner has about 60 % of the questions in the queue.
    CREATE TABLE bench_card AS
    SELECT 'bench-c-' || l.i || '-' || q."id" AS id, l.id AS "userId", q."id" AS "questionId", l.i, l.skill, l.idle_days,
      row_number() OVER (PARTITION BY l.i ORDER BY q."id") AS n
    FROM bench_learner l, "Question" q
    WHERE bench_r(l.i || '/' || q."id") < 0.6;

    INSERT INTO "Card" ("id", "userId", "questionId", "due", "stability", "difficulty", "reps", "lapses", "state", "lastReview", "leech", "suspended", "updatedAt")
    SELECT id, "userId", "questionId",
      last_review + (stability * (0.8 + 0.4 * bench_r('due' || id))) * interval '1 day',
      stability, 1 + 9 * bench_r('d' || id), 1 + floor(10 * bench_r('reps' || id)), lapses,
      CASE WHEN bench_r('new' || id) < 0.08 THEN 'NEW' ELSE 'REVIEW' END::"CardState",
      last_review, lapses >= 8, lapses >= 8, ${now}
    FROM (
      SELECT id, "userId", "questionId",
        power(60, bench_r('s' || id)) * skill * 1.5 AS stability,
        ${now} - (idle_days + 45 * power(bench_r('lr' || id), 2)) * interval '1 day' AS last_review,
        floor(power(bench_r('lapses' || id), 6) * 10)::int AS lapses
      FROM bench_card
    ) c;
    UPDATE "Card" SET "stability" = 0, "lastReview" = NULL, "reps" = 0, "lapses" = 0, "leech" = false, "suspended" = false, "due" = ${now}
    WHERE "state" = 'NEW' AND "id" LIKE 'bench-c-%';

    -- ${REVIEWS} ratings per learner, spread over the last 180 days (denser recently), on their cards.
    CREATE TABLE bench_count AS SELECT i, COUNT(*) AS cards FROM bench_card GROUP BY i;
    INSERT INTO "ReviewLog" ("id", "cardId", "userId", "questionId", "kind", "rating", "correct", "durationMs", "stateBefore", "stateAfter", "reviewedAt")
    SELECT 'bench-r-' || l.i || '-' || k, c.id, c."userId", c."questionId", 'REVIEW',
      CASE WHEN bench_r('rating' || l.i || '-' || k) > l.skill + 0.15 THEN 1 ELSE 2 + floor(3 * bench_r('good' || l.i || '-' || k))::int END,
      bench_r('rating' || l.i || '-' || k) <= l.skill + 0.15,
      (4000 + 50000 * bench_r('ms' || l.i || '-' || k))::int,
      '{"state":"REVIEW"}'::jsonb, '{"state":"REVIEW"}'::jsonb,
      ${now} - (l.idle_days + 180 * power(bench_r('at' || l.i || '-' || k), 1.0 / (0.3 + l.activity))) * interval '1 day'
    FROM bench_learner l
    JOIN generate_series(1, ${REVIEWS}) k ON true
    JOIN bench_count bc ON bc.i = l.i
    JOIN bench_card c ON c.i = l.i AND c.n = 1 + (k % bc.cards);

    -- Half a percent of the ratings were undone a few seconds later.
    INSERT INTO "ReviewLog" ("id", "cardId", "userId", "questionId", "kind", "undoesId", "rating", "stateBefore", "stateAfter", "reviewedAt")
    SELECT 'bench-u-' || r."id", r."cardId", r."userId", r."questionId", 'UNDO', r."id", 0, r."stateAfter", r."stateBefore", r."reviewedAt" + interval '5 seconds'
    FROM "ReviewLog" r WHERE r."kind" = 'REVIEW' AND bench_r('undo' || r."id") < 0.005;

    -- Three quizzes of eight questions per learner in the last 60 days.
    INSERT INTO "QuizSession" ("id", "userId", "kind", "config", "startedAt", "finishedAt")
    SELECT 'bench-s-' || l.i || '-' || s, l.id, 'PRACTICE', '{"count":8}'::jsonb,
      ${now} - (l.idle_days + 60 * bench_r('quiz' || l.i || '-' || s)) * interval '1 day',
      ${now} - (l.idle_days + 60 * bench_r('quiz' || l.i || '-' || s)) * interval '1 day' + interval '10 minutes'
    FROM bench_learner l, generate_series(1, 3) s;
    INSERT INTO "QuizItem" ("id", "sessionId", "questionId", "position", "timeLimitMs", "servedAt", "deadlineAt")
    SELECT s."id" || '-' || p, s."id", (SELECT q."id" FROM "Question" q ORDER BY q."id" OFFSET (abs(hashtext(s."id" || p)) % 200) LIMIT 1), p, 60000,
      s."startedAt" + p * interval '1 minute', s."startedAt" + (p + 1) * interval '1 minute'
    FROM "QuizSession" s, generate_series(0, 7) p WHERE s."id" LIKE 'bench-s-%';
    INSERT INTO "QuizAnswer" ("id", "itemId", "userId", "answer", "correct", "score", "durationMs", "submittedAt", "clientSubmissionId")
    SELECT 'bench-a-' || i."id", i."id", s."userId", '"a"'::jsonb, bench_r('qa' || i."id") < 0.7, 1, (3000 + 50000 * bench_r('qms' || i."id"))::int,
      i."servedAt" + interval '20 seconds', 'bench-' || i."id"
    FROM "QuizItem" i JOIN "QuizSession" s ON s."id" = i."sessionId" WHERE s."id" LIKE 'bench-s-%';

    DROP TABLE bench_count; DROP TABLE bench_card; DROP TABLE bench_learner;
    DROP FUNCTION bench_r(text);
  `);
}

const STAT_TRIGGERS = [
  `"QuizAnswer" quorum_quiz_answer_stats`,
  `"ReviewLog" quorum_review_stats`,
  `"Card" quorum_card_summary_insert`,
  `"Card" quorum_card_summary_update`,
];

/**
 * Seeds with the item-statistics and card-summary triggers off (row by row they would add minutes to
 * a bulk seed), then builds the running totals and the summaries as migrations 0008 and 0011 do, and
 * times that.
 */
async function seedAndBackfill(database: Database): Promise<{ items: number; cards: number }> {
  const { sql } = database;
  for (const t of STAT_TRIGGERS) await sql.exec(`ALTER TABLE ${t.replace(" ", " DISABLE TRIGGER ")}`);
  await seed(database);
  for (const t of STAT_TRIGGERS) await sql.exec(`ALTER TABLE ${t.replace(" ", " ENABLE TRIGGER ")}`);
  const t0 = performance.now();
  await sql.exec(`SELECT quorum_item_stats_rebuild(NULL)`);
  const t1 = performance.now();
  await sql.exec(`SELECT quorum_card_summary_rebuild()`);
  const backfill = { items: (t1 - t0) / 1000, cards: (performance.now() - t1) / 1000 };
  // Fresh statistics and visibility maps, as autovacuum would leave them on a live database.
  await sql.exec(`VACUUM ANALYZE`);
  return backfill;
}

const median = (values: readonly number[]) => summarize(values).p50;

/** CPU milliseconds spent so far by what runs the queries (see `cpuClock` below). */
type CpuClock = () => number | Promise<number>;

interface Timings {
  wall: number[];
  cpu: number[];
}

/**
 * Wall time and CPU time of each run. On a busy 2-core machine wall time includes waiting for the
 * CPU; CPU time is what the work itself costs, so both are reported.
 */
async function time(fn: () => Promise<unknown>, cpuClock: CpuClock): Promise<Timings> {
  await fn(); // warm-up: plans, caches
  const out: Timings = { wall: [], cpu: [] };
  for (let i = 0; i < RUNS; i++) {
    const c0 = await cpuClock();
    const t0 = performance.now();
    await fn();
    out.wall.push(performance.now() - t0);
    out.cpu.push((await cpuClock()) - c0);
  }
  return out;
}

/** This process's CPU time (PGlite runs inside it). */
function processCpu(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * This process's CPU time plus that of the database's PostgreSQL backends, read from /proc (10 ms
 * resolution; the server must run on this machine). Parallel query workers are not counted.
 */
async function postgresCpuClock(database: Database): Promise<CpuClock> {
  const ticks = async () => {
    const backends = await database.sql.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database()");
    let sum = 0;
    for (const { pid } of backends) {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
        sum += (Number(fields[11]) + Number(fields[12])) * 10;
      } catch {
        return Number.NaN;
      }
    }
    return sum;
  };
  return async () => processCpu() + (await ticks());
}

interface Result {
  backend: string;
  seedSeconds: number;
  dashboard: Timings;
  series: Timings;
  /** The author list's item statistics over the same answers (goal ≤ 50 ms) and one question's page, read from the running totals. */
  items: Timings;
  question: Timings;
  goal: number;
}

async function runOn(backend: string, database: Database, goal: number, clock: (database: Database) => Promise<CpuClock>): Promise<Result> {
  const t0 = performance.now();
  const backfill = await seedAndBackfill(database);
  const seedSeconds = (performance.now() - t0) / 1000;
  const db = database.prisma;
  const counts = await database.sql.query<{ reviews: string; cards: string; answers: string }>(
    `SELECT (SELECT COUNT(*) FROM "ReviewLog") AS reviews, (SELECT COUNT(*) FROM "Card") AS cards, (SELECT COUNT(*) FROM "QuizAnswer") AS answers`,
  );
  const board = await cohortDashboard(db, MENTOR_ID, COHORT_ID, NOW);
  if (!board || board.learners.length !== LEARNERS) throw new Error(`expected ${LEARNERS} learners, got ${board?.learners.length}`);
  const flagged = board.learners.filter((l) => l.flags.length > 0).length;
  console.log(
    `${backend}: seeded ${LEARNERS} learners, ${counts[0].reviews} review-log rows, ${counts[0].cards} cards, ${counts[0].answers} quiz answers in ${seedSeconds.toFixed(1)} s (backfill: item statistics ${backfill.items.toFixed(1)} s, card summaries ${backfill.cards.toFixed(1)} s); ${flagged} learners flagged`,
  );
  const cpuClock = await clock(database);
  const dashboard = await time(() => cohortDashboard(db, MENTOR_ID, COHORT_ID, NOW), cpuClock);
  const series = await time(() => cohortSeries(db, COHORT_ID, NOW), cpuClock);
  const author = { id: "bench-author", role: "AUTHOR" } as const;
  const items = await time(() => itemStatistics(db, author), cpuClock);
  const question = await time(() => questionStatistics(db, author, "replication-l1-q1"), cpuClock);
  return { backend, seedSeconds, dashboard, series, items, question, goal };
}

const fmt = (xs: number[]) => (xs.some(Number.isNaN) ? "n/a" : `${median(xs).toFixed(median(xs) < 10 ? 2 : 0)} ms`);

function report(results: Result[], loadBefore: string) {
  console.log(`\nMachine: ${machine()}`);
  console.log(`Load average (1, 5, 15 min): before ${loadBefore}, after ${loadAverage()}`);
  console.log(`Median of ${RUNS} runs after one warm-up, ${LEARNERS} learners × ${REVIEWS} reviews:\n`);
  console.log("back end          cohortDashboard wall (goal)   CPU      cohortSeries wall   CPU      itemStatistics wall (≤ 50)   CPU      one question");
  for (const r of results) {
    const d = median(r.dashboard.wall);
    const ok = d <= r.goal ? "ok" : "OVER";
    console.log(
      `${r.backend.padEnd(17)} ${`${d.toFixed(0)} ms (≤ ${r.goal} ms, ${ok})`.padEnd(29)} ${fmt(r.dashboard.cpu).padEnd(8)} ${fmt(r.series.wall).padEnd(19)} ${fmt(r.series.cpu).padEnd(8)} ${fmt(r.items.wall).padEnd(28)} ${fmt(r.items.cpu).padEnd(8)} ${fmt(r.question.wall)}` +
        `   [dashboard wall min ${Math.min(...r.dashboard.wall).toFixed(0)} / max ${Math.max(...r.dashboard.wall).toFixed(0)} ms]`,
    );
  }
}

async function main() {
  const loadBefore = loadAverage();
  const results: Result[] = [];
  await forEachBackend(
    async ({ name, database }) => {
      results.push(name === "postgres" ? await runOn(name, database, 150, postgresCpuClock) : await runOn(name, database, 300, async () => processCpu));
    },
    ["pglite (memory)", "postgres"],
  );
  report(results, loadBefore);
  if (results.some((r) => median(r.dashboard.wall) > r.goal)) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
