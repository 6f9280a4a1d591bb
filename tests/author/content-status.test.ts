// Content status after real content syncs (lib/content/sync.ts), on both databases: counts per
// family, difficulty and type, retired counts, and what the last sync added, edited and retired.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { contentStatus } from "@/lib/author/content-status";
import { itemStatistics } from "@/lib/author/item-stats";
import { syncContentFromDisk } from "@/lib/content/sync";
import { ForbiddenError, type Actor } from "@/lib/permissions";
import { createUser, questionYaml, writeLessonFiles } from "@/tests/support/content-fixtures";
import { databaseTargets, openTestDatabase } from "@/tests/support/databases";

const author: Actor = { id: "author", role: "AUTHOR" };
const FIRST_SYNC = new Date("2025-01-01T00:00:00Z");
const SECOND_SYNC = new Date("2025-02-01T00:00:00Z");

describe.each(databaseTargets())("content status on %s", (kind) => {
  const db = openTestDatabase(kind);
  let root: string;

  const sync = (now: Date) => syncContentFromDisk(db, { root, repoRoot: path.dirname(root), now });

  beforeAll(() => {
    root = path.join(mkdtempSync(path.join(tmpdir(), "quorum-status-")), "content");
  });
  afterAll(() => {
    rmSync(path.dirname(root), { recursive: true, force: true });
  });

  it("is empty before any sync", async () => {
    const status = await contentStatus(db, author);
    expect(status.totals).toEqual({ lessons: 0, retiredLessons: 0, questions: 0, retiredQuestions: 0 });
    expect(status.recentSyncs).toEqual([]);
    expect(status.lastSyncChanges).toEqual([]);
    expect(status.families.map((f) => f.slug)).toEqual(["replication", "partitioning", "caching", "queues", "consensus", "reliability"]);
  });

  it("counts content per family, difficulty and type, and lists what the last sync changed", async () => {
    const alpha = { id: "alpha", family: "replication", difficulty: "introductory" } as const;
    const beta = { id: "beta", family: "queues", difficulty: "advanced" } as const;
    writeLessonFiles(root, alpha, [questionYaml("r-one"), questionYaml("r-two"), questionYaml("r-three", { difficulty: "hard", type: "numeric" })]);
    writeLessonFiles(root, beta, [questionYaml("q-one", { difficulty: "medium" })]);
    await sync(FIRST_SYNC);

    // An answer to r-one's first version, then r-one edited, r-two removed, q-two added.
    const user = await createUser(db, "Lena");
    const card = await db.card.create({ data: { userId: user.id, questionId: "r-one", due: FIRST_SYNC } });
    await db.reviewLog.create({
      data: { cardId: card.id, userId: user.id, questionId: "r-one", rating: 3, answer: "a", correct: true, durationMs: 5000, stateBefore: {}, stateAfter: {}, reviewedAt: new Date("2025-01-15T00:00:00Z") },
    });
    writeLessonFiles(root, alpha, [questionYaml("r-one", { prompt: "Which one, really?" }), questionYaml("r-three", { difficulty: "hard", type: "numeric" })]);
    writeLessonFiles(root, beta, [questionYaml("q-one", { difficulty: "medium" }), questionYaml("q-two", { difficulty: "hard", type: "numeric" })]);
    await sync(SECOND_SYNC);

    const status = await contentStatus(db, author);
    expect(status.totals).toEqual({ lessons: 2, retiredLessons: 0, questions: 4, retiredQuestions: 1 });
    const replication = status.families.find((f) => f.slug === "replication")!;
    expect(replication.lessons).toEqual({ live: 1, retired: 0, byDifficulty: { introductory: 1, intermediate: 0, advanced: 0 } });
    expect(replication.questions.live).toBe(2);
    expect(replication.questions.retired).toBe(1);
    expect(replication.questions.byDifficulty).toEqual({ easy: 1, medium: 0, hard: 1 });
    expect(replication.questions.byType).toMatchObject({ single: 1, numeric: 1, multiple: 0 });
    const queues = status.families.find((f) => f.slug === "queues")!;
    expect(queues.questions.byDifficulty).toEqual({ easy: 0, medium: 1, hard: 1 });
    expect(status.families.find((f) => f.slug === "caching")!.questions.live).toBe(0);

    expect(status.recentSyncs.map((s) => [s.startedAt.toISOString(), s.counts])).toEqual([
      [SECOND_SYNC.toISOString(), { ADDED: 1, EDITED: 1, RETIRED: 1, RESTORED: 0 }],
      [FIRST_SYNC.toISOString(), { ADDED: 6, EDITED: 0, RETIRED: 0, RESTORED: 0 }],
    ]);
    expect(status.lastSyncChanges.map((c) => [c.kind, c.itemId, c.version, c.retired])).toEqual([
      ["ADDED", "q-two", 1, false],
      ["EDITED", "r-one", 2, false],
      ["RETIRED", "r-two", 1, true],
    ]);
    const edited = status.lastSyncChanges.find((c) => c.itemId === "r-one")!;
    expect(edited).toMatchObject({ label: "Which one, really?", family: "replication", sourcePath: "content/replication/alpha.questions.yaml", sourceLine: 1 });

    // The answer was given to the old wording: the edited question starts its statistics afresh.
    const rOne = (await itemStatistics(db, author)).find((i) => i.questionId === "r-one")!;
    expect(rOne.countedSince?.toISOString()).toBe(SECOND_SYNC.toISOString());
    expect(rOne.attempts).toBe(0);
  });

  it("is for authors and admins only", async () => {
    await expect(contentStatus(db, { id: "l", role: "LEARNER" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(contentStatus(db, { id: "m", role: "MENTOR" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(contentStatus(db, { id: "a", role: "ADMIN" })).resolves.toMatchObject({ totals: { lessons: 2 } });
  });
});
