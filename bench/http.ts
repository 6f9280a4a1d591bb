/**
 * HTTP benchmark of the production build, from outside: learners sign up over HTTP, start quizzes
 * and fill their review queues, then N connections (autocannon) drive each endpoint for a fixed
 * time — quiz answers, review ratings, the review page, /api/me, a lesson page and /api/health,
 * the floor every other figure is compared with — on PGlite and on PostgreSQL, then one instance
 * against two behind nginx. Every measured answer answers a question served to its learner and
 * not yet answered; every measured rating rates a card at the version it was shown. bench/README.md
 * says how to read the output.
 *
 *   npm run bench:http [-- --connections 64 --duration 10 --warmup 2 --only pglite,postgres,cluster]
 *
 * The build is NEXT_DIST_DIR (default .next), built first when sources changed.
 * BENCH_DATABASE_URL picks the PostgreSQL server (default postgresql://root@127.0.0.1:5432/postgres).
 */
import autocannon from "autocannon";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { consecutiveFreePorts, createEmptyDatabase, ensureBuild, freePort, postgresProblem, runProcess, setUpDatabase, startNext, waitUntilAnswering } from "@/tests/support/app-server";
import {
  actionHeaders,
  answerForServedQuestion,
  callAction,
  encodeArgs,
  flightResult,
  form,
  isRecord,
  isServedQuestion,
  readManifest,
  signUpOverHttp,
  type ManifestAction,
  type ServedQuestion,
} from "@/tests/support/server-actions";
import { cpuMsByGroup, settle } from "./support/process-cpu";
import { postgresAdminUrl } from "./support/backends";

const { values: args } = parseArgs({
  options: {
    connections: { type: "string", default: "64" },
    duration: { type: "string", default: "10" },
    warmup: { type: "string", default: "2" },
    only: { type: "string", default: "pglite,postgres,cluster" },
    profile: { type: "string" },
  },
});
const CONNECTIONS = Number(args.connections);
const DURATION_S = Number(args.duration);
const WARMUP_S = Number(args.warmup);
const ONLY = new Set(args.only.split(","));
/** --profile DIR: single servers run under `node --cpu-prof` (profiles in DIR) and measure only the floor and the submits. */
const PROFILE_DIR = args.profile ? path.resolve(args.profile) : null;
const DIST = process.env.NEXT_DIST_DIR || ".next";
const NGINX = existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";
/** Questions per quiz (the most a quiz may have): each learner's quiz takes this many answers. */
const QUIZ_LENGTH = 30;
/** New cards a learner may see per day (the most the settings allow): the ratings each learner can give. */
const NEW_CARDS_PER_DAY = 200;
const PASSWORD = "bench-learner-password";
const stamp = Date.now().toString(36);

// ── Learners and their work ─────────────────────────────────────────────────────────────────────

interface ServedItem {
  itemId: string;
  question: ServedQuestion;
}
interface ShownCard {
  cardId: string;
  version: number;
  question: ServedQuestion;
}
interface Learner {
  cookie: string;
  quizId: string;
  /** The question served and not answered yet; null once the quiz is finished. */
  item: ServedItem | null;
  /** The card on the review screen now; null once nothing is left to review today. */
  card: ShownCard | null;
  /** Questions of the quiz answered so far. */
  answered: number;
  /** A request was on its way when a run ended: the server may have moved on without telling us. */
  unsure: boolean;
}

/** Runs `task` for 0…n-1 with at most `parallel` at a time. */
async function inParallel<T>(n: number, parallel: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, n) }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await task(i);
      }
    }),
  );
  return out;
}

function servedItem(x: unknown): ServedItem | null {
  return isRecord(x) && x.status === "question" && typeof x.itemId === "string" && isServedQuestion(x.question) ? { itemId: x.itemId, question: x.question } : null;
}

function shownCard(x: unknown): ShownCard | null {
  return isRecord(x) && typeof x.cardId === "string" && typeof x.version === "number" && isServedQuestion(x.question)
    ? { cardId: x.cardId, version: x.version, question: x.question }
    : null;
}

/**
 * A learner as the app makes one: signs up (from an address of their own, as learners behind one
 * proxy arrive), allows the most new cards a day, adds every lesson to the review queue, starts a
 * quiz of QUIZ_LENGTH questions with 15 minutes each and is served its first question.
 */
