// The databases a practice benchmark runs on: PGlite in memory, PGlite on disk (a data directory
// under the OS temp folder) and PostgreSQL (a freshly created database, dropped afterwards).
// Each is migrated from prisma/migrations, exactly as the app and the tests build theirs.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "@/lib/db/database";

export type BackendName = "pglite (memory)" | "pglite (disk)" | "postgres";

export interface Backend {
  name: BackendName;
  database: Database;
  dispose(): Promise<void>;
}

/** Server holding the throwaway benchmark database; BENCH_DATABASE_URL overrides it. */
export function postgresAdminUrl(): string {
  return process.env.BENCH_DATABASE_URL ?? "postgresql://root@127.0.0.1:5432/postgres";
}

async function postgresReachable(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

async function adminQuery(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: postgresAdminUrl() });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/**
 * Waits (up to 2 s) until the database has no connections left: the pool's end() resolves before
 * its sockets are closed, and dropping with FORCE would otherwise cut them with a warning.
 */
async function waitForDisconnect(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: postgresAdminUrl() });
  await admin.connect();
  try {
    for (let i = 0; i < 40; i++) {
      const { rows } = await admin.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1", [name]);
      if (rows[0].n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await admin.end();
  }
}

async function openPostgresBackend(): Promise<Backend> {
  const name = `quorum_bench_${process.pid}_${randomBytes(4).toString("hex")}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${name}`;
  const database = openDatabase({ url: url.toString() });
  try {
    await database.migrate();
  } catch (err) {
    await database.close();
    await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    throw err;
  }
  return {
    name: "postgres",
    database,
    async dispose() {
      await database.close();
      await waitForDisconnect(name);
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

async function openPGliteBackend(onDisk: boolean): Promise<Backend> {
  const dir = onDisk ? mkdtempSync(path.join(tmpdir(), "quorum-bench-pglite-")) : null;
  const database = openDatabase({ dataDir: dir ?? "memory://" });
  await database.migrate();
  return {
    name: onDisk ? "pglite (disk)" : "pglite (memory)",
    database,
    async dispose() {
      await database.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `body` once per back end (all three, or those named), each on a fresh migrated database that
 * is removed afterwards. PostgreSQL is skipped, with a message, when its server does not answer.
 * `--only=memory,postgres` on the command line picks back ends by part of their name.
 */
export async function forEachBackend(body: (backend: Backend) => Promise<void>, names?: readonly BackendName[]): Promise<void> {
  const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length).split(",");
  const openers: Array<[BackendName, () => Promise<Backend>]> = [
    ["pglite (memory)", () => openPGliteBackend(false)],
    ["pglite (disk)", () => openPGliteBackend(true)],
    ["postgres", openPostgresBackend],
  ];
  for (const [name, open] of openers) {
    if (names && !names.includes(name)) continue;
    if (only && !only.some((part) => name.includes(part))) continue;
    if (name === "postgres") {
      const problem = await postgresReachable(postgresAdminUrl());
      if (problem) {
        console.log(`postgres: skipped, ${postgresAdminUrl()} does not answer (${problem}). Set BENCH_DATABASE_URL to use another server.\n`);
        continue;
      }
    }
    const backend = await open();
    try {
      await body(backend);
    } finally {
      await backend.dispose();
    }
  }
}
