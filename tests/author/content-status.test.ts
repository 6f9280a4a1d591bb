// Content status after real content syncs (lib/content/sync.ts), on both databases: counts per
// family, difficulty and type, retired counts, and what the last sync added, edited and retired.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { contentStatus } from "@/lib/author/content-status";
import { itemStatistics } from "@/lib/author/item-stats";
import { syncContentFromDisk } from "@/lib/content/sync";
import { ForbiddenError, type Actor } from "@/lib/permissions";
import { createTestDatabase, databaseTargets, type TestDatabase } from "@/tests/support/databases";

function lesson(id: string, family: string, difficulty: string) {
  return `---
id: ${id}
title: Lesson ${id}
family: ${family}
order: 1
summary: A lesson for the content status tests.
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

function question(id: string, difficulty: string, type: "single" | "numeric" = "single", prompt = "Which one?") {
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

const author: Actor = { id: "author", role: "AUTHOR" };
const FIRST_SYNC = new Date("2025-01-01T00:00:00Z");
const SECOND_SYNC = new Date("2025-02-01T00:00:00Z");

describe.each(databaseTargets())("content status on %s", (kind) => {
  let database: TestDatabase;
  let root: string;

  const write = (family: string, slug: string, difficulty: string, questions: string[]) => {
    mkdirSync(path.join(root, family), { recursive: true });
    writeFileSync(path.join(root, family, `${slug}.mdx`), lesson(slug, family, difficulty));
    writeFileSync(path.join(root, family, `${slug}.questions.yaml`), questions.join("\n"));
  };
  const sync = (now: Date) => syncContentFromDisk(database.prisma, { root, repoRoot: path.dirname(root), now });

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    root = path.join(mkdtempSync(path.join(tmpdir(), "quorum-status-")), "content");
  });
  afterAll(async () => {
    rmSync(path.dirname(root), { recursive: true, force: true });
    await database?.dispose();
  });

  it("is empty before any sync", async () => {
    const status = await contentStatus(database.prisma, author);
    expect(status.totals).toEqual({ lessons: 0, retiredLessons: 0, questions: 0, retiredQuestions: 0 });
    expect(status.recentSyncs).toEqual([]);
    expect(status.lastSyncChanges).toEqual([]);
    expect(status.families.map((f) => f.slug)).toEqual(["replication", "partitioning", "caching", "queues", "consensus", "reliability"]);
  });

  it("counts content per family, difficulty and type, and lists what the last sync changed", async () => {
    write("replication", "alpha", "introductory", [question("r-one", "easy"), question("r-two", "easy"), question("r-three", "hard", "numeric")]);
    write("queues", "beta", "advanced", [question("q-one", "medium")]);
    await sync(FIRST_SYNC);

    // An answer to r-one's first version, then r-one edited, r-two removed, q-two added.
    const db = database.prisma;
    const user = await db.user.create({ data: { email: "lena@status.test", name: "Lena" } });
    const card = await db.card.create({ data: { userId: user.id, questionId: "r-one", due: FIRST_SYNC } });
    await db.reviewLog.create({
      data: { cardId: card.id, userId: user.id, questionId: "r-one", rating: 3, answer: "a", correct: true, durationMs: 5000, stateBefore: {}, stateAfter: {}, reviewedAt: new Date("2025-01-15T00:00:00Z") },
    });
    write("replication", "alpha", "introductory", [question("r-one", "easy", "single", "Which one, really?"), question("r-three", "hard", "numeric")]);
    write("queues", "beta", "advanced", [question("q-one", "medium"), question("q-two", "hard", "numeric")]);
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
    await expect(contentStatus(database.prisma, { id: "l", role: "LEARNER" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(contentStatus(database.prisma, { id: "m", role: "MENTOR" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(contentStatus(database.prisma, { id: "a", role: "ADMIN" })).resolves.toMatchObject({ totals: { lessons: 2 } });
  });
});