let learnersSignedUp = 0;

async function prepareLearner(base: string, actions: readonly ManifestAction[]): Promise<Learner> {
  const n = learnersSignedUp++;
  const address = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  const cookie = await signUpOverHttp(base, actions, { name: `Bench learner ${n}`, email: `bench-${stamp}-${n}@example.com`, password: PASSWORD }, { "x-forwarded-for": address });
  const as = { cookie };
  const settings = await callAction(base, actions, "app/account/actions.ts#savePracticeSettingsAction", "/account", form({
    desiredRetention: "90", dailyNewLimit: String(NEW_CARDS_PER_DAY), dailyReviewLimit: "2000", timezone: "UTC", learningSteps: "1m 10m", relearningSteps: "10m",
  }, true), as);
  if (!isRecord(settings.result) || typeof settings.result.success !== "string") throw new Error(`Saving settings failed: ${settings.body.slice(0, 300)}`);
  const queued = await callAction(base, actions, "app/review/actions.ts#addToQueueAction", "/review", { json: [{ all: true }] }, as);
  const card = isRecord(queued.result) && queued.result.ok === true ? shownCard(queued.result.card) : null;
  if (!card) throw new Error(`Adding every lesson to the review queue showed no card: ${queued.body.slice(0, 300)}`);
  const quiz = await callAction(base, actions, "app/practice/actions.ts#createQuizAction", "/practice", form({ count: String(QUIZ_LENGTH), secondsPerQuestion: "900" }, true), as);
  const quizId = /^\/practice\/quiz\/([\w-]+)$/.exec(quiz.redirect)?.[1];
  if (!quizId) throw new Error(`Creating a quiz failed: ${quiz.status} ${quiz.body.slice(0, 300)}`);
  const served = await fetch(`${base}/api/quiz/${quizId}/current`, { method: "POST", headers: { cookie } });
  const item = servedItem(await served.json());
  if (!item) throw new Error(`The quiz served no question (HTTP ${served.status})`);
  return { cookie, quizId, item, card, answered: 0, unsure: false };
}

// ── Measuring one endpoint ──────────────────────────────────────────────────────────────────────

interface Measured {
  endpoint: string;
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  /** Server CPU per request, per process group ("app", "nginx"), in ms. */
  cpuMsPerRequest: Record<string, number>;
  non2xx: number;
  errors: number;
  /** Requests that did not do what the row claims (a duplicate answer, a stale rating, an exhausted learner). */
  notNew: number;
}

/** What one connection sends next and learns from each reply; `null` from next() means its work ran out. */
interface Workload {
  name: string;
  connection(index: number): { request(): autocannon.Request; reply?(status: number, body: string): void };
  /** How many measured requests did not do the work the row stands for. */
  notNew(): number;
  /** After a run: re-reads the state of learners whose last request was cut off by the end of the run. */
  resync?(): Promise<void>;
  /** After the warm-up, at its rate: makes sure the measured run cannot run out of work. */
  ensureCapacity?(perSecond: number): Promise<void>;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function drive(url: string, workload: Workload, seconds: number): Promise<{ latencies: number[]; result: autocannon.Result }> {
  let connection = 0;
  const latencies: number[] = [];
  const instance = autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 30,
    setupClient(client) {
      const mine = workload.connection(connection++);
      client.setRequests([{ setupRequest: (request) => ({ ...request, ...mine.request() }), onResponse: (status, body) => mine.reply?.(status, body) }]);
    },
  });
  instance.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  const result = await instance;
  return { latencies: latencies.sort((a, b) => a - b), result };
}

