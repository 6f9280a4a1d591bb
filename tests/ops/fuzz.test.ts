// Bad input from outside, the way an attacker sends it: every JSON route and every server action,
// called over HTTP against the production build with generated values (fast-check) in place of
// ids, text and whole arguments — NUL bytes, lone surrogates, huge strings, wrong types, other
// people's ids — as anonymous visitors and as signed-in learners and mentors. No request may answer
// 5xx or show a stack trace, and a request that was refused must leave the database as it was
// (checked on PostgreSQL, where the test can read the database: each batch of refused requests
// is bracketed by a checksum of every table that holds people's data).
import fc from "fast-check";
import pg from "pg";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { appEnv, ensureBuild, prepareDatabase, startApp, stopApp, type RunningApp } from "@/tests/support/app-server";
import { callAction, form, isRecord, readManifest, signInOverHttp, type ActionArgs, type ManifestAction } from "@/tests/support/server-actions";
import { createEmptyPostgresDatabase, databaseTargets } from "@/tests/support/databases";

/** Requests per run: the issue asks for at least 5,000. */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 5_200);
const BATCH = 10;
const LESSON = "leader-follower-replication";
const DRILL_PROMPT = "distributed-rate-limiter";

/** Tables that hold people's data; content tables and sign-in attempts (which refusals do record) are left out. */
const USER_TABLES = [
  "User", "Card", "ReviewLog", "QuizSession", "QuizItem", "QuizAnswer", "DrillSession", "Cohort", "CohortMembership",
  "Invitation", "Comment", "Notification", "LessonProgress",
];

type Actor = "anonymous" | "learner" | "mentor";

interface World {
  cookies: Record<Actor, string>;
  quizId: string;
  itemId: string;
  cardId: string;
  cardVersion: number;
  drillId: string;
  cohortId: string;
}

// ── Generated values ─────────────────────────────────────────────────────────────────────────────

const nastyString = fc.oneof(
  fc.constantFrom(
    "\u0000", "a\u0000b", "\ud800", "x\udc00y", "\udfff\ud800", "'; DROP TABLE \"User\"; --", "../../etc/passwd", "%00", "%zz%",
    "\u202e\u0000", "😀".repeat(3), "<script>alert(1)</script>", "null", "NaN", "1e309", "-1", "0", "$K1", "$@0", "__proto__",
    "constructor", " ", "", "A".repeat(70_000), "é".repeat(20_000),
  ),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 200 }),
  fc.string({ maxLength: 12 }).map((s) => `c${s}`),
);
const nastyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    nastyString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(nastyString, tie("value"), { maxKeys: 3 }),
  ),
})).value;

// ── What is called ───────────────────────────────────────────────────────────────────────────────

interface Target {
  name: string;
  /** Only reads (a GET that changes nothing): it may succeed inside a batch that must have written nothing. */
  readOnly?: boolean;
  /** Builds one request from a generated value and a generated choice of which part to spoil. */
  send(app: RunningApp, actions: ManifestAction[], world: World, actor: Actor, value: unknown, slot: number): Promise<Reply>;
}

interface Reply {
  status: number;
  body: string;
  /** The request was turned down (an error status, a message, a sign-in redirect), so it must have written nothing. */
  refused: boolean;
}

const str = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v) ?? "");

/** One field of `valid` replaced by `value` (slot picks which), the rest left valid. */
function spoil<T extends Record<string, unknown>>(valid: T, value: unknown, slot: number): Record<string, unknown> {
  const keys = Object.keys(valid);
  if (keys.length === 0) return valid;
  const key = keys[slot % keys.length];
  return { ...valid, [key]: value };
}

function refusalOf(result: unknown): boolean {
  if (!isRecord(result)) return false;
  return result.ok === false || typeof result.error === "string" || (isRecord(result.errors) && Object.keys(result.errors).length > 0);
}

function action(name: string, page: string, build: (w: World, value: unknown, slot: number) => ActionArgs): Target {
  return {
    name,
    async send(app, actions, world, actor, value, slot) {
      const reply = await callAction(app.url, actions, name, page, build(world, value, slot), world.cookies[actor]);
      const refused = reply.status >= 400 || refusalOf(reply.result) || reply.redirect.startsWith("/signin") || (reply.status === 200 && !reply.redirect && reply.result === undefined);
      return { status: reply.status, body: reply.body, refused };
    },
  };
}

