// Reads content/<family>/<slug>.mdx and <slug>.questions.yaml into typed lessons and questions.
// Every file-level problem (YAML syntax, schema, family/folder mismatch, MDX syntax) is collected
// with its file and line instead of thrown, so one broken file never hides the others.
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { familyBySlug, FAMILIES, type FamilySlug } from "./families";
import { analyzeMdx, type MdxAnalysis, type Heading } from "./mdx-analysis";
import {
  describeIssues,
  lessonFrontmatterSchema,
  questionSchema,
  type FieldPath,
  type LessonFrontmatter,
  type QuestionInput,
} from "./schema";
import { parseYaml } from "./yaml-lines";

export type Severity = "error" | "warning";

export interface ContentProblem {
  /** Path relative to the repository root, with forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  message: string;
  severity: Severity;
}

export interface Lesson extends LessonFrontmatter {
  slug: string;
  family: FamilySlug;
  /** Repository-relative path of the .mdx file. */
  file: string;
  /** The MDX after the frontmatter, and the file line it starts on. */
  body: string;
  bodyLine: number;
  /** The whole file; the compiler keeps frontmatter lines blank so its errors carry file lines. */
  source: string;
  headings: Heading[];
  wordCount: number;
  readingMinutes: number;
  contentHash: string;
  analysis: MdxAnalysis;
  /** File line of a frontmatter field, e.g. ["prerequisites", 0]. */
  lineAt(path: FieldPath): number;
}

export type Question = QuestionInput & {
  lessonId: string;
  family: FamilySlug;
  file: string;
  line: number;
  contentHash: string;
  lineAt(path: FieldPath): number;
};

export interface ContentSet {
  root: string;
  lessons: Lesson[];
  questions: Question[];
  problems: ContentProblem[];
  /** Repository-relative paths of files that had an error; sync leaves their items untouched. */
  brokenFiles: Set<string>;
  /** Questions files with no lesson beside them (reported by the checker). */
  orphanQuestionFiles: string[];
}

export interface LoadOptions {
  /** The content folder; default `<cwd>/content`. */
  root?: string;
  /** Paths in problems are relative to this; default the parent of `root`. */
  repoRoot?: string;
}

const WORDS_PER_MINUTE = 220;

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** JSON with sorted keys, so that equal content always hashes equally. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** Splits `---\nyaml\n---\nbody`; lines are 1-based file lines. */
export function splitFrontmatter(source: string): { yaml: string; yamlLine: number; body: string; bodyLine: number } | null {
  const lines = source.split(/\r?\n/);
  if (lines[0]?.trim() !== "---") return null;
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === "---");
  if (end < 0) return null;
  return { yaml: lines.slice(1, end).join("\n"), yamlLine: 2, body: lines.slice(end + 1).join("\n"), bodyLine: end + 2 };
}

/** The question's type-specific fields, stored as `Question.data` in the database. */
export function questionData(q: QuestionInput): Record<string, unknown> {
  const { id: _id, type: _type, difficulty: _d, mode: _m, section: _s, tags: _t, prompt: _p, ...data } = q;
  return data;
}

export async function loadContent(opts: LoadOptions = {}): Promise<ContentSet> {
  // turbopackIgnore: content/ is read at run time, not traced into the server bundle.
  const root = path.resolve(/*turbopackIgnore: true*/ opts.root ?? path.join(/*turbopackIgnore: true*/ process.cwd(), "content"));
  const repoRoot = path.resolve(/*turbopackIgnore: true*/ opts.repoRoot ?? path.dirname(root));
  const rel = (abs: string) => path.relative(repoRoot, abs).split(path.sep).join("/");
  const set: ContentSet = { root, lessons: [], questions: [], problems: [], brokenFiles: new Set(), orphanQuestionFiles: [] };
  const problem = (file: string, line: number, message: string, severity: Severity = "error") => {
    set.problems.push({ file, line, message, severity });
    if (severity === "error") set.brokenFiles.add(file);
  };

  let folders: string[] = [];
  try {
    folders = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    problem(rel(root), 1, "content folder not found");
    return set;
  }

  for (const folder of folders) {
    if (folder === "drills") continue; // design-drill prompts: read and checked by lib/practice/drills.ts
    const dir = path.join(/*turbopackIgnore: true*/ root, folder);
    const names = (await readdir(dir)).sort();
    const family = familyBySlug(folder);
    if (!family) {
      problem(rel(dir), 1, `unknown family folder "${folder}" (expected one of ${FAMILIES.map((f) => f.slug).join(", ")})`);
      continue;
    }
    const lessonSlugs = new Set(names.filter((n) => n.endsWith(".mdx")).map((n) => n.slice(0, -4)));

    for (const name of names) {
      const abs = path.join(/*turbopackIgnore: true*/ dir, name);
      if (name.endsWith(".mdx")) {
        const lesson = await loadLesson(abs, rel(abs), name.slice(0, -4), family.slug, problem);
        if (lesson) set.lessons.push(lesson);
      } else if (name.endsWith(".questions.yaml")) {
        // Questions are attached to their lesson after all lessons are read (the id comes from it).
        continue;
      } else if (!name.startsWith(".")) {
        problem(rel(abs), 1, `unexpected file: lessons are <slug>.mdx and questions <slug>.questions.yaml`, "warning");
      }
    }

    for (const name of names.filter((n) => n.endsWith(".questions.yaml"))) {
      const abs = path.join(/*turbopackIgnore: true*/ dir, name);
      const slug = name.slice(0, -".questions.yaml".length);
      const lesson = set.lessons.find((l) => l.family === family.slug && l.slug === slug);
      if (!lessonSlugs.has(slug)) set.orphanQuestionFiles.push(rel(abs));
      // The lesson exists but could not be read: its questions cannot be attached, so the sync
      // must treat this file as unreadable too rather than retire its questions.
      else if (!lesson) set.brokenFiles.add(rel(abs));
      const questions = await loadQuestions(abs, rel(abs), lesson, family.slug, problem);
      set.questions.push(...questions);
    }
  }

  const familyOrder = new Map(FAMILIES.map((f, i) => [f.slug as string, i]));
  set.lessons.sort((a, b) => familyOrder.get(a.family)! - familyOrder.get(b.family)! || a.order - b.order || a.slug.localeCompare(b.slug));
  return set;
}

