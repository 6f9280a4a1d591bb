import { PGlite } from "@electric-sql/pglite";
import { withPreparedStatements } from "./pglite-statements";

// The embedded database's statements go through withPreparedStatements; what they return and how
// they fail must be what PGlite's own query() gives, for every type the app sends and reads.

let plain: PGlite;
let prepared: PGlite;

const SCHEMA = `
  CREATE TABLE t (
    id text PRIMARY KEY, n int, f float8, big bigint, ok boolean, at timestamp(3), atz timestamptz,
    day date, doc jsonb, tags text[], raw bytea, note text
  );`;

beforeAll(async () => {
  plain = new PGlite();
  prepared = withPreparedStatements(new PGlite(), { maxPrepared: 3 });
  for (const db of [plain, prepared]) await db.exec(SCHEMA);
});

afterAll(async () => {
  await plain.close();
  await prepared.close();
});

const INSERT = `INSERT INTO t (id, n, f, big, ok, at, atz, day, doc, tags, raw, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING *`;
const ROW = ["a", 42, 0.25, 9007199254740993n, true, new Date("2026-12-03T10:11:12.345Z"), new Date("2026-12-03T10:11:12.345Z"), "2026-12-03", { x: [1, "two", null] }, ["p", "q,r", 'quote"d'], new Uint8Array([0, 1, 255]), null];

describe("withPreparedStatements", () => {
  test("returns the same rows, fields and counts as PGlite's own query, for every column type", async () => {
    const results = [];
    for (const db of [plain, prepared]) {
      const inserted = await db.query(INSERT, ROW);
      const read = await db.query(`SELECT * FROM t WHERE id = $1 AND n = $2 AND ok = $3`, ["a", 42, true]);
      const asArrays = await db.query(`SELECT id, doc, tags FROM t WHERE id = ANY($1::text[])`, [["a", "b"]], { rowMode: "array" });
      const updated = await db.query(`UPDATE t SET note = $1 WHERE id = $2`, ["edited", "a"]);
      results.push({ inserted, read, asArrays, updated });
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[1].read.rows[0]).toMatchObject({ id: "a", doc: { x: [1, "two", null] }, tags: ["p", "q,r", 'quote"d'] });
    expect(results[1].updated.affectedRows).toBe(1);
  });

  test("a statement sent again with other values reads the new values, not the first ones", async () => {
    await prepared.query(INSERT, ["b", 7, 1.5, 1n, false, new Date(0), new Date(0), "2020-01-01", [], [], new Uint8Array(), "second"]);
    const first = await prepared.query<{ note: string }>(`SELECT note FROM t WHERE id = $1`, ["a"]);
    const second = await prepared.query<{ note: string }>(`SELECT note FROM t WHERE id = $1`, ["b"]);
    expect([first.rows[0].note, second.rows[0].note]).toEqual(["edited", "second"]);
  });

  test("a database error is PGlite's error, with its code, and the connection stays usable", async () => {
    const violation = await prepared.query(`INSERT INTO t (id) VALUES ($1)`, ["a"]).catch((e: unknown) => e);
    expect(violation).toMatchObject({ code: "23505", severity: "ERROR", query: `INSERT INTO t (id) VALUES ($1)` });
    const syntax = await prepared.query(`SELEC nothing`, []).catch((e: unknown) => e);
    expect(syntax).toMatchObject({ code: "42601" });
    // The same statement, with values that fit, works afterwards.
    await expect(prepared.query(`INSERT INTO t (id) VALUES ($1)`, ["c"])).resolves.toMatchObject({ affectedRows: 1 });
  });

  test("after a table changes shape, a prepared statement is prepared again instead of failing", async () => {
    const select = `SELECT * FROM t WHERE id = $1`;
    const before = await prepared.query<Record<string, unknown>>(select, ["a"]);
    expect(before.rows[0]).not.toHaveProperty("extra");
    await prepared.exec(`ALTER TABLE t ADD COLUMN extra int DEFAULT 5`);
    const after = await prepared.query<Record<string, unknown>>(select, ["a"]);
    expect(after.rows[0]).toMatchObject({ id: "a", extra: 5 });
    await prepared.exec(`ALTER TABLE t DROP COLUMN extra`);
  });

  test("beyond the most statements kept, the least recently used are closed and still work when sent again", async () => {
    const texts = Array.from({ length: 8 }, (_, i) => `SELECT $1::int + ${i} AS v`);
    for (let round = 0; round < 2; round++) {
      for (const [i, text] of texts.entries()) {
        const { rows } = await prepared.query<{ v: number }>(text, [10]);
        expect(rows[0].v).toBe(10 + i);
      }
    }
    // Only the last three (maxPrepared) remain prepared on the server.
    const { rows } = await prepared.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_prepared_statements`);
    expect(rows[0].n).toBe(3);
  });

  test("a query waits for a transaction in progress and sees what it committed", async () => {
    let release!: () => void;
    const holding = new Promise<void>((resolve) => (release = resolve));
    const tx = prepared.transaction(async (t) => {
      await t.query(`INSERT INTO t (id, note) VALUES ($1, $2)`, ["in-tx", "committed"]);
      await holding;
    });
    const read = prepared.query<{ note: string }>(`SELECT note FROM t WHERE id = $1`, ["in-tx"]);
    release();
    await tx;
    expect((await read).rows).toEqual([{ note: "committed" }]);
  });
});