function formOf(fields: Record<string, unknown>, withState = false): ActionArgs {
  return form(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, str(v)])), withState);
}

function route(name: string, method: "GET" | "POST", url: (w: World, value: unknown, slot: number) => string, body?: (w: World, value: unknown, slot: number) => unknown): Target {
  return {
    name,
    // Opening a notification marks it read: the one GET here that writes.
    readOnly: method === "GET" && !name.includes("/notifications/open/"),
    async send(app, _actions, world, actor, value, slot) {
      let target: string;
      try {
        target = url(world, value, slot);
      } catch {
        target = "/api/quiz/x/current";
      }
      const payload = body ? body(world, value, slot) : undefined;
      const res = await fetch(`${app.url}${target}`, {
        method,
        redirect: "manual",
        headers: { ...(world.cookies[actor] ? { cookie: world.cookies[actor] } : {}), ...(payload !== undefined ? { "content-type": "application/json" } : {}) },
        body: payload === undefined ? undefined : typeof payload === "string" ? payload : JSON.stringify(payload),
      });
      return { status: res.status, body: await res.text(), refused: res.status >= 300 };
    },
  };
}

/** A value for a URL segment: the generated one, encoded as a browser would. */
const segment = (v: unknown) => encodeURIComponent(str(v)).slice(0, 3_000) || "x";

