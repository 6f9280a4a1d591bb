// Design-drill prompts: content/drills/<id>.yaml, one open interview prompt each, answered in six
// timed phases. This module owns the phases, the file format (zod), the loader with file:line
// problems for `npm run content:check`, and the small Markdown subset that prompts are written in.
import { storableText } from "@/lib/validations/input";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { FAMILY_SLUGS } from "@/lib/content/families";
import type { ContentProblem } from "@/lib/content/loader";
import { describeIssues } from "@/lib/content/schema";
import { parseYaml } from "@/lib/content/yaml-lines";

/** The six phases of a 45-minute drill, in order. Keys are stored in DrillSession.phases. */
export const DRILL_PHASES = [
  { key: "requirements", title: "Requirements and contract", minutes: 5 },
  { key: "hot-path", title: "Hot path", minutes: 10 },
  { key: "data-model", title: "Data model", minutes: 8 },
  { key: "bottleneck", title: "First bottleneck", minutes: 8 },
  { key: "trade-offs", title: "Trade-offs", minutes: 7 },
  { key: "observability", title: "Observability and recovery", minutes: 7 },
] as const;

export type DrillPhaseKey = (typeof DRILL_PHASES)[number]["key"];
export const DRILL_PHASE_KEYS = [DRILL_PHASES[0].key, ...DRILL_PHASES.slice(1).map((p) => p.key)] as const;
export const DRILL_MINUTES = DRILL_PHASES.reduce((sum, p) => sum + p.minutes, 0);

// ───────── The Markdown subset of prompts ─────────
// Paragraphs, "-" or "1." lists, **bold**, *italic* and `code`: enough for a prompt with numbers,
// and small enough to parse here, so authors get line numbers and the page needs no Markdown library.

export type Inline = { kind: "text" | "strong" | "em" | "code"; text: string };
export type PromptBlock = { kind: "paragraph"; inlines: Inline[] } | { kind: "list"; ordered: boolean; items: Inline[][] };

const INLINE = /\*\*(.+?)\*\*|`([^`]+)`|\*(?![\s*])(.+?)(?<!\s)\*/g;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) out.push({ kind: "text", text: text.slice(last, m.index) });
    if (m[1] !== undefined) out.push({ kind: "strong", text: m[1] });
    else if (m[2] !== undefined) out.push({ kind: "code", text: m[2] });
    else out.push({ kind: "em", text: m[3] });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ kind: "text", text: text.slice(last) });
  return out;
}

/** Problems with inline markup: a ** or ` left open would show as a literal character. */
function inlineProblems(text: string): string[] {
  const leftover = parseInline(text)
    .filter((i) => i.kind === "text")
    .map((i) => i.text)
    .join("");
  const problems: string[] = [];
  if (leftover.includes("**")) problems.push("unclosed ** (bold needs **text**)");
  if (leftover.includes("`")) problems.push("unclosed ` (code needs `text`)");
  return problems;
}

