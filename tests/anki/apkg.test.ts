// The Anki export read back as Anki would: the .apkg is unzipped, its collection.anki2 opened
// with SQLite (sql.js), and its collection row, note type, deck, notes and cards checked.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import initSqlJs, { type Database as SqliteDatabase } from "sql.js";
import type { Db } from "@/lib/db/database";
import { buildApkg, deckId, fieldChecksum, stripHtml } from "@/lib/anki/apkg";
import { QUORUM_NOTE_TYPE, cardsDeck, lessonDeck, noteGuid } from "@/lib/anki/deck";
import { addToReviewQueue } from "@/lib/practice/review";
import { currentQuizItem, startDailyChallenge } from "@/lib/practice/quiz";
import { SINGLE_CHOICE, createContent, createUser } from "@/tests/support/content-fixtures";
import { databaseTargets, openTestDatabase } from "@/tests/support/databases";

const NOW = new Date("2026-03-02T10:00:00.000Z");
const ORIGIN = "https://quorum.example";

const seedContent = (db: Db) =>
  createContent(db, [
    {
      id: "fx-quorums",
      family: "replication",
      questions: [
        { id: "q-single", prompt: "Which **quorum** overlaps?", data: SINGLE_CHOICE, section: "overlap", tags: ["quorums", "read repair"] },
        { id: "q-numeric", type: "numeric", prompt: "How many replicas can fail with N = 5, W = 3?", data: { answer: 2, tolerance: 0, unit: "replicas", explanation: "N − W = 2." } },
        {
          id: "q-order",
          type: "ordering",
          prompt: "Order the failover steps.",
          data: { items: [{ id: "a", text: "Promote" }, { id: "b", text: "Detect" }, { id: "c", text: "Fence the old leader" }], answer: ["b", "c", "a"], explanation: "Detect (b), fence (c), then promote (a)." },
        },
        { id: "q-free", type: "free", prompt: "Design it.", data: { modelAnswer: "Use a `quorum`.", rubric: ["Names R + W > N", "States the latency cost", "Says what fails first"], explanation: "Quorums." } },
      ],
    },
    { id: "fx-other", family: "queues", questions: [{ id: "q-queue", data: SINGLE_CHOICE }] },
  ]);

async function openPackage(bytes: Uint8Array): Promise<{ files: string[]; media: string; col: SqliteDatabase }> {
  const files = unzipSync(bytes);
  const SQL = await initSqlJs({ wasmBinary: (await readFile(path.join(process.cwd(), "node_modules/sql.js/dist/sql-wasm.wasm"))).buffer as ArrayBuffer });
  return { files: Object.keys(files).sort(), media: strFromU8(files.media), col: new SQL.Database(files["collection.anki2"]) };
}

function rows(db: SqliteDatabase, sql: string): Array<Record<string, unknown>> {
  const [result] = db.exec(sql);
  return result ? result.values.map((v) => Object.fromEntries(result.columns.map((c, i) => [c, v[i]]))) : [];
}

