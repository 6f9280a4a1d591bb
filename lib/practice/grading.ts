// Grading answers to every question type. Objective types are graded exactly; free text is not
// auto-graded (the learner compares with the model answer and rubric; mentors comment);
// simulation questions are graded by running the simulation (lib/sim through lib/content).
import { userText } from "@/lib/validations/input";
import { z } from "zod";
import { DomainError } from "@/lib/errors";
import { findSimulation, runQuery } from "@/lib/content/simulations";
import { storedQuestionDataSchema, type StoredQuestionData } from "@/lib/content/schema";
import { arrange, servedOptions, toLabels, toOptionIds, relabelReferences, UnknownLabelError, type Arrangement, type PresentationKey, type ServedOption } from "./presentation";

export interface GradableQuestion {
  id: string;
  type: string;
  data: unknown;
}

type QuestionData = StoredQuestionData;

export interface Grade {
  /** null: not auto-graded (free text), or no answer given. */
  correct: boolean | null;
  /** 0..1; ordering earns partial credit. */
  score: number;
}

export class InvalidAnswerError extends DomainError {}

const answerSchemas = {
  single: z.string({ error: "Choose an option." }).min(1, "Choose an option.").max(100, "That option is not part of this question."),
  simulation: z.string({ error: "Choose an option." }).min(1, "Choose an option.").max(100, "That option is not part of this question."),
  multiple: z.array(z.string().max(100), { error: "Select at least one option." }).min(1, "Select at least one option.").max(20),
  numeric: z.number({ error: "Enter a number." }).finite("Enter a number."),
  ordering: z.array(z.string().max(100), { error: "Put the items in order." }).min(1, "Put the items in order.").max(20),
  free: userText("an answer", 10_000),
} as const;

/** Parsed once per stored object: one answer reads its question's data several times. */
const parsedData = new WeakMap<object, QuestionData>();

/** The question's `data` column, parsed; a value that does not parse is a fault (the content sync wrote it). */
export function questionData(q: GradableQuestion): QuestionData {
  if (q.data === null || q.data === undefined) return {};
  if (typeof q.data === "object") {
    const known = parsedData.get(q.data);
    if (known) return known;
  }
  const parsed = storedQuestionDataSchema.safeParse(q.data);
  if (!parsed.success) throw new Error(`Question ${q.id}: stored data does not match its schema (${parsed.error.issues[0]?.message ?? "invalid"}).`);
  if (typeof q.data === "object") parsedData.set(q.data, parsed.data);
  return parsed.data;
}

/** Validates an answer's shape for the question type; throws InvalidAnswerError with a clear message. */
export function parseAnswer(q: GradableQuestion, answer: unknown): unknown {
  const schema = answerSchemas[q.type as keyof typeof answerSchemas];
  if (!schema) throw new InvalidAnswerError(`Unknown question type "${q.type}".`);
  const parsed = schema.safeParse(answer);
  if (!parsed.success) throw new InvalidAnswerError(parsed.error.issues[0]?.message ?? "Invalid answer.");
  const data = questionData(q);
  const known = new Set((q.type === "ordering" ? data.items : data.options)?.map((o) => o.id) ?? []);
  const ids = typeof parsed.data === "string" ? [parsed.data] : Array.isArray(parsed.data) ? parsed.data : [];
  if (q.type !== "free" && known.size > 0 && ids.some((id) => !known.has(id))) throw new InvalidAnswerError("That option is not part of this question.");
  if (q.type === "ordering" && (ids.length !== known.size || new Set(ids).size !== ids.length)) {
    throw new InvalidAnswerError("Place every item exactly once.");
  }
  return parsed.data;
}

const simulationAnswers = new Map<string, string | null>();

/** The option id that matches the simulation's outcome (memoised per question content). */
export function simulationAnswer(q: GradableQuestion): string | null {
  const data = questionData(q);
  const key = `${q.id}:${JSON.stringify(data.simulation)}:${JSON.stringify(data.options)}`;
  if (simulationAnswers.has(key)) return simulationAnswers.get(key)!;
  let answer: string | null = null;
  const spec = data.simulation;
  const sim = spec && findSimulation(spec.name);
  if (spec && sim) {
    const result = runQuery(sim, { seed: spec.seed, params: spec.params, faults: spec.faults, duration: spec.duration }, spec.query);
    if (result.ok) answer = data.options?.find((o) => o.text.trim() === result.value)?.id ?? null;
  }
  simulationAnswers.set(key, answer);
  return answer;
}

/** The correct answer in the same shape a learner submits (null for free text). */
export function correctAnswer(q: GradableQuestion): unknown {
  if (q.type === "free") return null;
  if (q.type === "simulation") return simulationAnswer(q);
  return questionData(q).answer ?? null;
}

