// The card browser: a learner's cards listed with filters, one card's memory state and review
// history, and the four changes a learner can make by hand (suspend, resume, reset, forget).
// Every change bumps the card's version, so a review screen open elsewhere that still shows the
// old state cannot rate it (its rating names the version it showed: review.ts). The review log
// stays append-only: a reset or forget is a row of its own (docs/decisions/082).
import { z } from "zod";
import type { Db } from "@/lib/db/database";
import { DomainError, NotFoundError } from "@/lib/errors";
import { FAMILY_SLUGS } from "@/lib/content/families";
import { Prisma } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/db/ids";
import { answerInWords } from "./grading";
import { heldOutQuestions } from "./daily";
import { attemptInProgress } from "./quiz";
import { promptExcerpt } from "./dashboard";
import { newSchedule, retrievability, type CardSchedule, type CardStateName } from "./scheduler";
import { startOfDayAfter } from "./time";

export const CARD_FILTER_STATES = ["new", "learning", "review", "relearning", "suspended", "leech"] as const;
export type CardFilterState = (typeof CARD_FILTER_STATES)[number];
/** now: due now; today: due before the learner's day ends; week: within 7 days; later: after that. */
export const CARD_FILTER_DUE = ["now", "today", "week", "later"] as const;
export type CardFilterDue = (typeof CARD_FILTER_DUE)[number];
export const CARD_SORTS = ["due", "lapses", "reviewed", "added"] as const;
export type CardSort = (typeof CARD_SORTS)[number];
export const CARDS_PER_PAGE = 50;

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" || v === null ? undefined : v), schema.optional());

/**
 * The browser's filters as they arrive in the URL. Anything unknown or malformed is dropped
 * rather than refused: a stale bookmark still lists cards. `problems` says what was ignored.
 */
const filterSchema = z.object({
  family: optional(z.enum(FAMILY_SLUGS)),
  lesson: optional(z.string().max(200).regex(/^[a-z0-9-]+$/)),
  state: optional(z.enum(CARD_FILTER_STATES)),
  due: optional(z.enum(CARD_FILTER_DUE)),
  lapses: optional(z.coerce.number().int().min(1).max(1000)),
  sort: optional(z.enum(CARD_SORTS)),
  page: optional(z.coerce.number().int().min(1).max(100_000)),
});
export type CardFilters = { family?: string; lesson?: string; state?: CardFilterState; due?: CardFilterDue; lapses?: number; sort: CardSort; page: number };

export function parseCardFilters(params: Record<string, string | string[] | undefined>): { filters: CardFilters; problems: string[] } {
  const filters: CardFilters = { sort: "due", page: 1 };
  const problems: string[] = [];
  for (const key of Object.keys(filterSchema.shape) as Array<keyof typeof filterSchema.shape>) {
    const raw = params[key];
    const value = Array.isArray(raw) ? raw[0] : raw;
    const parsed = filterSchema.shape[key].safeParse(value);
    if (parsed.success) {
      if (parsed.data !== undefined) Object.assign(filters, { [key]: parsed.data });
    } else problems.push(key);
  }
  return { filters, problems };
}

/** The filters as a query string (without page unless asked), for links that keep them. */
export function filterQuery(f: Partial<CardFilters>, page?: number): string {
  const q = new URLSearchParams();
  for (const key of ["family", "lesson", "state", "due", "lapses"] as const) if (f[key] !== undefined) q.set(key, String(f[key]));
  if (f.sort && f.sort !== "due") q.set("sort", f.sort);
  if (page && page > 1) q.set("page", String(page));
  const s = q.toString();
  return s ? `?${s}` : "";
}

export interface CardListRow {
  cardId: string;
  questionId: string;
  prompt: string;
  family: string;
  lesson: { id: string; slug: string; title: string };
  state: CardStateName;
  suspended: boolean;
  leech: boolean;
  due: Date;
  reps: number;
  lapses: number;
  lastReview: Date | null;
  /** Chance of recall now; null until the card is past its learning steps (docs/recall.md). */
  recall: number | null;
}

