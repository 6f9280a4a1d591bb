// Brings the Lesson and Question tables in line with content/, by stable id (decision 005):
//  - new id → ADDED; changed content (contentHash) → EDITED, and a question's `version` goes up;
//  - id no longer in the files → RETIRED (retiredAt set; cards and review history stay);
//  - retired id back in the files → RESTORED.
// Cards and review logs are never touched. A file with errors is skipped as a whole: its items
// keep their current rows instead of being retired because the file could not be read.
// Unchanged items are not written, and a sync that changes nothing records nothing.
import type { Db } from "@/lib/db/database";
import { loadContent, questionData, type Lesson, type Question } from "./loader";

export interface SyncOptions {
  /** The content folder; default `<cwd>/content`. */
  root?: string;
  repoRoot?: string;
  now?: Date;
}

export interface SyncChange {
  itemType: "lesson" | "question";
  itemId: string;
  kind: "ADDED" | "EDITED" | "RETIRED" | "RESTORED";
}

export interface SyncReport {
  syncId: string | null;
  lessons: number;
  questions: number;
  changes: SyncChange[];
  /** Files with errors whose items were left as they were (run `npm run content:check`). */
  skippedFiles: string[];
  summary: string;
}

type LessonRow = { id: string; contentHash: string; retiredAt: Date | null; sourcePath: string };
type QuestionRow = LessonRow & { version: number; sourceLine: number };

export async function syncContentFromDisk(db: Db, opts: SyncOptions = {}): Promise<SyncReport> {
  const content = await loadContent({ root: opts.root, repoRoot: opts.repoRoot });
  const now = opts.now ?? new Date();
  const skipped = [...content.brokenFiles].sort();

  // A duplicated id cannot be synced unambiguously: keep the first, the checker reports both.
  const lessons = uniqueById(content.lessons);
  const lessonIds = new Set(lessons.map((l) => l.id));
  const questions = uniqueById(content.questions).filter((q) => lessonIds.has(q.lessonId));

  const changes: SyncChange[] = [];
  let syncId: string | null = null;

  await db.$transaction(
    async (tx) => {
      const existingLessons = new Map<string, LessonRow>(
        (await tx.lesson.findMany({ select: { id: true, contentHash: true, retiredAt: true, sourcePath: true } })).map((r) => [r.id, r]),
      );
      const existingQuestions = new Map<string, QuestionRow>(
        (
          await tx.question.findMany({ select: { id: true, contentHash: true, retiredAt: true, sourcePath: true, version: true, sourceLine: true } })
        ).map((r) => [r.id, r]),
      );
      const writes: Array<() => Promise<unknown>> = [];

      for (const lesson of lessons) {
        const row = existingLessons.get(lesson.id);
        const fields = lessonFields(lesson);
        if (!row) {
          writes.push(() => tx.lesson.create({ data: { id: lesson.id, ...fields } }));
          changes.push({ itemType: "lesson", itemId: lesson.id, kind: "ADDED" });
        } else if (row.retiredAt || row.contentHash !== lesson.contentHash) {
          writes.push(() => tx.lesson.update({ where: { id: lesson.id }, data: { ...fields, retiredAt: null } }));
          changes.push({ itemType: "lesson", itemId: lesson.id, kind: row.retiredAt ? "RESTORED" : "EDITED" });
        }
      }
      for (const [id, row] of existingLessons) {
        if (lessonIds.has(id) || row.retiredAt || skipped.includes(row.sourcePath)) continue;
        writes.push(() => tx.lesson.update({ where: { id }, data: { retiredAt: now } }));
        changes.push({ itemType: "lesson", itemId: id, kind: "RETIRED" });
      }

      const questionIds = new Set(questions.map((q) => q.id));
      for (const q of questions) {
        const row = existingQuestions.get(q.id);
        const fields = questionFields(q);
        if (!row) {
          writes.push(() => tx.question.create({ data: { id: q.id, ...fields } }));
          changes.push({ itemType: "question", itemId: q.id, kind: "ADDED" });
          continue;
        }
        const edited = row.contentHash !== q.contentHash;
        if (row.retiredAt || edited) {
          writes.push(() =>
            tx.question.update({ where: { id: q.id }, data: { ...fields, retiredAt: null, version: edited ? row.version + 1 : row.version } }),
          );
          changes.push({ itemType: "question", itemId: q.id, kind: row.retiredAt ? "RESTORED" : "EDITED" });
        } else if (row.sourcePath !== q.file || row.sourceLine !== q.line) {
          // Moved within or between files (a question inserted above it): keep the error links right,
          // but this is not an edit a learner needs to know about.
          writes.push(() => tx.question.update({ where: { id: q.id }, data: { sourcePath: q.file, sourceLine: q.line } }));
        }
      }
      for (const [id, row] of existingQuestions) {
        if (questionIds.has(id) || row.retiredAt || skipped.includes(row.sourcePath)) continue;
        writes.push(() => tx.question.update({ where: { id }, data: { retiredAt: now } }));
        changes.push({ itemType: "question", itemId: id, kind: "RETIRED" });
      }

      // Lessons first (questions reference them), in the order collected.
      for (const write of writes) await write();

      if (changes.length > 0) {
        const sync = await tx.contentSync.create({
          data: {
            startedAt: now,
            finishedAt: new Date(),
            lessons: lessons.length,
            questions: questions.length,
            changes: { create: changes.map((c) => ({ itemType: c.itemType, itemId: c.itemId, kind: c.kind })) },
          },
        });
        syncId = sync.id;
      }
    },
    { timeout: 120_000, maxWait: 30_000 },
  );

  return { syncId, lessons: lessons.length, questions: questions.length, changes, skippedFiles: skipped, summary: summarize(lessons.length, questions.length, changes, skipped) };
}

function uniqueById<T extends { id: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => (seen.has(i.id) ? false : (seen.add(i.id), true)));
}

function lessonFields(l: Lesson) {
  return {
    family: l.family,
    slug: l.slug,
    title: l.title,
    summary: l.summary,
    difficulty: l.difficulty,
    minutes: l.minutes,
    position: l.order,
    sourcePath: l.file,
    contentHash: l.contentHash,
  };
}

function questionFields(q: Question) {
  return {
    lessonId: q.lessonId,
    family: q.family,
    type: q.type,
    difficulty: q.difficulty,
    mode: q.mode,
    prompt: q.prompt,
    data: JSON.parse(JSON.stringify(questionData(q))),
    tags: q.tags,
    section: q.section,
    sourcePath: q.file,
    sourceLine: q.line,
    contentHash: q.contentHash,
  };
}

function summarize(lessons: number, questions: number, changes: SyncChange[], skipped: string[]): string {
  const count = (kind: SyncChange["kind"]) => changes.filter((c) => c.kind === kind).length;
  const parts = (["ADDED", "EDITED", "RETIRED", "RESTORED"] as const).filter((k) => count(k) > 0).map((k) => `${count(k)} ${k.toLowerCase()}`);
  const what = parts.length > 0 ? parts.join(", ") : "no changes";
  const skip = skipped.length > 0 ? `; skipped ${skipped.length} file(s) with errors (npm run content:check)` : "";
  return `${lessons} lessons, ${questions} questions: ${what}${skip}`;
}