const UNSUPPORTED: Array<[RegExp, string]> = [
  [/^#{1,6}\s/, "headings are not supported in drill prompts: use a **bold** lead-in"],
  [/^\|/, "tables are not supported in drill prompts: use a list"],
  [/^>/, "block quotes are not supported in drill prompts"],
  [/^(```|~~~)/, "code blocks are not supported in drill prompts: use `inline code`"],
  [/\[[^\]]+\]\([^)]*\)/, "links are not supported in drill prompts"],
  [/<[a-zA-Z/]/, "HTML is not supported in drill prompts"],
];

/** Parses a prompt; `problems` carry the 0-based line within the prompt text. */
export function parsePromptMarkdown(source: string): { blocks: PromptBlock[]; problems: Array<{ line: number; message: string }> } {
  const blocks: PromptBlock[] = [];
  const problems: Array<{ line: number; message: string }> = [];
  // Inline markup may wrap across lines, so it is checked per paragraph and per list item.
  type Chunk = { text: string; line: number };
  let paragraph: Chunk | null = null;
  let list: { ordered: boolean; items: Chunk[] } | null = null;
  const inlines = (chunk: Chunk) => {
    for (const message of inlineProblems(chunk.text)) problems.push({ line: chunk.line, message });
    return parseInline(chunk.text);
  };
  const flush = () => {
    if (paragraph) blocks.push({ kind: "paragraph", inlines: inlines(paragraph) });
    if (list) blocks.push({ kind: "list", ordered: list.ordered, items: list.items.map(inlines) });
    paragraph = null;
    list = null;
  };
  source.split("\n").forEach((raw, line) => {
    const text = raw.trim();
    if (!text) return flush();
    for (const [pattern, message] of UNSUPPORTED) if (pattern.test(text)) problems.push({ line, message });
    const item = /^(?:([-*])|(\d+)\.)\s+(.*)$/.exec(text);
    if (item) {
      const ordered = item[2] !== undefined;
      if (paragraph || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, items: [] };
      list.items.push({ text: item[3], line });
    } else if (list && /^\s/.test(raw)) {
      // An indented line continues the list item above it.
      list.items[list.items.length - 1].text += ` ${text}`;
    } else {
      if (list) flush();
      if (paragraph) paragraph.text += ` ${text}`;
      else paragraph = { text, line };
    }
  });
  flush();
  return { blocks, problems };
}

// ───────── The file format ─────────

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const text = (max: number) => storableText("Write the text.").trim().min(1).max(max);

const phaseSchema = z
  .object({
    question: text(300),
    rubric: z.array(text(400)).min(2).max(4),
  })
  .strict();

export const drillFileSchema = z
  .object({
    id: z.string().regex(KEBAB, { message: "must be kebab-case (lowercase letters and digits joined by -)" }),
    title: text(120),
    families: z
      .array(z.enum(FAMILY_SLUGS))
      .min(1)
      .max(3)
      .refine((f) => new Set(f).size === f.length, { message: "families: lists a family twice" }),
    summary: text(240),
    prompt: text(4000),
    phases: z.object(Object.fromEntries(DRILL_PHASE_KEYS.map((k) => [k, phaseSchema])) as Record<DrillPhaseKey, typeof phaseSchema>).strict(),
  })
  .strict();

export type DrillFile = z.infer<typeof drillFileSchema>;

export interface DrillPhaseContent {
  question: string;
  rubric: string[];
}

export interface DrillPrompt extends Omit<DrillFile, "phases"> {
  /** Path relative to the repository root, with forward slashes. */
  file: string;
  blocks: PromptBlock[];
  phases: Record<DrillPhaseKey, DrillPhaseContent>;
}

export interface LoadDrillsOptions {
  /** Folder of the drill files; default content/drills under the working directory. */
  root?: string;
  repoRoot?: string;
}

export async function loadDrillPrompts(opts: LoadDrillsOptions = {}): Promise<{ prompts: DrillPrompt[]; problems: ContentProblem[] }> {
  // turbopackIgnore: content/ is read at run time, not traced into the server bundle.
  const root = path.resolve(/*turbopackIgnore: true*/ opts.root ?? path.join(/*turbopackIgnore: true*/ process.cwd(), "content", "drills"));
  const repoRoot = path.resolve(/*turbopackIgnore: true*/ opts.repoRoot ?? process.cwd());
  const rel = (abs: string) => path.relative(repoRoot, abs).split(path.sep).join("/");
  const prompts: DrillPrompt[] = [];
  const problems: ContentProblem[] = [];
  const report = (file: string, line: number, message: string, severity: ContentProblem["severity"] = "error") => problems.push({ file, line, message, severity });

  let names: string[];
  try {
    names = (await readdir(root)).sort();
  } catch {
    return { prompts, problems }; // no drills folder: nothing to load
  }
  for (const name of names) {
    const abs = path.join(/*turbopackIgnore: true*/ root, name);
    if (name.startsWith(".")) continue;
    if (!name.endsWith(".yaml")) {
      report(rel(abs), 1, "unexpected file: drill prompts are <id>.yaml", "warning");
      continue;
    }
    const prompt = parseDrillFile(await readFile(abs, "utf8"), rel(abs), name.slice(0, -".yaml".length), report);
    if (prompt) prompts.push(prompt);
  }
  return { prompts, problems };
}

type Report = (file: string, line: number, message: string) => void;

function parseDrillFile(source: string, file: string, fileId: string, report: Report): DrillPrompt | null {
  const yaml = parseYaml(source, 1);
  for (const e of yaml.errors) report(file, e.line, e.message);
  if (yaml.errors.length > 0) return null;
  const raw = yaml.doc.toJS();
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    report(file, 1, "a drill file must be a YAML mapping starting with `id:`");
    return null;
  }
  const parsed = drillFileSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    for (const p of describeIssues(parsed.error.issues)) report(file, yaml.lineAt(p.path), p.message);
    return null;
  }
  const drill = parsed.data;
  let problemCount = 0;
  const problem = (line: number, message: string) => {
    problemCount++;
    report(file, line, message);
  };
  if (drill.id !== fileId) problem(yaml.lineAt(["id"]), `id "${drill.id}" must match the file name (${fileId}.yaml)`);
  // A block scalar (`prompt: |`) starts on the line after its key; other scalars on the key's line.
  const promptNode = yaml.doc.get("prompt", true) as { type?: string } | undefined;
  const firstPromptLine = yaml.lineAt(["prompt"]) + (promptNode?.type === "BLOCK_LITERAL" || promptNode?.type === "BLOCK_FOLDED" ? 1 : 0);
  const { blocks, problems } = parsePromptMarkdown(drill.prompt);
  for (const p of problems) problem(firstPromptLine + p.line, `prompt: ${p.message}`);
  for (const key of DRILL_PHASE_KEYS) {
    const phase = drill.phases[key];
    for (const message of inlineProblems(phase.question)) problem(yaml.lineAt(["phases", key, "question"]), `phases.${key}.question: ${message}`);
    phase.rubric.forEach((point, i) => {
      for (const message of inlineProblems(point)) problem(yaml.lineAt(["phases", key, "rubric", i]), `phases.${key}.rubric[${i}]: ${message}`);
    });
  }
  if (problemCount > 0) return null;
  return { ...drill, file, blocks };
}

// ───────── The app's view ─────────

declare global {
  var quorumDrillPrompts: Promise<DrillPrompt[]> | undefined;
}
const globalForDrills = globalThis;

/** Every valid prompt, in title order. Read once per process; on every call in development. */
export function drillPrompts(): Promise<DrillPrompt[]> {
  const load = () => loadDrillPrompts().then(({ prompts }) => prompts.sort((a, b) => a.title.localeCompare(b.title)));
  if (process.env.NODE_ENV === "development") return load();
  globalForDrills.quorumDrillPrompts ??= load();
  return globalForDrills.quorumDrillPrompts;
}

export async function drillPrompt(id: string): Promise<DrillPrompt | undefined> {
  return (await drillPrompts()).find((p) => p.id === id);
}