/** Grades a (validated) answer; `undefined`/null answer = unanswered (timed out). */
export function gradeAnswer(q: GradableQuestion, answer: unknown): Grade {
  if (answer === undefined || answer === null) return { correct: q.type === "free" ? null : false, score: 0 };
  const data = questionData(q);
  switch (q.type) {
    case "single":
      return exact(answer === data.answer);
    case "simulation":
      return exact(answer === simulationAnswer(q));
    case "multiple": {
      const want = new Set((data.answer as string[]) ?? []);
      const got = new Set(answer as string[]);
      return exact(want.size === got.size && [...want].every((id) => got.has(id)));
    }
    case "numeric":
      return exact(Math.abs((answer as number) - (data.answer as number)) <= (data.tolerance ?? 0) + 1e-9);
    case "ordering": {
      const want = (data.answer as string[]) ?? [];
      const got = answer as string[];
      const inPlace = want.filter((id, i) => got[i] === id).length;
      return { correct: inPlace === want.length, score: want.length ? inPlace / want.length : 0 };
    }
    case "free":
      return { correct: null, score: 0 };
    default:
      throw new InvalidAnswerError(`Unknown question type "${q.type}".`);
  }
}

function exact(ok: boolean): Grade {
  return { correct: ok, score: ok ? 1 : 0 };
}

/** The served order of a question's options or ordering items for one presentation (empty for other types). */
export function arrangementOf(q: GradableQuestion, key: PresentationKey): Arrangement {
  const data = questionData(q);
  if (q.type === "ordering") return arrange(q.id, key, data.items ?? [], (data.answer as string[] | undefined) ?? []);
  if (q.type === "single" || q.type === "multiple" || q.type === "simulation") return arrange(q.id, key, data.options ?? []);
  return { order: [], labelOf: new Map(), idOf: new Map() };
}

/**
 * A question as one learner sees it before answering: no answer, no explanation, options and
 * ordering items shuffled for this presentation under labels A, B, C… (see presentation.ts).
 */
export function servedQuestion(q: GradableQuestion & { prompt: string; mode: string; difficulty: string; family: string }, key: PresentationKey) {
  const data = questionData(q);
  const arrangement = arrangementOf(q, key);
  const options: ServedOption[] | undefined = data.options && q.type !== "ordering" ? servedOptions(arrangement, data.options) : undefined;
  const items: ServedOption[] | undefined = data.items && q.type === "ordering" ? servedOptions(arrangement, data.items) : undefined;
  return { type: q.type, prompt: q.prompt, mode: q.mode, difficulty: q.difficulty, family: q.family, options, items, unit: data.unit };
}
export type PublicQuestion = ReturnType<typeof servedQuestion>;

/** Validates an answer given in this presentation's labels and returns it in option ids. */
export function parseServedAnswer(q: GradableQuestion, key: PresentationKey, answer: unknown): unknown {
  const arrangement = arrangementOf(q, key);
  // Numbers and free text are not labels.
  if (arrangement.order.length === 0) return parseAnswer(q, answer);
  let ids: unknown;
  try {
    ids = toOptionIds(arrangement, answer);
  } catch (err) {
    if (err instanceof UnknownLabelError) throw new InvalidAnswerError(err.message);
    throw err;
  }
  return parseAnswer(q, ids);
}

/** An answer in option ids shown in this presentation's labels (a stored answer, or the key). */
export function servedAnswer(q: GradableQuestion, key: PresentationKey, answer: unknown): unknown {
  return toLabels(arrangementOf(q, key), answer);
}

/** A text that names options as "(a)" (an explanation), with the names this presentation shows. */
export function servedText(q: GradableQuestion, key: PresentationKey, text: string): string {
  return relabelReferences(text, arrangementOf(q, key));
}

/**
 * A stored answer (option ids) in words, for people reading it later (mentors, the answers CSV):
 * option texts, never ids or letters, which mean nothing outside the presentation they were
 * shown in. Null for no answer.
 */
export function answerInWords(q: GradableQuestion, answer: unknown): string | null {
  if (answer === null || answer === undefined) return null;
  const data = questionData(q);
  const textOf = (id: unknown) => [...(data.options ?? []), ...(data.items ?? [])].find((o) => o.id === id)?.text ?? String(id);
  switch (q.type) {
    case "single":
    case "simulation":
      return textOf(answer);
    case "multiple":
      return Array.isArray(answer) ? answer.map(textOf).join("; ") : String(answer);
    case "ordering":
      return Array.isArray(answer) ? answer.map((id, i) => `${i + 1}. ${textOf(id)}`).join(" → ") : String(answer);
    case "numeric":
      return `${String(answer)}${data.unit ? ` ${data.unit}` : ""}`;
    default:
      return typeof answer === "string" ? answer : JSON.stringify(answer);
  }
}
