import { PGlite } from "@electric-sql/pglite";
import { diffSqlFromEmpty } from "@/tests/support/schema-diff";
import { applyMigrations, loadMigrations, MigrationError, type SqlRunner } from "./migrate";
import { openDatabase } from "./database";
import { createEmptyPostgresDatabase, databaseTargets } from "@/tests/support/databases";

function runnerFor(db: PGlite): SqlRunner {
  return {
    exec: async (sql) => void (await db.exec(sql)),
    query: async <T,>(sql: string, params?: unknown[]) => (await db.query(sql, params as unknown[])).rows as T[],
  };
}

/** A description of the schema as PostgreSQL sees it: tables, columns, indexes, constraints, enums. */
async function catalog(run: SqlRunner): Promise<string[]> {
  const columns = await run.query<Record<string, string>>(`
    SELECT table_name, column_name, data_type, udt_name, is_nullable, coalesce(column_default, '') AS column_default
    FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_quorum_migrations'
    ORDER BY table_name, column_name`);
  const indexes = await run.query<Record<string, string>>(`
    SELECT tablename, indexname, indexdef FROM pg_indexes
    WHERE schemaname = 'public' AND tablename <> '_quorum_migrations' ORDER BY tablename, indexname`);
  const constraints = await run.query<Record<string, string>>(`
    SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
    WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT IN ('_quorum_migrations', '"_quorum_migrations"')
    ORDER BY 1, 2`);
  const enums = await run.query<Record<string, string>>(`
    SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS labels
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname ORDER BY t.typname`);
  return [...columns, ...indexes, ...constraints, ...enums].map((r) => JSON.stringify(r));
}

describe("migrations", () => {
  const migrations = loadMigrations();

  it("build a database identical to prisma/schema.prisma", async () => {
    // Database A: the committed migrations, in order. Database B: schema.prisma straight to SQL.
    const fromMigrations = new PGlite();
    await applyMigrations(runnerFor(fromMigrations), migrations);
    const fromSchema = new PGlite();
    await fromSchema.exec(diffSqlFromEmpty());
    expect(await catalog(runnerFor(fromMigrations))).toEqual(await catalog(runnerFor(fromSchema)));
    await fromMigrations.close();
    await fromSchema.close();
  }, 300_000); // runs the offline schema diff engine twice (WASM): slow on a loaded 2-core machine

  it("apply each migration once and record it", async () => {
    const db = new PGlite();
    const run = runnerFor(db);
    const first = await applyMigrations(run, migrations);
    expect(first.applied).toEqual(migrations.map((m) => m.name));
    const second = await applyMigrations(run, migrations);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toBe(migrations.length);
    await db.close();
  });

  it("refuse a migration that was edited after it was applied", async () => {
    const db = new PGlite();
    const run = runnerFor(db);
    await applyMigrations(run, migrations);
    const edited = migrations.map((m, i) => (i === 0 ? { ...m, checksum: "edited" } : m));
    await expect(applyMigrations(run, edited)).rejects.toThrow(/was edited after it was applied/);
    await db.close();
  });

  it("roll back a failing migration completely", async () => {
    const db = new PGlite();
    const run = runnerFor(db);
    const bad = { name: "9999_bad", sql: `CREATE TABLE "half_done" (id int); SELECT 1/0;`, checksum: "x" };
    await expect(applyMigrations(run, [...migrations, bad])).rejects.toThrow(MigrationError);
    const tables = await run.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'`);
    expect(tables).toHaveLength(0);
    const recorded = await run.query(`SELECT name FROM "_quorum_migrations" WHERE name = '9999_bad'`);
    expect(recorded).toHaveLength(0);
    await db.close();
  });

  const pgOnly = databaseTargets().includes("postgres") ? it : it.skip;
  pgOnly("apply each migration exactly once when several instances start at once (PostgreSQL)", async () => {
    const target = await createEmptyPostgresDatabase();
    const instances = Array.from({ length: 4 }, () => openDatabase({ url: target.url }));
    try {
      const results = await Promise.all(instances.map((d) => d.migrate()));
      const appliedCounts = results.map((r) => r.applied.length);
      expect(appliedCounts.reduce((a, b) => a + b, 0)).toBe(migrations.length);
      const rows = await instances[0].sql.query<{ name: string }>(`SELECT name FROM "_quorum_migrations"`);
      expect(rows.map((r) => r.name).sort()).toEqual(migrations.map((m) => m.name));
    } finally {
      await Promise.all(instances.map((d) => d.close()));
      await target.drop();
    }
  });
});