describe.each(databaseTargets())("Anki export on %s", (kind) => {
  const db = openTestDatabase(kind, { seed: seedContent, clearBeforeEach: "users" });

  test("a lesson's questions become one note and one new card each, with question, answer, explanation and lesson link", async () => {
    const lena = (await createUser(db, "Lena")).id;
    const exported = await lessonDeck(db, lena, "fx-quorums", ORIGIN, NOW);
    expect(exported?.withheld).toBe(0);
    const { files, media, col } = await openPackage(await buildApkg(exported!.deck, NOW));
    expect(files).toEqual(["collection.anki2", "media"]);
    expect(media).toBe("{}");

    // The collection row: schema 11, the note type and the deck as JSON.
    const [colRow] = rows(col, "SELECT ver, crt, models, decks, dconf FROM col");
    expect(colRow.ver).toBe(11);
    expect(colRow.crt).toBe(NOW.getTime() / 1000);
    const models = JSON.parse(String(colRow.models));
    const model = models[String(QUORUM_NOTE_TYPE.id)];
    expect(model.flds.map((f: { name: string }) => f.name)).toEqual(["Question", "Answer", "Explanation", "Lesson"]);
    expect(model.tmpls[0]).toMatchObject({ qfmt: "{{Question}}", ord: 0 });
    expect(model.tmpls[0].afmt).toContain("{{Answer}}");
    const deckName = "Quorum::Lesson fx-quorums";
    const decks = JSON.parse(String(colRow.decks));
    expect(decks[String(deckId(deckName))]).toMatchObject({ name: deckName, conf: 1, dyn: 0 });
    expect(JSON.parse(String(colRow.dconf))["1"]).toHaveProperty("new");

    // Notes: one per question, in the order written, with stable guids and Anki's checksum.
    const notes = rows(col, "SELECT id, guid, mid, flds, sfld, csum, tags FROM notes ORDER BY id");
    expect(notes.map((n) => n.guid)).toEqual(["q-single", "q-numeric", "q-order", "q-free"].map(noteGuid));
    expect(notes.every((n) => n.mid === QUORUM_NOTE_TYPE.id)).toBe(true);
    const fields = notes.map((n) => String(n.flds).split("\x1f"));
    expect(fields.every((f) => f.length === 4)).toBe(true);
    expect(notes.map((n) => [n.sfld, n.csum])).toEqual(fields.map((f) => [stripHtml(f[0]), fieldChecksum(f[0])]));
    expect(String(notes[0].tags).trim().split(" ")).toEqual(["quorum", "replication", "fx-quorums", "quorums", "read_repair"]);

    // Single choice: the prompt rendered, options under labels; the answer names the right option by its label.
    const [question, answer, explanation, lesson] = fields[0];
    expect(question).toContain("Which <strong>quorum</strong> overlaps?");
    const right = /<span class="label">([A-C])<\/span> Right/.exec(question)?.[1];
    expect(right).toBeDefined();
    expect(answer).toBe(`<ul class="options"><li><span class="label">${right}</span> Right</li></ul>`);
    // "(a)" in the explanation names the right option by the label it has on this card.
    expect(explanation).toContain(`(${right}) is right`);
    expect(lesson).toBe(`<a href="${ORIGIN}/learn/replication/fx-quorums#overlap">Lesson fx-quorums</a>`);
    // Numeric, ordering and free text.
    expect(fields[1][1]).toBe("<p>2 replicas</p>");
    expect(fields[2][1].match(/<li>.*?<\/li>/g)?.map(stripHtml).map((s) => s.slice(2))).toEqual(["Detect", "Fence the old leader", "Promote"]);
    expect(fields[3][1]).toContain("<code>quorum</code>");
    expect(fields[3][1]).toContain("<li>Says what fails first</li>");

    // Cards: one new card per note, in the deck, due in the order written.
    const cards = rows(col, "SELECT nid, did, ord, type, queue, due FROM cards ORDER BY due");
    expect(cards).toEqual(notes.map((n, i) => ({ nid: n.id, did: deckId(deckName), ord: 0, type: 0, queue: 0, due: i + 1 })));
    expect(rows(col, "SELECT COUNT(*) AS n FROM revlog")[0].n).toBe(0);
    col.close();
  });

  test("the learner's cards export as the deck 'Quorum', without questions on the clock in a running attempt", async () => {
    const lena = (await createUser(db, "Lena")).id;
    await addToReviewQueue(db, lena, { all: true }, NOW);
    const all = await cardsDeck(db, lena, ORIGIN, NOW);
    expect(all.deck.name).toBe("Quorum");
    expect(all.deck.notes.map((n) => n.guid).sort()).toEqual(["q-free", "q-numeric", "q-order", "q-single", "q-queue"].map(noteGuid).sort());

    // Today's challenge draws from these questions; while it runs, they are not exported.
    const daily = await startDailyChallenge(db, lena, NOW);
    await currentQuizItem(db, lena, daily.id, NOW);
    const during = await cardsDeck(db, lena, ORIGIN, NOW);
    expect(during.withheld).toBeGreaterThan(0);
    expect(during.deck.notes.length + during.withheld).toBe(5);
    const { col } = await openPackage(await buildApkg(during.deck, NOW));
    expect(rows(col, "SELECT COUNT(*) AS n FROM notes")[0].n).toBe(during.deck.notes.length);
    col.close();
    // Another learner without an attempt gets every question of a lesson.
    const omar = (await createUser(db, "Omar")).id;
    expect((await lessonDeck(db, omar, "fx-quorums", ORIGIN, NOW))?.deck.notes).toHaveLength(4);
    expect(await lessonDeck(db, omar, "no-such-lesson", ORIGIN, NOW)).toBeNull();
  });
});