function whereFor(userId: string, f: CardFilters, now: Date, timezone: string): Prisma.CardWhereInput {
  const where: Prisma.CardWhereInput = { userId, question: { retiredAt: null, ...(f.family ? { family: f.family } : {}), ...(f.lesson ? { lessonId: f.lesson } : {}) } };
  if (f.state === "suspended") where.suspended = true;
  else if (f.state === "leech") where.leech = true;
  else if (f.state) Object.assign(where, { suspended: false, state: f.state.toUpperCase() as CardStateName });
  if (f.due) {
    const week = new Date(now.getTime() + 7 * 86_400_000);
    const dueWhere = { now: { lte: now }, today: { lt: startOfDayAfter(now, 1, timezone) }, week: { lt: week }, later: { gte: week } }[f.due];
    Object.assign(where, { due: dueWhere, ...(f.state === "suspended" ? {} : { suspended: false }) });
  }
  if (f.lapses) where.lapses = { gte: f.lapses };
  return where;
}

const ORDER: Record<CardSort, Prisma.CardOrderByWithRelationInput[]> = {
  due: [{ due: "asc" }, { id: "asc" }],
  lapses: [{ lapses: "desc" }, { due: "asc" }, { id: "asc" }],
  reviewed: [{ lastReview: { sort: "desc", nulls: "last" } }, { id: "asc" }],
  added: [{ createdAt: "desc" }, { id: "asc" }],
};

/** One page of the learner's cards matching the filters, and how many match in all. */
export async function browseCards(db: Db, userId: string, filters: CardFilters, now = new Date()) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { timezone: true, fsrsWeights: true } });
  const where = whereFor(userId, filters, now, user.timezone);
  const [total, rows] = await Promise.all([
    db.card.count({ where }),
    db.card.findMany({
      where,
      orderBy: ORDER[filters.sort],
      skip: (filters.page - 1) * CARDS_PER_PAGE,
      take: CARDS_PER_PAGE,
      select: {
        id: true, state: true, suspended: true, leech: true, due: true, reps: true, lapses: true, lastReview: true, stability: true,
        question: { select: { id: true, prompt: true, family: true, lesson: { select: { id: true, slug: true, title: true } } } },
      },
    }),
  ]);
  const weights = weightsOf(user.fsrsWeights);
  const cards: CardListRow[] = rows.map((c) => ({
    cardId: c.id,
    questionId: c.question.id,
    prompt: promptExcerpt(c.question.prompt, 140),
    family: c.question.family,
    lesson: c.question.lesson,
    state: c.state,
    suspended: c.suspended,
    leech: c.leech,
    due: c.due,
    reps: c.reps,
    lapses: c.lapses,
    lastReview: c.lastReview,
    recall: c.state === "REVIEW" ? retrievability(c, now, weights) : null,
  }));
  return { cards, total, page: filters.page, pages: Math.max(1, Math.ceil(total / CARDS_PER_PAGE)) };
}

/** Lessons the learner has cards from, for the lesson filter. */
export function lessonsWithCards(db: Db, userId: string) {
  return db.lesson.findMany({
    where: { retiredAt: null, questions: { some: { retiredAt: null, cards: { some: { userId } } } } },
    orderBy: [{ family: "asc" }, { position: "asc" }],
    select: { id: true, family: true, title: true },
  });
}

function weightsOf(json: Prisma.JsonValue | null): number[] | null {
  return Array.isArray(json) && json.every((w) => typeof w === "number") ? (json as number[]) : null;
}

/**
 * Questions whose answers must not be shown to the learner right now: today's challenge while
 * it runs (daily.ts), and the questions of any timed attempt in progress. A card page or a deck
 * export would otherwise be a way to look up an answer on the clock (docs/decisions/011).
 */
export async function withheldQuestions(db: Db, userId: string, now = new Date()): Promise<Set<string>> {
  const [heldOut, running] = await Promise.all([heldOutQuestions(db, userId, now), attemptInProgress(db, userId)]);
  const inAttempt = running ? await db.quizItem.findMany({ where: { sessionId: running.id }, select: { questionId: true } }) : [];
  return new Set([...heldOut, ...inAttempt.map((i) => i.questionId)]);
}