const TARGETS: Target[] = [
  // JSON routes: ids in the path, fields in the body.
  route("POST /api/quiz/[id]/current", "POST", (w, v, s) => `/api/quiz/${s % 2 ? segment(v) : w.quizId}/current`),
  route("POST /api/quiz/[id]/answers", "POST", (w, v, s) => `/api/quiz/${s % 5 === 0 ? segment(v) : w.quizId}/answers`, (w, v, s) =>
    s % 7 === 0 ? str(v) : spoil({ itemId: w.itemId, answer: "A", clientSubmissionId: `fuzz-${s}-${Date.now()}`, skip: true }, v, s),
  ),
  route("GET /api/lessons/[id]/progress", "GET", (_w, v) => `/api/lessons/${segment(v)}/progress`),
  route("GET /api/search", "GET", (_w, v) => `/api/search?q=${segment(v)}`),
  route("GET /mentor/learners/[id]/answers.csv", "GET", (_w, v) => `/mentor/learners/${segment(v)}/answers.csv`),
  route("GET /mentor/cohorts/[id]/export.csv", "GET", (w, v, s) => `/mentor/cohorts/${s % 3 ? segment(v) : w.cohortId}/export.csv`),
  route("GET /notifications/open/[id]", "GET", (_w, v) => `/notifications/open/${segment(v)}`),
  route("GET /cards/export.apkg", "GET", (_w, v) => `/cards/export.apkg?lesson=${segment(v)}`),
  route("GET /practice/quiz/[id]/results", "GET", (_w, v) => `/practice/quiz/${segment(v)}/results`),
  route("GET /practice/drills/[id]", "GET", (_w, v) => `/practice/drills/${segment(v)}`),
  route("GET /cards/[id]", "GET", (_w, v) => `/cards/${segment(v)}`),
  route("GET /notifications/threads/[kind]/[id]", "GET", (_w, v, s) => `/notifications/threads/${s % 2 ? "quiz" : segment(v)}/${segment(v)}`),
  route("GET /author/questions/[id]", "GET", (_w, v) => `/author/questions/${segment(v)}`),
  route("GET /join/[token]", "GET", (_w, v) => `/join/${segment(v)}`),
  route("GET /admin/users", "GET", (_w, v) => `/admin/users?q=${segment(v)}&page=${segment(v)}`),
  route("GET /author", "GET", (_w, v, s) => `/author?${["family", "sort", "flag", "q", "page"][s % 5]}=${segment(v)}`),
  route("GET /practice", "GET", (_w, v) => `/practice?lesson=${segment(v)}&blocked=${segment(v)}`),

  // Review.
  action("app/review/actions.ts#revealAction", "/review", (w, v, s) => ({ json: [s % 6 === 0 ? v : spoil({ cardId: w.cardId, version: w.cardVersion, answer: "A", durationMs: 4000 }, v, s)] })),
  action("app/review/actions.ts#rateAction", "/review", (w, v, s) => ({ json: [s % 6 === 0 ? v : spoil({ cardId: w.cardId, version: w.cardVersion, rating: 3, answer: "A", durationMs: 4000 }, v, s)] })),
  action("app/review/actions.ts#addToQueueAction", "/review", (_w, v, s) => ({ json: [s % 2 ? v : { family: v }] })),
  action("app/review/actions.ts#resumeLeechAction", "/review", (_w, v, s) => ({ json: [s % 2 ? v : { cardId: v }] })),
  // Lessons.
  action("app/(learn)/learn/[family]/[lesson]/actions.ts#toggleReadAction", "/learn/[family]/[lesson]", (_w, v, s) => formOf(spoil({ lessonId: LESSON, read: "true" }, v, s))),
  action("app/(learn)/learn/[family]/[lesson]/actions.ts#addToReviewQueueAction", "/learn/[family]/[lesson]", (_w, v) => formOf({ lessonId: v })),
  // Practice.
  action("app/practice/actions.ts#createQuizAction", "/practice", (_w, v, s) => formOf(spoil({ count: "2", secondsPerQuestion: "60", difficulty: "mixed", families: "replication", lessonId: LESSON }, v, s), true)),
  action("app/practice/actions.ts#endQuizAction", "/practice", (_w, v) => formOf({ quizId: v })),
  action("app/practice/actions.ts#queueMissedQuestionsAction", "/practice/quiz/[id]/results", (_w, v) => formOf({ quizId: v })),
  action("app/practice/drills/actions.ts#startDrillAction", "/practice/drills", (_w, v) => formOf({ promptId: v })),
  action("app/practice/drills/actions.ts#readDrillAction", "/practice/drills/[id]", (w, v, s) => ({ json: [s % 2 ? v : w.drillId] })),
  action("app/practice/drills/actions.ts#saveDrillTextAction", "/practice/drills/[id]", (w, v, s) => ({ json: [s % 3 === 0 ? v : w.drillId, s % 3 === 1 ? v : "requirements", s % 3 === 2 ? v : "text"] })),
  action("app/practice/drills/actions.ts#advanceDrillAction", "/practice/drills/[id]", (w, v, s) => ({ json: [s % 2 ? v : w.drillId, s % 2 ? "requirements" : v] })),
  action("app/practice/drills/actions.ts#finishDrillAction", "/practice/drills/[id]", (w, v, s) => ({ json: [s % 2 ? v : w.drillId, s % 3 ? v : { ratings: { x: v }, note: v }] })),
  // Cards.
  ...["suspendCardAction", "resumeCardAction", "resetCardAction", "forgetCardAction"].map((n) => action(`app/cards/actions.ts#${n}`, "/cards/[id]", (_w, v) => formOf({ cardId: v }))),
  // Mentors and cohorts.
  action("app/mentor/actions.ts#createCohortAction", "/mentor", (_w, v) => formOf({ name: v }, true)),
  action("app/mentor/actions.ts#createInvitationAction", "/mentor/cohorts/[id]", (w, v, s) => formOf(spoil({ cohortId: w.cohortId, email: "a@example.com", maxUses: "3", days: "7" }, v, s), true)),
  action("app/mentor/actions.ts#revokeInvitationAction", "/mentor/cohorts/[id]", (w, v, s) => formOf(spoil({ cohortId: w.cohortId, invitationId: "x" }, v, s))),
  action("app/mentor/actions.ts#removeLearnerAction", "/mentor/cohorts/[id]", (w, v, s) => formOf(spoil({ cohortId: w.cohortId, userId: "x" }, v, s))),
  action("app/mentor/actions.ts#joinCohortAction", "/mentor/join", (_w, v) => formOf({ code: v, token: v }, true)),
  action("app/mentor/actions.ts#leaveCohortAction", "/account", (_w, v) => formOf({ cohortId: v })),
  action("app/mentor/actions.ts#commentAction", "/mentor/learners/[id]", (_w, v, s) => formOf(spoil({ kind: "quiz", targetId: "x", body: "Good." }, v, s), true)),
  // Accounts: the caller's own; bad input must not change them.
  action("app/account/actions.ts#savePracticeSettingsAction", "/account", (_w, v, s) =>
    formOf(spoil({ desiredRetention: "90", dailyNewLimit: "20", dailyReviewLimit: "200", timezone: "UTC", learningSteps: "1m 10m", relearningSteps: "10m" }, v, s), true),
  ),
  action("app/account/actions.ts#changePasswordAction", "/account", (_w, v, s) => formOf(spoil({ currentPassword: "learner-demo-pass-wrong", newPassword: v }, v, s), true)),
  action("app/admin/actions.ts#changeRoleAction", "/admin/users", (_w, v, s) => formOf(spoil({ userId: "x", role: "ADMIN" }, v, s), true)),
  action("app/(auth)/actions.ts#signUpAction", "/signup", (_w, v, s) => formOf(spoil({ name: "Fuzz", email: `fuzz-${s}@example.com`, password: "short" }, v, s), true)),
  action("app/(auth)/actions.ts#signInAction", "/signin", (_w, v, s) => formOf(spoil({ email: "learner@quorum.test", password: "wrong-password-1", callbackUrl: "/" }, v, s), true)),
];

