// Which databases the integration tests run against: PGlite always (in memory), and PostgreSQL
// when TEST_DATABASE_URL is set or 127.0.0.1:5432 answers. Each PostgreSQL test file gets its own
// freshly created database, dropped afterwards.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "@/lib/db/database";

const DEFAULT_PG = "postgresql://root@127.0.0.1:5432/test";

function postgresReachable(url: string): boolean {
  // Synchronous probe so that describe.each can be built at collection time.
  try {
    execFileSync(
      process.execPath,
      ["-e", `const pg=require("pg");const c=new pg.Client({connectionString:${JSON.stringify(url)},connectionTimeoutMillis:1500});c.connect().then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1))`],
      { stdio: "ignore", timeout: 5000 },
    );
    return true;
  } catch {
    return false;
  }
}

let cachedTargets: Array<"pglite" | "postgres"> | undefined;
export function adminUrl(): string {
  return process.env.TEST_DATABASE_URL ?? DEFAULT_PG;
}

export function databaseTargets(): Array<"pglite" | "postgres"> {
  if (!cachedTargets) {
    cachedTargets = ["pglite"];
    if (process.env.TEST_DATABASE_URL || postgresReachable(DEFAULT_PG)) {
      if (postgresReachable(adminUrl())) cachedTargets.push("postgres");
      else if (process.env.TEST_DATABASE_URL) throw new Error(`TEST_DATABASE_URL is set but ${adminUrl()} does not answer`);
    }
  }
  return cachedTargets;
}

export interface TestDatabase extends Database {
  dispose(): Promise<void>;
}

/** A fresh, migrated, empty database of the given kind. */
export async function createTestDatabase(kind: "pglite" | "postgres"): Promise<TestDatabase> {
  if (kind === "pglite") {
    const db = openDatabase({ dataDir: "memory://" });
    await db.migrate();
    return Object.assign(db, { dispose: () => db.close() });
  }
  const name = `quorum_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const db = openDatabase({ url: url.toString() });
  await db.migrate();
  return Object.assign(db, {
    async dispose() {
      await db.close();
      const a = new pg.Client({ connectionString: adminUrl() });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await a.end();
    },
  });
}

export async function createEmptyPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `quorum_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const a = new pg.Client({ connectionString: adminUrl() });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await a.end();
    },
  };
}
