// Which databases the integration tests run against: PGlite always (in memory), and PostgreSQL
// when TEST_DATABASE_URL is set or 127.0.0.1:5432 answers. Every test database is freshly created
// and dropped afterwards; openTestDatabase gives one to each describe block that asks.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database, type Db } from "@/lib/db/database";

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

export type DatabaseKind = "pglite" | "postgres";

let cachedTargets: DatabaseKind[] | undefined;
export function adminUrl(): string {
  return process.env.TEST_DATABASE_URL ?? DEFAULT_PG;
}

export function databaseTargets(): DatabaseKind[] {
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
  /** PostgreSQL: the database's URL, for a second connection (another instance); absent for PGlite. */
  url?: string;
  dispose(): Promise<void>;
}

/** A fresh, migrated, empty database of the given kind. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === "pglite") {
    const db = openDatabase({ dataDir: "memory://" });
    await db.migrate();
    return Object.assign(db, { dispose: () => db.close() });
  }
  const empty = await createEmptyPostgresDatabase();
  const db = openDatabase({ url: empty.url });
  await db.migrate();
  return Object.assign(db, {
    url: empty.url,
    async dispose() {
      await db.close();
      await empty.drop();
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

export interface SuiteDatabaseOptions {
  /** Runs once, right after the database is created: the content every test of the block reads. */
  seed?: (db: Db) => Promise<void>;
  /**
   * What each test starts without. "users": every user and, through ON DELETE CASCADE, all they own
   * (cards, reviews, quizzes, drills, cohorts, comments, notifications); lessons and questions stay.
   * "everything": the content and its sync history too.
   */
  clearBeforeEach?: "users" | "everything";
}

/**
 * The database of one `describe` block: created (and seeded) before its first test, cleared before
 * each test if asked, dropped after its last. Call it in the block's body; the client it returns
 * may be used in hooks and tests.
 */
export function openTestDatabase(kind: DatabaseKind, options: SuiteDatabaseOptions = {}): Db {
  let database: TestDatabase | undefined;
  const current = (): Db => {
    if (!database) throw new Error("The test database opens in beforeAll: use it in hooks and tests, not while the describe block is built.");
    return database.prisma;
  };
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await options.seed?.(database.prisma);
  });
  afterAll(async () => {
    await database?.dispose();
  });
  const clear = options.clearBeforeEach;
  if (clear) beforeEach(() => clearDatabase(current(), clear));
  return lateBound(current);
}

async function clearDatabase(db: Db, what: "users" | "everything"): Promise<void> {
  await db.user.deleteMany();
  if (what === "users") return;
  // Cards and quiz items, which point at questions, went with their users; the questions' running
  // statistics go before them.
  await db.questionStat.deleteMany();
  await db.question.deleteMany();
  await db.lesson.deleteMany();
  await db.contentSync.deleteMany();
}

/**
 * The block's body runs before beforeAll has created the client, so it gets a stand-in that passes
 * every use on to the client of the moment (methods bound to it, so `this` is the real client).
 */
function lateBound(current: () => Db): Db {
  return new Proxy({} as Db, {
    get(_target, property) {
      const client = current();
      const value: unknown = Reflect.get(client, property);
      return typeof value === "function" ? value.bind(client) : value;
    },
  });
}
