// Applies the SQL migrations in prisma/migrations/ in order, once each, recording them in
// _quorum_migrations. Plain TypeScript over a minimal SQL runner, so the same code serves PGlite
// (in-process) and PostgreSQL (pg, behind an advisory lock so that concurrent instances starting
// at once apply each migration exactly once). See docs/decisions/002.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** The little a migrator needs from a connection: multi-statement exec and a parameterised query. */
export interface SqlRunner {
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export class MigrationError extends Error {}

// Arbitrary constant shared by every Quorum instance: the advisory lock's key.
export const MIGRATION_LOCK_KEY = 7_201_145_513;

export function migrationsDir(): string {
  // Read at run time from the project folder (next start runs there); not traced into the bundle.
  return path.join(/*turbopackIgnore: true*/ process.cwd(), "prisma", "migrations");
}

export function loadMigrations(dir = migrationsDir()): Migration[] {
  if (!existsSync(/*turbopackIgnore: true*/ dir)) throw new MigrationError(`No migrations folder at ${dir}`);
  return readdirSync(/*turbopackIgnore: true*/ dir)
    .filter((d) => /^\d{4}_[a-z0-9_]+$/.test(d) && existsSync(/*turbopackIgnore: true*/ path.join(dir, d, "migration.sql")))
    .sort()
    .map((name) => {
      const sql = readFileSync(/*turbopackIgnore: true*/ path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

/**
 * Applies pending migrations. Each runs in its own transaction together with its bookkeeping
 * row, so a failure leaves the database at the previous migration. A migration that was edited
 * after it was applied is refused: the database and the files would silently disagree.
 */
export async function applyMigrations(
  runner: SqlRunner,
  migrations: Migration[],
  opts: { lock?: boolean; log?: (line: string) => void } = {},
): Promise<MigrateResult> {
  const log = opts.log ?? (() => {});
  if (opts.lock) await runner.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
  try {
    await runner.exec(
      `CREATE TABLE IF NOT EXISTS "_quorum_migrations" (
         "name" TEXT PRIMARY KEY,
         "checksum" TEXT NOT NULL,
         "applied_at" TIMESTAMPTZ NOT NULL DEFAULT now()
       )`,
    );
    const rows = await runner.query<{ name: string; checksum: string }>(
      `SELECT "name", "checksum" FROM "_quorum_migrations" ORDER BY "name"`,
    );
    const done = new Map(rows.map((r) => [r.name, r.checksum]));
    const known = new Set(migrations.map((m) => m.name));
    for (const name of done.keys()) {
      if (!known.has(name)) {
        throw new MigrationError(
          `The database has migration ${name}, which is not in prisma/migrations: it was made by a newer version of Quorum.`,
        );
      }
    }
    const applied: string[] = [];
    for (const m of migrations) {
      const previous = done.get(m.name);
      if (previous !== undefined) {
        if (previous !== m.checksum) {
          throw new MigrationError(
            `Migration ${m.name} was edited after it was applied (checksum differs). Add a new migration instead.`,
          );
        }
        continue;
      }
      log(`applying migration ${m.name}`);
      await runner.exec("BEGIN");
      try {
        await runner.exec(m.sql);
        await runner.query(`INSERT INTO "_quorum_migrations" ("name", "checksum") VALUES ($1, $2)`, [m.name, m.checksum]);
        await runner.exec("COMMIT");
      } catch (err) {
        await runner.exec("ROLLBACK");
        throw new MigrationError(`Migration ${m.name} failed: ${(err as Error).message}`);
      }
      applied.push(m.name);
    }
    return { applied, alreadyApplied: done.size };
  } finally {
    if (opts.lock) await runner.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
  }
}