/** Warms the endpoint up, then measures it: throughput, latency and the server's CPU per request. */
async function measure(url: string, serverRoot: number, groupOf: (name: string) => string | null, workload: Workload): Promise<Measured> {
  const warm = await drive(url, workload, WARMUP_S);
  await settle(serverRoot);
  await workload.resync?.();
  await workload.ensureCapacity?.(warm.latencies.length / WARMUP_S);
  await settle(serverRoot);
  const notNewBefore = workload.notNew();
  const before = cpuMsByGroup(serverRoot, groupOf);
  // Monotonic microseconds, the clock V8's CPU profiles use: `bench/profile-summary.ts --window` keeps this run's samples.
  const from = process.hrtime.bigint() / 1000n;
  const { latencies, result } = await drive(url, workload, DURATION_S);
  // Requests cut off when the time was up still run on the server: count them, and their CPU.
  await settle(serverRoot);
  const to = process.hrtime.bigint() / 1000n;
  const after = cpuMsByGroup(serverRoot, groupOf);
  await workload.resync?.();
  const served = Math.max(result.requests.sent, latencies.length);
  const row: Measured = {
    endpoint: workload.name,
    requests: latencies.length,
    perSecond: latencies.length / result.duration,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    cpuMsPerRequest: Object.fromEntries(Object.keys(after).map((g) => [g, (after[g] - (before[g] ?? 0)) / served])),
    non2xx: result.non2xx,
    errors: result.errors,
    notNew: workload.notNew() - notNewBefore,
  };
  console.log(`  ${row.endpoint.padEnd(34)} ${fmt(row.perSecond, 0).padStart(6)} req/s  p50 ${fmt(row.p50, 0).padStart(5)} ms  p95 ${fmt(row.p95, 0).padStart(5)} ms  CPU ${Object.entries(row.cpuMsPerRequest).map(([g, ms]) => `${g} ${fmt(ms, 2)}`).join(", ")} ms/req${problems(row)}`);
  if (PROFILE_DIR) console.log(`    profile window: --window ${from},${to} (${served} requests)`);
  return row;
}

function problems(row: Measured): string {
  const p = [row.non2xx && `${row.non2xx} non-2xx`, row.errors && `${row.errors} errors`, row.notNew && `${row.notNew} not new`].filter(Boolean);
  return p.length ? `  ⚠ ${p.join(", ")}` : "";
}

const fmt = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : "–");

// ── The workloads ────────────────────────────────────────────────────────────────────────────────

/** A GET, as `cookieOf(connection)` (or anonymous). */
function getWorkload(name: string, pathname: string, cookieOf?: (connection: number) => string): Workload {
  return {
    name,
    connection: (i) => {
      const request: autocannon.Request = { method: "GET", path: pathname, headers: cookieOf ? { cookie: cookieOf(i) } : {} };
      return { request: () => request };
    },
    notNew: () => 0,
  };
}

/** Each connection works through its own learners (i, i + N, i + 2N, …), moving on when one runs out of work. */
function learnersOf(learners: readonly Learner[], connection: number): Learner[] {
  return learners.filter((_, n) => n % CONNECTIONS === connection);
}

/** New quiz answers: each request answers the question its learner was just served; the reply serves the next. */
function answerWorkload(base: string, learners: Learner[], more: (count: number) => Promise<Learner[]>): Workload {
  let notNew = 0;
  return {
    name: "POST /api/quiz/[id]/answers",
    notNew: () => notNew,
    async ensureCapacity(perSecond) {
      // Half as much again as the warm-up's rate needs, and a question in flight per connection.
      const needed = perSecond * DURATION_S * 1.5 + CONNECTIONS;
      const left = learners.reduce((sum, l) => sum + (l.item ? QUIZ_LENGTH - l.answered : 0), 0);
      if (left < needed) learners.push(...(await more(Math.ceil((needed - left) / QUIZ_LENGTH))));
    },
    async resync() {
      for (const learner of learners.filter((l) => l.unsure)) {
        const served = await fetch(`${base}/api/quiz/${learner.quizId}/current`, { method: "POST", headers: { cookie: learner.cookie } });
        learner.item = servedItem(await served.json());
        learner.unsure = false;
      }
    },
    connection(i) {
      const mine = learnersOf(learners, i);
      let k = 0;
      let sent: { learner: Learner; itemId: string } | null = null;
      return {
        request() {
          while (k < mine.length && !mine[k].item) k++;
          // Out of work: answer the last question again (a duplicate), counted as not new.
          const learner = mine[Math.min(k, mine.length - 1)];
          const item = learner.item ?? { itemId: sent?.itemId ?? "none", question: { type: "single" } };
          sent = { learner, itemId: item.itemId };
          learner.unsure = true;
          const body = JSON.stringify({ itemId: item.itemId, answer: answerForServedQuestion(item.question, "bench"), clientSubmissionId: `bench-${item.itemId}` });
          return { method: "POST", path: `/api/quiz/${learner.quizId}/answers`, headers: { cookie: learner.cookie, "content-type": "application/json" }, body };
        },
        reply(status, body) {
          if (!sent) return;
          sent.learner.unsure = false;
          if (status !== 200) return;
          const reply = JSON.parse(body) as { outcome: { duplicate: boolean; late: boolean }; next: unknown };
          if (reply.outcome.duplicate || reply.outcome.late) notNew++;
          else sent.learner.answered++;
          if (sent.learner.item?.itemId === sent.itemId) sent.learner.item = servedItem(reply.next);
        },
      };
    },
  };
}