// ── The world the requests act on ────────────────────────────────────────────────────────────────

async function setUpWorld(app: RunningApp, actions: ManifestAction[]): Promise<World> {
  const learner = await signInOverHttp(app.url, actions, "learner@quorum.test", "learner-demo-pass");
  const mentor = await signInOverHttp(app.url, actions, "mentor@quorum.test", "mentor-demo-pass");
  const call = (cookie: string, name: string, page: string, args: ActionArgs) => callAction(app.url, actions, name, page, args, cookie);
  const quiz = await call(learner, "app/practice/actions.ts#createQuizAction", "/practice", form({ count: "3", secondsPerQuestion: "900", lessonId: LESSON }, true));
  const quizId = /\/practice\/quiz\/([\w-]+)/.exec(quiz.redirect)?.[1] ?? "";
  const served: unknown = await (await fetch(`${app.url}/api/quiz/${quizId}/current`, { method: "POST", headers: { cookie: learner } })).json();
  await call(learner, "app/(learn)/learn/[family]/[lesson]/actions.ts#addToReviewQueueAction", "/learn/[family]/[lesson]", form({ lessonId: LESSON }));
  const queue = await call(learner, "app/review/actions.ts#loadQueueAction", "/review", { json: [] });
  const card = isRecord(queue.result) && isRecord(queue.result.card) ? queue.result.card : {};
  const drill = await call(learner, "app/practice/drills/actions.ts#startDrillAction", "/practice/drills", form({ promptId: DRILL_PROMPT }));
  await call(mentor, "app/mentor/actions.ts#createCohortAction", "/mentor", form({ name: "Fuzzed cohort" }, true));
  const mentorPage = await (await fetch(`${app.url}/mentor`, { headers: { cookie: mentor } })).text();
  const world: World = {
    cookies: { anonymous: "", learner, mentor },
    quizId,
    itemId: isRecord(served) && typeof served.itemId === "string" ? served.itemId : "",
    cardId: typeof card.cardId === "string" ? card.cardId : "",
    cardVersion: typeof card.version === "number" ? card.version : 0,
    drillId: /\/practice\/drills\/([\w-]+)/.exec(drill.redirect)?.[1] ?? "",
    cohortId: /\/mentor\/cohorts\/([\w-]+)/.exec(mentorPage)?.[1] ?? "",
  };
  const missing = Object.entries(world).filter(([, v]) => v === "");
  if (missing.length) throw new Error(`Fuzz set-up could not find ${missing.map(([k]) => k).join(", ")}`);
  return world;
}

