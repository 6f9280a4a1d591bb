// Timed quizzes. The server owns time: an item's clock starts when the server first serves it
// (servedAt/deadlineAt are written once), so reloading or changing the computer's clock cannot
// reset or extend it. Answers after the deadline (plus a small grace for network latency) are
// recorded as late and score 0. Each item takes exactly one answer (unique itemId), so double
// clicks, retries and second tabs record one answer.
import { z } from "zod";
import type { Db } from "@/lib/db/database";
import type { Prisma } from "@/lib/generated/prisma/client";
import { FAMILY_SLUGS } from "@/lib/content/families";
import { Rng } from "@/lib/sim/random";
import { correctAnswer, gradeAnswer, parseAnswer, publicQuestion, type PublicQuestion } from "./grading";
import { isUniqueViolation } from "./db-helpers";
import { expectedTimeMs } from "./scheduler";
import { NotFoundError, addToReviewQueue } from "./review";
import { dayKey } from "./time";

/** Allowance for the answer's trip to the server; answers later than this are late. */
export const GRACE_MS = 2_000;
export const DIFFICULTIES = ["easy", "medium", "hard"] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

export const quizConfigSchema = z
  .object({
    count: z.coerce.number({ error: "Choose how many questions." }).int("Choose a whole number of questions.").min(1, "Ask for at least 1 question.").max(30, "At most 30 questions per quiz.").default(5),
    families: z.array(z.enum(FAMILY_SLUGS as unknown as [string, ...string[]], { error: "Unknown family." })).default([]),
    difficulty: z.enum(["mixed", ...DIFFICULTIES], { error: "Choose mixed, easy, medium or hard." }).default("mixed"),
    /** Overrides the per-mode defaults (60 s recall, 120 s scenario). */
    secondsPerQuestion: z.coerce
      .number({ error: "Enter the time per question in seconds." })
      .int("Enter a whole number of seconds.")
      .min(10, "Allow at least 10 seconds per question.")
      .max(900, "Allow at most 15 minutes per question.")
      .optional(),
    /** Only this lesson's questions (the lesson page's "Practise this lesson's questions"). */
    lessonId: z.string().min(1).max(200).optional(),
    adaptive: z.boolean().default(false),
  })
  .strict();
export type QuizConfigInput = z.input<typeof quizConfigSchema>;
export type QuizConfig = z.output<typeof quizConfigSchema> & { seed: number };

export class QuizError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}
export class DailyAlreadyTakenError extends QuizError {
  constructor(readonly sessionId: string) {
    super("You have already taken today's challenge. It resets at midnight UTC.", 409);
  }
}

type Candidate = { id: string; difficulty: string; mode: string };

/** Difficulty of the i-th of n questions in a mixed quiz: easy first, hard last. */
export function mixedDifficulty(i: number, n: number): Difficulty {
  return DIFFICULTIES[Math.min(2, Math.floor((i * 3) / n))];
}

/**
 * Adaptive mode: the next question's difficulty from the learner's recent accuracy (last 5
 * graded answers): at least 80 % correct steps up, 40 % or less steps down, otherwise stays.
 */
export function nextAdaptiveDifficulty(current: Difficulty, recent: readonly boolean[]): Difficulty {
  const last = recent.slice(-5);
  if (last.length === 0) return current;
  const accuracy = last.filter(Boolean).length / last.length;
  const i = DIFFICULTIES.indexOf(current);
  if (accuracy >= 0.8) return DIFFICULTIES[Math.min(2, i + 1)];
  if (accuracy <= 0.4) return DIFFICULTIES[Math.max(0, i - 1)];
  return current;
}

function shuffle<T>(list: T[], rng: Rng): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

