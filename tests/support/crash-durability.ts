// Crash durability, as a learner sees it: every answer and rating the server acknowledged is still
// there after the server is killed with SIGKILL in the middle of a burst and started again on the
// same data. Two loops run against the production server over HTTP, as the quiz runner and the
// review screen send them (quiz answers to the JSON route, ratings through the server action),
// each sending its next request as soon as the last one was answered; the server's process group
// is then killed while both have a request in flight, restarted, and the database is read
// directly. Used by tests/ops/crash-durability.test.ts and `npm run test:crash`.
import { openDatabase } from "@/lib/db/database";
import { appEnv, killGroup, prepareDatabase, startApp, stopApp, waitFor, type RunningApp } from "./app-server";
import { callAction, form, isRecord, readManifest, signInOverHttp, type ManifestAction } from "./server-actions";

export type CrashTarget = { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string };

export interface CrashReport {
  database: CrashTarget["kind"];
  /** Writes the server answered with success before it was killed. */
  acknowledged: { answers: number; ratings: number };
  /** Requests cut off by the kill (they may or may not have been stored; nobody was told they were). */
  cutOff: number;
  /** Acknowledged writes not found after the restart: must be empty. */
  missing: string[];
  /** The restarted server accepted a new rating. */
  writesAfterRestart: boolean;
  seconds: { load: number; restart: number };
}

const LEARNER = { email: "learner@quorum.test", password: "learner-demo-pass" };
const QUIZ_LESSON = "leaderless-replication-and-quorums";
const REVIEW_LESSON = { id: "leader-follower-replication", page: "/learn/replication/leader-follower-replication" };

interface ServedQuestion {
  type: string;
  options?: Array<{ id: string }>;
  items?: Array<{ id: string }>;
}

function answerFor(q: ServedQuestion): unknown {
  if (q.type === "free") return "A write is acknowledged once a majority has it durably.";
  if (q.type === "numeric") return 3;
  if (q.type === "ordering") return (q.items ?? []).map((i) => i.id);
  if (q.type === "multiple") return [q.options?.[0]?.id];
  return q.options?.[0]?.id;
}

class Learner {
  constructor(
    readonly base: string,
    readonly actions: ManifestAction[],
    readonly cookie: string,
  ) {}

  private async post(path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${this.base}${path}`, {
      method: "POST",
      headers: { cookie: this.cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const parsed: unknown = await res.json();
    if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(parsed).slice(0, 200)}`);
    return parsed;
  }

  /** A new 10-question quiz on the quiz lesson, and its first question. */
  async startQuiz(): Promise<{ quizId: string; item: unknown }> {
    const created = await callAction(this.base, this.actions, "app/practice/actions.ts#createQuizAction", "/practice", form({ count: "10", secondsPerQuestion: "900", lessonId: QUIZ_LESSON }, true), this.cookie);
    const quizId = /^\/practice\/quiz\/([\w-]+)$/.exec(created.redirect)?.[1];
    if (!quizId) throw new Error(`createQuizAction: ${created.status} ${created.body.slice(0, 200)}`);
    return { quizId, item: await this.post(`/api/quiz/${quizId}/current`) };
  }

  answer(quizId: string, itemId: string, question: ServedQuestion, clientSubmissionId: string): Promise<unknown> {
    return this.post(`/api/quiz/${quizId}/answers`, { itemId, answer: answerFor(question), clientSubmissionId });
  }

  async firstCard(): Promise<{ cardId: string; version: number }> {
    await callAction(this.base, this.actions, "app/(learn)/learn/[family]/[lesson]/actions.ts#addToReviewQueueAction", REVIEW_LESSON.page, form({ lessonId: REVIEW_LESSON.id }), this.cookie);
    const queue = await callAction(this.base, this.actions, "app/review/actions.ts#loadQueueAction", "/review", { json: [] }, this.cookie);
    const card = isRecord(queue.result) && isRecord(queue.result.card) ? queue.result.card : null;
    if (!card || typeof card.cardId !== "string" || typeof card.version !== "number") throw new Error(`No card to review: ${queue.body.slice(0, 200)}`);
    return { cardId: card.cardId, version: card.version };
  }

  /**
   * Rates Good the card as shown at `version` (so it never becomes a leech however often it is
   * rated): "recorded" when acknowledged, "stale" when that version was no longer current.
   */
  async rate(cardId: string, version: number): Promise<"recorded" | "stale"> {
    const r = await callAction(this.base, this.actions, "app/review/actions.ts#rateAction", "/review", { json: [{ cardId, version, rating: 3, answer: null, durationMs: 2500 }] }, this.cookie);
    if (r.status !== 200 || !isRecord(r.result) || r.result.ok !== true) throw new Error(`rateAction: ${r.status} ${r.body.slice(0, 200)}`);
    return r.result.notice ? "stale" : "recorded";
  }
}

function servedQuestion(item: unknown): { itemId: string; question: ServedQuestion } | null {
  if (!isRecord(item) || item.status !== "question" || typeof item.itemId !== "string" || !isRecord(item.question)) return null;
  return { itemId: item.itemId, question: item.question as unknown as ServedQuestion };
}

