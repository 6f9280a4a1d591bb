// Two instances behind nginx on one PostgreSQL database, started from the production build by
// deploy/start-cluster.mjs exactly as an operator starts them (docs/decisions/070). A learner's
// requests go to both instances in turn; what one instance wrote (a quiz clock, a migration, a
// claim on a parameter fit) holds on the other. Skipped, with the reason in its name, when nginx or
// PostgreSQL is missing (CI installs nginx: .ci/run).
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase, type Database } from "@/lib/db/database";
import { loadMigrations } from "@/lib/db/migrate";
import { GRACE_MS } from "@/lib/practice/quiz";
import { consecutiveFreePorts, createEmptyDatabase, ensureBuild, freePort, runProcess, type RunningProcess } from "@/tests/support/app-server";
import { adminUrl, databaseTargets } from "@/tests/support/databases";
import { simulateLearner, storeReviews } from "@/tests/support/review-history";
import { answerForServedQuestion, callAction, form, isRecord, readManifest, signUpOverHttp, type ManifestAction, type ServedQuestion } from "@/tests/support/server-actions";

const DIST = process.env.E2E_DIST_DIR ?? ".next-e2e";
const NGINX = existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";
const PASSWORD = "replicas-agree-on-quorum";

function missing(): string | null {
  if (spawnSync(NGINX, ["-v"], { stdio: "ignore" }).error) return "nginx is not installed (apt-get install -y nginx)";
  if (!databaseTargets().includes("postgres")) return `PostgreSQL does not answer at ${adminUrl()} (set TEST_DATABASE_URL)`;
  return null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const reason = missing();
const suite = reason ? describe.skip : describe;

suite(`two instances behind nginx on one PostgreSQL database${reason ? ` (skipped: ${reason})` : ""}`, () => {
  let cluster: RunningProcess;
  let database: { url: string; drop: () => Promise<void> };
  let prefix: string;
  let base: string;
  let instances: string[];
  let actions: ManifestAction[];
  let db: Database;

  beforeAll(async () => {
    await ensureBuild(undefined, DIST);
    actions = readManifest(DIST);
    database = await createEmptyDatabase(adminUrl(), "quorum_scaleout");
    prefix = mkdtempSync(path.join(tmpdir(), "quorum-nginx-"));
    const [port, first] = [await freePort(), await consecutiveFreePorts(2)];
    base = `http://127.0.0.1:${port}`;
    instances = [`http://127.0.0.1:${first}`, `http://127.0.0.1:${first + 1}`];
    cluster = runProcess(
      process.execPath,
      ["deploy/start-cluster.mjs", "--instances", "2", "--port", String(port), "--first-instance-port", String(first), "--prefix", prefix, "--nginx", NGINX],
      { ...process.env, DATABASE_URL: database.url, AUTH_SECRET: randomBytes(32).toString("base64url"), NEXT_DIST_DIR: DIST, QUORUM_INSTANCE_HEADER: "1", BCRYPT_COST: "8" },
    );
    for (let waited = 0; !cluster.output().includes("✓ Quorum is running at"); waited += 200) {
      if (cluster.exited() || waited > 180_000) throw new Error(`The cluster did not start (${cluster.exited() ?? "timed out"}):\n${cluster.output().slice(-3000)}`);
      await sleep(200);
    }
    db = openDatabase({ url: database.url });
  }, 900_000); // includes building the app when its sources changed

  afterAll(async () => {
    await db?.close();
    await cluster?.stop();
    await database?.drop();
    if (prefix) rmSync(prefix, { recursive: true, force: true });
  });

  /** Lines the cluster printed for one instance or for nginx ("[instance 2] …"). */
  const linesOf = (pattern: RegExp) => cluster.output().split("\n").filter((l) => pattern.test(l));

  async function learner(name: string) {
    const email = `${name.toLowerCase()}-${randomBytes(4).toString("hex")}@example.com`;
    const cookie = await signUpOverHttp(base, actions, { name, email, password: PASSWORD });
    const { id } = await db.prisma.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
    return { email, cookie, id };
  }

  async function get(url: string, cookie: string) {
    const res = await fetch(url, { headers: { cookie }, redirect: "manual" });
    return { status: res.status, instance: res.headers.get("x-quorum-instance"), body: await res.text() };
  }

  async function postJson(url: string, cookie: string, body?: unknown) {
    const res = await fetch(url, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  test("both instances, started at once on an empty database, come up, and exactly one applies each migration", async () => {
    const names = loadMigrations().map((m) => m.name);
    const rows = await db.sql.query<{ name: string }>(`SELECT "name" FROM "_quorum_migrations" ORDER BY "name"`);
    expect(rows.map((r) => r.name)).toEqual(names);
    const applying = linesOf(/^\[instance \d\] .*applying migration /);
    expect(names.map((n) => applying.filter((l) => l.endsWith(`applying migration ${n}`)).length)).toEqual(names.map(() => 1));
    for (const url of instances) expect((await fetch(`${url}/api/health`)).status).toBe(200);
    expect(linesOf(/^\[instance \d\] .*(Error|failed)/i)).toEqual([]);
  });

  test("a signed-in learner's requests alternate between the instances, and each one works", async () => {
    const fay = await learner("Fay");
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) {
      const me = await get(`${base}/api/me`, fay.cookie);
      expect(me.status).toBe(200);
      expect((JSON.parse(me.body) as { user: { email: string } }).user.email).toBe(fay.email);
      seen.push(me.instance ?? "none");
    }
    expect(new Set(seen)).toEqual(new Set(instances.map((u) => u.replace("http://", ""))));
    expect(seen.every((s, i) => i === 0 || s !== seen[i - 1])).toBe(true);

    // A change made through one instance is what the other shows.
    const added = await callAction(base, actions, "app/review/actions.ts#addToQueueAction", "/review", { json: [{ family: "replication" }] }, { cookie: fay.cookie });
    expect(isRecord(added.result) && added.result.ok === true && Number(added.result.added) > 0).toBe(true);
    const total = isRecord(added.result) && isRecord(added.result.queue) ? added.result.queue.total : undefined;
    const answeredBy = new Set<string | null>();
    for (let i = 0; i < 2; i++) {
      const queue = await callAction(base, actions, "app/review/actions.ts#loadQueueAction", "/review", { json: [] }, { cookie: fay.cookie });
      answeredBy.add(queue.headers.get("x-quorum-instance"));
      expect(isRecord(queue.result) && isRecord(queue.result.queue) ? queue.result.queue.total : null).toBe(total);
    }
    expect(answeredBy.size).toBe(2);
    const review = await get(`${base}/review`, fay.cookie);
    expect(review.status).toBe(200);
  });

  test("a quiz question's deadline holds across instances: served by one, answered late on the other, it counts as late", async () => {
    const gus = await learner("Gus");
    const quiz = await callAction(base, actions, "app/practice/actions.ts#createQuizAction", "/practice", form({ count: "2", secondsPerQuestion: "10" }, true), { cookie: gus.cookie });
    const quizId = /^\/practice\/quiz\/([\w-]+)$/.exec(quiz.redirect)?.[1];
    expect(quizId).toBeDefined();

    const served = await postJson(`${instances[0]}/api/quiz/${quizId}/current`, gus.cookie);
    expect(served.status).toBe(200);
    const first = served.json as { itemId: string; question: ServedQuestion; deadlineAt: string; serverNow: string };
    // Wait out the clock the first instance started, grace included.
    await sleep(Date.parse(first.deadlineAt) - Date.parse(first.serverNow) + GRACE_MS + 500);
    const late = await postJson(`${instances[1]}/api/quiz/${quizId}/answers`, gus.cookie, {
      itemId: first.itemId, answer: answerForServedQuestion(first.question, "late"), clientSubmissionId: `late-${first.itemId}`,
    });
    expect(late.status).toBe(200);
    expect(late.json.outcome).toEqual({ late: true, duplicate: false });

    // The next question, served by the second instance with the answer, is answered in time on the first.
    const next = late.json.next as { status: string; itemId: string; question: ServedQuestion };
    expect(next.status).toBe("question");
    const onTime = await postJson(`${instances[0]}/api/quiz/${quizId}/answers`, gus.cookie, {
      itemId: next.itemId, answer: answerForServedQuestion(next.question, "on time"), clientSubmissionId: `on-time-${next.itemId}`,
    });
    expect(onTime.json.outcome).toEqual({ late: false, duplicate: false });
    const rows = await db.sql.query<{ itemId: string; late: boolean; score: number }>(
      `SELECT a."itemId", a."late", a."score" FROM "QuizAnswer" a JOIN "QuizItem" i ON i."id" = a."itemId" WHERE i."sessionId" = $1 ORDER BY i."position"`,
      [quizId],
    );
    expect(rows.map((r) => ({ itemId: r.itemId, late: r.late }))).toEqual([{ itemId: first.itemId, late: true }, { itemId: next.itemId, late: false }]);
    expect(rows[0].score).toBe(0);
  }, 60_000);

  test("ratings that reach both instances at the same moment start one fit of the learner's personal parameters, not two", async () => {
    const hal = await learner("Hal");
    const questions = await db.prisma.question.findMany({ where: { retiredAt: null }, orderBy: { id: "asc" }, take: 80, select: { id: true } });
    expect(questions).toHaveLength(80);
    // 1,600 reviews: a fit is due, and takes long enough (a second or more) for ratings to overlap it.
    await storeReviews(db.prisma, hal.id, simulateLearner(80, 20), (card) => questions[card].id);
    const cards = await db.prisma.card.findMany({ where: { userId: hal.id }, orderBy: { id: "asc" }, take: 6, select: { id: true, version: true } });
    const rate = (url: string, card: { id: string; version: number }) =>
      callAction(url, actions, "app/review/actions.ts#rateAction", "/review", { json: [{ cardId: card.id, version: card.version, rating: 3, answer: null, durationMs: 4000 }] }, { cookie: hal.cookie });
    // Three ratings on each instance at once, each followed by that instance's look for a due fit.
    const rated = await Promise.all(cards.map((card, i) => rate(instances[i % 2], card)));
    expect(rated.map((r) => isRecord(r.result) && r.result.ok === true && r.result.notice === null)).toEqual(cards.map(() => true));

    // Each instance looks for a due fit after answering. Wait for the fit to land and its claim to be
    // given back, then as long again for a second fit that would have started with it.
    const started = Date.now();
    let user = { fsrsFittedOn: null as number | null, fsrsFitClaimedAt: null as Date | null };
    while (Date.now() - started < 90_000) {
      user = await db.prisma.user.findUniqueOrThrow({ where: { id: hal.id }, select: { fsrsFittedOn: true, fsrsFitClaimedAt: true } });
      if (user.fsrsFittedOn !== null && user.fsrsFitClaimedAt === null) break;
      await sleep(250);
    }
    await sleep(Date.now() - started);
    expect(user.fsrsFittedOn).toBeGreaterThanOrEqual(1_601);
    expect(linesOf(new RegExp(`fitted personal parameters for user ${hal.id}\\b`))).toHaveLength(1);
    expect(linesOf(new RegExp(`could not fit personal parameters for user ${hal.id}\\b`))).toEqual([]);
  }, 240_000);
});