/** Picks `count` questions: each wanted difficulty from its pool, falling back to the nearest one. */
export function pickQuestions(pool: readonly Candidate[], wanted: readonly Difficulty[], rng: Rng, avoid: ReadonlySet<string> = new Set()): Candidate[] {
  const byDifficulty = new Map<string, Candidate[]>();
  // Fresh questions first, each group shuffled.
  const shuffled = shuffle([...pool], rng).sort((a, b) => Number(avoid.has(a.id)) - Number(avoid.has(b.id)));
  for (const q of shuffled) byDifficulty.set(q.difficulty, [...(byDifficulty.get(q.difficulty) ?? []), q]);
  const chosen: Candidate[] = [];
  for (const d of wanted) {
    const order = [d, ...DIFFICULTIES.filter((x) => x !== d).sort((a, b) => Math.abs(DIFFICULTIES.indexOf(a) - DIFFICULTIES.indexOf(d)) - Math.abs(DIFFICULTIES.indexOf(b) - DIFFICULTIES.indexOf(d)))];
    for (const x of order) {
      const q = byDifficulty.get(x)?.shift();
      if (q) {
        chosen.push(q);
        break;
      }
    }
  }
  return chosen;
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

/** Creates a practice (or adaptive) quiz. Bad settings throw QuizError and create nothing. */
export async function createQuiz(db: Db, userId: string, input: unknown, now = new Date(), seed = (Math.random() * 2 ** 32) >>> 0): Promise<{ id: string }> {
  const parsed = quizConfigSchema.safeParse(input ?? {});
  if (!parsed.success) throw new QuizError(parsed.error.issues[0]?.message ?? "Invalid quiz settings.");
  const config: QuizConfig = { ...parsed.data, seed };
  // Adaptive quizzes choose difficulty themselves, so their first question comes from every difficulty too.
  const fixedDifficulty = config.adaptive || config.difficulty === "mixed" ? undefined : config.difficulty;
  const pool = await livePool(db, config.families, fixedDifficulty, config.lessonId);
  if (pool.length === 0) throw new QuizError("No questions match these settings yet. Choose other families or difficulty.");
  const rng = new Rng(seed);
  const avoid = await recentlyAsked(db, userId);
  // Adaptive quizzes choose each next question when the previous one is answered.
  const upfront = config.adaptive ? 1 : config.count;
  const wanted = Array.from({ length: upfront }, (_, i) =>
    config.adaptive ? "medium" : config.difficulty === "mixed" ? mixedDifficulty(i, config.count) : (config.difficulty as Difficulty),
  );
  const chosen = pickQuestions(pool, wanted, rng, avoid);
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

/** The daily challenge's questions for a UTC date: the same five for everyone. */
export async function dailyQuestions(db: Db, date: string): Promise<Candidate[]> {
  const pool = await livePool(db, []);
  const objective = await db.question.findMany({ where: { retiredAt: null, type: { not: "free" } }, select: { id: true } });
  const allowed = new Set(objective.map((q) => q.id));
  const seed = [...date].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261);
  return pickQuestions(pool.filter((q) => allowed.has(q.id)), ["easy", "medium", "medium", "hard", "hard"], new Rng(seed));
}

/** Starts today's challenge; one attempt per learner per UTC day. */
export async function startDailyChallenge(db: Db, userId: string, now = new Date()): Promise<{ id: string }> {
  const date = dayKey(now, "UTC");
  const existing = await db.quizSession.findUnique({ where: { userId_dailyDate: { userId, dailyDate: date } }, select: { id: true } });
  if (existing) throw new DailyAlreadyTakenError(existing.id);
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

async function recentCorrectness(db: Db, sessionId: string): Promise<boolean[]> {
  const rows = await db.quizAnswer.findMany({ where: { item: { sessionId }, correct: { not: null } }, orderBy: { item: { position: "asc" } }, select: { correct: true } });
  return rows.map((r) => r.correct === true);
}

/**
 * The question the learner should see now. Serves it (starting its clock) the first time it is
 * shown; items whose time ran out are recorded as unanswered and skipped.
 */
export async function currentQuizItem(db: Db, userId: string, sessionId: string, now = new Date()): Promise<CurrentItem> {
  const session = await ownSession(db, userId, sessionId);
  const config = session.config as QuizConfig;
  for (let guard = 0; guard < 100; guard++) {
    let item = await db.quizItem.findFirst({
      where: { sessionId, answer: null },
      orderBy: { position: "asc" },
      select: { id: true, position: true, timeLimitMs: true, servedAt: true, deadlineAt: true, question: { select: { id: true, type: true, prompt: true, mode: true, difficulty: true, family: true, lessonId: true, data: true } } },
    });
    const total = session.kind === "ADAPTIVE" ? config.count : await db.quizItem.count({ where: { sessionId } });
    if (!item) {
      const answered = await db.quizItem.count({ where: { sessionId } });
      if (session.kind === "ADAPTIVE" && answered < config.count) {
        // Otherwise the pool is exhausted and the quiz ends with the questions it has.
        if (await addAdaptiveItem(db, userId, sessionId, config, answered)) continue;
      }
      if (!session.finishedAt) await db.quizSession.updateMany({ where: { id: sessionId, finishedAt: null }, data: { finishedAt: now } });
      return { status: "finished", sessionId };
    }
    if (!item.servedAt || !item.deadlineAt) {
      // Written once: a concurrent request (second tab) keeps the first clock.
      await db.quizItem.updateMany({ where: { id: item.id, servedAt: null }, data: { servedAt: now, deadlineAt: new Date(now.getTime() + item.timeLimitMs) } });
      item = { ...item, ...(await db.quizItem.findUniqueOrThrow({ where: { id: item.id }, select: { servedAt: true, deadlineAt: true } })) };
    }
    if (now.getTime() > item.deadlineAt!.getTime() + GRACE_MS) {
      await recordTimeout(db, userId, item, now);
      continue;
    }
    return {
      status: "question",
      itemId: item.id,
      position: item.position,
      total,
      question: publicQuestion(item.question),
      servedAt: item.servedAt!.toISOString(),
      deadlineAt: item.deadlineAt!.toISOString(),
      serverNow: now.toISOString(),
      timeLimitMs: item.timeLimitMs,
    };
  }
  throw new QuizError("This quiz could not be continued.", 500);
}

/** Adds the adaptive quiz's next question; false when no unused question is left. */
async function addAdaptiveItem(db: Db, userId: string, sessionId: string, config: QuizConfig, position: number): Promise<boolean> {
  const last = await db.quizItem.findFirst({ where: { sessionId }, orderBy: { position: "desc" }, select: { question: { select: { difficulty: true } } } });
  const current = (last?.question.difficulty ?? "medium") as Difficulty;
  const target = nextAdaptiveDifficulty(current, await recentCorrectness(db, sessionId));
  const used = new Set((await db.quizItem.findMany({ where: { sessionId }, select: { questionId: true } })).map((r) => r.questionId));
  const pool = (await livePool(db, config.families, undefined, config.lessonId)).filter((q) => !used.has(q.id));
  const [q] = pickQuestions(pool, [target], new Rng(config.seed + position), await recentlyAsked(db, userId));
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
    itemId: z.string({ error: "Missing question id." }).min(1, "Missing question id."),
    // A missing answer is refused by the question type's own message ("Choose an option.").
    answer: z.unknown().optional(),
    clientSubmissionId: z.string({ error: "Missing submission id." }).min(8, "Missing submission id.").max(100, "Submission id too long."),
  },
  { error: "Send the answer as a JSON object." },
);

export interface AnswerOutcome {
  answerId: string;
  correct: boolean | null;
  late: boolean;
  score: number;
  duplicate: boolean;
}

async function existingAnswer(db: Db, itemId: string): Promise<AnswerOutcome | null> {
  const a = await db.quizAnswer.findUnique({ where: { itemId }, select: { id: true, correct: true, late: true, score: true } });
  return a ? { answerId: a.id, correct: a.correct, late: a.late, score: a.score, duplicate: true } : null;
}

/** Records the answer to a served item; exactly one answer per item however often it is sent. */
export async function submitQuizAnswer(db: Db, userId: string, input: unknown, now = new Date()): Promise<AnswerOutcome> {
  const parsed = answerSubmissionSchema.safeParse(input);
  if (!parsed.success) throw new QuizError(parsed.error.issues[0]?.message ?? "Invalid submission.");
  const { itemId, clientSubmissionId } = parsed.data;
  const item = await db.quizItem.findFirst({
    where: { id: itemId, session: { userId } },
    select: { id: true, servedAt: true, deadlineAt: true, sessionId: true, question: { select: { id: true, type: true, data: true } } },
  });
  if (!item) throw new NotFoundError("Quiz question not found.");
  const already = await existingAnswer(db, itemId);
  if (already) return already;
  if (!item.servedAt || !item.deadlineAt) throw new QuizError("This question has not been shown yet.", 409);
  let answer: unknown;
  try {
    answer = parseAnswer(item.question, parsed.data.answer);
  } catch (err) {
    throw new QuizError((err as Error).message);
  }
  const late = now.getTime() > item.deadlineAt.getTime() + GRACE_MS;
  const grade = gradeAnswer(item.question, answer);
  try {
    const created = await db.quizAnswer.create({
      data: {
        itemId,
        userId,
        answer: answer as Prisma.InputJsonValue,
        correct: grade.correct,
        score: late ? 0 : grade.score,
        late,
        durationMs: Math.max(0, now.getTime() - item.servedAt.getTime()),
        submittedAt: now,
        clientSubmissionId,
      },
      select: { id: true },
    });
    await db.user.update({ where: { id: userId }, data: { lastActiveAt: now } });
    return { answerId: created.id, correct: grade.correct, late, score: late ? 0 : grade.score, duplicate: false };
  } catch (err) {
    if (isUniqueViolation(err)) {
      const existing = await existingAnswer(db, itemId);
      if (existing) return existing;
      throw new QuizError("That submission id was already used for another answer.", 409);
    }
    throw err;
  }
}

export interface QuizResults {
  sessionId: string;
  kind: string;
  dailyDate: string | null;
  finished: boolean;
  score: number;
  total: number;
  items: Array<{
    itemId: string;
    position: number;
    questionId: string;
    prompt: string;
    type: string;
    difficulty: string;
    family: string;
    lessonId: string;
    section: string | null;
    options?: Array<{ id: string; text: string }>;
    items?: Array<{ id: string; text: string }>;
    unit?: string;
    answer: unknown;
    correctAnswer: unknown;
    correct: boolean | null;
    late: boolean;
    score: number;
    durationMs: number | null;
    timeLimitMs: number;
    explanation: string;
    modelAnswer?: string;
    rubric?: string[];
    answerId: string | null;
    inReviewQueue: boolean;
  }>;
}

export async function quizResults(db: Db, userId: string, sessionId: string): Promise<QuizResults> {
  const session = await ownSession(db, userId, sessionId);
  const items = await db.quizItem.findMany({
    where: { sessionId },
    orderBy: { position: "asc" },
    select: {
      id: true,
      position: true,
      timeLimitMs: true,
      question: { select: { id: true, type: true, prompt: true, difficulty: true, family: true, lessonId: true, section: true, data: true } },
      answer: { select: { id: true, answer: true, correct: true, late: true, score: true, durationMs: true } },
    },
  });
  const queued = new Set(
    (await db.card.findMany({ where: { userId, questionId: { in: items.map((i) => i.question.id) } }, select: { questionId: true } })).map((c) => c.questionId),
  );
  return {
    sessionId,
    kind: session.kind,
    dailyDate: session.dailyDate,
    finished: session.finishedAt !== null,
    score: items.reduce((s, i) => s + (i.answer?.score ?? 0), 0),
    total: items.length,
    items: items.map((i) => {
      const data = i.question.data as { options?: Array<{ id: string; text: string }>; items?: Array<{ id: string; text: string }>; unit?: string; explanation?: string; modelAnswer?: string; rubric?: string[] };
      return {
        itemId: i.id,
        position: i.position,
        questionId: i.question.id,
        prompt: i.question.prompt,
        type: i.question.type,
        difficulty: i.question.difficulty,
        family: i.question.family,
        lessonId: i.question.lessonId,
        section: i.question.section,
        options: data.options,
        items: data.items,
        unit: data.unit,
        answer: i.answer?.answer ?? null,
        correctAnswer: correctAnswer(i.question),
        correct: i.answer?.correct ?? null,
        late: i.answer?.late ?? false,
        score: i.answer?.score ?? 0,
        durationMs: i.answer?.durationMs ?? null,
        timeLimitMs: i.timeLimitMs,
        explanation: data.explanation ?? "",
        modelAnswer: data.modelAnswer,
        rubric: data.rubric,
        answerId: i.answer?.id ?? null,
        inReviewQueue: queued.has(i.question.id),
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
