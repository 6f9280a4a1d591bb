// Mock design drills: one prompt, six timed phases, then a self-assessment against the prompt's
// rubric. The server owns time, as in quizzes: a phase's clock starts when the server starts it
// (startedAt/deadlineAt are written once), so reloading cannot reset it. Text may be saved after
// a phase's time is up; the record then says it was not written within time. Every change runs in
// a transaction that locks the drill's row, so autosaves, "Next phase" and a second tab serialize.
import { recordId, storableText } from "@/lib/validations/input";
import { z } from "zod";
import type { Db } from "@/lib/db/database";
import type { Prisma } from "@/lib/generated/prisma/client";
import { can, type Actor } from "@/lib/permissions";
import { mentorIdsOf } from "@/lib/permissions/relations";
import { withTransaction, type Tx } from "@/lib/db/transactions";
import { DRILL_PHASE_KEYS, DRILL_PHASES, drillPrompt, parseInline, type DrillPhaseKey, type DrillPrompt, type Inline, type PromptBlock } from "@/lib/content/drills";
import { GRACE_MS } from "./quiz";
import { DomainError, NotFoundError } from "@/lib/errors";


/** Per phase: about a page and a half of notes, far more than 10 minutes of typing. */
export const DRILL_TEXT_MAX = 10_000;
export const DRILL_NOTE_MAX = 4_000;
export const SELF_RATINGS = ["met", "partly", "missed"] as const;
export type SelfRating = (typeof SELF_RATINGS)[number];

export class DrillError extends DomainError {}

// ───────── What is stored in DrillSession.phases and .selfAssessment ─────────

const isoOrNull = z.iso.datetime().nullable();
const storedPhaseSchema = z.object({
  phase: z.enum(DRILL_PHASE_KEYS),
  allottedMs: z.number().int().positive(),
  startedAt: isoOrNull,
  deadlineAt: isoOrNull,
  endedAt: isoOrNull,
  /** When the text last changed; null while nothing was written. */
  submittedAt: isoOrNull,
  /** Whether the text, as it stands, was saved before the phase's deadline (plus network grace). */
  withinTime: z.boolean().nullable(),
  text: z.string(),
});
type StoredPhase = z.infer<typeof storedPhaseSchema>;
const storedPhasesSchema = z.array(storedPhaseSchema).length(DRILL_PHASES.length);

const storedAssessmentSchema = z.object({
  submittedAt: z.iso.datetime(),
  note: z.string(),
  // The rubric text is copied so the assessment still reads right if the prompt is edited later.
  points: z.array(z.object({ phase: z.enum(DRILL_PHASE_KEYS), index: z.number().int().min(0), text: z.string(), rating: z.enum(SELF_RATINGS) })),
});
type StoredAssessment = z.infer<typeof storedAssessmentSchema>;

const rowSelect = { id: true, userId: true, promptId: true, startedAt: true, finishedAt: true, phases: true, selfAssessment: true } as const;
type DrillRow = Prisma.DrillSessionGetPayload<{ select: typeof rowSelect }>;

function readPhases(row: Pick<DrillRow, "phases">): StoredPhase[] {
  const parsed = storedPhasesSchema.safeParse(row.phases);
  if (!parsed.success) throw new DrillError("This drill's record is damaged and cannot be shown.", 500);
  return parsed.data;
}

function readAssessment(row: Pick<DrillRow, "selfAssessment">): StoredAssessment | null {
  if (row.selfAssessment === null) return null;
  const parsed = storedAssessmentSchema.safeParse(row.selfAssessment);
  if (!parsed.success) throw new DrillError("This drill's self-assessment is damaged and cannot be shown.", 500);
  return parsed.data;
}

function initialPhases(now: Date): StoredPhase[] {
  return DRILL_PHASES.map((p, i) => {
    const allottedMs = p.minutes * 60_000;
    const started = i === 0;
    return {
      phase: p.key,
      allottedMs,
      startedAt: started ? now.toISOString() : null,
      deadlineAt: started ? new Date(now.getTime() + allottedMs).toISOString() : null,
      endedAt: null,
      submittedAt: null,
      withinTime: null,
      text: "",
    };
  });
}

/** Index of the running phase, or -1 once all six have ended. */
function currentIndex(phases: readonly StoredPhase[]): number {
  return phases.findIndex((p) => p.startedAt !== null && p.endedAt === null);
}

// ───────── What pages receive ─────────

export type DrillStage = "phase" | "assessment" | "finished";
export type Tally = Record<SelfRating, number>;