export type HistoryKind = "REVIEW" | "UNDO" | "RESET" | "FORGET";

export interface HistoryEntry {
  id: string;
  kind: HistoryKind;
  at: Date;
  /** 1 Again … 4 Easy; null for undo, reset and forget rows. */
  rating: number | null;
  /** Auto-graded outcome; null for free text, self-rated reviews, withheld questions and non-review rows. */
  correct: boolean | null;
  /** The answer given, in words (option texts); null when none or withheld. */
  answer: string | null;
  durationMs: number | null;
  /** The card's state before and after this row, and when it was next due after it. */
  before: CardStateName | null;
  after: CardStateName | null;
  dueAfter: Date | null;
  /** A REVIEW later cancelled by an undo. */
  undone: boolean;
}

export interface CardDetail {
  cardId: string;
  version: number;
  question: { id: string; prompt: string; type: string; family: string; section: string | null; lesson: { id: string; family: string; slug: string; title: string } };
  memory: {
    state: CardStateName;
    suspended: boolean;
    leech: boolean;
    due: Date;
    stability: number;
    difficulty: number;
    /** Chance of recall now; null until the card is past its learning steps. */
    recall: number | null;
    reps: number;
    lapses: number;
    lastReview: Date | null;
    addedAt: Date;
  };
  /** Answers and outcomes are hidden while the question is part of a timed attempt in progress. */
  withheld: boolean;
  history: HistoryEntry[];
}

function stateIn(json: Prisma.JsonValue): { state: CardStateName | null; due: Date | null } {
  const o = json && typeof json === "object" && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  const state = typeof o.state === "string" && ["NEW", "LEARNING", "REVIEW", "RELEARNING"].includes(o.state) ? (o.state as CardStateName) : null;
  const due = typeof o.due === "string" ? new Date(o.due) : null;
  return { state, due: due && !Number.isNaN(due.getTime()) ? due : null };
}

/** One of the learner's own cards with its memory state and every row of its log, oldest first. */
export async function cardDetail(db: Db, userId: string, cardId: string, now = new Date()): Promise<CardDetail> {
  const card = await db.card.findFirst({
    where: { id: cardId, userId },
    select: {
      id: true, version: true, state: true, suspended: true, leech: true, due: true, stability: true, difficulty: true, reps: true, lapses: true, lastReview: true, createdAt: true,
      user: { select: { fsrsWeights: true } },
      question: { select: { id: true, prompt: true, type: true, family: true, section: true, data: true, lesson: { select: { id: true, family: true, slug: true, title: true } } } },
      reviewLogs: {
        orderBy: [{ reviewedAt: "asc" }, { id: "asc" }],
        select: { id: true, kind: true, rating: true, correct: true, answer: true, durationMs: true, reviewedAt: true, stateBefore: true, stateAfter: true, undoneBy: { select: { id: true } } },
      },
    },
  });
  if (!card) throw new NotFoundError("That card is not one of yours.");
  const withheld = (await withheldQuestions(db, userId, now)).has(card.question.id);
  const { data, ...question } = card.question;
  return {
    cardId: card.id,
    version: card.version,
    question,
    memory: {
      state: card.state,
      suspended: card.suspended,
      leech: card.leech,
      due: card.due,
      stability: card.stability,
      difficulty: card.difficulty,
      recall: card.state === "REVIEW" ? retrievability(card, now, weightsOf(card.user.fsrsWeights)) : null,
      reps: card.reps,
      lapses: card.lapses,
      lastReview: card.lastReview,
      addedAt: card.createdAt,
    },
    withheld,
    history: card.reviewLogs.map((r) => {
      const before = stateIn(r.stateBefore);
      const after = stateIn(r.stateAfter);
      const review = r.kind === "REVIEW";
      return {
        id: r.id,
        kind: r.kind,
        at: r.reviewedAt,
        rating: review ? r.rating : null,
        correct: review && !withheld ? r.correct : null,
        answer: review && !withheld ? answerInWords({ id: question.id, type: question.type, data }, r.answer) : null,
        durationMs: review ? r.durationMs : null,
        before: before.state,
        after: after.state,
        dueAfter: after.due,
        undone: r.undoneBy !== null,
      };
    }),
  };
}

