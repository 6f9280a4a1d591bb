// Quorum questions as Anki notes: the learner's cards, or one lesson's questions, each with its
// question (prompt and options), answer, explanation and a link back to the lesson section.
// Questions whose answers are withheld right now (a timed attempt in progress) are left out.
import { createHash } from "node:crypto";
import type { Db } from "@/lib/db/database";
import { renderMarkdown } from "@/lib/content/markdown.server";
import { arrange, relabelReferences, type Arrangement, type PresentableOption } from "@/lib/practice/presentation";
import { correctAnswer, questionData, type GradableQuestion } from "@/lib/practice/grading";
import { withheldQuestions } from "@/lib/practice/cards";
import type { AnkiDeck, AnkiNote, AnkiNoteType } from "./apkg";

export const QUORUM_NOTE_TYPE: AnkiNoteType = {
  // Fixed for ever: every export names the same note type.
  id: 1_714_000_000_017,
  name: "Quorum question",
  fields: ["Question", "Answer", "Explanation", "Lesson"],
  front: "{{Question}}",
  back: '{{FrontSide}}\n<hr id="answer">\n<div class="answer">{{Answer}}</div>\n<div class="explanation">{{Explanation}}</div>\n<p class="lesson">{{Lesson}}</p>',
  css: [
    ".card { font-family: system-ui, sans-serif; font-size: 18px; line-height: 1.5; text-align: left; max-width: 40em; margin: 0 auto; color: #1b1d22; background: #fbfbfa; }",
    ".nightMode .card, .card.nightMode { color: #e8e9ec; background: #0f1115; }",
    ".options { list-style: none; padding: 0; } .options li { margin: 0.3em 0; } .label { display: inline-block; min-width: 1.6em; font-weight: 700; }",
    ".answer { font-weight: 600; } .explanation { margin-top: 1em; } .lesson { font-size: 0.85em; margin-top: 1.2em; }",
    "code { font-family: ui-monospace, monospace; font-size: 0.9em; } table { border-collapse: collapse; } td, th { border: 1px solid #8889; padding: 0.2em 0.5em; }",
  ].join("\n"),
};

export interface ExportQuestion extends GradableQuestion {
  prompt: string;
  family: string;
  section: string | null;
  tags: string[];
  lesson: { id: string; family: string; slug: string; title: string };
}

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => escapes[c]);

/** Option text as the app shows it: `code` and **bold**, everything else as text. */
function inline(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>");
}

/** A stable note id: the same question is the same note in every export. */
export function noteGuid(questionId: string): string {
  return createHash("sha1").update(`quorum:question:${questionId}`).digest("base64url").slice(0, 12);
}

/**
 * The options' order on the card: shuffled once per question (the same on every export), so the
 * right answer is not always the first, as it often is in the authored files (docs/decisions/011).
 */
function deckArrangement(q: ExportQuestion): Arrangement {
  const data = questionData(q);
  if (q.type === "ordering") return arrange(q.id, "anki", data.items ?? [], (data.answer as string[] | undefined) ?? []);
  if (q.type === "single" || q.type === "multiple" || q.type === "simulation") return arrange(q.id, "anki", data.options ?? []);
  return { order: [], labelOf: new Map(), idOf: new Map() };
}

function labelled(arrangement: Arrangement, options: readonly PresentableOption[], ids: readonly string[]): string {
  const byId = new Map(options.map((o) => [o.id, o]));
  return ids.map((id) => `<li><span class="label">${arrangement.labelOf.get(id) ?? ""}</span> ${inline(byId.get(id)?.text ?? id)}</li>`).join("");
}