export interface DrillPhaseView {
  key: DrillPhaseKey;
  title: string;
  /** 1-based position. */
  number: number;
  allottedMs: number;
  startedAt: string | null;
  deadlineAt: string | null;
  endedAt: string | null;
  submittedAt: string | null;
  withinTime: boolean | null;
  text: string;
  /** Time spent: until the phase ended, or until now for the running phase. */
  usedMs: number | null;
  /** The guiding question and rubric from the prompt (empty if the prompt was removed). */
  question: Inline[];
  rubric: Array<{ index: number; text: string; inlines: Inline[] }>;
}

export interface DrillView {
  id: string;
  ownerId: string;
  /** Only the owner may write; a mentor or admin reads. */
  isOwner: boolean;
  promptId: string;
  prompt: { title: string; summary: string; families: string[]; blocks: PromptBlock[] } | null;
  startedAt: string;
  finishedAt: string | null;
  stage: DrillStage;
  currentPhase: DrillPhaseKey | null;
  /** The server's clock when this was read: clients count down from deadlineAt - serverNow. */
  serverNow: string;
  phases: DrillPhaseView[];
  selfAssessment: {
    submittedAt: string;
    note: string;
    points: Array<{ phase: DrillPhaseKey; index: number; text: string; inlines: Inline[]; rating: SelfRating }>;
    tally: Tally;
  } | null;
}

function tallyOf(assessment: StoredAssessment): Tally {
  const tally: Tally = { met: 0, partly: 0, missed: 0 };
  for (const p of assessment.points) tally[p.rating]++;
  return tally;
}

function toView(row: DrillRow, prompt: DrillPrompt | undefined, viewerId: string, now: Date): DrillView {
  const phases = readPhases(row);
  const assessment = readAssessment(row);
  const current = currentIndex(phases);
  const stage: DrillStage = row.finishedAt ? "finished" : current === -1 ? "assessment" : "phase";
  return {
    id: row.id,
    ownerId: row.userId,
    isOwner: row.userId === viewerId,
    promptId: row.promptId,
    prompt: prompt ? { title: prompt.title, summary: prompt.summary, families: prompt.families, blocks: prompt.blocks } : null,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    stage,
    currentPhase: stage === "phase" ? phases[current].phase : null,
    serverNow: now.toISOString(),
    phases: phases.map((p, i) => {
      const content = prompt?.phases[p.phase];
      const start = p.startedAt ? Date.parse(p.startedAt) : null;
      const end = p.endedAt ? Date.parse(p.endedAt) : stage === "phase" && i === current ? now.getTime() : null;
      return {
        key: p.phase,
        title: DRILL_PHASES[i].title,
        number: i + 1,
        allottedMs: p.allottedMs,
        startedAt: p.startedAt,
        deadlineAt: p.deadlineAt,
        endedAt: p.endedAt,
        submittedAt: p.submittedAt,
        withinTime: p.withinTime,
        text: p.text,
        usedMs: start !== null && end !== null ? Math.max(0, end - start) : null,
        question: content ? parseInline(content.question) : [],
        rubric: content ? content.rubric.map((text, index) => ({ index, text, inlines: parseInline(text) })) : [],
      };
    }),
    selfAssessment: assessment
      ? {
          submittedAt: assessment.submittedAt,
          note: assessment.note,
          points: assessment.points.map((p) => ({ ...p, inlines: parseInline(p.text) })),
          tally: tallyOf(assessment),
        }
      : null,
  };
}

// ───────── Input ─────────

const drillIdSchema = z.string({ error: "Missing drill id." }).min(1, "Missing drill id.").pipe(recordId);
const phaseSchema = z.enum(DRILL_PHASE_KEYS, { error: `Unknown phase (expected one of ${DRILL_PHASE_KEYS.join(", ")}).` });
const promptIdSchema = z.string({ error: "Choose a drill prompt." }).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Unknown drill prompt.");

const saveSchema = z.object({
  drillId: drillIdSchema,
  phase: phaseSchema,
  text: storableText("The text must be a string.")
    .max(DRILL_TEXT_MAX, `Keep each phase under ${DRILL_TEXT_MAX.toLocaleString("en")} characters.`),
});

export const selfAssessmentInputSchema = z
  .object({
    /** `<phase>.<index>` of every rubric point → met, partly or missed. */
    ratings: z.record(z.string().max(100), z.enum(SELF_RATINGS, { error: "Rate each point as met, partly or missed." }), { error: "Rate the rubric points." }),
    note: z
      .string({ error: "The note must be a string." })
      .trim()
      .max(DRILL_NOTE_MAX, `Keep the note under ${DRILL_NOTE_MAX.toLocaleString("en")} characters.`)
      .default(""),
  })
  .strict();
