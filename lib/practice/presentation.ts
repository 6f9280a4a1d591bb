// How a question is put in front of one learner at one attempt: its options (or ordering items)
// in a shuffled order under opaque labels A, B, C…, so that neither the position nor the id of
// an option says which one is right. The order is a pure function of a presentation key (a quiz
// item's id, a card's id and version), so a reload shows the same order and the server can map
// the learner's labels back to option ids to grade them, with nothing stored. See
// docs/decisions/011-practice-integrity.md.
import { Rng } from "@/lib/sim/random";

export interface PresentableOption {
  id: string;
  text: string;
  /** Authored as `pin: last`: kept after the shuffled options, in authored order ("None of these"). */
  pin?: "last";
}

export interface ServedOption {
  /** The label the learner sees and answers with: A, B, C… in served order. */
  id: string;
  text: string;
}

/** Which question this presentation is of, and whose attempt: the seed of its order. */
export type PresentationKey = string;

export function quizItemKey(itemId: string): PresentationKey {
  return `item:${itemId}`;
}

export function cardKey(cardId: string, version: number): PresentationKey {
  return `card:${cardId}:${version}`;
}

const LABELS = "ABCDEFGHIJ";

function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

function shuffled<T>(list: readonly T[], rng: Rng): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export interface Arrangement {
  /** Option ids in served order; served label i is LABELS[i]. */
  order: string[];
  /** Option id → served label. */
  labelOf: Map<string, string>;
  /** Served label → option id. */
  idOf: Map<string, string>;
}

/**
 * The served order of a question's options. Unpinned options are shuffled uniformly; pinned ones
 * follow in authored order. For an ordering question (`correctOrder` given) the served order is
 * never the correct one: a shuffle that lands on it is rotated by one.
 */
export function arrange(questionId: string, key: PresentationKey, options: readonly PresentableOption[], correctOrder?: readonly string[]): Arrangement {
  const rng = new Rng(seedOf(`${key}|${questionId}`));
  const free = options.filter((o) => o.pin !== "last").map((o) => o.id);
  const pinned = options.filter((o) => o.pin === "last").map((o) => o.id);
  let order = [...shuffled(free, rng), ...pinned];
  if (correctOrder && order.length > 1 && order.every((id, i) => id === correctOrder[i])) order = [...order.slice(1), order[0]];
  const labelOf = new Map(order.map((id, i) => [id, LABELS[i] ?? String(i + 1)]));
  const idOf = new Map([...labelOf].map(([id, label]) => [label, id]));
  return { order, labelOf, idOf };
}

export function servedOptions(arrangement: Arrangement, options: readonly PresentableOption[]): ServedOption[] {
  const byId = new Map(options.map((o) => [o.id, o]));
  return arrangement.order.map((id) => ({ id: arrangement.labelOf.get(id)!, text: byId.get(id)!.text }));
}

export class UnknownLabelError extends Error {}

/** The learner's answer in served labels → the same answer in option ids (strings and lists of strings). */
export function toOptionIds(arrangement: Arrangement, answer: unknown): unknown {
  const map = (label: unknown) => {
    if (typeof label !== "string" || label === "") return label; // left for the answer check to name
    const id = arrangement.idOf.get(label);
    if (id === undefined) throw new UnknownLabelError("That option is not part of this question.");
    return id;
  };
  if (typeof answer === "string") return map(answer);
  if (Array.isArray(answer)) return answer.map(map);
  return answer;
}

/** An answer in option ids → served labels, for showing a stored answer or the key in this presentation. */
export function toLabels(arrangement: Arrangement, answer: unknown): unknown {
  const map = (id: unknown) => (typeof id === "string" ? (arrangement.labelOf.get(id) ?? id) : id);
  if (typeof answer === "string") return map(answer);
  if (Array.isArray(answer)) return answer.map(map);
  return answer;
}

/**
 * Explanations name options by their authored id in parentheses: "(a) Correct: …", "the log (a)
 * or an outbox row (b)". Rewritten to the served labels so they match what the learner saw. A
 * reference is "(x)" where x is an option id, at the start or after a space or opening
 * punctuation, outside `code`: so `HLC(a)` or `f(b)` are left alone.
 */
export function relabelReferences(text: string, arrangement: Arrangement): string {
  if (arrangement.labelOf.size === 0) return text;
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(/(^|[\s([{—–,;:/])\(([a-z0-9]{1,3})\)(?=$|[\s,.;:)\]}!?—–/])/gm, (whole, before: string, id: string) => {
            const label = arrangement.labelOf.get(id);
            return label ? `${before}(${label})` : whole;
          }),
    )
    .join("");
}
