// Builds the app (skipped when nothing changed, shared with tests/ops), prepares a fresh database
// with demo users and content, starts `next start` on a free port, and hands its URL to the tests.
// E2E_DATABASE_URL=postgres://… runs the app against a fresh PostgreSQL database instead of PGlite.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { appEnv, ensureBuild, prepareDatabase, startApp } from "../../support/app-server";

export interface E2eState {
  pgid: number | undefined;
  dataDir?: string;
  dropDatabase?: { admin: string; name: string };
}

export default async function globalSetup(): Promise<void> {
  if (!existsSync("/usr/bin/chromium")) {
    throw new Error("Browser tests need Debian's Chromium at /usr/bin/chromium. Install it with: apt-get install -y chromium");
  }
  // Every browser test signs up from this machine's one address: more than an hour's default allows.
  const env = appEnv({ SIGN_UPS_PER_ADDRESS_PER_HOUR: "1000" });
  const state: E2eState = { pgid: undefined };
  if (process.env.E2E_DATABASE_URL) {
    const name = `quorum_e2e_${process.pid}`;
    const admin = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(process.env.E2E_DATABASE_URL);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    state.dropDatabase = { admin: process.env.E2E_DATABASE_URL, name };
  } else {
    env.QUORUM_DATA_DIR = state.dataDir = mkdtempSync(path.join(tmpdir(), "quorum-e2e-"));
  }
  (globalThis as { __QUORUM_E2E__?: E2eState }).__QUORUM_E2E__ = state;

  prepareDatabase(env);
  await ensureBuild((line) => console.log(`\n[e2e] ${line.replace(/^\[app\] /, "")}`));
  const app = await startApp(env);
  state.pgid = app.child.pid;
  process.env.E2E_BASE_URL = app.url;
  console.log(`[e2e] app running at ${app.url} (${env.DATABASE_URL ? "PostgreSQL" : "PGlite"})`);
}
