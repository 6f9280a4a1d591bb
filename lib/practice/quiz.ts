// Timed quizzes. The server owns time: an item's clock starts when the server first serves it
// (servedAt/deadlineAt are written once), so reloading or changing the computer's clock cannot
// reset or extend it. Answers after the deadline (plus a small grace for network latency) are
// recorded as late and score 0. Each item takes exactly one answer (unique itemId), so double
// clicks, retries and second tabs record one answer.
import { recordId, storableText } from "@/lib/validations/input";
import { z } from "zod";
import type { Db } from "@/lib/db/database";
import { Prisma } from "@/lib/generated/prisma/client";
import { FAMILY_SLUGS } from "@/lib/content/families";
import { Rng } from "@/lib/sim/random";
import { newId } from "@/lib/db/ids";
import { correctAnswer, gradeAnswer, parseServedAnswer, questionData, servedAnswer, servedQuestion, servedText, arrangementOf, type PublicQuestion } from "./grading";
import { quizItemKey, servedOptions } from "./presentation";
import { isUniqueViolation } from "@/lib/db/transactions";
import { expectedTimeMs } from "./scheduler";
import { addToReviewQueue } from "./review";
import { DomainError, NotFoundError } from "@/lib/errors";
import { dayKey } from "./time";
import { estimateAbility, itemDifficulty, nextAdaptiveItem, type AbilityEstimate } from "./ability";
import { dailyQuestions, heldOutQuestions } from "./daily";
import { DIFFICULTIES, mixedDifficulty, pickQuestions, type Candidate, type Difficulty } from "./selection";

export { DIFFICULTIES, mixedDifficulty, pickQuestions, dailyQuestions, type Difficulty };

/** Allowance for the answer's trip to the server; answers later than this are late. */
export const GRACE_MS = 2_000;

export const quizConfigSchema = z
  .object({
    count: z.coerce.number({ error: "Choose how many questions." }).int("Choose a whole number of questions.").min(1, "Ask for at least 1 question.").max(30, "At most 30 questions per quiz.").default(5),
    families: z.array(z.enum(FAMILY_SLUGS, { error: "Unknown family." })).default([]),
    difficulty: z.enum(["mixed", ...DIFFICULTIES], { error: "Choose mixed, easy, medium or hard." }).default("mixed"),
    /** Overrides the per-mode defaults (60 s recall, 120 s scenario). */
    secondsPerQuestion: z.coerce
      .number({ error: "Enter the time per question in seconds." })
      .int("Enter a whole number of seconds.")
      .min(10, "Allow at least 10 seconds per question.")
      .max(900, "Allow at most 15 minutes per question.")
      .optional(),
    /** Only this lesson's questions (the lesson page's "Practise this lesson's questions"). */
    lessonId: recordId.optional(),
    adaptive: z.boolean().default(false),
  })
  .strict();
export type QuizConfigInput = z.input<typeof quizConfigSchema>;
export type QuizConfig = z.output<typeof quizConfigSchema> & { seed: number };

/**
 * `QuizSession.config` as stored: the parsed settings plus the seed. Parsed where it is read; the stored form
 * is looser than the form's schema (today's challenge stores no families), so it has its own schema.
 */
const storedQuizConfigSchema = z.object({
  count: z.number().int(),
  families: z.array(z.enum(FAMILY_SLUGS)),
  difficulty: z.enum(["mixed", ...DIFFICULTIES]),
  secondsPerQuestion: z.number().int().optional(),
  lessonId: z.string().optional(),
  adaptive: z.boolean(),
  seed: z.number(),
});

function storedQuizConfig(sessionId: string, value: Prisma.JsonValue): QuizConfig {
  const parsed = storedQuizConfigSchema.safeParse(value);
  if (!parsed.success) throw new Error(`Quiz ${sessionId}: stored settings do not match their schema (${parsed.error.issues[0]?.message ?? "invalid"}).`);
  return parsed.data;
}

export class QuizError extends DomainError {}
export class DailyAlreadyTakenError extends QuizError {
  constructor(readonly sessionId: string) {
    super("You have already taken today's challenge. It resets at midnight UTC.", 409);
  }
}
/** Another timed attempt is running: one at a time, so that one cannot look answers up in another. */
export class AttemptInProgressError extends QuizError {
  constructor(readonly sessionId: string) {
    super("You have a quiz in progress. Finish or end it before starting another.", 409);
  }
}
export class QuizNotFinishedError extends QuizError {
  constructor(readonly sessionId: string) {
    super("Results are shown when the quiz is finished.", 409);
  }
}

function timeLimitMs(config: Pick<QuizConfig, "secondsPerQuestion">, mode: string): number {
  return config.secondsPerQuestion ? config.secondsPerQuestion * 1000 : expectedTimeMs(mode);
}

async function livePool(db: Db, families: readonly string[], difficulty?: string, lessonId?: string): Promise<Candidate[]> {
  return db.question.findMany({
    where: {
      retiredAt: null,
      ...(families.length ? { family: { in: [...families] } } : {}),
      ...(difficulty ? { difficulty } : {}),
      ...(lessonId ? { lessonId } : {}),
    },
    select: { id: true, difficulty: true, mode: true },
    orderBy: { id: "asc" },
  });
}

