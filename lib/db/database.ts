// The one place that constructs a Prisma client (docs/decisions/002). Two back ends:
//  - embedded PGlite in a data directory, when no DATABASE_URL is set (a new user needs no server);
//  - PostgreSQL through @prisma/adapter-pg when DATABASE_URL is set.
// Scripts and tests call openDatabase(); the app uses the process-wide singleton in client.server.ts.
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { applyMigrations, loadMigrations, type MigrateResult, type SqlRunner } from "./migrate";
import { lockDataDirectory } from "./pglite-lock";
import { withPreparedStatements } from "./pglite-statements";

export type Db = InstanceType<typeof PrismaClient>;

export interface DatabaseOptions {
  /** postgres://… URL; when absent the embedded database is used. */
  url?: string;
  /** PGlite data directory; "memory://" for a throwaway in-memory database. */
  dataDir?: string;
}

export interface Database {
  kind: "pglite" | "postgres";
  prisma: Db;
  /** Applies pending migrations (PostgreSQL: under an advisory lock). */
  migrate(log?: (line: string) => void): Promise<MigrateResult>;
  /** Raw SQL runner over the same database, for the migrator and schema tests. */
  sql: SqlRunner;
  close(): Promise<void>;
}

export function defaultDataDir(): string {
  return process.env.QUORUM_DATA_DIR ?? path.join(process.cwd(), "data", "pglite");
}

export function openDatabase(opts: DatabaseOptions = {}): Database {
  const url = opts.url ?? (opts.dataDir ? undefined : process.env.DATABASE_URL);
  return url ? openPostgres(url) : openPGlite(opts.dataDir ?? defaultDataDir());
}

/** Anything that answers `query(text, params)` with rows: PGlite, a pg pool or one pooled connection. */
interface Queryable {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** The migrator's raw SQL runner over a connection; `exec` runs a whole script. */
function sqlRunner(db: Queryable, exec: (text: string) => Promise<unknown>): SqlRunner {
  return {
    async exec(text) {
      await exec(text);
    },
    async query<T>(text: string, params?: unknown[]) {
      return (await db.query(text, params)).rows as T[];
    },
  };
}

function openPGlite(dataDir: string): Database {
  const inMemory = dataDir.startsWith("memory://");
  const release = inMemory ? () => {} : lockDataDirectory(dataDir);
  // Each distinct statement is parsed once and sent as one message afterwards (decision 012).
  const client = withPreparedStatements(new PGlite(dataDir));
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(client) });
  // PGlite's query() takes one statement; exec() runs a script (a migration).
  const sql = sqlRunner(client, (text) => client.exec(text));
  return {
    kind: "pglite",
    prisma,
    sql,
    migrate: (log) => applyMigrations(sql, loadMigrations(), { log }),
    async close() {
      await prisma.$disconnect();
      await client.close();
      release();
    },
  };
}

function openPostgres(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  // An idle pooled connection can be closed by the server (restart, failover, pg_terminate_backend).
  // Without a listener that error event would crash the process; the pool replaces the client instead.
  pool.on("error", (err) => console.warn(`PostgreSQL connection lost (${err.message}); it will be replaced.`));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const sql = sqlRunner(pool, (text) => pool.query(text));
  return {
    kind: "postgres",
    prisma,
    sql,
    async migrate(log) {
      // One dedicated connection: the advisory lock and each transaction must stay on it.
      const conn = await pool.connect();
      try {
        return await applyMigrations(sqlRunner(conn, (text) => conn.query(text)), loadMigrations(), { lock: true, log });
      } finally {
        conn.release();
      }
    },
    async close() {
      await prisma.$disconnect();
      await pool.end().catch(() => {});
    },
  };
}