export async function crashDurability(target: CrashTarget, options: { acknowledgedBeforeKill?: number; log?: (line: string) => void } = {}): Promise<CrashReport> {
  const log = options.log ?? (() => {});
  const env = appEnv(target.kind === "pglite" ? { QUORUM_DATA_DIR: target.dataDir } : { DATABASE_URL: target.url });
  prepareDatabase(env);
  const actions = readManifest();
  const stamp = Date.now().toString(36);

  let app: RunningApp | undefined = await startApp(env);
  const answers: string[] = [];
  /** Card versions whose rating was acknowledged: each must have its review row. */
  const ratings: number[] = [];
  let afterVersion: number | null = null;
  let cardId = "";
  let cutOff = 0;
  let loadSeconds = 0;
  let restartSeconds = 0;
  let writesAfterRestart = false;
  try {
    const learner = new Learner(app.url, actions, await signInOverHttp(app.url, actions, LEARNER.email, LEARNER.password));
    const card = await learner.firstCard();
    cardId = card.cardId;
    let quiz = await learner.startQuiz();
    let stop = false;

    const answerLoop = async () => {
      for (let n = 0; !stop; n++) {
        let served = servedQuestion(quiz.item);
        if (!served) {
          quiz = await learner.startQuiz();
          served = servedQuestion(quiz.item);
          if (!served) throw new Error("A new quiz served no question");
        }
        const id = `crash-${stamp}-a${n}`;
        const reply = await learner.answer(quiz.quizId, served.itemId, served.question, id);
        answers.push(id);
        quiz.item = isRecord(reply) ? reply.next : null;
      }
    };
    const ratingLoop = async () => {
      for (let version = card.version; !stop; version++) {
        if ((await learner.rate(cardId, version)) !== "recorded") throw new Error(`version ${version} was not current`);
        ratings.push(version);
      }
    };
    const started = Date.now();
    const loops = [answerLoop(), ratingLoop()].map((p) =>
      p.catch(() => {
        cutOff++; // the request the kill cut off
      }),
    );
    // Kill once both loops have had enough acknowledged, by count rather than time (speeds differ
    // between machines and databases): each has a request in flight at that moment.
    const enough = options.acknowledgedBeforeKill ?? 30;
    await waitFor(`${enough} answers and ${enough} ratings`, () => {
      if (cutOff > 0) throw new Error("A request failed before the kill");
      return answers.length >= enough && ratings.length >= enough;
    }, 60_000, 5);
    // Both loops are mid-request now: kill every process of the server at once.
    killGroup(app.child.pid);
    stop = true;
    await Promise.all(loops);
    await app.exited;
    loadSeconds = (Date.now() - started) / 1000;
    log(`[crash] ${target.kind}: killed after ${answers.length} answers and ${ratings.length} ratings acknowledged, ${cutOff} requests cut off`);

    const restarted = Date.now();
    app = await startApp(env);
    restartSeconds = (Date.now() - restarted) / 1000;
    const after = new Learner(app.url, actions, learner.cookie);
    // The rating cut off by the kill may or may not have been stored: the card is at one of two versions.
    const next = card.version + ratings.length;
    for (const version of [next, next + 1]) {
      if ((await after.rate(cardId, version)) === "recorded") {
        afterVersion = version;
        break;
      }
    }
    writesAfterRestart = afterVersion !== null;
    await stopApp(app);
    app = undefined;
  } finally {
    if (app) killGroup(app.child.pid);
  }

  // Read what is stored, from the database itself (the embedded one once the server let go of it).
  const database = openDatabase(target.kind === "pglite" ? { dataDir: target.dataDir } : { url: target.url });
  try {
    const user = await waitFor("the learner's row", () => database.prisma.user.findUnique({ where: { email: LEARNER.email }, select: { id: true } }), 10_000);
    const versions = [...ratings, ...(afterVersion === null ? [] : [afterVersion])];
    const [storedAnswers, storedRatings] = await Promise.all([
      database.prisma.quizAnswer.findMany({ where: { userId: user.id, clientSubmissionId: { in: answers } }, select: { clientSubmissionId: true } }),
      database.prisma.reviewLog.findMany({ where: { userId: user.id, cardId, cardVersion: { in: versions } }, select: { cardVersion: true } }),
    ]);
    const storedIds = new Set(storedAnswers.map((r) => r.clientSubmissionId));
    const storedVersions = new Set(storedRatings.map((r) => r.cardVersion));
    const missing = [...answers.filter((id) => !storedIds.has(id)), ...versions.filter((v) => !storedVersions.has(v)).map((v) => `rating of card version ${v}`)];
    return { database: target.kind, acknowledged: { answers: answers.length, ratings: ratings.length }, cutOff, missing, writesAfterRestart, seconds: { load: loadSeconds, restart: restartSeconds } };
  } finally {
    await database.close();
  }
}
