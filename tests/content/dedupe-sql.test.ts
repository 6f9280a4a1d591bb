// The dedupe-table SQL that the delivery-guarantees lesson teaches, run exactly as printed: learners
// copy it into consumers, so a redelivered message must be credited once and a new one credited.
import { readFileSync } from "node:fs";
import path from "node:path";
import { createTestDatabase, databaseTargets, type TestDatabase } from "@/tests/support/databases";

const LESSON = path.join(process.cwd(), "content/queues/delivery-guarantees.mdx");
const MESSAGE_ID = "'order-created:8812'";

/** The one ```sql block of the lesson's "Idempotent consumers" section. */
function lessonDedupeSql(): string {
  const mdx = readFileSync(LESSON, "utf8");
  const section = mdx.split(/^## /m).find((part) => part.startsWith("Idempotent consumers"));
  if (!section) throw new Error(`${LESSON} has no "## Idempotent consumers" section`);
  const blocks = [...section.matchAll(/^```sql\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  if (blocks.length !== 1) throw new Error(`expected one sql block in "Idempotent consumers", found ${blocks.length}`);
  return blocks[0];
}

/** The same transaction for another message: the lesson's block with its message id replaced. */
function forMessage(sql: string, messageId: string): string {
  expect(sql.split(MESSAGE_ID)).toHaveLength(2);
  return sql.replace(MESSAGE_ID, `'${messageId}'`);
}

describe.each(databaseTargets())("the lesson's dedupe SQL on %s", (kind) => {
  const sql = lessonDedupeSql();
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.dispose();
  });

  beforeEach(async () => {
    // The example's tables, as a consumer's database would have them.
    await db.sql.exec(`
      DROP TABLE IF EXISTS processed_messages, accounts;
      CREATE TABLE processed_messages (message_id text PRIMARY KEY, processed_at timestamptz NOT NULL);
      CREATE TABLE accounts (id bigint PRIMARY KEY, balance bigint NOT NULL);
      INSERT INTO accounts (id, balance) VALUES (42, 100), (43, 100);
    `);
  });

  const balance = async (id = 42) =>
    Number((await db.sql.query<{ balance: string }>("SELECT balance FROM accounts WHERE id = $1", [id]))[0].balance);
  const markers = async () => (await db.sql.query<{ message_id: string }>("SELECT message_id FROM processed_messages ORDER BY message_id")).map((r) => r.message_id);

  test("the first delivery credits the account and records the message", async () => {
    await db.sql.exec(sql);
    expect(await balance()).toBe(110);
    expect(await markers()).toEqual(["order-created:8812"]);
  });

  test("a redelivered message is credited once", async () => {
    await db.sql.exec(sql);
    await db.sql.exec(sql);
    await db.sql.exec(sql);
    expect(await balance()).toBe(110);
    expect(await markers()).toEqual(["order-created:8812"]);
    expect(await balance(43)).toBe(100);
  });

  test("a new message after a redelivery is credited", async () => {
    await db.sql.exec(sql);
    await db.sql.exec(sql);
    await db.sql.exec(forMessage(sql, "order-created:8813"));
    expect(await balance()).toBe(120);
    expect(await markers()).toEqual(["order-created:8812", "order-created:8813"]);
  });

  test("two consumers applying the same message at once credit it once", async () => {
    // On PostgreSQL these run on two connections: the second insert waits on the first's
    // uncommitted key, then finds the conflict. PGlite has one connection and runs them in turn.
    await Promise.all([db.sql.exec(sql), db.sql.exec(sql)]);
    expect(await balance()).toBe(110);
  });

  test("a crash before COMMIT leaves neither marker nor effect, so the redelivery credits", async () => {
    const crashed = sql.replace(/^COMMIT;$/m, "ROLLBACK;");
    expect(crashed).not.toBe(sql);
    await db.sql.exec(crashed);
    expect(await balance()).toBe(100);
    expect(await markers()).toEqual([]);
    await db.sql.exec(sql);
    expect(await balance()).toBe(110);
  });
});
