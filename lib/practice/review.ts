// The spaced-repetition review queue: adding cards, picking the next due card, recording a rating
// (append-only ReviewLog, idempotent by client submission id), undo, leeches, daily limits.
// Plain functions over the Prisma client; routes call them after `can()`.
import type { Db } from "@/lib/db/database";
import { DomainError, NotFoundError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { z } from "zod";
import { gradeAnswer, correctAnswer, parseServedAnswer, questionData, servedAnswer, servedQuestion, servedText, type PublicQuestion } from "./grading";
import { cardKey } from "./presentation";
import { withTransaction } from "@/lib/db/transactions";
import {
  isLeechLapse,
  expectedTimeMs,
  previewRatings,
  rateCard,
  suggestRating,
  type CardSchedule,
  type RatingPreview,
  type RatingValue,
  type SchedulerSettings,
} from "./scheduler";
import { startOfDay } from "./time";
import { heldOutQuestions, notHeldOut } from "./daily";
import { forecastDays, type ForecastDay } from "./forecast";
import { newId } from "@/lib/db/ids";


export type QueueScope = { lessonId: string } | { family: string } | { questionId: string } | { all: true };

/** Creates a NEW card, due now, for each live question in scope that the learner has no card for. */
export async function addToReviewQueue(db: Db, userId: string, scope: QueueScope, now = new Date()): Promise<{ added: number; total: number }> {
  const where: Prisma.QuestionWhereInput = { retiredAt: null };
  if ("lessonId" in scope) where.lessonId = scope.lessonId;
  else if ("questionId" in scope) where.id = scope.questionId;
  else if ("family" in scope) where.family = scope.family;
  const questions = await db.question.findMany({ where, select: { id: true } });
  if (questions.length === 0) return { added: 0, total: 0 };
  const created = await db.card.createMany({ data: questions.map((q) => ({ userId, questionId: q.id, due: now })), skipDuplicates: true });
  return { added: created.count, total: questions.length };
}

interface LearnerSettings extends SchedulerSettings {
  dailyNewLimit: number;
  dailyReviewLimit: number;
  timezone: string;
}

export async function learnerSettings(db: Db, userId: string): Promise<LearnerSettings> {
  const [{ settings }] = await db.$queryRaw<Array<{ settings: string | null }>>`SELECT ${settingsJsonSql(userId)}::text AS settings`;
  return settingsOf(settings === null ? null : (JSON.parse(settings) as SettingsJson));
}

export interface TodayCounts {
  newDone: number;
  reviewsDone: number;
}

interface RecentReview {
  reviewedAt: Date;
  /** The card was new when rated: it counts against the daily new-card limit. */
  wasNew: boolean;
}

/** Ratings given since `since` (the start of the learner's day), split by new vs review. */
function countSince(reviews: readonly RecentReview[], since: Date): TodayCounts {
  const today = reviews.filter((r) => r.reviewedAt >= since);
  const newDone = today.filter((r) => r.wasNew).length;
  return { newDone, reviewsDone: today.length - newDone };
}

/** Whatever the learner's time zone, their day began less than 25 hours ago (a day with a DST change). */
const ANY_TODAY_MS = 26 * 3_600_000;

const cardSelect = {
  id: true,
  due: true,
  stability: true,
  difficulty: true,
  elapsedDays: true,
  scheduledDays: true,
  learningSteps: true,
  reps: true,
  lapses: true,
  state: true,
  lastReview: true,
  version: true,
  question: { select: { id: true, type: true, prompt: true, mode: true, difficulty: true, family: true, lessonId: true, data: true } },
} satisfies Prisma.CardSelect;
type CardRow = Prisma.CardGetPayload<{ select: typeof cardSelect }>;

export interface QueueStatus {
  /** Reviews due now, within what today's review limit still allows. */
  due: number;
  /** New cards that can be started now, within what today's new-card limit still allows. */
  newAvailable: number;
  /** Due now but held back by today's limits: they come back tomorrow. */
  waiting: { reviews: number; new: number };
  /** Cards in the queue (not suspended, question not retired). */
  total: number;
  /** When the earliest card that has been studied falls due (may be in the past when limits hold it back). */
  nextDue: Date | null;
  /** When the next card in its (re)learning steps comes back (a card rated Again), if later than now. */
  nextLearning: Date | null;
  today: TodayCounts;
  limits: { newPerDay: number; reviewsPerDay: number };
}

export interface NextCard {
  cardId: string;
  /**
   * The card's version as shown: the rating names it, so tabs and retries showing the same card
   * record one review, and a card shown again after an undo has a new version (and option order).
   */
  version: number;
  state: CardSchedule["state"];
  question: PublicQuestion;
  previews: RatingPreview[];
  expectedMs: number;
}

interface QueueCounts {
  due: number;
  fresh: number;
  total: number;
  nextDue: Date | null;
  nextLearning: Date | null;
}

/** A timestamp as json_build_object writes it (UTC, without a zone) → Date. */
const utc = (value: string | null): Date | null => (value === null ? null : new Date(`${value}Z`));

/** A REVIEW row `l` that no UNDO row reverses. */
const notUndone = (l: Prisma.Sql) => Prisma.sql`NOT EXISTS (SELECT 1 FROM "ReviewLog" u WHERE u."undoesId" = ${l}."id")`;

/**
 * The learner's queue counted in one pass over their cards (a learner may have ten thousand; four
 * separate counts took four passes): due reviews, due new cards, all cards in the queue, and the
 * earliest due date of a studied card; with `forecastDays`, the forecast (cards due per local day
 * in the learner's time zone, day 0 being today and everything overdue, as lib/practice/forecast.ts
 * counts them) from the same cards. Retired questions are few (and indexed), so cards are checked
 * against that short list rather than joined to every question. Cards of today's challenge are left
 * out of the counts while the learner takes it, not out of the forecast.
 */
function queueCountsSql(userId: string, now: Date, forecastDays: number): Prisma.Sql {
  const forecast =
    forecastDays > 0
      ? Prisma.sql`(SELECT COALESCE(json_agg(json_build_array(f.day, f.due)), '[]') FROM (
          SELECT GREATEST(0, (((c."due" AT TIME ZONE 'UTC') AT TIME ZONE t.tz)::date - t.today))::int AS day, COUNT(*)::int AS due
          FROM cards c CROSS JOIN (
            SELECT ((${now}::timestamp AT TIME ZONE 'UTC') AT TIME ZONE u."timezone")::date AS today, u."timezone" AS tz FROM "User" u WHERE u."id" = ${userId}
          ) t
          WHERE c."state" <> 'NEW' AND ((c."due" AT TIME ZONE 'UTC') AT TIME ZONE t.tz)::date < t.today + ${forecastDays}::int
          GROUP BY 1) f)`
      : Prisma.sql`NULL::json`;
  return Prisma.sql`(WITH cards AS (
      SELECT c."due", c."state", c."questionId" FROM "Card" c
      WHERE c."userId" = ${userId} AND c."suspended" = false
        AND c."questionId" NOT IN (SELECT "id" FROM "Question" WHERE "retiredAt" IS NOT NULL)
    )
    SELECT json_build_object('counts', (SELECT json_build_object('due', k.due, 'fresh', k.fresh, 'total', k.total, 'nextDue', k."nextDue", 'nextLearning', k."nextLearning") FROM (
      SELECT COUNT(*) FILTER (WHERE c."due" <= ${now}::timestamp AND c."state" <> 'NEW')::int AS "due",
             COUNT(*) FILTER (WHERE c."due" <= ${now}::timestamp AND c."state" = 'NEW')::int AS "fresh",
             COUNT(*)::int AS "total",
             MIN(c."due") FILTER (WHERE c."state" <> 'NEW') AS "nextDue",
             MIN(c."due") FILTER (WHERE c."state" IN ('LEARNING', 'RELEARNING') AND c."due" > ${now}::timestamp) AS "nextLearning"
      FROM cards c WHERE ${notHeldOut(userId, now, Prisma.sql`c."questionId"`)}) k),
      'forecast', ${forecast}))`;
}

/** What the review screen reads about a learner, once per screen: settings and today's ratings. */
interface LearnerDay {
  settings: LearnerSettings;
  today: TodayCounts;
  /** The card (and its lesson) of the learner's latest rating that was not undone. */
  last: { cardId: string; lessonId: string } | null;
}

function statusOf(day: LearnerDay, counts: QueueCounts): QueueStatus {
  const { settings: s, today } = day;
  const { due, fresh, total, nextDue, nextLearning } = counts;
  const reviewsAllowed = Math.min(due, Math.max(0, s.dailyReviewLimit - today.reviewsDone));
  const newAllowed = Math.min(fresh, Math.max(0, s.dailyNewLimit - today.newDone));
  return {
    due: reviewsAllowed,
    newAvailable: newAllowed,
    waiting: { reviews: due - reviewsAllowed, new: fresh - newAllowed },
    total,
    nextDue,
    nextLearning,
    today,
    limits: { newPerDay: s.dailyNewLimit, reviewsPerDay: s.dailyReviewLimit },
  };
}

function toNextCard(s: SchedulerSettings, card: CardRow, now: Date): NextCard {
  return {
    cardId: card.id,
    version: card.version,
    state: card.state,
    question: servedQuestion(card.question, cardKey(card.id, card.version)),
    previews: previewRatings(s, card, now),
    expectedMs: expectedTimeMs(card.question.mode),
  };
}

type DuePool = "reviews" | "new";

/** The columns of a card `c` and its question `q` as one JSON object (see cardOf). */
const cardJson = Prisma.sql`json_build_object('id', c."id", 'due', c."due", 'stability', c."stability", 'difficulty', c."difficulty",
  'elapsedDays', c."elapsedDays", 'scheduledDays', c."scheduledDays", 'learningSteps', c."learningSteps", 'reps', c."reps", 'lapses', c."lapses",
  'state', c."state", 'lastReview', c."lastReview", 'version', c."version", 'question', json_build_object('id', q."id", 'type', q."type",
  'prompt', q."prompt", 'mode', q."mode", 'difficulty', q."difficulty", 'family', q."family", 'lessonId', q."lessonId", 'data', q."data"))`;

type CardJson = Omit<CardRow, "due" | "lastReview"> & { due: string; lastReview: string | null };
const cardOf = (c: CardJson): CardRow => ({ ...c, due: utc(c.due)!, lastReview: utc(c.lastReview) });

/** The learner's practice settings as a JSON object (null when there is no such learner). */
function settingsJsonSql(userId: string): Prisma.Sql {
  return Prisma.sql`(SELECT json_build_object('desiredRetention', u."desiredRetention", 'fsrsWeights', u."fsrsWeights", 'dailyNewLimit', u."dailyNewLimit",
      'dailyReviewLimit', u."dailyReviewLimit", 'timezone', u."timezone", 'learningSteps', u."learningSteps", 'relearningSteps', u."relearningSteps")
    FROM "User" u WHERE u."id" = ${userId})`;
}
type SettingsJson = Omit<LearnerSettings, "weights"> & { fsrsWeights: unknown };

function settingsOf(json: SettingsJson | null): LearnerSettings {
  if (!json) throw new NotFoundError("No such learner.");
  const { fsrsWeights, ...settings } = json;
  return { ...settings, fsrsWeights, weights: Array.isArray(fsrsWeights) ? (fsrsWeights as number[]) : null } as LearnerSettings;
}

/** What a rating needs, in one statement: the learner's settings and the card (any state) with its question. */
async function ratingRead(db: Db, userId: string, cardId: string): Promise<{ settings: LearnerSettings; card: CardRow | null }> {
  const [{ read }] = await db.$queryRaw<Array<{ read: string }>>`
    SELECT json_build_object(
      'settings', ${settingsJsonSql(userId)},
      'card', (SELECT ${cardJson} FROM "Card" c JOIN "Question" q ON q."id" = c."questionId" WHERE c."id" = ${cardId} AND c."userId" = ${userId})
    )::text AS read`;
  const r = JSON.parse(read) as { settings: SettingsJson | null; card: CardJson | null };
  return { settings: settingsOf(r.settings), card: r.card && cardOf(r.card) };
}

/** The first `take` cards of a pool due at `now` (oldest due first), each with its question, as a JSON array. */
function dueCardsSql(userId: string, now: Date, pool: DuePool, take: number, otherThanLesson?: string): Prisma.Sql {
  return Prisma.sql`(SELECT COALESCE(json_agg(x.card ORDER BY x.n), '[]') FROM (
    SELECT ${cardJson} AS card, row_number() OVER (ORDER BY c."due", c."id") AS n
    FROM "Card" c JOIN "Question" q ON q."id" = c."questionId"
    WHERE c."userId" = ${userId} AND c."suspended" = false AND c."due" <= ${now}::timestamp AND q."retiredAt" IS NULL
      AND ${pool === "new" ? Prisma.sql`c."state" = 'NEW'` : Prisma.sql`c."state" <> 'NEW'`}
      ${otherThanLesson === undefined ? Prisma.empty : Prisma.sql`AND q."lessonId" <> ${otherThanLesson}`}
      AND ${notHeldOut(userId, now, Prisma.sql`q."id"`)}
    ORDER BY c."due", c."id"
    LIMIT ${take}) x)`;
}

/** One pool's first due card from a lesson other than `lessonId` (when the first few were all its siblings). */
async function dueCardApart(db: Db, userId: string, now: Date, pool: DuePool, lessonId: string): Promise<CardRow | undefined> {
  const [{ cards }] = await db.$queryRaw<Array<{ cards: string }>>`SELECT ${dueCardsSql(userId, now, pool, 1, lessonId)}::text AS cards`;
  return (JSON.parse(cards) as CardJson[]).map(cardOf)[0];
}

/** A suspended leech as the set-aside list shows it, with the lesson to re-read. */
export interface SetAsideLeech {
  id: string;
  lapses: number;
  question: { id: string; prompt: string; lessonId: string; section: string | null; lesson: { id: string; family: string; slug: string; title: string } };
}

/** What one read of the learner's queue brings back (QueueRead's options say which parts). */
interface QueueRead {
  day: LearnerDay;
  due: Record<DuePool, CardRow[]>;
  counts: QueueCounts | null;
  forecast: Map<number, number>;
  /** The card asked for by id (after an undo), if it is still in the queue. */
  shown: CardRow | null;
  setAside: SetAsideLeech[];
}

/**
 * Everything the review screen needs about a learner in one statement, so one round trip however
 * many parts are asked for (on PGlite every statement waits for the one before): the settings,
 * the last 26 hours of ratings (today in any time zone), the latest rating, and on request the
 * first due cards of each pool, the queue's counts, the forecast, and one card by id.
 */
async function readQueue(
  db: Db,
  userId: string,
  now: Date,
  /** `forecastDays` only with `counts`. */
  want: { cards?: boolean; counts?: boolean; forecastDays?: number; cardId?: string; setAside?: boolean },
): Promise<QueueRead> {
  const since = new Date(now.getTime() - ANY_TODAY_MS);
  const none = Prisma.sql`NULL::json`;
  const [{ read }] = await db.$queryRaw<Array<{ read: string }>>`
    SELECT json_build_object(
      'settings', ${settingsJsonSql(userId)},
      'recent', (SELECT COALESCE(json_agg(json_build_array(l."reviewedAt", (l."stateBefore"->>'state') = 'NEW')), '[]')
        FROM "ReviewLog" l
        WHERE l."userId" = ${userId} AND l."kind" = 'REVIEW' AND l."reviewedAt" >= ${since}::timestamp AND ${notUndone(Prisma.sql`l`)}),
      'last', (SELECT json_build_object('cardId', l."cardId", 'lessonId', q."lessonId")
        FROM "ReviewLog" l JOIN "Question" q ON q."id" = l."questionId"
        WHERE l."userId" = ${userId} AND l."kind" = 'REVIEW' AND ${notUndone(Prisma.sql`l`)}
        ORDER BY l."reviewedAt" DESC, l."id" DESC LIMIT 1),
      'reviews', ${want.cards ? dueCardsSql(userId, now, "reviews", 8) : none},
      'new', ${want.cards ? dueCardsSql(userId, now, "new", 8) : none},
      'queue', ${want.counts ? queueCountsSql(userId, now, want.forecastDays ?? 0) : none},
      'shown', ${
        want.cardId === undefined
          ? none
          : Prisma.sql`(SELECT ${cardJson} FROM "Card" c JOIN "Question" q ON q."id" = c."questionId"
              WHERE c."id" = ${want.cardId} AND c."userId" = ${userId} AND c."suspended" = false AND q."retiredAt" IS NULL)`
      },
      'setAside', ${
        want.setAside
          ? Prisma.sql`(SELECT COALESCE(json_agg(json_build_object('id', c."id", 'lapses', c."lapses", 'question', json_build_object('id', q."id",
                'prompt', q."prompt", 'lessonId', q."lessonId", 'section', q."section", 'lesson', json_build_object('id', le."id", 'family', le."family",
                'slug', le."slug", 'title', le."title"))) ORDER BY c."updatedAt" DESC, c."id"), '[]')
              FROM "Card" c JOIN "Question" q ON q."id" = c."questionId" JOIN "Lesson" le ON le."id" = q."lessonId"
              WHERE c."userId" = ${userId} AND c."leech" AND c."suspended" AND q."retiredAt" IS NULL)`
          : none
      }
    )::text AS read`;
  const r = JSON.parse(read) as {
    settings: SettingsJson | null;
    recent: Array<[string, boolean]>;
    last: { cardId: string; lessonId: string } | null;
    reviews: CardJson[] | null;
    new: CardJson[] | null;
    queue: {
      counts: Omit<QueueCounts, "nextDue" | "nextLearning"> & { nextDue: string | null; nextLearning: string | null };
      forecast: Array<[number, number]> | null;
    } | null;
    shown: CardJson | null;
    setAside: SetAsideLeech[] | null;
  };
  const s = settingsOf(r.settings);
  const recent = r.recent.map(([at, wasNew]) => ({ reviewedAt: utc(at)!, wasNew }));
  return {
    day: { settings: s, today: countSince(recent, startOfDay(now, s.timezone)), last: r.last },
    due: { reviews: (r.reviews ?? []).map(cardOf), new: (r.new ?? []).map(cardOf) },
    counts: r.queue && { ...r.queue.counts, nextDue: utc(r.queue.counts.nextDue), nextLearning: utc(r.queue.counts.nextLearning) },
    forecast: new Map((r.queue?.forecast ?? []).map(([day, due]) => [Number(day), Number(due)])),
    shown: r.shown && cardOf(r.shown),
    setAside: r.setAside ?? [],
  };
}

/** The learner's queue at `now`: what is due within today's limits. */
export async function queueStatus(db: Db, userId: string, now = new Date()): Promise<QueueStatus> {
  const read = await readQueue(db, userId, now, { counts: true });
  return statusOf(read.day, read.counts!);
}

/**
 * The next card to review: due reviews first (oldest due first), then new cards while today's new
 * limit allows. A card from the same lesson as the one just reviewed is passed over while a card
 * from another lesson is available, so siblings are not shown back to back. Cards of today's
 * challenge wait while the learner is taking it (daily.ts).
 */
async function pickNextCard(db: Db, userId: string, now: Date, day: LearnerDay, due: Record<DuePool, CardRow[]>): Promise<NextCard | null> {
  const { settings: s, today, last } = day;
  const pools: DuePool[] = [];
  if (s.dailyReviewLimit - today.reviewsDone > 0) pools.push("reviews");
  if (s.dailyNewLimit - today.newDone > 0) pools.push("new");
  let sibling: CardRow | undefined;
  for (const pool of pools) {
    const candidates = due[pool];
    if (candidates.length === 0) continue;
    if (!last) return toNextCard(s, candidates[0], now);
    // The first few due cards may all be siblings; then look past them for another lesson's card.
    const apart =
      candidates.find((c) => c.id !== last.cardId && c.question.lessonId !== last.lessonId) ?? (await dueCardApart(db, userId, now, pool, last.lessonId));
    if (apart) return toNextCard(s, apart, now);
    sibling ??= candidates.find((c) => c.id !== last.cardId) ?? candidates[0];
  }
  return sibling ? toNextCard(s, sibling, now) : null;
}

export async function nextCard(db: Db, userId: string, now = new Date()): Promise<NextCard | null> {
  const { day, due } = await readQueue(db, userId, now, { cards: true });
  return pickNextCard(db, userId, now, day, due);
}

export interface ReviewQueue {
  card: NextCard | null;
  status: QueueStatus;
  /** Cards due per local day from today (empty when no days were asked for). */
  forecast: ForecastDay[];
  timezone: string;
  /** The learner's suspended leeches, latest first (empty unless asked for with `setAside`). */
  setAside: SetAsideLeech[];
}

/**
 * Everything the review screen shows — the next card (or, with `cardId`, that card: the one an undo
 * brought back), the queue's counts, the due forecast and, with `setAside`, the set-aside leeches — from one statement (readQueue): settings,
 * today's ratings, the due cards, the counts and the forecast are read once and passed to each part.
 * Nothing waits on the learner's time zone: the SQL reads it.
 */
export async function reviewQueue(
  db: Db,
  userId: string,
  now = new Date(),
  opts: { forecastDays?: number; cardId?: string; setAside?: boolean } = {},
): Promise<ReviewQueue> {
  const days = opts.forecastDays ?? 14;
  const read = await readQueue(db, userId, now, { cards: opts.cardId === undefined, counts: true, forecastDays: days, cardId: opts.cardId, setAside: opts.setAside });
  const { day } = read;
  const card =
    opts.cardId === undefined ? await pickNextCard(db, userId, now, day, read.due) : read.shown && toNextCard(day.settings, read.shown, now);
  return {
    card,
    status: statusOf(day, read.counts!),
    forecast: days > 0 ? forecastDays(read.forecast, now, days, day.settings.timezone) : [],
    timezone: day.settings.timezone,
    setAside: read.setAside,
  };
}

/** One of the learner's cards as the review screen shows it (after an undo, the card undone). */
export async function reviewCard(db: Db, userId: string, cardId: string, now = new Date()): Promise<NextCard | null> {
  const card = await db.card.findFirst({ where: { id: cardId, userId, suspended: false, question: { retiredAt: null } }, select: cardSelect });
  return card ? toNextCard(await learnerSettings(db, userId), card, now) : null;
}

export interface RevealedAnswer {
  correct: boolean | null;
  /** In the labels the learner was shown. */
  correctAnswer: unknown;
  suggestedRating: RatingValue | null;
  /** Explanation with option references in the labels the learner was shown. */
  explanation: string;
  modelAnswer?: string;
  rubric?: string[];
  lessonId: string;
  section: string | null;
}

/** A card as it was shown: which card, at which version (its option order depends on it). */
export interface ShownCard {
  cardId: string;
  version: number;
}

/** Checks an answer (in the shown labels) before the learner rates; nothing is written. */
export async function revealCard(db: Db, userId: string, shown: ShownCard, answer: unknown, durationMs: number, now = new Date()): Promise<RevealedAnswer> {
  const card = await db.card.findFirst({
    where: { id: shown.cardId, userId },
    select: { question: { select: { id: true, type: true, mode: true, data: true, lessonId: true, section: true } } },
  });
  if (!card) throw new NotFoundError("That card is not in your queue.");
  const q = card.question;
  if ((await heldOutQuestions(db, userId, now)).includes(q.id)) throw new InvalidReviewError("This question is in today's challenge: take the challenge first, then review it.");
  const key = cardKey(shown.cardId, shown.version);
  const given = answer === undefined || answer === null ? null : parseServedAnswer(q, key, answer);
  const grade = gradeAnswer(q, given);
  const data = questionData(q);
  return {
    correct: grade.correct,
    correctAnswer: servedAnswer(q, key, correctAnswer(q)),
    suggestedRating: grade.correct === null ? null : suggestRating(grade.correct, durationMs, expectedTimeMs(q.mode)),
    explanation: servedText(q, key, data.explanation ?? ""),
    modelAnswer: data.modelAnswer,
    rubric: data.rubric,
    lessonId: q.lessonId,
    section: q.section,
  };
}

export interface ReviewInput extends ShownCard {
  rating: RatingValue;
  /** In the labels of the shown version. */
  answer?: unknown;
  durationMs: number;
}

export interface ReviewOutcome {
  reviewLogId: string;
  due: Date;
  state: CardSchedule["state"];
  leech: boolean;
  /** true when this shown card had already been rated (a retry, a double click, another tab). */
  duplicate: boolean;
}

function scheduleOf(row: CardSchedule): CardSchedule {
  const { due, stability, difficulty, elapsedDays, scheduledDays, learningSteps, reps, lapses, state, lastReview } = row;
  return { due, stability, difficulty, elapsedDays, scheduledDays, learningSteps, reps, lapses, state, lastReview };
}

function asJson(s: CardSchedule): Prisma.InputJsonValue {
  return { ...s, due: s.due.toISOString(), lastReview: s.lastReview?.toISOString() ?? null };
}

/** A schedule as ReviewLog.stateBefore and stateAfter store it (`asJson`: dates as ISO strings). */
const storedSchedule = z.object({
  due: z.string().transform((s) => new Date(s)),
  stability: z.number(),
  difficulty: z.number(),
  elapsedDays: z.number(),
  scheduledDays: z.number(),
  learningSteps: z.number(),
  reps: z.number(),
  lapses: z.number(),
  state: z.enum(["NEW", "LEARNING", "REVIEW", "RELEARNING"]),
  lastReview: z
    .string()
    .nullish()
    .transform((s) => (s ? new Date(s) : null)),
});

function fromJson(j: Prisma.JsonValue): CardSchedule {
  return storedSchedule.parse(j);
}

/** The review already recorded for this card at this shown version, if any. */
async function ratingOfShown(db: Db, userId: string, shown: ShownCard): Promise<ReviewOutcome | null> {
  const log = await db.reviewLog.findUnique({
    where: { cardId_cardVersion: { cardId: shown.cardId, cardVersion: shown.version } },
    select: { id: true, userId: true, stateAfter: true, card: { select: { leech: true } } },
  });
  if (!log || log.userId !== userId) return null;
  const after = fromJson(log.stateAfter);
  return { reviewLogId: log.id, due: after.due, state: after.state, leech: log.card.leech, duplicate: true };
}

/**
 * Records a rating of the card as it was shown (`version`): the card's new schedule and one
 * ReviewLog row (state before and after), written by one statement so that it is atomic without
 * an interactive transaction. The update only applies while the card is still at the shown
 * version, and (cardId, cardVersion) is unique in the log: however many ratings of one shown card
 * arrive, in parallel or one after another, with any submission ids, one review is recorded and
 * the others are answered as duplicates of it. A rating of a version that was never rated but is
 * no longer current (the card changed: an undo, another tab's rating of a newer version) is
 * refused with StaleCardError.
 */
export async function submitReview(db: Db, userId: string, input: ReviewInput, now = new Date()): Promise<ReviewOutcome> {
  if (![1, 2, 3, 4].includes(input.rating)) throw new InvalidReviewError("Rate with Again, Hard, Good or Easy.");
  const { settings: s, card } = await ratingRead(db, userId, input.cardId);
  if (!card) throw new NotFoundError("That card is not in your queue.");
  if (card.version !== input.version) {
    const recorded = await ratingOfShown(db, userId, input);
    if (recorded) return recorded;
    throw new StaleCardError("This card changed since it was shown (rated in another tab, or undone). Showing the current card.");
  }
  const key = cardKey(card.id, card.version);
  const answer = input.answer === undefined || input.answer === null ? null : parseServedAnswer(card.question, key, input.answer);
  const grade = answer === null ? { correct: null } : gradeAnswer(card.question, answer);
  const before = scheduleOf(card);
  const after = rateCard(s, before, input.rating, now);
  // A resumed leech is not suspended again at its very next lapse (isLeechLapse: 8, 12, 16, …).
  const leech = after.lapses > before.lapses && isLeechLapse(after.lapses);
  const durationMs = Math.max(0, Math.min(Math.round(input.durationMs), 3_600_000));
  const logId = newId();
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    WITH rated AS (
      UPDATE "Card" SET "due" = ${after.due}::timestamp, "stability" = ${after.stability}, "difficulty" = ${after.difficulty},
        "elapsedDays" = ${after.elapsedDays}, "scheduledDays" = ${after.scheduledDays}, "learningSteps" = ${after.learningSteps},
        "reps" = ${after.reps}, "lapses" = ${after.lapses}, "state" = ${after.state}::"CardState", "lastReview" = ${after.lastReview}::timestamp,
        "leech" = "leech" OR ${leech}, "suspended" = "suspended" OR ${leech}, "version" = "version" + 1, "updatedAt" = ${now}::timestamp
      WHERE "id" = ${card.id} AND "userId" = ${userId} AND "version" = ${input.version}
      RETURNING "id"
    ), active AS (
      UPDATE "User" SET "lastActiveAt" = ${now}::timestamp WHERE "id" = ${userId} AND EXISTS (SELECT 1 FROM rated)
    )
    INSERT INTO "ReviewLog" ("id", "cardId", "userId", "questionId", "kind", "rating", "answer", "correct", "durationMs", "stateBefore", "stateAfter", "reviewedAt", "cardVersion")
    SELECT ${logId}::text, rated."id", ${userId}::text, ${card.question.id}::text, 'REVIEW'::"ReviewKind", ${input.rating}::int,
      ${answer === null ? null : JSON.stringify(answer)}::jsonb, ${grade.correct}::boolean, ${durationMs}::int,
      ${JSON.stringify(asJson(before))}::jsonb, ${JSON.stringify(asJson(after))}::jsonb, ${now}::timestamp, ${input.version}::int
    FROM rated
    ON CONFLICT ("cardId", "cardVersion") DO NOTHING
    RETURNING "id"`;
  if (rows.length === 1) return { reviewLogId: logId, due: after.due, state: after.state, leech, duplicate: false };
  // Another request rated this shown version first.
  const recorded = await ratingOfShown(db, userId, input);
  if (recorded) return recorded;
  throw new StaleCardError("This card changed since it was shown (rated in another tab, or undone). Showing the current card.");
}

export class InvalidReviewError extends DomainError {}
export class StaleCardError extends DomainError {
  constructor(message: string) {
    super(message, 409);
  }
}

/**
 * Undoes the learner's most recent rating that is not undone yet: restores the card's schedule
 * from the log's state-before, bumps its version (so it is shown afresh) and appends an UNDO row
 * (the log itself is never changed).
 */
export async function undoLastReview(db: Db, userId: string, now = new Date()): Promise<{ cardId: string } | null> {
  return withTransaction(db, async (tx) => {
    const last = await tx.reviewLog.findFirst({
      where: { userId, kind: "REVIEW" },
      orderBy: [{ reviewedAt: "desc" }, { id: "desc" }],
      select: { id: true, cardId: true, questionId: true, cardVersion: true, stateBefore: true, stateAfter: true, undoneBy: { select: { id: true } } },
    });
    if (!last || last.undoneBy) return null;
    const before = fromJson(last.stateBefore);
    // Only while the card is still as that rating left it.
    const unchanged = last.cardVersion === null ? { reps: fromJson(last.stateAfter).reps } : { version: last.cardVersion + 1 };
    const restored = await tx.card.updateMany({
      where: { id: last.cardId, ...unchanged },
      data: { ...before, leech: false, suspended: false, version: { increment: 1 } },
    });
    if (restored.count !== 1) return null;
    await tx.reviewLog.create({
      data: {
        cardId: last.cardId,
        userId,
        questionId: last.questionId,
        kind: "UNDO",
        undoesId: last.id,
        rating: 0,
        stateBefore: last.stateAfter as Prisma.InputJsonValue,
        stateAfter: last.stateBefore as Prisma.InputJsonValue,
        reviewedAt: now,
      },
    });
    return { cardId: last.cardId };
  });
}

/** The learner's suspended leeches, latest first, to list with the lesson to re-read. */
export async function suspendedLeeches(db: Db, userId: string): Promise<SetAsideLeech[]> {
  return db.card.findMany({
    where: { userId, leech: true, suspended: true, question: { retiredAt: null } },
    select: {
      id: true,
      lapses: true,
      question: { select: { id: true, prompt: true, lessonId: true, section: true, lesson: { select: { id: true, family: true, slug: true, title: true } } } },
    },
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
  });
}

/**
 * Puts a suspended leech back in the queue (after the learner has re-read the lesson). Its schedule
 * and history stay as they were; if it lapses another LEECH_REPEAT times it is suspended again.
 * Only the learner's own suspended leech: anything else changes nothing and answers false.
 */
export async function resumeLeech(db: Db, userId: string, cardId: string): Promise<boolean> {
  const r = await db.card.updateMany({ where: { id: cardId, userId, leech: true, suspended: true }, data: { suspended: false, leech: false } });
  return r.count === 1;
}