/** New review ratings: each request rates (Good) the card its learner is shown, at that version; the reply shows the next. */
function ratingWorkload(learners: readonly Learner[], actions: readonly ManifestAction[], origin: string): Workload {
  let notNew = 0;
    return {
    name: "review rating (rateAction)",
    notNew: () => notNew,
    async resync() {
      for (const learner of learners.filter((l) => l.unsure)) {
        const queue = await callAction(origin, actions, "app/review/actions.ts#loadQueueAction", "/review", { json: [] }, { cookie: learner.cookie });
        learner.card = isRecord(queue.result) && queue.result.ok === true ? shownCard(queue.result.card) : null;
        learner.unsure = false;
      }
    },
    connection(i) {
      const mine = learnersOf(learners, i);
      let k = 0;
      let sent: { learner: Learner; card: ShownCard } | null = null;
      return {
        request() {
          while (k < mine.length && !mine[k].card) k++;
          const learner = mine[Math.min(k, mine.length - 1)];
          const card = learner.card ?? sent?.card ?? { cardId: "none", version: 0, question: { type: "single" } };
          sent = { learner, card };
          learner.unsure = true;
          const { body, contentType } = encodeArgs({ json: [{ cardId: card.cardId, version: card.version, rating: 3, answer: answerForServedQuestion(card.question, "bench"), durationMs: 6000 }] });
          return { method: "POST", path: "/review", headers: { cookie: learner.cookie, ...actionHeaders(actions, "app/review/actions.ts#rateAction", origin, contentType) }, body: body as string };
        },
        reply(status, body) {
          if (!sent) return;
          sent.learner.unsure = false;
          const result = status === 200 ? flightResult(body) : undefined;
          if (!isRecord(result) || result.ok !== true || result.notice !== null) notNew++;
          if (isRecord(result) && result.ok === true && sent.learner.card?.cardId === sent.card.cardId && sent.learner.card.version === sent.card.version) {
            sent.learner.card = shownCard(result.card);
          }
        },
      };
    },
  };
}

/** The longest lesson (its MDX file), as a URL. */
function longestLesson(): string {
  let best = { size: -1, url: "" };
  for (const family of readdirSync("content")) {
    const dir = path.join("content", family);
    if (!statSync(dir).isDirectory()) continue;
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".mdx"))) {
      const size = statSync(path.join(dir, file)).size;
      if (size > best.size) best = { size, url: `/learn/${family}/${file.replace(/\.mdx$/, "")}` };
    }
  }
  return best.url;
}

// ── One server (or cluster) under load ──────────────────────────────────────────────────────────

interface Target {
  label: string;
  /** Where requests go. */
  url: string;
  /** The process whose tree's CPU is measured. */
  root: number;
  groupOf: (name: string) => string | null;
}

async function prepare(target: Target, actions: readonly ManifestAction[], count: number): Promise<Learner[]> {
  const started = Date.now();
  const learners = await inParallel(count, 8, () => prepareLearner(target.url, actions));
  console.log(`  (${count} learners signed up, each with a quiz of ${QUIZ_LENGTH} questions and ${NEW_CARDS_PER_DAY} new cards a day, in ${((Date.now() - started) / 1000).toFixed(0)} s)`);
  return learners;
}