type Report = (file: string, line: number, message: string, severity?: Severity) => void;

async function loadLesson(abs: string, file: string, slug: string, folderFamily: FamilySlug, problem: Report): Promise<Lesson | null> {
  const source = await readFile(abs, "utf8");
  const parts = splitFrontmatter(source);
  if (!parts) {
    problem(file, 1, "missing frontmatter: the file must start with a --- line, the YAML fields, and a closing --- line");
    return null;
  }
  const yaml = parseYaml(parts.yaml, parts.yamlLine);
  const lineAt = (p: FieldPath) => (parts.yaml.trim() ? yaml.lineAt(p) : 1);
  for (const e of yaml.errors) problem(file, e.line, e.message);
  if (yaml.errors.length > 0) return null;

  const parsed = lessonFrontmatterSchema.safeParse(yaml.doc.toJS() ?? {}, { reportInput: true });
  if (!parsed.success) {
    for (const p of describeIssues(parsed.error.issues)) problem(file, lineAt(p.path), p.message);
    return null;
  }
  const fm = parsed.data;
  if (fm.family !== folderFamily) {
    problem(file, lineAt(["family"]), `family "${fm.family}" does not match the folder "${folderFamily}"`);
  }

  const analysis = await analyzeMdx(parts.body, parts.bodyLine);
  if (analysis.syntaxError) problem(file, analysis.syntaxError.line, analysis.syntaxError.message);
  return {
    ...fm,
    family: folderFamily,
    slug,
    file,
    body: parts.body,
    bodyLine: parts.bodyLine,
    source,
    headings: analysis.headings,
    wordCount: analysis.wordCount,
    readingMinutes: Math.max(1, Math.ceil(analysis.wordCount / WORDS_PER_MINUTE)),
    contentHash: sha256(`${file}\n${source}`),
    analysis,
    lineAt,
  };
}

async function loadQuestions(
  abs: string,
  file: string,
  lesson: Lesson | undefined,
  family: FamilySlug,
  problem: Report,
): Promise<Question[]> {
  const source = await readFile(abs, "utf8");
  const yaml = parseYaml(source, 1);
  for (const e of yaml.errors) problem(file, e.line, e.message);
  if (yaml.errors.length > 0) return [];
  const items = yaml.doc.toJS();
  if (items === null || items === undefined) return [];
  if (!Array.isArray(items)) {
    problem(file, 1, "a questions file must be a YAML list (each question starts with `- id:`)");
    return [];
  }
  const out: Question[] = [];
  items.forEach((raw, i) => {
    const parsed = questionSchema.safeParse(raw, { reportInput: true });
    if (!parsed.success) {
      for (const p of describeIssues(parsed.error.issues)) problem(file, yaml.lineAt([i, ...p.path]), p.message);
      return;
    }
    if (!lesson) return;
    const q = parsed.data;
    const hashed = { lessonId: lesson.id, family, type: q.type, difficulty: q.difficulty, mode: q.mode, section: q.section, tags: q.tags, prompt: q.prompt, data: questionData(q) };
    out.push({
      ...q,
      lessonId: lesson.id,
      family,
      file,
      line: yaml.lineAt([i]),
      contentHash: sha256(stableJson(hashed)),
      lineAt: (p: FieldPath) => yaml.lineAt([i, ...p]),
    });
  });
  return out;
}