/** Questions the learner met in their last few quizzes, avoided when the pool allows. */
async function recentlyAsked(db: Db, userId: string): Promise<Set<string>> {
  const rows = await db.quizItem.findMany({ where: { session: { userId } }, orderBy: { session: { startedAt: "desc" } }, take: 60, select: { questionId: true } });
  return new Set(rows.map((r) => r.questionId));
}

/**
 * The learner's timed attempt in progress (started: a question was served; not finished), other
 * than `except`. There is at most one: starting or serving another is refused while it runs.
 */
export async function attemptInProgress(db: Db, userId: string, except?: string): Promise<{ id: string; kind: string } | null> {
  return db.quizSession.findFirst({
    where: { userId, finishedAt: null, ...(except ? { id: { not: except } } : {}), items: { some: { servedAt: { not: null } } } },
    select: { id: true, kind: true },
  });
}

async function refuseWhileInProgress(db: Db, userId: string, except?: string) {
  const running = await attemptInProgress(db, userId, except);
  if (running) throw new AttemptInProgressError(running.id);
}

/** Creates a practice (or adaptive) quiz. Bad settings throw QuizError and create nothing. */
export async function createQuiz(db: Db, userId: string, input: unknown, now = new Date(), seed = (Math.random() * 2 ** 32) >>> 0): Promise<{ id: string }> {
  const parsed = quizConfigSchema.safeParse(input ?? {});
  if (!parsed.success) throw new QuizError(parsed.error.issues[0]?.message ?? "Invalid quiz settings.");
  const config: QuizConfig = { ...parsed.data, seed };
  // One timed attempt at a time: while one runs (today's challenge included), no other can start.
  await refuseWhileInProgress(db, userId);
  // Adaptive quizzes choose difficulty themselves, so their first question comes from every difficulty too.
  const fixedDifficulty = config.adaptive || config.difficulty === "mixed" ? undefined : config.difficulty;
  const pool = await livePool(db, config.families, fixedDifficulty, config.lessonId);
  if (pool.length === 0) throw new QuizError("No questions match these settings yet. Choose other families or difficulty.");
  const rng = new Rng(seed);
  const avoid = await recentlyAsked(db, userId);
  let chosen: Candidate[];
  if (config.adaptive) {
    // The first question is pitched at the prior ability (θ = 0); each next one when the previous is answered.
    const first = await adaptivePick(db, pool, avoid, [], rng.next());
    chosen = first ? [first] : [];
  } else {
    const wanted = Array.from({ length: config.count }, (_, i) => (config.difficulty === "mixed" ? mixedDifficulty(i, config.count) : (config.difficulty as Difficulty)));
    chosen = pickQuestions(pool, wanted, rng, avoid);
  }
  const session = await db.quizSession.create({
    data: {
      userId,
      kind: config.adaptive ? "ADAPTIVE" : "PRACTICE",
      config: { ...config, count: config.adaptive ? config.count : chosen.length } as Prisma.InputJsonValue,
      startedAt: now,
      items: { create: chosen.map((q, position) => ({ questionId: q.id, position, timeLimitMs: timeLimitMs(config, q.mode) })) },
    },
    select: { id: true },
  });
  return session;
}