async function userDataChecksum(client: pg.Client): Promise<string> {
  const parts: string[] = [];
  for (const table of USER_TABLES) {
    const { rows } = await client.query<{ h: string | null }>(`SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM "${table}" t`);
    parts.push(`${table}:${rows[0].h ?? "-"}`);
  }
  return parts.join(" ");
}

const STACK = /\n\s+at [\w.<>$[\]]+ \(|node_modules\/|\.next(-e2e)?\/server\//;

describe.each(databaseTargets())("HTTP fuzz on %s", (kind) => {
  let app: RunningApp;
  let actions: ManifestAction[];
  let world: World;
  let client: pg.Client | null = null;
  let cleanup: () => Promise<void> = async () => {};

  beforeAll(async () => {
    await ensureBuild();
    actions = readManifest();
    let env: NodeJS.ProcessEnv;
    if (kind === "postgres") {
      const database = await createEmptyPostgresDatabase();
      env = appEnv({ DATABASE_URL: database.url, QUORUM_DEMO_USERS: "1" });
      client = new pg.Client({ connectionString: database.url });
      cleanup = async () => {
        await client?.end();
        await database.drop();
      };
    } else {
      const dataDir = mkdtempSync(path.join(tmpdir(), "quorum-fuzz-"));
      env = appEnv({ QUORUM_DATA_DIR: dataDir });
      cleanup = async () => rmSync(dataDir, { recursive: true, force: true });
    }
    prepareDatabase(env);
    app = await startApp(env);
    if (client) await client.connect();
    world = await setUpWorld(app, actions);
  }, 600_000);

  afterAll(async () => {
    if (app) await stopApp(app);
    await cleanup();
  });

  it("refuses, with 4xx and no stack trace, each NUL / lone-surrogate request the security review reported", async () => {
    const NUL = "a\u0000b";
    const LONE = "x\ud800y";
    const json = (method: string, url: string, body?: unknown, actor: Actor = "learner") =>
      fetch(`${app.url}${url}`, { method, redirect: "manual", headers: { cookie: world.cookies[actor], "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    const replies: Array<[string, number, string]> = [];
    const record = async (what: string, r: Response) => replies.push([what, r.status, await r.text()]);
    for (const bad of [NUL, LONE]) {
      await record(`answer ${JSON.stringify(bad)}`, await json("POST", `/api/quiz/${world.quizId}/answers`, { itemId: world.itemId, answer: bad, clientSubmissionId: `nul-answer-${bad.length}` }));
      await record(`itemId ${JSON.stringify(bad)}`, await json("POST", `/api/quiz/${world.quizId}/answers`, { itemId: bad, answer: "A", clientSubmissionId: "nul-item-0001" }));
      await record(`clientSubmissionId ${JSON.stringify(bad)}`, await json("POST", `/api/quiz/${world.quizId}/answers`, { itemId: world.itemId, answer: "A", clientSubmissionId: `id-${bad}-0001` }));
    }
    for (const url of ["/api/quiz/abc%00def/current", "/mentor/learners/a%00b/answers.csv", "/mentor/cohorts/a%00b/export.csv", "/notifications/open/a%00b", "/api/lessons/a%00b/progress", "/practice/quiz/%E0%A4%A/results"]) {
      await record(url, await json(url.includes("/current") ? "POST" : "GET", url));
    }
    const act = async (name: string, page: string, args: ActionArgs) => {
      const r = await callAction(app.url, actions, name, page, args, world.cookies.learner);
      replies.push([name.split("#")[1], r.status >= 400 || refusalOf(r.result) || r.redirect !== "" ? 400 : r.status, r.body]);
    };
    for (const bad of [NUL, LONE]) {
      await act("app/practice/drills/actions.ts#saveDrillTextAction", "/practice/drills/[id]", { json: [world.drillId, "requirements", bad] });
      await act("app/review/actions.ts#rateAction", "/review", { json: [{ cardId: bad, version: 0, rating: 3, answer: null, durationMs: 1000 }] });
      await act("app/review/actions.ts#revealAction", "/review", { json: [{ cardId: world.cardId, version: world.cardVersion, answer: bad, durationMs: 1000 }] });
      await act("app/review/actions.ts#resumeLeechAction", "/review", { json: [{ cardId: bad }] });
      await act("app/practice/drills/actions.ts#readDrillAction", "/practice/drills/[id]", { json: [bad] });
      await act("app/practice/actions.ts#createQuizAction", "/practice", form({ count: "2", lessonId: bad }, true));
      await act("app/(auth)/actions.ts#signUpAction", "/signup", form({ name: bad, email: "nul@example.com", password: "a-long-enough-password" }, true));
      await act("app/mentor/actions.ts#commentAction", "/mentor/learners/[id]", form({ kind: "quiz", targetId: bad, body: bad }, true));
      await act("app/(learn)/learn/[family]/[lesson]/actions.ts#toggleReadAction", "/learn/[family]/[lesson]", form({ lessonId: bad, read: "true" }));
      await act("app/(learn)/learn/[family]/[lesson]/actions.ts#addToReviewQueueAction", "/learn/[family]/[lesson]", form({ lessonId: "no-such-lesson" }));
    }
    const bad = replies.filter(([, status, body]) => status >= 500 || STACK.test(body)).map(([what, status]) => `${what}: ${status}`);
    expect(bad).toEqual([]);
    expect(replies.every(([, status]) => status >= 400 || status === 200 || status === 303 || status === 307)).toBe(true);
  }, 300_000);

  it(`answers ${REQUESTS.toLocaleString("en")} generated bad requests without a 5xx, a stack trace, or a write when refused`, async () => {
    const problems: string[] = [];
    const statuses = new Map<string, number>();
    const requests = fc.sample(
      fc.record({ target: fc.integer({ min: 0, max: TARGETS.length - 1 }), actor: fc.constantFrom<Actor>("anonymous", "learner", "learner", "mentor"), value: nastyValue, slot: fc.nat(1_000) }),
      { numRuns: REQUESTS, seed: Number(process.env.FUZZ_SEED ?? 20261203) },
    );
    let checked = 0;
    for (let start = 0; start < requests.length; start += BATCH) {
      const before = client ? await userDataChecksum(client) : "";
      let allRefused = true;
      for (const r of requests.slice(start, start + BATCH)) {
        const target = TARGETS[r.target];
        let reply: Reply;
        try {
          reply = await target.send(app, actions, world, r.actor, r.value, r.slot);
        } catch (err) {
          problems.push(`${target.name} as ${r.actor}: request failed: ${(err as Error).message} (value ${str(r.value).slice(0, 80)})`);
          continue;
        }
        statuses.set(String(reply.status), (statuses.get(String(reply.status)) ?? 0) + 1);
        if (reply.status >= 500) problems.push(`${target.name} as ${r.actor}: ${reply.status} for ${JSON.stringify(str(r.value).slice(0, 80))} (slot ${r.slot}): ${reply.body.slice(0, 160)}`);
        if (STACK.test(reply.body)) problems.push(`${target.name} as ${r.actor}: a stack trace in the response`);
        allRefused &&= reply.refused || target.readOnly === true;
      }
      if (client && allRefused) {
        checked++;
        const after = await userDataChecksum(client);
        if (after !== before) problems.push(`a batch of refused requests (${start}-${start + BATCH}) changed people's data`);
      }
      if (problems.length > 200) break;
    }
    // One line per kind of problem (target and what went wrong), with how often it happened.
    const kinds = new Map<string, { count: number; example: string }>();
    for (const p of problems) {
      const key = p.replace(/ for .*$| \(value.*$/s, "");
      kinds.set(key, { count: (kinds.get(key)?.count ?? 0) + 1, example: kinds.get(key)?.example ?? p.slice(0, 300) });
    }
    expect([...kinds.entries()].map(([k, v]) => `${v.count}× ${k} — e.g. ${v.example}`)).toEqual([]);
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(REQUESTS);
    if (client) expect(checked).toBeGreaterThan(requests.length / BATCH / 10);
    console.log(`HTTP fuzz on ${kind}: ${REQUESTS} requests; statuses ${JSON.stringify(Object.fromEntries(statuses))}; ${checked} all-refused batches checked against the database`);
  }, 1_800_000);
});
