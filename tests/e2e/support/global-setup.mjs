// Builds the app into .next-e2e (skipped when nothing changed), prepares a fresh database with
// demo users and content, starts `next start` on a free port, and hands its URL to the tests.
// E2E_DATABASE_URL=postgres://… runs the app against a fresh PostgreSQL database instead of PGlite.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

// E2E_DIST_DIR lets parallel runs build into separate folders.
const DIST = process.env.E2E_DIST_DIR ?? ".next-e2e";

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function newestMtime(paths) {
  let newest = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) for (const e of readdirSync(p)) { if (e !== "node_modules") walk(path.join(p, e)); }
    else newest = Math.max(newest, st.mtimeMs);
  };
  paths.forEach(walk);
  return newest;
}

async function waitForHealth(url, server, ms = 90_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The app exited during start-up (code ${server.exitCode})`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`The app did not become healthy at ${url} within ${ms / 1000} s`);
}

export default async function globalSetup() {
  if (!existsSync("/usr/bin/chromium")) {
    throw new Error("Browser tests need Debian's Chromium at /usr/bin/chromium. Install it with: apt-get install -y chromium");
  }
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_DIST_DIR: DIST,
    AUTH_SECRET: "e2e-" + randomBytes(16).toString("hex"),
    PASSWORD_HASH_COST: "12",
    NODE_ENV: "production",
  };
  delete env.DATABASE_URL;
  let dropDatabase;
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
    dropDatabase = { admin: process.env.E2E_DATABASE_URL, name };
  } else {
    env.QUORUM_DATA_DIR = mkdtempSync(path.join(tmpdir(), "quorum-e2e-"));
  }

  const setup = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/db-setup.ts", "--demo"], { env, stdio: "inherit" });
  if (setup.status !== 0) throw new Error("Database setup for the browser tests failed");

  const buildId = path.join(DIST, "BUILD_ID");
  const sources = ["app", "components", "lib", "content", "public", "next.config.mjs", "package-lock.json"];
  if (!existsSync(buildId) || newestMtime(sources) > statSync(buildId).mtimeMs) {
    console.log("\n[e2e] building the app…");
    const b = spawnSync("npx", ["next", "build"], { env, stdio: ["ignore", "inherit", "inherit"] });
    if (b.status !== 0) throw new Error("next build failed");
  }

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    env,
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  globalThis.__QUORUM_E2E__ = { server, dataDir: env.QUORUM_DATA_DIR, dropDatabase };
  await waitForHealth(base, server);
  process.env.E2E_BASE_URL = base;
  console.log(`[e2e] app running at ${base} (${env.DATABASE_URL ? "PostgreSQL" : "PGlite"})`);
}
