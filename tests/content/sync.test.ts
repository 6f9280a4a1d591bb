// Content sync against both databases: what a learner depends on is that editing or removing
// a question never loses their cards and review history.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { syncContentFromDisk } from "@/lib/content/sync";
import { addLessonToReviewQueue, markLessonRead, readLessonIds } from "@/lib/practice/progress";
import { createUser, questionYaml, writeLessonFiles } from "@/tests/support/content-fixtures";
import { databaseTargets, openTestDatabase } from "@/tests/support/databases";

describe.each(databaseTargets())("content sync on %s", (kind) => {
  const db = openTestDatabase(kind, { clearBeforeEach: "everything" });
  let root: string;
  let userId: string;

  /** The one lesson of these tests, content/replication/sync-lesson.mdx, with the given questions. */
  const writeContent = (questions: string[]) => writeLessonFiles(root, { id: "sync-lesson", family: "replication" }, questions);
  const sync = () => syncContentFromDisk(db, { root, repoRoot: path.dirname(root) });

  beforeEach(async () => {
    root = path.join(mkdtempSync(path.join(tmpdir(), "quorum-sync-")), "content");
    userId = (await createUser(db, "Lena")).id;
  });
  afterEach(() => rmSync(path.dirname(root), { recursive: true, force: true }));

  async function reviewOnce(questionId: string) {
    const card = await db.card.create({ data: { userId, questionId, due: new Date(), reps: 1, state: "REVIEW" } });
    await db.reviewLog.create({ data: { cardId: card.id, userId, questionId, rating: 3, stateBefore: {}, stateAfter: {} } });
    return card;
  }

  test("first sync adds lessons and questions and records the changes", async () => {
    writeContent([questionYaml("q-one"), questionYaml("q-two")]);
    const report = await sync();
    expect(report.summary).toBe("1 lessons, 2 questions: 3 added");
    const changes = await db.contentChange.findMany({ orderBy: { itemId: "asc" } });
    expect(changes.map((c) => [c.itemType, c.itemId, c.kind])).toEqual([
      ["question", "q-one", "ADDED"],
      ["question", "q-two", "ADDED"],
      ["lesson", "sync-lesson", "ADDED"],
    ]);
    const q = await db.question.findUniqueOrThrow({ where: { id: "q-two" } });
    expect(q).toMatchObject({ lessonId: "sync-lesson", family: "replication", type: "single", version: 1, sourceLine: 15, retiredAt: null });
    expect(q.data).toMatchObject({ answer: "a", explanation: "Because." });
  });

  test("editing a question's text updates it, bumps its version and keeps the learner's card and review log", async () => {
    writeContent([questionYaml("q-one")]);
    await sync();
    const card = await reviewOnce("q-one");

    writeContent([questionYaml("q-one", { prompt: "Which one, really?" })]);
    const report = await sync();
    expect(report.changes).toEqual([{ itemType: "question", itemId: "q-one", kind: "EDITED" }]);
    const q = await db.question.findUniqueOrThrow({ where: { id: "q-one" } });
    expect(q.prompt).toBe("Which one, really?");
    expect(q.version).toBe(2);
    expect(await db.card.findUnique({ where: { id: card.id } })).toMatchObject({ reps: 1, state: "REVIEW" });
    expect(await db.reviewLog.count({ where: { cardId: card.id } })).toBe(1);
  });

  test("a question removed from the files is retired, history kept, and restored when it comes back", async () => {
    writeContent([questionYaml("q-one"), questionYaml("q-two")]);
    await sync();
    const card = await reviewOnce("q-two");

    writeContent([questionYaml("q-one")]);
    const retired = await sync();
    expect(retired.changes).toEqual([{ itemType: "question", itemId: "q-two", kind: "RETIRED" }]);
    const gone = await db.question.findUniqueOrThrow({ where: { id: "q-two" } });
    expect(gone.retiredAt).not.toBeNull();
    expect(await db.card.count({ where: { id: card.id } })).toBe(1);
    expect(await db.reviewLog.count({ where: { questionId: "q-two" } })).toBe(1);

    writeContent([questionYaml("q-one"), questionYaml("q-two")]);
    const restored = await sync();
    expect(restored.changes).toContainEqual({ itemType: "question", itemId: "q-two", kind: "RESTORED" });
    const back = await db.question.findUniqueOrThrow({ where: { id: "q-two" } });
    expect(back.retiredAt).toBeNull();
    expect(back.version).toBe(1);
  });

  test("a changed id is a retire plus an add", async () => {
    writeContent([questionYaml("q-old-name")]);
    await sync();
    writeContent([questionYaml("q-new-name")]);
    const report = await sync();
    expect(report.changes).toEqual(
      expect.arrayContaining([
        { itemType: "question", itemId: "q-new-name", kind: "ADDED" },
        { itemType: "question", itemId: "q-old-name", kind: "RETIRED" },
      ]),
    );
    expect((await db.question.findUniqueOrThrow({ where: { id: "q-old-name" } })).retiredAt).not.toBeNull();
    expect((await db.question.findUniqueOrThrow({ where: { id: "q-new-name" } })).retiredAt).toBeNull();
  });

  test("a second sync of unchanged content writes nothing", async () => {
    writeContent([questionYaml("q-one"), questionYaml("q-two")]);
    await sync();
    const before = await db.question.findMany({ orderBy: { id: "asc" } });
    const lessonBefore = await db.lesson.findUniqueOrThrow({ where: { id: "sync-lesson" } });

    const report = await sync();
    expect(report.changes).toEqual([]);
    expect(report.syncId).toBeNull();
    expect(report.summary).toBe("1 lessons, 2 questions: no changes");
    expect(await db.contentSync.count()).toBe(1);
    expect(await db.question.findMany({ orderBy: { id: "asc" } })).toEqual(before);
    expect((await db.lesson.findUniqueOrThrow({ where: { id: "sync-lesson" } })).updatedAt).toEqual(lessonBefore.updatedAt);
  });

  test("a questions file that no longer parses retires nothing", async () => {
    writeContent([questionYaml("q-one"), questionYaml("q-two")]);
    await sync();
    writeContent([questionYaml("q-one"), "- id: q-two\n  type: [unclosed\n"]);
    const report = await sync();
    expect(report.skippedFiles).toEqual(["content/replication/sync-lesson.questions.yaml"]);
    expect(report.changes.filter((c) => c.kind === "RETIRED")).toEqual([]);
    expect(await db.question.count({ where: { retiredAt: null } })).toBe(2);
  });

  test("adding a lesson to the review queue creates one card per live question, once", async () => {
    writeContent([questionYaml("q-one"), questionYaml("q-two"), questionYaml("q-three")]);
    await sync();
    writeContent([questionYaml("q-one"), questionYaml("q-two")]);
    await sync(); // q-three retired
    expect(await addLessonToReviewQueue(db, userId, "sync-lesson")).toEqual({ added: 2, total: 2 });
    expect(await addLessonToReviewQueue(db, userId, "sync-lesson")).toEqual({ added: 0, total: 2 });
    const cards = await db.card.findMany({ where: { userId }, orderBy: { questionId: "asc" } });
    expect(cards.map((c) => c.questionId)).toEqual(["q-one", "q-two"]);

    await markLessonRead(db, userId, "sync-lesson");
    await markLessonRead(db, userId, "sync-lesson");
    expect(await readLessonIds(db, userId)).toEqual(new Set(["sync-lesson"]));
  });
});
