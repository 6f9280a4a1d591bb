// Lessons, questions and users for the integration tests, written straight through Prisma, and the
// lesson and question files the content sync reads. Every field a test does not name gets a plain
// default, so each test spells out only the content its assertions depend on.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { FamilySlug } from "@/lib/content/families";
import type { LESSON_DIFFICULTIES, QUESTION_DIFFICULTIES, QUESTION_MODES, QUESTION_TYPES } from "@/lib/content/schema";
import type { Db } from "@/lib/db/database";
import type { Prisma } from "@/lib/generated/prisma/client";

type LessonDifficulty = (typeof LESSON_DIFFICULTIES)[number];
type QuestionType = (typeof QUESTION_TYPES)[number];
type QuestionDifficulty = (typeof QUESTION_DIFFICULTIES)[number];
type QuestionMode = (typeof QUESTION_MODES)[number];

/** Single choice whose right answer is option "a": tests answer right or wrong at will. */
export const SINGLE_CHOICE = {
  options: [
    { id: "a", text: "Right" },
    { id: "b", text: "Wrong" },
    { id: "c", text: "Also wrong" },
  ],
  answer: "a",
  explanation: "Because **a**. (a) is right.",
};

/** Valid data per question type, for tests that do not care what is asked. */
const DEFAULT_DATA: Partial<Record<QuestionType, Prisma.InputJsonValue>> = {
  single: SINGLE_CHOICE,
  numeric: { answer: 3, tolerance: 0, unit: "replicas", explanation: "Three." },
  free: { modelAnswer: "Use a quorum.", rubric: ["Names quorums", "Explains R + W > N", "Mentions latency"], explanation: "Quorums." },
};

export interface QuestionSpec {
  id: string;
  /** Default "single". */
  type?: QuestionType;
  /** Default "easy". */
  difficulty?: QuestionDifficulty;
  /** Default "recall". */
  mode?: QuestionMode;
  /** Default `Question <id>?`. */
  prompt?: string;
  /** Default: valid data for the type (SINGLE_CHOICE for "single"); required for other types. */
  data?: Prisma.InputJsonValue;
  /** Default "first-section". */
  section?: string | null;
  /** Default ["fixture"]. */
  tags?: string[];
  version?: number;
  retiredAt?: Date | null;
  /** Default "fixture.yaml". */
  sourcePath?: string;
  /** Default: the question's place among all questions given in one call, from 1. */
  sourceLine?: number;
}

export interface LessonSpec {
  id: string;
  /** The lesson's family, which its questions share. */
  family: FamilySlug;
  /** Default: the id. */
  slug?: string;
  /** Default `Lesson <id>`. */
  title?: string;
  /** Default "introductory". */
  difficulty?: LessonDifficulty;
  /** Default: the lesson's place in the list, from 0. */
  position?: number;
  /** Default `<id>.mdx`. */
  sourcePath?: string;
  questions?: QuestionSpec[];
}

/** Creates the lessons in order, then all their questions in the order given. */
export async function createContent(db: Db, lessons: LessonSpec[]): Promise<void> {
  for (const [index, lesson] of lessons.entries()) {
    await db.lesson.create({
      data: {
        id: lesson.id,
        family: lesson.family,
        slug: lesson.slug ?? lesson.id,
        title: lesson.title ?? `Lesson ${lesson.id}`,
        summary: "Fixture",
        difficulty: lesson.difficulty ?? "introductory",
        minutes: 5,
        position: lesson.position ?? index,
        sourcePath: lesson.sourcePath ?? `${lesson.id}.mdx`,
        contentHash: "x",
      },
    });
  }
  const questions = lessons.flatMap((lesson) => (lesson.questions ?? []).map((question) => ({ lesson, question })));
  if (questions.length === 0) return;
  await db.question.createMany({
    data: questions.map(({ lesson, question: q }, index) => {
      const type = q.type ?? "single";
      const data = q.data ?? DEFAULT_DATA[type];
      if (data === undefined) throw new Error(`Question ${q.id}: give data for a ${type} question.`);
      return {
        id: q.id,
        lessonId: lesson.id,
        family: lesson.family,
        type,
        difficulty: q.difficulty ?? "easy",
        mode: q.mode ?? "recall",
        prompt: q.prompt ?? `Question ${q.id}?`,
        data,
        tags: q.tags ?? ["fixture"],
        section: q.section === undefined ? "first-section" : q.section,
        sourcePath: q.sourcePath ?? "fixture.yaml",
        sourceLine: q.sourceLine ?? index + 1,
        contentHash: q.id,
        version: q.version ?? 1,
        retiredAt: q.retiredAt ?? null,
      };
    }),
  });
}

let users = 0;

/** A user, a learner unless `fields.role` says otherwise, with an e-mail made unique from the name. */
export async function createUser(db: Db, name: string, fields: Omit<Prisma.UserCreateInput, "name" | "email"> = {}) {
  const email = `${name.toLowerCase().replace(/\W+/g, "-")}-${users++}@quorum.test`;
  return db.user.create({ data: { email, name, ...fields }, select: { id: true, name: true, email: true, role: true } });
}

export interface LessonFileSpec {
  id: string;
  family: FamilySlug;
  /** Default "introductory". */
  difficulty?: LessonDifficulty;
}

/** A lesson file that passes the content check: frontmatter, one section. */
function lessonMdx({ id, family, difficulty = "introductory" }: LessonFileSpec): string {
  return `---
id: ${id}
title: Lesson ${id}
family: ${family}
order: 1
summary: A fixture lesson.
difficulty: ${difficulty}
minutes: 5
prerequisites: []
objectives:
  - Explain one thing
  - Compare two things
  - Diagnose a third thing
sources:
  - title: "A book"
    author: An Author
    year: 2020
---

## First section

Text.
`;
}

/** One entry of a questions file; the right answer is option "a" (single) or 3 (numeric). */
export function questionYaml(id: string, { type = "single", difficulty = "easy", prompt = "Which one?" }: { type?: "single" | "numeric"; difficulty?: QuestionDifficulty; prompt?: string } = {}): string {
  const head = `- id: ${id}
  type: ${type}
  difficulty: ${difficulty}
  mode: recall
  section: first-section
  tags: [fixture]
  prompt: ${prompt}
  explanation: Because.
`;
  return type === "numeric"
    ? `${head}  answer: 3\n  tolerance: 0\n  unit: ""\n`
    : `${head}  options:\n    - { id: a, text: The first }\n    - { id: b, text: The second }\n    - { id: c, text: The third }\n  answer: a\n`;
}

/** Writes `<root>/<family>/<id>.mdx` and its questions file, as authors lay content out. */
export function writeLessonFiles(root: string, lesson: LessonFileSpec, questions: string[]): void {
  mkdirSync(path.join(root, lesson.family), { recursive: true });
  writeFileSync(path.join(root, lesson.family, `${lesson.id}.mdx`), lessonMdx(lesson));
  writeFileSync(path.join(root, lesson.family, `${lesson.id}.questions.yaml`), questions.join("\n"));
}
