// Content sync against both databases: what a learner depends on is that editing or removing
// a question never loses their cards and review history.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { syncContentFromDisk } from "@/lib/content/sync";
import { addLessonToReviewQueue, markLessonRead, readLessonIds } from "@/lib/content/progress";
import { createTestDatabase, databaseTargets, type TestDatabase } from "@/tests/support/databases";

const LESSON = `---
id: sync-lesson
title: A lesson for the sync tests
family: replication
order: 1
summary: Used by the sync tests.
difficulty: introductory
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

function question(id: string, prompt = "Which one?") {
  return `- id: ${id}
  type: single
  difficulty: easy
  mode: recall
  section: first-section
  tags: [fixture]
  prompt: ${prompt}
  options:
    - { id: a, text: The first }
    - { id: b, text: The second }
    - { id: c, text: The third }
  answer: a
  explanation: Because.
`;
}

describe.each(databaseTargets())("content sync on %s", (kind) => {
  let database: TestDatabase;
  let root: string;
  let userId: string;

  const writeContent = (questions: string[], lesson = LESSON) => {
    mkdirSync(path.join(root, "replication"), { recursive: true });
    writeFileSync(path.join(root, "replication", "sync-lesson.mdx"), lesson);
    writeFileSync(path.join(root, "replication", "sync-lesson.questions.yaml"), questions.join("\n"));
  };
  const sync = () => syncContentFromDisk(database.prisma, { root, repoRoot: path.dirname(root) });

  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.dispose();
  });
  beforeEach(async () => {
    root = path.join(mkdtempSync(path.join(tmpdir(), "quorum-sync-")), "content");
    const db = database.prisma;
    await db.reviewLog.deleteMany();
    await db.card.deleteMany();
    await db.lessonProgress.deleteMany();
    await db.contentChange.deleteMany();
    await db.contentSync.deleteMany();
    await db.question.deleteMany();
    await db.lesson.deleteMany();
    await db.user.deleteMany();
    userId = (await db.user.create({ data: { email: `learner-${Date.now()}@quorum.test`, name: "Lena" } })).id;
  });
  afterEach(() => rmSync(path.dirname(root), { recursive: true, force: true }));

  async function reviewOnce(questionId: string) {
    const db = database.prisma;
    const card = await db.card.create({ data: { userId, questionId, due: new Date(), reps: 1, state: "REVIEW" } });
    await db.reviewLog.create({ data: { cardId: card.id, userId, questionId, rating: 3, stateBefore: {}, stateAfter: {} } });
    return card;
  }

  test("first sync adds lessons and questions and records the changes", async () => {
    writeContent([question("q-one"), question("q-two")]);
    const report = await sync();
    expect(report.summary).toBe("1 lessons, 2 questions: 3 added");
    const changes = await database.prisma.contentChange.findMany({ orderBy: { itemId: "asc" } });
    expect(changes.map((c) => [c.itemType, c.itemId, c.kind])).toEqual([
      ["question", "q-one", "ADDED"],
      ["question", "q-two", "ADDED"],
      ["lesson", "sync-lesson", "ADDED"],
    ]);
    const q = await database.prisma.question.findUniqueOrThrow({ where: { id: "q-two" } });
    expect(q).toMatchObject({ lessonId: "sync-lesson", family: "replication", type: "single", version: 1, sourceLine: 15, retiredAt: null });
    expect(q.data).toMatchObject({ answer: "a", explanation: "Because." });
  });

  test("editing a question's text updates it, bumps its version and keeps the learner's card and review log", async () => {
    writeContent([question("q-one")]);
    await sync();
    const card = await reviewOnce("q-one");

    writeContent([question("q-one", "Which one, really?")]);
    const report = await sync();
    expect(report.changes).toEqual([{ itemType: "question", itemId: "q-one", kind: "EDITED" }]);
    const q = await database.prisma.question.findUniqueOrThrow({ where: { id: "q-one" } });
    expect(q.prompt).toBe("Which one, really?");
    expect(q.version).toBe(2);
    expect(await database.prisma.card.findUnique({ where: { id: card.id } })).toMatchObject({ reps: 1, state: "REVIEW" });
    expect(await database.prisma.reviewLog.count({ where: { cardId: card.id } })).toBe(1);
  });

  test("a question removed from the files is retired, history kept, and restored when it comes back", async () => {
    writeContent([question("q-one"), question("q-two")]);
    await sync();
    const card = await reviewOnce("q-two");

    writeContent([question("q-one")]);
    const retired = await sync();
    expect(retired.changes).toEqual([{ itemType: "question", itemId: "q-two", kind: "RETIRED" }]);
    const gone = await database.prisma.question.findUniqueOrThrow({ where: { id: "q-two" } });
    expect(gone.retiredAt).not.toBeNull();
    expect(await database.prisma.card.count({ where: { id: card.id } })).toBe(1);
    expect(await database.prisma.reviewLog.count({ where: { questionId: "q-two" } })).toBe(1);

    writeContent([question("q-one"), question("q-two")]);
    const restored = await sync();
    expect(restored.changes).toContainEqual({ itemType: "question", itemId: "q-two", kind: "RESTORED" });
    const back = await database.prisma.question.findUniqueOrThrow({ where: { id: "q-two" } });
    expect(back.retiredAt).toBeNull();
    expect(back.version).toBe(1);
  });

  test("a changed id is a retire plus an add", async () => {
    writeContent([question("q-old-name")]);
    await sync();
    writeContent([question("q-new-name")]);
    const report = await sync();
    expect(report.changes).toEqual(
      expect.arrayContaining([
        { itemType: "question", itemId: "q-new-name", kind: "ADDED" },
        { itemType: "question", itemId: "q-old-name", kind: "RETIRED" },
      ]),
    );
    expect((await database.prisma.question.findUniqueOrThrow({ where: { id: "q-old-name" } })).retiredAt).not.toBeNull();
    expect((await database.prisma.question.findUniqueOrThrow({ where: { id: "q-new-name" } })).retiredAt).toBeNull();
  });

  test("a second sync of unchanged content writes nothing", async () => {
    writeContent([question("q-one"), question("q-two")]);
    await sync();
    const before = await database.prisma.question.findMany({ orderBy: { id: "asc" } });
    const lessonBefore = await database.prisma.lesson.findUniqueOrThrow({ where: { id: "sync-lesson" } });

    const report = await sync();
    expect(report.changes).toEqual([]);
    expect(report.syncId).toBeNull();
    expect(report.summary).toBe("1 lessons, 2 questions: no changes");
    expect(await database.prisma.contentSync.count()).toBe(1);
    expect(await database.prisma.question.findMany({ orderBy: { id: "asc" } })).toEqual(before);
    expect((await database.prisma.lesson.findUniqueOrThrow({ where: { id: "sync-lesson" } })).updatedAt).toEqual(lessonBefore.updatedAt);
  });

  test("a questions file that no longer parses retires nothing", async () => {
    writeContent([question("q-one"), question("q-two")]);
    await sync();
    writeContent([question("q-one"), "- id: q-two\n  type: [unclosed\n"]);
    const report = await sync();
    expect(report.skippedFiles).toEqual(["content/replication/sync-lesson.questions.yaml"]);
    expect(report.changes.filter((c) => c.kind === "RETIRED")).toEqual([]);
    expect(await database.prisma.question.count({ where: { retiredAt: null } })).toBe(2);
  });

  test("adding a lesson to the review queue creates one card per live question, once", async () => {
    writeContent([question("q-one"), question("q-two"), question("q-three")]);
    await sync();
    writeContent([question("q-one"), question("q-two")]);
    await sync(); // q-three retired
    expect(await addLessonToReviewQueue(database.prisma, userId, "sync-lesson")).toEqual({ added: 2, total: 2 });
    expect(await addLessonToReviewQueue(database.prisma, userId, "sync-lesson")).toEqual({ added: 0, total: 2 });
    const cards = await database.prisma.card.findMany({ where: { userId }, orderBy: { questionId: "asc" } });
    expect(cards.map((c) => c.questionId)).toEqual(["q-one", "q-two"]);

    await markLessonRead(database.prisma, userId, "sync-lesson");
    await markLessonRead(database.prisma, userId, "sync-lesson");
    expect(await readLessonIds(database.prisma, userId)).toEqual(new Set(["sync-lesson"]));
  });
});