/** Measures the target; `learners` (kept across calls) are signed up on the first. */
async function suite(target: Target, actions: readonly ManifestAction[], endpoints: "all" | "hot", learners: Learner[] = []): Promise<Measured[]> {
  console.log(`\n${target.label}: ${CONNECTIONS} connections, ${DURATION_S} s per endpoint after ${WARMUP_S} s of warm-up`);
  const rows: Measured[] = [];
  const floor = await measure(target.url, target.root, target.groupOf, getWorkload("GET /api/health (floor)", "/api/health"));
  rows.push(floor);
  // One learner per connection to start with; the answer run adds more if its warm-up rate needs them.
  if (learners.length === 0) learners.push(...(await prepare(target, actions, CONNECTIONS)));
  const cookieOf = (i: number) => learners[i % learners.length].cookie;
  if (endpoints === "all") {
    rows.push(await measure(target.url, target.root, target.groupOf, getWorkload("GET /api/me (signed in)", "/api/me", cookieOf)));
    rows.push(await measure(target.url, target.root, target.groupOf, getWorkload("GET /review (signed in)", "/review", cookieOf)));
    const lesson = longestLesson();
    rows.push(await measure(target.url, target.root, target.groupOf, getWorkload(`GET ${lesson}`, lesson)));
  }
  rows.push(await measure(target.url, target.root, target.groupOf, answerWorkload(target.url, learners, (count) => prepare(target, actions, count))));
  rows.push(await measure(target.url, target.root, target.groupOf, ratingWorkload(learners, actions, target.url)));
  return rows;
}

function printTable(title: string, rows: Measured[], groups: string[]) {
  const floor = rows[0];
  console.log(`\n${title}\n`);
  console.log(`| endpoint | req/s | p50 ms | p95 ms | req/s ÷ floor | p95 ÷ floor | ${groups.map((g) => `${g} CPU ms/req`).join(" | ")} |`);
  console.log(`|---|---|---|---|---|---|${groups.map(() => "---").join("|")}|`);
  for (const r of rows) {
    const cpu = groups.map((g) => fmt(r.cpuMsPerRequest[g] ?? NaN, 2)).join(" | ");
    console.log(`| ${r.endpoint}${problems(r)} | ${fmt(r.perSecond, 0)} | ${fmt(r.p50, 0)} | ${fmt(r.p95, 0)} | ${fmt(r.perSecond / floor.perSecond, 2)} | ${fmt(r.p95 / floor.p95, 2)} | ${cpu} |`);
  }
}

/** What to undo if the benchmark is interrupted: servers to stop, databases to drop (last first). */
const undo: Array<() => Promise<unknown>> = [];

/** Runs `body` with `cleanup` registered for an interruption, and runs `cleanup` after it in any case. */
async function withCleanup<T>(cleanup: () => Promise<unknown>, body: () => Promise<T>): Promise<T> {
  undo.push(cleanup);
  try {
    return await body();
  } finally {
    undo.splice(undo.indexOf(cleanup), 1);
    await cleanup();
  }
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.log(`\n${signal}: stopping servers and removing the benchmark's databases…`);
    void (async () => {
      for (const cleanup of undo.reverse()) await cleanup().catch(() => {});
      process.exit(130);
    })();
  });
}

const appOnly = (name: string) => (name.startsWith("nginx") ? null : "app");

async function singleServer(kind: "pglite" | "postgres", actions: readonly ManifestAction[]): Promise<Measured[]> {
  const env: NodeJS.ProcessEnv = { ...process.env, AUTH_SECRET: randomBytes(32).toString("base64url"), BCRYPT_COST: "8", TRUST_PROXY: "1" };
  delete env.DATABASE_URL;

  let cleanup: () => Promise<unknown>;
  if (kind === "pglite") {
    const dir = mkdtempSync(path.join(tmpdir(), "quorum-bench-http-"));
    env.QUORUM_DATA_DIR = dir;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const database = await createEmptyDatabase(postgresAdminUrl(), "quorum_bench_http");
    env.DATABASE_URL = database.url;
    cleanup = database.drop;
  }
  return withCleanup(cleanup, async () => {
    setUpDatabase(env, ["--no-demo"]);
    const port = await freePort();
    if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true });
    const server = startNext(DIST, port, env, undefined, PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${path.join(PROFILE_DIR, kind)}`] : []);
    return withCleanup(() => server.stop(), async () => {
      const url = `http://127.0.0.1:${port}`;
      await waitUntilAnswering(`${url}/api/health`, server.exited);
      return suite({ label: kind === "pglite" ? "PGlite (embedded)" : "PostgreSQL", url, root: server.process.pid!, groupOf: appOnly }, actions, PROFILE_DIR ? "hot" : "all");
    });
  });
}

