// An Anki deck package (.apkg): a zip holding `collection.anki2`, an SQLite database in Anki's
// collection schema 11 (tables col, notes, cards, revlog, graves; note types, decks and deck
// options as JSON in `col`), and `media`, a JSON map of media files (none here). Written with
// sql.js (SQLite compiled to WebAssembly: no native build) and zipped with fflate. Anki imports
// this legacy format in every version since 2.1; docs/decisions/083-anki-export.md.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { strToU8, zipSync } from "fflate";
import initSqlJs, { type SqlJsStatic } from "sql.js";

export interface AnkiNote {
  /** Stable across exports, so importing again updates the note instead of adding a copy. */
  guid: string;
  /** One value per field of the note type, as HTML. */
  fields: string[];
  tags: string[];
}

export interface AnkiDeck {
  /** "Quorum" or "Quorum::Lesson title" (Anki nests decks on "::"). */
  name: string;
  description: string;
  noteType: AnkiNoteType;
  notes: AnkiNote[];
}

export interface AnkiNoteType {
  /** Fixed per note type: every export refers to the same note type, so imports do not multiply it. */
  id: number;
  name: string;
  fields: string[];
  /** Front and back templates in Anki's template language ({{Field}}, {{FrontSide}}). */
  front: string;
  back: string;
  css: string;
}

let sqlJs: Promise<SqlJsStatic> | undefined;

/** sql.js, given its WebAssembly binary from node_modules (read once per process). */
function sqlite(): Promise<SqlJsStatic> {
  sqlJs ??= readFile(path.join(process.cwd(), "node_modules", "sql.js", "dist", "sql-wasm.wasm")).then((wasm) =>
    initSqlJs({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer }),
  );
  return sqlJs;
}

export const SCHEMA_11 = `
CREATE TABLE col (
  id integer primary key, crt integer not null, mod integer not null, scm integer not null, ver integer not null,
  dty integer not null, usn integer not null, ls integer not null, conf text not null, models text not null,
  decks text not null, dconf text not null, tags text not null
);
CREATE TABLE notes (
  id integer primary key, guid text not null, mid integer not null, mod integer not null, usn integer not null,
  tags text not null, flds text not null, sfld integer not null, csum integer not null, flags integer not null, data text not null
);
CREATE TABLE cards (
  id integer primary key, nid integer not null, did integer not null, ord integer not null, mod integer not null,
  usn integer not null, type integer not null, queue integer not null, due integer not null, ivl integer not null,
  factor integer not null, reps integer not null, lapses integer not null, left integer not null, odue integer not null,
  odid integer not null, flags integer not null, data text not null
);
CREATE TABLE revlog (
  id integer primary key, cid integer not null, usn integer not null, ease integer not null, ivl integer not null,
  lastIvl integer not null, factor integer not null, time integer not null, type integer not null
);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
`;