/** Starts today's challenge; one attempt per learner per UTC day. */
export async function startDailyChallenge(db: Db, userId: string, now = new Date()): Promise<{ id: string }> {
  const date = dayKey(now, "UTC");
  const existing = await db.quizSession.findUnique({ where: { userId_dailyDate: { userId, dailyDate: date } }, select: { id: true } });
  if (existing) throw new DailyAlreadyTakenError(existing.id);
  await refuseWhileInProgress(db, userId);
  const questions = await dailyQuestions(db, date);
  if (questions.length === 0) throw new QuizError("There are no questions for a daily challenge yet.");
  try {
    return await db.quizSession.create({
      data: {
        userId,
        kind: "DAILY",
        dailyDate: date,
        config: { count: questions.length, families: [], difficulty: "mixed", adaptive: false, seed: 0 } as Prisma.InputJsonValue,
        startedAt: now,
        items: { create: questions.map((q, position) => ({ questionId: q.id, position, timeLimitMs: expectedTimeMs(q.mode) })) },
      },
      select: { id: true },
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      const again = await db.quizSession.findUnique({ where: { userId_dailyDate: { userId, dailyDate: date } }, select: { id: true } });
      if (again) throw new DailyAlreadyTakenError(again.id);
    }
    throw err;
  }
}

async function ownSession(db: Db, userId: string, sessionId: string) {
  const session = await db.quizSession.findFirst({ where: { id: sessionId, userId }, select: { id: true, kind: true, config: true, finishedAt: true, dailyDate: true } });
  if (!session) throw new NotFoundError("Quiz not found.");
  return session;
}

export type CurrentItem =
  | {
      status: "question";
      itemId: string;
      position: number;
      total: number;
      /** Options and ordering items shuffled for this item under labels A, B, C… */
      question: PublicQuestion;
      servedAt: string;
      deadlineAt: string;
      /** The server's clock when this was read: clients count down from deadlineAt - serverNow. */
      serverNow: string;
      timeLimitMs: number;
    }
  | { status: "finished"; sessionId: string };

async function recordTimeout(db: Db, userId: string, item: { id: string; timeLimitMs: number; question: { id: string; type: string; data: unknown } }, now: Date) {
  try {
    await db.quizAnswer.create({
      data: {
        itemId: item.id,
        userId,
        answer: undefined,
        correct: item.question.type === "free" ? null : false,
        score: 0,
        late: true,
        durationMs: item.timeLimitMs,
        submittedAt: now,
        clientSubmissionId: `timeout:${item.id}`,
      },
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err; // answered meanwhile: keep that answer
  }
}

interface QuizNow {
  kind: string;
  config: Prisma.JsonValue;
  finishedAt: Date | null;
  total: number;
  /** Another of the learner's attempts is in progress (refuses serving a first question here). */
  blocked: boolean;
  item: { id: string; position: number; timeLimitMs: number; servedAt: Date | null; deadlineAt: Date | null; question: { id: string; type: string; prompt: string; mode: string; difficulty: string; family: string; data: Prisma.JsonValue } } | null;
}

/**
 * The learner's quiz and its first unanswered item, in one statement: the session, the item with
 * its question, the number of items, and whether another attempt of theirs is in progress.
 * Null when the quiz is not theirs (or does not exist).
 */
async function quizNow(db: Db, userId: string, sessionId: string): Promise<QuizNow | null> {
  const [row] = await db.$queryRaw<
    Array<{ kind: string; config: Prisma.JsonValue; finishedAt: Date | null; total: number; blocked: boolean; itemId: string | null; position: number; timeLimitMs: number; servedAt: Date | null; deadlineAt: Date | null; questionId: string; type: string; prompt: string; mode: string; difficulty: string; family: string; data: Prisma.JsonValue }>
  >`
    SELECT s."kind"::text AS "kind", s."config", s."finishedAt",
      (SELECT COUNT(*)::int FROM "QuizItem" c WHERE c."sessionId" = s."id") AS "total",
      EXISTS (
        SELECT 1 FROM "QuizSession" o
        WHERE o."userId" = s."userId" AND o."id" <> s."id" AND o."finishedAt" IS NULL
          AND EXISTS (SELECT 1 FROM "QuizItem" oi WHERE oi."sessionId" = o."id" AND oi."servedAt" IS NOT NULL)
      ) AS "blocked",
      i."id" AS "itemId", i."position", i."timeLimitMs", i."servedAt", i."deadlineAt",
      q."id" AS "questionId", q."type", q."prompt", q."mode", q."difficulty", q."family", q."data"
    FROM "QuizSession" s
    LEFT JOIN LATERAL (
      SELECT * FROM "QuizItem" u WHERE u."sessionId" = s."id" AND NOT EXISTS (SELECT 1 FROM "QuizAnswer" a WHERE a."itemId" = u."id")
      ORDER BY u."position" LIMIT 1
    ) i ON true
    LEFT JOIN "Question" q ON q."id" = i."questionId"
    WHERE s."id" = ${sessionId} AND s."userId" = ${userId}`;
  if (!row) return null;
  const { itemId, position, timeLimitMs, servedAt, deadlineAt, questionId, type, prompt, mode, difficulty, family, data, ...session } = row;
  return {
    ...session,
    item: itemId === null ? null : { id: itemId, position, timeLimitMs, servedAt, deadlineAt, question: { id: questionId, type, prompt, mode, difficulty, family, data } },
  };
}

/** Starts an item's clock, once: a concurrent request (second tab) keeps the first clock. */
async function serveItem(db: Db, itemId: string, timeLimitMs: number, now: Date): Promise<{ servedAt: Date; deadlineAt: Date }> {
  const [served] = await db.$queryRaw<Array<{ servedAt: Date; deadlineAt: Date }>>`
    UPDATE "QuizItem" SET "servedAt" = ${now}::timestamp, "deadlineAt" = ${new Date(now.getTime() + timeLimitMs)}::timestamp
    WHERE "id" = ${itemId} AND "servedAt" IS NULL
    RETURNING "servedAt", "deadlineAt"`;
  return served ?? (await db.quizItem.findUniqueOrThrow({ where: { id: itemId }, select: { servedAt: true, deadlineAt: true } })) as { servedAt: Date; deadlineAt: Date };
}

/**
 * The question the learner should see now. Serves it (starting its clock) the first time it is
 * shown; items whose time ran out are recorded as unanswered and skipped. A quiz that has not
 * started cannot start while another attempt is in progress.
 */
export async function currentQuizItem(db: Db, userId: string, sessionId: string, now = new Date()): Promise<CurrentItem> {
  for (let guard = 0; guard < 100; guard++) {
    const quiz = await quizNow(db, userId, sessionId);
    if (!quiz) throw new NotFoundError("Quiz not found.");
    if (quiz.finishedAt) return { status: "finished", sessionId };
    const config = storedQuizConfig(sessionId, quiz.config);
    let item = quiz.item;
    if (!item) {
      if (quiz.kind === "ADAPTIVE" && quiz.total < config.count) {
        // Otherwise the pool is exhausted and the quiz ends with the questions it has.
        if (await addAdaptiveItem(db, userId, sessionId, config, quiz.total)) continue;
      }
      await db.quizSession.updateMany({ where: { id: sessionId, finishedAt: null }, data: { finishedAt: now } });
      return { status: "finished", sessionId };
    }
    if (!item.servedAt || !item.deadlineAt) {
      if (quiz.blocked) await refuseWhileInProgress(db, userId, sessionId);
      item = { ...item, ...(await serveItem(db, item.id, item.timeLimitMs, now)) };
    }
    if (now.getTime() > item.deadlineAt!.getTime() + GRACE_MS) {
      await recordTimeout(db, userId, item, now);
      continue;
    }
    return questionOnTheClock({ ...item, servedAt: item.servedAt!, deadlineAt: item.deadlineAt! }, quiz.kind === "ADAPTIVE" ? config.count : quiz.total, now);
  }
  throw new QuizError("This quiz could not be continued.", 500);
}

type ItemOnTheClock = {
  id: string;
  position: number;
  timeLimitMs: number;
  servedAt: Date;
  deadlineAt: Date;
  question: { id: string; type: string; prompt: string; mode: string; difficulty: string; family: string; data: Prisma.JsonValue };
};

function questionOnTheClock(item: ItemOnTheClock, total: number, now: Date): CurrentItem {
  return {
    status: "question",
    itemId: item.id,
    position: item.position,
    total,
    question: servedQuestion(item.question, quizItemKey(item.id)),
    servedAt: item.servedAt.toISOString(),
    deadlineAt: item.deadlineAt.toISOString(),
    serverNow: now.toISOString(),
    timeLimitMs: item.timeLimitMs,
  };
}

/** Ends an attempt now: a question on the clock is recorded as skipped, questions not yet shown are left unanswered. */
export async function endQuiz(db: Db, userId: string, sessionId: string, now = new Date()): Promise<void> {
  const session = await ownSession(db, userId, sessionId);
  if (session.finishedAt) return;
  const open = await db.quizItem.findMany({
    where: { sessionId, answer: null, servedAt: { not: null } },
    select: { id: true, servedAt: true, question: { select: { id: true, type: true } } },
  });
  for (const item of open) {
    await recordAnswer(db, userId, { itemId: item.id, questionId: item.question.id, answer: null, skipped: true, correct: item.question.type === "free" ? null : false, score: 0, late: false, durationMs: Math.max(0, now.getTime() - item.servedAt!.getTime()), clientSubmissionId: `end:${item.id}` }, now);
  }
  await db.quizSession.updateMany({ where: { id: sessionId, finishedAt: null }, data: { finishedAt: now } });
}

/** Item difficulties on the ability scale for these questions (authored, or calibrated from answers). */
async function difficulties(db: Db, questions: readonly Candidate[]): Promise<Map<string, number>> {
  const stats = await db.questionStat.findMany({ where: { questionId: { in: questions.map((q) => q.id) } }, select: { questionId: true, answers: true, correct: true } });
  const byId = new Map(stats.map((s) => [s.questionId, s]));
  return new Map(questions.map((q) => [q.id, itemDifficulty(q.difficulty, byId.get(q.id))]));
}

/** The quiz's graded answers so far, each with its item's difficulty, in order. */
async function quizResponses(db: Db, sessionId: string): Promise<Array<{ questionId: string; difficulty: string; mode: string; correct: boolean }>> {
  const rows = await db.quizItem.findMany({
    where: { sessionId, answer: { correct: { not: null } } },
    orderBy: { position: "asc" },
    select: { question: { select: { id: true, difficulty: true, mode: true } }, answer: { select: { correct: true } } },
  });
  return rows.map((r) => ({ questionId: r.question.id, difficulty: r.question.difficulty, mode: r.question.mode, correct: r.answer?.correct === true }));
}

/** An adaptive quiz's ability estimate from its graded answers. */
export async function quizAbility(db: Db, sessionId: string): Promise<AbilityEstimate> {
  const responses = await quizResponses(db, sessionId);
  const b = await difficulties(db, responses.map((r) => ({ id: r.questionId, difficulty: r.difficulty, mode: r.mode })));
  return estimateAbility(responses.map((r) => ({ difficulty: b.get(r.questionId) ?? 0, correct: r.correct })));
}

/** The most informative fresh question at the ability shown by `responses` (questions met recently only when nothing else is left). */
async function adaptivePick(db: Db, pool: readonly Candidate[], avoid: ReadonlySet<string>, responses: ReadonlyArray<{ questionId: string; difficulty: string; mode: string; correct: boolean }>, random: number): Promise<Candidate | null> {
  const b = await difficulties(db, [...pool, ...responses.map((r) => ({ id: r.questionId, difficulty: r.difficulty, mode: r.mode }))]);
  const { theta } = estimateAbility(responses.map((r) => ({ difficulty: b.get(r.questionId) ?? 0, correct: r.correct })));
  const fresh = pool.filter((q) => !avoid.has(q.id));
  const from = fresh.length > 0 ? fresh : pool;
  const picked = nextAdaptiveItem(from.map((q) => ({ ...q, difficulty: b.get(q.id) ?? 0, authored: q.difficulty })), theta, random);
  return picked ? { id: picked.id, difficulty: picked.authored, mode: picked.mode } : null;
}

/** Adds the adaptive quiz's next question; false when no unused question is left. */
async function addAdaptiveItem(db: Db, userId: string, sessionId: string, config: QuizConfig, position: number): Promise<boolean> {
  const responses = await quizResponses(db, sessionId);
  const used = new Set((await db.quizItem.findMany({ where: { sessionId }, select: { questionId: true } })).map((r) => r.questionId));
  const pool = (await livePool(db, config.families, undefined, config.lessonId)).filter((q) => !used.has(q.id));
  const q = await adaptivePick(db, pool, await recentlyAsked(db, userId), responses, new Rng(config.seed + position).next());
  if (!q) {
    // Pool exhausted: end the quiz where it is.
    await db.quizSession.update({ where: { id: sessionId }, data: { config: { ...config, count: position } as Prisma.InputJsonValue } });
    return false;
  }
  try {
    await db.quizItem.create({ data: { sessionId, questionId: q.id, position, timeLimitMs: timeLimitMs(config, q.mode) } });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err; // another request added this position first
  }
  return true;
}

export const answerSubmissionSchema = z.object(
  {
    itemId: z.string({ error: "Missing question id." }).min(1, "Missing question id.").pipe(recordId),
    // A missing answer is refused by the question type's own message ("Choose an option.").
    answer: z.unknown().optional(),
    /** The learner chose to skip: recorded as skipped, scores 0. */
    skip: z.literal(true).optional(),
    clientSubmissionId: storableText("Missing submission id.").min(8, "Missing submission id.").max(100, "Submission id too long."),
  },
  { error: "Send the answer as a JSON object." },
);

export interface AnswerOutcome {
  answerId: string;
  correct: boolean | null;
  late: boolean;
  skipped: boolean;
  score: number;
  duplicate: boolean;
}

async function existingAnswer(db: Db, itemId: string): Promise<AnswerOutcome | null> {
  const a = await db.quizAnswer.findUnique({ where: { itemId }, select: { id: true, correct: true, late: true, skipped: true, score: true } });
  return a ? { answerId: a.id, correct: a.correct, late: a.late, skipped: a.skipped, score: a.score, duplicate: true } : null;
}

interface AnswerRecord {
  itemId: string;
  questionId: string;
  answer: unknown;
  skipped: boolean;
  correct: boolean | null;
  score: number;
  late: boolean;
  durationMs: number;
  clientSubmissionId: string;
}

/**
 * The writes of one answer, as common table expressions for `WITH`: the answer itself (`answered`,
 * nothing when the item already has one), the question's calibration totals and the learner's last
 * activity. Recording statements add what they return after them.
 */
function answerWrites(userId: string, a: AnswerRecord, now: Date): Prisma.Sql {
  const id = newId();
  const counts = a.correct !== null && !a.late;
  return Prisma.sql`answered AS (
      INSERT INTO "QuizAnswer" ("id", "itemId", "userId", "answer", "correct", "score", "late", "skipped", "durationMs", "submittedAt", "clientSubmissionId")
      VALUES (${id}, ${a.itemId}, ${userId}, ${a.answer === null ? null : JSON.stringify(a.answer)}::jsonb, ${a.correct}::boolean, ${a.score}::float8,
        ${a.late}, ${a.skipped}, ${a.durationMs}::int, ${now}::timestamp, ${a.clientSubmissionId})
      ON CONFLICT DO NOTHING
      RETURNING "id"
    ), totals AS (
      INSERT INTO "QuestionStat" ("questionId", "answers", "correct", "updatedAt")
      SELECT ${a.questionId}, 1, ${a.correct === true ? 1 : 0}::int, ${now}::timestamp FROM answered WHERE ${counts}
      ON CONFLICT ("questionId") DO UPDATE SET "answers" = "QuestionStat"."answers" + 1, "correct" = "QuestionStat"."correct" + EXCLUDED."correct", "updatedAt" = EXCLUDED."updatedAt"
    ), active AS (
      UPDATE "User" SET "lastActiveAt" = ${now}::timestamp WHERE "id" = ${userId} AND EXISTS (SELECT 1 FROM answered)
    )`;
}

/**
 * Writes an answer, the question's running totals (graded, on-time answers and skips) and the
 * learner's last activity in one statement. Nothing is written when the item already has an
 * answer; the returned id is then null.
 */
async function recordAnswer(db: Db, userId: string, a: AnswerRecord, now: Date): Promise<string | null> {
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    WITH ${answerWrites(userId, a, now)}
    SELECT "id" FROM answered`;
  return rows[0]?.id ?? null;
}

/** An answer checked against its item and graded, ready to record; or the answer the item already has. */
type PreparedAnswer =
  | { kind: "recorded"; outcome: AnswerOutcome }
  | { kind: "new"; record: AnswerRecord; sessionId: string; quizKind: string; config: Prisma.JsonValue };

async function prepareAnswer(db: Db, userId: string, input: unknown, now: Date): Promise<PreparedAnswer> {
  const parsed = answerSubmissionSchema.safeParse(input);
  if (!parsed.success) throw new QuizError(parsed.error.issues[0]?.message ?? "Invalid submission.");
  const { itemId, clientSubmissionId, skip } = parsed.data;
  // The item, its quiz's state, its question and any answer already recorded: one statement.
  const [item] = await db.$queryRaw<
    Array<{ sessionId: string; kind: string; config: Prisma.JsonValue; servedAt: Date | null; deadlineAt: Date | null; finishedAt: Date | null; questionId: string; type: string; data: Prisma.JsonValue; answerId: string | null; correct: boolean | null; late: boolean; skipped: boolean; score: number }>
  >`
    SELECT i."sessionId", s."kind"::text AS "kind", s."config", i."servedAt", i."deadlineAt", s."finishedAt", q."id" AS "questionId", q."type", q."data",
      a."id" AS "answerId", a."correct", a."late", a."skipped", a."score"
    FROM "QuizItem" i JOIN "QuizSession" s ON s."id" = i."sessionId" JOIN "Question" q ON q."id" = i."questionId"
    LEFT JOIN "QuizAnswer" a ON a."itemId" = i."id"
    WHERE i."id" = ${itemId} AND s."userId" = ${userId}`;
  if (!item) throw new NotFoundError("Quiz question not found.");
  if (item.answerId) return { kind: "recorded", outcome: { answerId: item.answerId, correct: item.correct, late: item.late, skipped: item.skipped, score: item.score, duplicate: true } };
  if (item.finishedAt) throw new QuizError("This quiz has ended.", 409);
  const question = { id: item.questionId, type: item.type, data: item.data };
  if (!item.servedAt || !item.deadlineAt) throw new QuizError("This question has not been shown yet.", 409);
  const answer = skip ? null : parseServedAnswer(question, quizItemKey(itemId), parsed.data.answer);
  const late = now.getTime() > item.deadlineAt.getTime() + GRACE_MS;
  const grade = skip ? { correct: question.type === "free" ? null : false, score: 0 } : gradeAnswer(question, answer);
  const record: AnswerRecord = {
    itemId,
    questionId: question.id,
    answer,
    skipped: skip === true,
    correct: grade.correct,
    score: late ? 0 : grade.score,
    late,
    durationMs: Math.max(0, now.getTime() - item.servedAt.getTime()),
    clientSubmissionId,
  };
  return { kind: "new", record, sessionId: item.sessionId, quizKind: item.kind, config: item.config };
}

function newOutcome(answerId: string, r: AnswerRecord): AnswerOutcome {
  return { answerId, correct: r.correct, late: r.late, skipped: r.skipped, score: r.score, duplicate: false };
}

/** When recording found an answer already there: another request answered this item first, or the submission id was used for another item. */
async function answerRecordedMeanwhile(db: Db, itemId: string): Promise<AnswerOutcome> {
  const existing = await existingAnswer(db, itemId);
  if (existing) return existing;
  throw new QuizError("That submission id was already used for another answer.", 409);
}

async function recordOnce<T>(write: () => Promise<T | null>): Promise<T | null> {
  try {
    return await write();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return null;
  }
}

/**
 * recordAnswer's writes, and in the same statement the quiz's next unanswered item: served (its
 * clock started now) unless it already was. Null when nothing was written (the item already had
 * an answer). The statement's snapshot does not see its own insert, so the answered item is left
 * out by id.
 */
async function recordAnswerAndServeNext(db: Db, userId: string, sessionId: string, a: AnswerRecord, now: Date): Promise<{ answerId: string; total: number; next: ItemOnTheClock | null } | null> {
  const [row] = await db.$queryRaw<
    Array<{ answerId: string; total: number; nextId: string | null; position: number; timeLimitMs: number; servedAt: Date | null; deadlineAt: Date | null; questionId: string; type: string; prompt: string; mode: string; difficulty: string; family: string; data: Prisma.JsonValue }>
  >`
    WITH ${answerWrites(userId, a, now)}, upcoming AS (
      SELECT u."id", u."position", u."timeLimitMs", u."servedAt", u."deadlineAt", u."questionId"
      FROM "QuizItem" u
      WHERE u."sessionId" = ${sessionId} AND u."id" <> ${a.itemId} AND EXISTS (SELECT 1 FROM answered)
        AND NOT EXISTS (SELECT 1 FROM "QuizAnswer" x WHERE x."itemId" = u."id")
      ORDER BY u."position" LIMIT 1
    ), served AS (
      UPDATE "QuizItem" SET "servedAt" = ${now}::timestamp, "deadlineAt" = ${now}::timestamp + "timeLimitMs" * interval '1 millisecond'
      WHERE "id" = (SELECT "id" FROM upcoming) AND "servedAt" IS NULL
      RETURNING "id", "servedAt", "deadlineAt"
    )
    SELECT w."id" AS "answerId", (SELECT COUNT(*)::int FROM "QuizItem" c WHERE c."sessionId" = ${sessionId}) AS "total",
      n."id" AS "nextId", n."position", n."timeLimitMs",
      COALESCE(v."servedAt", n."servedAt") AS "servedAt", COALESCE(v."deadlineAt", n."deadlineAt") AS "deadlineAt",
      q."id" AS "questionId", q."type", q."prompt", q."mode", q."difficulty", q."family", q."data"
    FROM answered w
    LEFT JOIN upcoming n ON true
    LEFT JOIN served v ON v."id" = n."id"
    LEFT JOIN "Question" q ON q."id" = n."questionId"`;
  if (!row) return null;
  const { answerId, total, nextId, position, timeLimitMs, servedAt, deadlineAt, questionId, type, prompt, mode, difficulty, family, data } = row;
  const next = nextId && servedAt && deadlineAt ? { id: nextId, position, timeLimitMs, servedAt, deadlineAt, question: { id: questionId, type, prompt, mode, difficulty, family, data } } : null;
  return { answerId, total, next };
}

/** Records the answer to a served item; exactly one answer per item however often it is sent. */
export async function submitQuizAnswer(db: Db, userId: string, input: unknown, now = new Date()): Promise<AnswerOutcome> {
  const prepared = await prepareAnswer(db, userId, input, now);
  if (prepared.kind === "recorded") return prepared.outcome;
  const answerId = await recordOnce(() => recordAnswer(db, userId, prepared.record, now));
  return answerId ? newOutcome(answerId, prepared.record) : answerRecordedMeanwhile(db, prepared.record.itemId);
}

/**
 * The quiz runner's one round trip per answer: records the answer to an item of this quiz and
 * returns the question to show next. The common case — an answer recorded and a next question
 * waiting in a fixed quiz — is one statement that writes the answer and starts the next
 * question's clock; anything else (a duplicate, the last question, an adaptive quiz's next pick,
 * a next question whose time already ran out) continues as `currentQuizItem` does.
 */
export async function answerAndContinue(db: Db, userId: string, sessionId: string, input: unknown, now = new Date()): Promise<{ outcome: AnswerOutcome; next: CurrentItem }> {
  const prepared = await prepareAnswer(db, userId, input, now);
  if (prepared.kind === "new" && prepared.sessionId !== sessionId) throw new NotFoundError("Quiz question not found.");
  if (prepared.kind === "recorded") return { outcome: prepared.outcome, next: await currentQuizItem(db, userId, sessionId, now) };
  const written = await recordOnce(() => recordAnswerAndServeNext(db, userId, sessionId, prepared.record, now));
  if (!written) return { outcome: await answerRecordedMeanwhile(db, prepared.record.itemId), next: await currentQuizItem(db, userId, sessionId, now) };
  const outcome = newOutcome(written.answerId, prepared.record);
  const total = prepared.quizKind === "ADAPTIVE" ? storedQuizConfig(sessionId, prepared.config).count : written.total;
  const next = written.next;
  if (next && now.getTime() <= next.deadlineAt.getTime() + GRACE_MS) return { outcome, next: questionOnTheClock(next, total, now) };
  return { outcome, next: await currentQuizItem(db, userId, sessionId, now) };
}

type ServedChoice = { id: string; text: string };

export interface QuizResultItem {
  itemId: string;
  position: number;
  questionId: string;
  prompt: string;
  type: string;
  difficulty: string;
  family: string;
  lessonId: string;
  section: string | null;
  /** Options and ordering items in the order and under the labels this learner was shown. */
  options?: ServedChoice[];
  items?: ServedChoice[];
  unit?: string;
  /** The learner's answer and the key, in the labels shown. */
  answer: unknown;
  correctAnswer: unknown;
  correct: boolean | null;
  late: boolean;
  skipped: boolean;
  score: number;
  durationMs: number | null;
  timeLimitMs: number;
  explanation: string;
  modelAnswer?: string;
  rubric?: string[];
  answerId: string | null;
  inReviewQueue: boolean;
  /** Today's challenge question the viewer has not taken yet: key, grade and explanation hidden until they have. */
  withheld: boolean;
}

export interface QuizResults {
  sessionId: string;
  kind: string;
  dailyDate: string | null;
  finished: boolean;
  score: number;
  total: number;
  /** Adaptive quizzes: the final ability estimate with its uncertainty. */
  ability: AbilityEstimate | null;
  items: QuizResultItem[];
}

/**
 * A finished quiz's results for its learner. An unfinished one has none (QuizNotFinishedError):
 * correctness of an attempt in progress is shown nowhere. Questions of today's challenge, while
 * the learner has not taken it, are shown without key, grade or explanation.
 */
export async function quizResults(db: Db, userId: string, sessionId: string, now = new Date()): Promise<QuizResults> {
  const session = await ownSession(db, userId, sessionId);
  if (!session.finishedAt) throw new QuizNotFinishedError(sessionId);
  const [items, heldOut] = await Promise.all([
    db.quizItem.findMany({
      where: { sessionId },
      orderBy: { position: "asc" },
      select: {
        id: true,
        position: true,
        timeLimitMs: true,
        question: { select: { id: true, type: true, prompt: true, difficulty: true, family: true, lessonId: true, section: true, data: true } },
        answer: { select: { id: true, answer: true, correct: true, late: true, skipped: true, score: true, durationMs: true } },
      },
    }),
    heldOutQuestions(db, userId, now),
  ]);
  const withheldIds = new Set(session.kind === "DAILY" ? [] : heldOut);
  const queued = new Set(
    (await db.card.findMany({ where: { userId, questionId: { in: items.map((i) => i.question.id) } }, select: { questionId: true } })).map((c) => c.questionId),
  );
  return {
    sessionId,
    kind: session.kind,
    dailyDate: session.dailyDate,
    finished: true,
    score: items.reduce((s, i) => s + (i.answer?.score ?? 0), 0),
    total: items.length,
    ability: session.kind === "ADAPTIVE" ? await quizAbility(db, sessionId) : null,
    items: items.map((i) => {
      const q = i.question;
      const key = quizItemKey(i.id);
      const arrangement = arrangementOf(q, key);
      const data = questionData(q);
      const withheld = withheldIds.has(q.id);
      return {
        itemId: i.id,
        position: i.position,
        questionId: q.id,
        prompt: q.prompt,
        type: q.type,
        difficulty: q.difficulty,
        family: q.family,
        lessonId: q.lessonId,
        section: q.section,
        options: data.options && q.type !== "ordering" ? servedOptions(arrangement, data.options) : undefined,
        items: data.items && q.type === "ordering" ? servedOptions(arrangement, data.items) : undefined,
        unit: data.unit,
        answer: servedAnswer(q, key, i.answer?.answer ?? null),
        correctAnswer: withheld ? null : servedAnswer(q, key, correctAnswer(q)),
        correct: withheld ? null : (i.answer?.correct ?? null),
        late: i.answer?.late ?? false,
        skipped: i.answer?.skipped ?? false,
        score: i.answer?.score ?? 0,
        durationMs: i.answer?.durationMs ?? null,
        timeLimitMs: i.timeLimitMs,
        explanation: withheld ? "" : servedText(q, key, data.explanation ?? ""),
        modelAnswer: withheld ? undefined : data.modelAnswer,
        rubric: withheld ? undefined : data.rubric,
        answerId: i.answer?.id ?? null,
        inReviewQueue: queued.has(q.id),
        withheld,
      };
    }),
  };
}

/** After a quiz: the questions answered wrong, late or not auto-graded go into the review queue. */
export async function queueMissedQuestions(db: Db, userId: string, sessionId: string, now = new Date()): Promise<number> {
  await ownSession(db, userId, sessionId);
  const missed = await db.quizItem.findMany({
    where: { sessionId, OR: [{ answer: null }, { answer: { OR: [{ correct: false }, { correct: null }, { late: true }] } }] },
    select: { questionId: true },
  });
  let added = 0;
  for (const m of missed) {
    const r = await db.card.createMany({ data: [{ userId, questionId: m.questionId, due: now }], skipDuplicates: true });
    added += r.count;
  }
  return added;
}

/** How everyone scored on a day's challenge (finished attempts): score → number of learners. */
export async function dailyDistribution(db: Db, date: string): Promise<Array<{ score: number; learners: number }>> {
  const rows = await db.$queryRaw<Array<{ score: number | string; learners: number | bigint }>>`
    SELECT t.score, COUNT(*) AS learners FROM (
      SELECT s."id", COALESCE(SUM(a."score"), 0)::float8 AS score
      FROM "QuizSession" s
      JOIN "QuizItem" i ON i."sessionId" = s."id"
      LEFT JOIN "QuizAnswer" a ON a."itemId" = i."id"
      WHERE s."dailyDate" = ${date} AND s."finishedAt" IS NOT NULL
      GROUP BY s."id"
    ) t GROUP BY t.score ORDER BY t.score`;
  return rows.map((r) => ({ score: Number(r.score), learners: Number(r.learners) }));
}

/** The learner's attempt at a day's challenge, if any, with its score so far. */
export async function dailyAttempt(db: Db, userId: string, date: string) {
  const session = await db.quizSession.findUnique({
    where: { userId_dailyDate: { userId, dailyDate: date } },
    select: { id: true, finishedAt: true, items: { select: { answer: { select: { score: true } } } } },
  });
  if (!session) return null;
  return {
    id: session.id,
    finished: session.finishedAt !== null,
    total: session.items.length,
    score: session.items.reduce((n, i) => n + (i.answer?.score ?? 0), 0),
  };
}

/** The learner's quizzes, newest first, with scores. */
/** One quiz in a learner's history: score is the sum of the answers' scores (partial credit counts). */
export interface QuizHistoryEntry {
  id: string;
  kind: string;
  startedAt: Date;
  finishedAt: Date | null;
  dailyDate: string | null;
  total: number;
  score: number;
}

export async function quizHistory(db: Db, userId: string, take = 20): Promise<QuizHistoryEntry[]> {
  const sessions = await db.quizSession.findMany({
    where: { userId },
    orderBy: { startedAt: "desc" },
    take,
    select: { id: true, kind: true, startedAt: true, finishedAt: true, dailyDate: true, items: { select: { answer: { select: { score: true, durationMs: true } } } } },
  });
  return sessions.map((s) => ({
    id: s.id,
    kind: s.kind,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
    dailyDate: s.dailyDate,
    total: s.items.length,
    score: s.items.reduce((n, i) => n + (i.answer?.score ?? 0), 0),
  }));
}

export { addToReviewQueue };