// ── Changes by hand ──────────────────────────────────────────────────────────────────────────────

/** Takes one of the learner's cards out of the queue; its schedule is kept. false: not theirs, or already suspended. */
export async function suspendCard(db: Db, userId: string, cardId: string, now = new Date()): Promise<boolean> {
  const r = await db.card.updateMany({ where: { id: cardId, userId, suspended: false }, data: { suspended: true, version: { increment: 1 }, updatedAt: now } });
  return r.count === 1;
}

/**
 * Puts a suspended card (a leech included) back in the queue with the schedule it had: if it fell
 * due meanwhile, it is due now. false: not theirs, or not suspended.
 */
export async function resumeCard(db: Db, userId: string, cardId: string, now = new Date()): Promise<boolean> {
  const r = await db.card.updateMany({ where: { id: cardId, userId, suspended: true }, data: { suspended: false, leech: false, version: { increment: 1 }, updatedAt: now } });
  return r.count === 1;
}

export type StartOver = "reset" | "forget";

/**
 * The card's schedule after a reset or a forget: new, due now, no memory state. A reset keeps the
 * counts of reviews and lapses (what happened still happened); a forget clears them and the leech
 * mark, so the card is as if never studied and leech counting starts again.
 */
export function startedOver(card: CardSchedule & { leech: boolean }, how: StartOver, now: Date): CardSchedule & { leech: boolean } {
  const fresh = newSchedule(now);
  return how === "forget" ? { ...fresh, leech: false } : { ...fresh, reps: card.reps, lapses: card.lapses, leech: card.leech };
}

function asJson(s: CardSchedule): string {
  return JSON.stringify({ ...s, due: s.due.toISOString(), lastReview: s.lastReview?.toISOString() ?? null });
}

/**
 * Starts one of the learner's cards again as new (reset or forget), and appends a RESET or FORGET
 * row to its log with the schedule before and after. The card update and the log row are one
 * statement, applied only at the version that was read; a rating that lands in between makes it
 * read again (at most three times). Suspension is left as it is.
 */
export async function startCardOver(db: Db, userId: string, cardId: string, how: StartOver, now = new Date()): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const card = await db.card.findFirst({
      where: { id: cardId, userId },
      select: { id: true, version: true, questionId: true, leech: true, due: true, stability: true, difficulty: true, elapsedDays: true, scheduledDays: true, learningSteps: true, reps: true, lapses: true, state: true, lastReview: true },
    });
    if (!card) throw new NotFoundError("That card is not one of yours.");
    const { id, version, questionId, leech, ...before } = card;
    const after = startedOver({ ...before, leech }, how, now);
    const rows = await db.$queryRaw<Array<{ id: string }>>`
      WITH changed AS (
        UPDATE "Card" SET "due" = ${after.due}::timestamp, "stability" = ${after.stability}, "difficulty" = ${after.difficulty},
          "elapsedDays" = ${after.elapsedDays}, "scheduledDays" = ${after.scheduledDays}, "learningSteps" = ${after.learningSteps},
          "reps" = ${after.reps}, "lapses" = ${after.lapses}, "state" = ${after.state}::"CardState", "lastReview" = ${after.lastReview}::timestamp,
          "leech" = ${after.leech}, "version" = "version" + 1, "updatedAt" = ${now}::timestamp
        WHERE "id" = ${id} AND "userId" = ${userId} AND "version" = ${version}
        RETURNING "id"
      )
      INSERT INTO "ReviewLog" ("id", "cardId", "userId", "questionId", "kind", "rating", "stateBefore", "stateAfter", "reviewedAt")
      SELECT ${newId()}::text, changed."id", ${userId}::text, ${questionId}::text, ${how === "forget" ? "FORGET" : "RESET"}::"ReviewKind", 0,
        ${asJson(before)}::jsonb, ${asJson(after)}::jsonb, ${now}::timestamp
      FROM changed
      RETURNING "id"`;
    if (rows.length === 1) return;
  }
  throw new DomainError("That card kept changing while it was being reset. Reload and try again.", 409);
}