/** Field text without markup, as Anki compares and sorts it. */
export function stripHtml(html: string): string {
  return html
    .replace(/<(style|script)[^>]*>[\s\S]*?<\/\1>/gi, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

/** Anki's duplicate check: the first 8 hex digits of the SHA-1 of the stripped first field, as an integer. */
export function fieldChecksum(firstField: string): number {
  return parseInt(createHash("sha1").update(stripHtml(firstField)).digest("hex").slice(0, 8), 16);
}

/** A deck id from its name: the same deck on every export, so re-imports land in it. */
export function deckId(name: string): number {
  // 13 digits like Anki's millisecond ids, never 1 (the Default deck).
  return 1_500_000_000_000 + (parseInt(createHash("sha1").update(`deck:${name}`).digest("hex").slice(0, 10), 16) % 100_000_000_000);
}

/** Tags as Anki stores them: space-separated between spaces; spaces inside a tag become underscores. */
function tagString(tags: readonly string[]): string {
  const clean = [...new Set(tags.map((t) => t.trim().replace(/\s+/g, "_")).filter(Boolean))];
  return clean.length ? ` ${clean.join(" ")} ` : "";
}

const DECK_DEFAULTS = {
  collapsed: false,
  browserCollapsed: false,
  dyn: 0,
  extendNew: 0,
  extendRev: 0,
  lrnToday: [0, 0],
  revToday: [0, 0],
  newToday: [0, 0],
  timeToday: [0, 0],
};

/** Anki's default deck options, written out: an importer fills nothing in for us. */
function deckOptions(mod: number) {
  return {
    id: 1,
    name: "Default",
    mod,
    usn: 0,
    maxTaken: 60,
    autoplay: true,
    timer: 0,
    replayq: true,
    dyn: false,
    new: { bury: false, delays: [1, 10], initialFactor: 2500, ints: [1, 4, 0], order: 1, perDay: 20 },
    rev: { bury: false, ease4: 1.3, ivlFct: 1, maxIvl: 36500, perDay: 200, hardFactor: 1.2 },
    lapse: { delays: [10], leechAction: 1, leechFails: 8, minInt: 1, mult: 0 },
  };
}

/**
 * The package's bytes. Every note gets one card, new (Anki schedules it from scratch), in the
 * deck named by `deck.name`, in the order given. Ids are millisecond timestamps from `now`, as
 * Anki's are; `now` also stamps every row, so one input and one `now` give the same package.
 */
export async function buildApkg(deck: AnkiDeck, now: Date): Promise<Uint8Array> {
  const SQL = await sqlite();
  const db = new SQL.Database();
  try {
    db.run(SCHEMA_11);
    const ms = now.getTime();
    const secs = Math.floor(ms / 1000);
    const did = deckId(deck.name);
    const type = deck.noteType;
    const model = {
      id: type.id,
      name: type.name,
      type: 0,
      mod: secs,
      usn: -1,
      sortf: 0,
      did,
      tmpls: [{ name: "Card 1", ord: 0, qfmt: type.front, afmt: type.back, bqfmt: "", bafmt: "", did: null, bfont: "", bsize: 0 }],
      flds: type.fields.map((name, ord) => ({ name, ord, sticky: false, rtl: false, font: "Arial", size: 20, media: [] })),
      css: type.css,
      latexPre: "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n",
      latexPost: "\\end{document}",
      latexsvg: false,
      // The front shows the first field: a card exists when it is not empty.
      req: [[0, "any", [0]]],
      tags: [],
      vers: [],
    };
    const decks = {
      "1": { ...DECK_DEFAULTS, id: 1, name: "Default", desc: "", conf: 1, mod: secs, usn: 0 },
      [String(did)]: { ...DECK_DEFAULTS, id: did, name: deck.name, desc: deck.description, conf: 1, mod: secs, usn: -1 },
    };
    const conf = {
      activeDecks: [did],
      curDeck: did,
      newSpread: 0,
      collapseTime: 1200,
      timeLim: 0,
      estTimes: true,
      dueCounts: true,
      curModel: String(type.id),
      nextPos: deck.notes.length + 1,
      sortType: "noteFld",
      sortBackwards: false,
      addToCur: true,
    };
    db.run("INSERT INTO col VALUES (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, '{}')", [
      secs,
      ms,
      ms,
      JSON.stringify(conf),
      JSON.stringify({ [String(type.id)]: model }),
      JSON.stringify(decks),
      JSON.stringify({ "1": deckOptions(secs) }),
    ]);
    const insertNote = db.prepare("INSERT INTO notes VALUES (?, ?, ?, ?, -1, ?, ?, ?, ?, 0, '')");
    const insertCard = db.prepare("INSERT INTO cards VALUES (?, ?, ?, 0, ?, -1, 0, 0, ?, 0, 0, 0, 0, 0, 0, 0, 0, '')");
    deck.notes.forEach((note, i) => {
      if (note.fields.length !== type.fields.length) throw new Error(`note ${note.guid} has ${note.fields.length} fields; its note type has ${type.fields.length}`);
      if (note.fields.some((f) => f.includes("\x1f"))) throw new Error(`note ${note.guid} has a field separator in a field`);
      const noteId = ms + i;
      insertNote.run([noteId, note.guid, type.id, secs, tagString(note.tags), note.fields.join("\x1f"), stripHtml(note.fields[0]), fieldChecksum(note.fields[0])]);
      // New cards are due by position: the order of the export.
      insertCard.run([ms + i, noteId, did, secs, i + 1]);
    });
    insertNote.free();
    insertCard.free();
    const collection = db.export();
    return zipSync({ "collection.anki2": collection, media: strToU8("{}") });
  } finally {
    db.close();
  }
}
