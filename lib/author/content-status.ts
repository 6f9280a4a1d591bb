// What content the database holds (lessons and questions per family, difficulty and type; live and
// retired) and what the content syncs changed (lib/content/sync.ts records one ContentSync per
// sync that changed anything, with one ContentChange per added, edited, retired or restored item).
import type { Db } from "@/lib/db/database";
import { FAMILIES } from "@/lib/content/families";
import { LESSON_DIFFICULTIES, QUESTION_DIFFICULTIES, QUESTION_TYPES } from "@/lib/content/schema";
import { CONTENT_STATS, assertCan, type Actor } from "@/lib/permissions";

export const CHANGE_KINDS = ["ADDED", "EDITED", "RETIRED", "RESTORED"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface FamilyContent {
  slug: string;
  name: string;
  lessons: { live: number; retired: number; byDifficulty: Record<string, number> };
  questions: { live: number; retired: number; byDifficulty: Record<string, number>; byType: Record<string, number> };
}

export interface SyncSummary {
  id: string;
  startedAt: Date;
  finishedAt: Date | null;
  /** Lessons and questions in content/ at the time of the sync. */
  lessons: number;
  questions: number;
  counts: Record<ChangeKind, number>;
}

export interface ChangedItem {
  kind: ChangeKind;
  itemType: "lesson" | "question";
  itemId: string;
  /** Lesson title or question prompt; null when the row no longer exists. */
  label: string | null;
  family: string | null;
  sourcePath: string | null;
  sourceLine: number | null;
  /** Question version after the sync (edits bump it). */
  version: number | null;
  retired: boolean;
}

export interface ContentStatus {
  families: FamilyContent[];
  totals: { lessons: number; retiredLessons: number; questions: number; retiredQuestions: number };
  /** Newest first; the first is the last sync. */
  recentSyncs: SyncSummary[];
  lastSyncChanges: ChangedItem[];
}

const RECENT_SYNCS = 6;

const zeroes = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<string, number>;

export async function contentStatus(db: Db, actor: Actor | null): Promise<ContentStatus> {
  assertCan(actor, "read", CONTENT_STATS);
  const [lessonGroups, questionGroups, syncs] = await Promise.all([
    db.$queryRaw<Array<{ family: string; difficulty: string; retired: boolean; n: number }>>`
      SELECT family, difficulty, ("retiredAt" IS NOT NULL) AS retired, count(*)::int AS n
      FROM "Lesson" GROUP BY 1, 2, 3`,
    db.$queryRaw<Array<{ family: string; difficulty: string; type: string; retired: boolean; n: number }>>`
      SELECT family, difficulty, type, ("retiredAt" IS NOT NULL) AS retired, count(*)::int AS n
      FROM "Question" GROUP BY 1, 2, 3, 4`,
    db.$queryRaw<Array<{ id: string; started_at: Date; finished_at: Date | null; lessons: number; questions: number; added: number; edited: number; retired: number; restored: number }>>`
      SELECT s.id, s."startedAt" AS started_at, s."finishedAt" AS finished_at, s.lessons, s.questions,
             count(c.id) FILTER (WHERE c.kind = 'ADDED')::int AS added,
             count(c.id) FILTER (WHERE c.kind = 'EDITED')::int AS edited,
             count(c.id) FILTER (WHERE c.kind = 'RETIRED')::int AS retired,
             count(c.id) FILTER (WHERE c.kind = 'RESTORED')::int AS restored
      FROM "ContentSync" s LEFT JOIN "ContentChange" c ON c."syncId" = s.id
      GROUP BY s.id ORDER BY s."startedAt" DESC, s.id DESC LIMIT ${RECENT_SYNCS}`,
  ]);

  const known = FAMILIES.map((f) => ({ slug: f.slug as string, name: f.name as string }));
  const extra = [...new Set([...lessonGroups, ...questionGroups].map((g) => g.family))].filter((slug) => !known.some((f) => f.slug === slug)).sort();
  const families: FamilyContent[] = [...known, ...extra.map((slug) => ({ slug, name: slug }))].map((f) => ({
    ...f,
    lessons: { live: 0, retired: 0, byDifficulty: zeroes(LESSON_DIFFICULTIES) },
    questions: { live: 0, retired: 0, byDifficulty: zeroes(QUESTION_DIFFICULTIES), byType: zeroes(QUESTION_TYPES) },
  }));
  const bySlug = new Map(families.map((f) => [f.slug, f]));
  for (const g of lessonGroups) {
    const f = bySlug.get(g.family)!;
    if (g.retired) f.lessons.retired += g.n;
    else {
      f.lessons.live += g.n;
      f.lessons.byDifficulty[g.difficulty] = (f.lessons.byDifficulty[g.difficulty] ?? 0) + g.n;
    }
  }
  for (const g of questionGroups) {
    const f = bySlug.get(g.family)!;
    if (g.retired) f.questions.retired += g.n;
    else {
      f.questions.live += g.n;
      f.questions.byDifficulty[g.difficulty] = (f.questions.byDifficulty[g.difficulty] ?? 0) + g.n;
      f.questions.byType[g.type] = (f.questions.byType[g.type] ?? 0) + g.n;
    }
  }

  const recentSyncs: SyncSummary[] = syncs.map((s) => ({
    id: s.id,
    startedAt: s.started_at,
    finishedAt: s.finished_at,
    lessons: s.lessons,
    questions: s.questions,
    counts: { ADDED: s.added, EDITED: s.edited, RETIRED: s.retired, RESTORED: s.restored },
  }));

  return {
    families,
    totals: {
      lessons: families.reduce((n, f) => n + f.lessons.live, 0),
      retiredLessons: families.reduce((n, f) => n + f.lessons.retired, 0),
      questions: families.reduce((n, f) => n + f.questions.live, 0),
      retiredQuestions: families.reduce((n, f) => n + f.questions.retired, 0),
    },
    recentSyncs,
    lastSyncChanges: recentSyncs[0] ? await changesOf(db, recentSyncs[0].id) : [],
  };
}

const KIND_ORDER: Record<ChangeKind, number> = { ADDED: 0, EDITED: 1, RESTORED: 2, RETIRED: 3 };

async function changesOf(db: Db, syncId: string): Promise<ChangedItem[]> {
  const changes = await db.contentChange.findMany({ where: { syncId }, select: { itemType: true, itemId: true, kind: true } });
  const lessonIds = changes.filter((c) => c.itemType === "lesson").map((c) => c.itemId);
  const questionIds = changes.filter((c) => c.itemType === "question").map((c) => c.itemId);
  const [lessons, questions] = await Promise.all([
    db.lesson.findMany({ where: { id: { in: lessonIds } }, select: { id: true, title: true, family: true, sourcePath: true, retiredAt: true } }),
    db.question.findMany({
      where: { id: { in: questionIds } },
      select: { id: true, prompt: true, family: true, sourcePath: true, sourceLine: true, version: true, retiredAt: true },
    }),
  ]);
  const lessonById = new Map(lessons.map((l) => [l.id, l]));
  const questionById = new Map(questions.map((q) => [q.id, q]));
  return changes
    .map((c): ChangedItem => {
      if (c.itemType === "lesson") {
        const l = lessonById.get(c.itemId);
        return { kind: c.kind, itemType: "lesson", itemId: c.itemId, label: l?.title ?? null, family: l?.family ?? null, sourcePath: l?.sourcePath ?? null, sourceLine: null, version: null, retired: Boolean(l?.retiredAt) };
      }
      const q = questionById.get(c.itemId);
      return {
        kind: c.kind,
        itemType: "question",
        itemId: c.itemId,
        label: q?.prompt ?? null,
        family: q?.family ?? null,
        sourcePath: q?.sourcePath ?? null,
        sourceLine: q?.sourceLine ?? null,
        version: q?.version ?? null,
        retired: Boolean(q?.retiredAt),
      };
    })
    .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.itemType.localeCompare(b.itemType) || a.itemId.localeCompare(b.itemId));
}