export type SelfAssessmentInput = z.input<typeof selfAssessmentInputSchema>;

export const ratingKey = (phase: DrillPhaseKey, index: number) => `${phase}.${index}`;

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new DrillError(parsed.error.issues[0]?.message ?? "Invalid input.");
  return parsed.data;
}

/** Locks the learner's own drill row for the rest of the transaction; others' drills are "not found". */
async function lockOwnDrill(tx: Tx, userId: string, drillId: string): Promise<DrillRow> {
  const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "DrillSession" WHERE "id" = ${drillId} AND "userId" = ${userId} FOR UPDATE`;
  if (locked.length === 0) throw new NotFoundError("Drill not found.");
  return tx.drillSession.findUniqueOrThrow({ where: { id: drillId }, select: rowSelect });
}

function assertOpen(row: DrillRow) {
  if (row.finishedAt) throw new DrillError("This drill is finished; its answers can no longer change.", 409);
}

// ───────── Operations ─────────

/**
 * Starts a drill on a prompt, its first phase's clock running from `now`. An unfinished drill on
 * the same prompt is resumed instead, so a double click or a second tab cannot start two.
 */
export async function startDrill(db: Db, userId: string, promptId: unknown, now = new Date()): Promise<{ id: string; resumed: boolean }> {
  const id = parse(promptIdSchema, promptId);
  const prompt = await drillPrompt(id);
  if (!prompt) throw new DrillError("Unknown drill prompt.", 404);
  return withTransaction(db, async (tx) => {
    // Serializes concurrent starts by the same learner.
    const user = await tx.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "User" WHERE "id" = ${userId} FOR UPDATE`;
    if (user.length === 0) throw new NotFoundError("Account not found.");
    const open = await tx.drillSession.findFirst({ where: { userId, promptId: id, finishedAt: null }, orderBy: { startedAt: "desc" }, select: { id: true } });
    if (open) return { id: open.id, resumed: true };
    const created = await tx.drillSession.create({
      data: { userId, promptId: id, startedAt: now, phases: initialPhases(now) as Prisma.InputJsonValue },
      select: { id: true },
    });
    return { id: created.id, resumed: false };
  });
}

export interface SavedPhaseText {
  phase: DrillPhaseKey;
  submittedAt: string | null;
  withinTime: boolean | null;
  /** false when the text was already saved as it is (a repeated autosave). */
  changed: boolean;
}

/** Autosave of one phase's text. Allowed for any started phase until the drill is finished. */
export async function savePhaseText(db: Db, userId: string, drillId: unknown, phase: unknown, text: unknown, now = new Date()): Promise<SavedPhaseText> {
  const input = parse(saveSchema, { drillId, phase, text });
  return withTransaction(db, async (tx) => {
    const row = await lockOwnDrill(tx, userId, input.drillId);
    assertOpen(row);
    const phases = readPhases(row);
    const stored = phases.find((p) => p.phase === input.phase)!;
    if (!stored.startedAt || !stored.deadlineAt) throw new DrillError("This phase has not started yet.", 409);
    if (stored.text === input.text) return { phase: input.phase, submittedAt: stored.submittedAt, withinTime: stored.withinTime, changed: false };
    stored.text = input.text;
    stored.submittedAt = now.toISOString();
    stored.withinTime = now.getTime() <= Date.parse(stored.deadlineAt) + GRACE_MS;
    await tx.drillSession.update({ where: { id: row.id }, data: { phases: phases as Prisma.InputJsonValue } });
    return { phase: input.phase, submittedAt: stored.submittedAt, withinTime: stored.withinTime, changed: true };
  });
}

/**
 * Ends phase `fromPhase` and starts the next one (after the sixth: the self-assessment). Naming
 * the phase being left makes a repeated click a no-op instead of skipping a phase.
 */