async function cluster(actions: readonly ManifestAction[]): Promise<Array<{ instances: number; rows: Measured[] }>> {
  const database = await createEmptyDatabase(postgresAdminUrl(), "quorum_bench_cluster");
  const prefix = mkdtempSync(path.join(tmpdir(), "quorum-bench-nginx-"));
  const out: Array<{ instances: number; rows: Measured[] }> = [];
  await withCleanup(async () => {
    await database.drop();
    rmSync(prefix, { recursive: true, force: true });
  }, async () => {
    // One secret for both clusters, so the learners signed up for the first keep their sessions.
    const secret = randomBytes(32).toString("base64url");
    const learners: Learner[] = [];
    for (const instances of [1, 2]) {
      const [port, first] = [await freePort(), await consecutiveFreePorts(instances)];
      // Two proxies in front of the app here: this benchmark (its learners' addresses) and nginx.
      const env = { ...process.env, DATABASE_URL: database.url, AUTH_SECRET: secret, NEXT_DIST_DIR: DIST, BCRYPT_COST: "8", TRUST_PROXY: "2" };
      const running = runProcess(process.execPath, ["deploy/start-cluster.mjs", "--instances", String(instances), "--port", String(port), "--first-instance-port", String(first), "--prefix", prefix, "--nginx", NGINX], env);
      await withCleanup(() => running.stop(), async () => {
        for (let waited = 0; !running.output().includes("✓ Quorum is running at"); waited += 200) {
          if (running.exited() || waited > 180_000) throw new Error(`The cluster did not start (${running.exited() ?? "timed out"}):\n${running.output().slice(-2000)}`);
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        const groupOf = (name: string) => (name.startsWith("nginx") ? "nginx" : name.startsWith("next-server") ? "app" : null);
        const rows = await suite({ label: `${instances} instance${instances > 1 ? "s" : ""} behind nginx (PostgreSQL)`, url: `http://127.0.0.1:${port}`, root: running.process.pid!, groupOf }, actions, "hot", learners);
        out.push({ instances, rows });
      });
    }
  });
  return out;
}

async function main() {
  console.log(`HTTP benchmark · ${availableParallelism()} CPUs · load ${loadavg().map((l) => l.toFixed(2)).join(" ")} · build ${DIST}`);
  await ensureBuild(undefined, DIST);
  const actions = readManifest(DIST);
  const report: Record<string, unknown> = { at: new Date().toISOString(), connections: CONNECTIONS, durationS: DURATION_S, cpus: availableParallelism() };

  const pgProblem = await postgresProblem(postgresAdminUrl());
  if (pgProblem && (ONLY.has("postgres") || ONLY.has("cluster"))) console.log(`PostgreSQL at ${postgresAdminUrl()} does not answer (${pgProblem}): its runs are skipped. Set BENCH_DATABASE_URL to use another server.`);
  const single: Array<[string, Measured[]]> = [];
  for (const kind of ["pglite", "postgres"] as const) {
    if (!ONLY.has(kind) || (kind === "postgres" && pgProblem)) continue;
    single.push([kind, await singleServer(kind, actions)]);
  }
  for (const [kind, rows] of single) printTable(kind === "pglite" ? "PGlite (embedded), one instance" : "PostgreSQL, one instance", rows, ["app"]);
  report.single = Object.fromEntries(single);

  if (ONLY.has("cluster")) {
    const nginxMissing = !existsSync(NGINX) && NGINX.startsWith("/");
    if (pgProblem || nginxMissing) console.log(`\nOne instance against two behind nginx: skipped (${pgProblem ? "no PostgreSQL" : "nginx is not installed: apt-get install -y nginx"}).`);
    else {
      const runs = await cluster(actions);
      for (const { instances, rows } of runs) printTable(`${instances} instance${instances > 1 ? "s" : ""} behind nginx, PostgreSQL`, rows, ["app", "nginx"]);
      report.cluster = runs;
    }
  }
  if (PROFILE_DIR) console.log(`\nCPU profiles in ${PROFILE_DIR}: summarise one with \`npx tsx bench/profile-summary.ts FILE\`, or open it in Chrome's DevTools (Performance → Load profile).`);
  mkdirSync("bench/results", { recursive: true });
  const file = path.join("bench/results", `http-${report.at as string}.json`.replace(/:/g, "-"));
  writeFileSync(file, JSON.stringify(report, null, 2));
  console.log(`\nRaw figures: ${file}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