/** The four fields of one question's note. `origin` makes the lesson link absolute (Anki opens it in a browser). */
export function noteFields(q: ExportQuestion, origin: string): string[] {
  const data = questionData(q);
  const arrangement = deckArrangement(q);
  const options = (q.type === "ordering" ? data.items : data.options) ?? [];
  let question = renderMarkdown(q.prompt);
  if (q.type === "ordering") question += `<p>Put these in order:</p><ul class="options">${labelled(arrangement, options, arrangement.order)}</ul>`;
  else if (arrangement.order.length > 0) question += `<ul class="options">${labelled(arrangement, options, arrangement.order)}</ul>`;
  else if (q.type === "numeric") question += `<p><em>Answer with a number${data.unit ? ` in ${escapeHtml(data.unit)}` : ""}.</em></p>`;

  const key = correctAnswer(q);
  let answer: string;
  if (q.type === "free") {
    answer = `${data.modelAnswer ? renderMarkdown(data.modelAnswer) : ""}${data.rubric?.length ? `<p>A strong answer:</p><ul>${data.rubric.map((r) => `<li>${inline(r)}</li>`).join("")}</ul>` : ""}`;
  } else if (q.type === "numeric") {
    answer = `<p>${escapeHtml(String(key))}${data.unit ? ` ${escapeHtml(data.unit)}` : ""}${data.tolerance ? ` (± ${escapeHtml(String(data.tolerance))})` : ""}</p>`;
  } else if (q.type === "ordering") {
    answer = `<ol class="options">${labelled(arrangement, options, (key as string[] | null) ?? [])}</ol>`;
  } else {
    const ids = Array.isArray(key) ? (key as string[]) : key === null ? [] : [String(key)];
    answer = ids.length ? `<ul class="options">${labelled(arrangement, options, ids)}</ul>` : "<p>(No answer could be computed.)</p>";
  }
  const explanation = data.explanation ? renderMarkdown(relabelReferences(data.explanation, arrangement)) : "";
  const href = `${origin.replace(/\/$/, "")}/learn/${q.lesson.family}/${q.lesson.slug}${q.section ? `#${q.section}` : ""}`;
  const lesson = `<a href="${escapeHtml(href)}">${escapeHtml(q.lesson.title)}</a>`;
  // The separator Anki puts between fields must not occur inside one.
  return [question, answer, explanation, lesson].map((f) => f.replace(/\x1f/g, " "));
}

export function toNote(q: ExportQuestion, origin: string): AnkiNote {
  return { guid: noteGuid(q.id), fields: noteFields(q, origin), tags: ["quorum", q.family, q.lesson.id, ...q.tags] };
}

const questionSelect = {
  id: true, type: true, data: true, prompt: true, family: true, section: true, tags: true,
  lesson: { select: { id: true, family: true, slug: true, title: true } },
} as const;

export interface DeckExport {
  deck: AnkiDeck;
  /** Questions left out because a timed attempt in progress holds them. */
  withheld: number;
}

/** The learner's cards (live questions), in teaching order. */
export async function cardsDeck(db: Db, userId: string, origin: string, now = new Date()): Promise<DeckExport> {
  const [cards, withheld] = await Promise.all([
    db.card.findMany({
      where: { userId, question: { retiredAt: null } },
      orderBy: [{ question: { lesson: { family: "asc" } } }, { question: { lesson: { position: "asc" } } }, { question: { sourceLine: "asc" } }],
      select: { question: { select: questionSelect } },
    }),
    withheldQuestions(db, userId, now),
  ]);
  const questions = cards.map((c) => c.question);
  const kept = questions.filter((q) => !withheld.has(q.id));
  return {
    deck: { name: "Quorum", description: "Your Quorum cards: distributed-systems interview questions with answers, explanations and links to the lessons.", noteType: QUORUM_NOTE_TYPE, notes: kept.map((q) => toNote(q, origin)) },
    withheld: questions.length - kept.length,
  };
}

/** One lesson's live questions, in the order they are written; null for a lesson that does not exist. */
export async function lessonDeck(db: Db, userId: string, lessonId: string, origin: string, now = new Date()): Promise<DeckExport | null> {
  const lesson = await db.lesson.findFirst({ where: { id: lessonId, retiredAt: null }, select: { title: true } });
  if (!lesson) return null;
  const [questions, withheld] = await Promise.all([
    db.question.findMany({ where: { lessonId, retiredAt: null }, orderBy: [{ sourceLine: "asc" }, { id: "asc" }], select: questionSelect }),
    withheldQuestions(db, userId, now),
  ]);
  const kept = questions.filter((q) => !withheld.has(q.id));
  return {
    deck: { name: `Quorum::${lesson.title.replace(/::/g, ":")}`, description: `Questions of the Quorum lesson “${lesson.title}”.`, noteType: QUORUM_NOTE_TYPE, notes: kept.map((q) => toNote(q, origin)) },
    withheld: questions.length - kept.length,
  };
}