export async function advancePhase(db: Db, userId: string, drillId: unknown, fromPhase: unknown, now = new Date()): Promise<DrillView> {
  const input = parse(z.object({ drillId: drillIdSchema, fromPhase: phaseSchema }), { drillId, fromPhase });
  const row = await withTransaction(db, async (tx) => {
    const locked = await lockOwnDrill(tx, userId, input.drillId);
    assertOpen(locked);
    const phases = readPhases(locked);
    const i = currentIndex(phases);
    if (i === -1 || phases[i].phase !== input.fromPhase) return locked;
    phases[i].endedAt = now.toISOString();
    const next = phases[i + 1];
    if (next) {
      next.startedAt = now.toISOString();
      next.deadlineAt = new Date(now.getTime() + next.allottedMs).toISOString();
    }
    return tx.drillSession.update({ where: { id: locked.id }, data: { phases: phases as Prisma.InputJsonValue }, select: rowSelect });
  });
  return toView(row, await drillPrompt(row.promptId), userId, now);
}

/** Records the self-assessment (every rubric point rated) and finishes the drill. */
export async function finishDrill(db: Db, userId: string, drillId: unknown, input: unknown, now = new Date()): Promise<DrillView> {
  const id = parse(drillIdSchema, drillId);
  const assessment = parse(selfAssessmentInputSchema, input ?? {});
  const row = await withTransaction(db, async (tx) => {
    const locked = await lockOwnDrill(tx, userId, id);
    if (locked.finishedAt) return locked; // a retried submission: the first one stands
    if (currentIndex(readPhases(locked)) !== -1) throw new DrillError("Finish all six phases before the self-assessment.", 409);
    const prompt = await drillPrompt(locked.promptId);
    if (!prompt) throw new DrillError("This drill's prompt has been removed, so it cannot be assessed.", 410);
    const rated = DRILL_PHASES.flatMap(({ key }) =>
      prompt.phases[key].rubric.map((text, index) => ({ phase: key, index, text, rating: assessment.ratings[ratingKey(key, index)] as SelfRating | undefined })),
    );
    const known = new Set(rated.map((p) => ratingKey(p.phase, p.index)));
    const unknown = Object.keys(assessment.ratings).find((k) => !known.has(k));
    if (unknown) throw new DrillError(`Unknown rubric point "${unknown}".`);
    const unrated = rated.filter((p) => p.rating === undefined).length;
    if (unrated > 0) throw new DrillError(`Rate every rubric point: ${unrated} ${unrated === 1 ? "is" : "are"} not rated yet.`);
    const points = rated.map((p) => ({ ...p, rating: p.rating! }));
    const stored: StoredAssessment = { submittedAt: now.toISOString(), note: assessment.note, points };
    return tx.drillSession.update({
      where: { id: locked.id },
      data: { finishedAt: now, selfAssessment: stored as Prisma.InputJsonValue },
      select: rowSelect,
    });
  });
  return toView(row, await drillPrompt(row.promptId), userId, now);
}

/**
 * A drill as `viewer` may see it: the owner always; mentors of the owner's current cohorts and
 * admins read it through the permissions module. Anyone else gets "not found".
 */
export async function getDrill(db: Db, viewer: Actor, drillId: unknown, now = new Date()): Promise<DrillView> {
  const id = parse(drillIdSchema, drillId);
  const row = await db.drillSession.findUnique({ where: { id }, select: rowSelect });
  if (!row) throw new NotFoundError("Drill not found.");
  const resource = { type: "learnerData" as const, ownerId: row.userId, mentorIds: await mentorIdsOf(db, row.userId) };
  if (!can(viewer, "read", resource)) throw new NotFoundError("Drill not found.");
  return toView(row, await drillPrompt(row.promptId), viewer.id, now);
}

export interface DrillHistoryEntry {
  id: string;
  promptId: string;
  title: string;
  startedAt: Date;
  finishedAt: Date | null;
  stage: DrillStage;
  /** 1-based number of the running phase while in progress. */
  phaseNumber: number | null;
  tally: Tally | null;
}

/** The learner's drills, newest first. */
export async function drillHistory(db: Db, userId: string, take = 20): Promise<DrillHistoryEntry[]> {
  const rows = await db.drillSession.findMany({ where: { userId }, orderBy: { startedAt: "desc" }, take, select: rowSelect });
  const entries: DrillHistoryEntry[] = [];
  for (const row of rows) {
    const phases = readPhases(row);
    const assessment = readAssessment(row);
    const current = currentIndex(phases);
    entries.push({
      id: row.id,
      promptId: row.promptId,
      title: (await drillPrompt(row.promptId))?.title ?? row.promptId,
      startedAt: row.startedAt,
      finishedAt: row.finishedAt,
      stage: row.finishedAt ? "finished" : current === -1 ? "assessment" : "phase",
      phaseNumber: !row.finishedAt && current !== -1 ? current + 1 : null,
      tally: assessment ? tallyOf(assessment) : null,
    });
  }
  return entries;
}
