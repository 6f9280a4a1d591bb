#!/usr/bin/env node
// npm start: prepares the database (migrations, demo users, content), builds the app when the
// sources changed since the last build, and serves it. Works on a fresh clone with nothing but Node.
//
// Every step runs as a child process that this one waits for. SIGTERM and SIGINT are passed on to
// the step running at the time, and this process exits only after it has, with its status: a
// container runtime or a terminal that stops `npm start` stops the server with it, and the embedded
// database's lock is released (docs/decisions/040).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const dev = process.argv.includes("--dev");
if (existsSync(".env")) process.loadEnvFile(".env");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const port = env.PORT ?? "3000";
const host = env.HOST ?? "127.0.0.1";
// The folder `next build` writes and `next start` serves (next.config.mjs reads the same variable).
const distDir = env.NEXT_DIST_DIR || ".next";
const nextBin = path.join("node_modules", "next", "dist", "bin", "next");

// Sessions are signed with AUTH_SECRET. Without one, the embedded setup keeps a generated secret in
// data/ so sessions survive restarts; several instances must share one explicit AUTH_SECRET.
if (!env.AUTH_SECRET) {
  if (env.DATABASE_URL) {
    console.error("✗ AUTH_SECRET is not set. With DATABASE_URL (several instances), set one shared secret: see README.");
    process.exit(1);
  }
  const file = path.join("data", "auth-secret");
  if (!existsSync(file)) {
    mkdirSync("data", { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  env.AUTH_SECRET = readFileSync(file, "utf8").trim();
}

// Invitation links are built from PUBLIC_URL, never from request headers a client can set. On a
// specific address, the address this server listens on is right for people on this machine.
const wildcard = host === "0.0.0.0" || host === "::";
const localUrl = `http://${wildcard ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host}:${port}`;
if (env.PUBLIC_URL) {
  let valid = false;
  try {
    const url = new URL(env.PUBLIC_URL);
    valid = (url.protocol === "http:" || url.protocol === "https:") && url.pathname === "/" && !url.search && !url.hash;
  } catch {
    /* not a URL */
  }
  if (!valid) {
    console.error(`✗ PUBLIC_URL must be an origin such as https://quorum.example.com (got "${env.PUBLIC_URL}"): see README.`);
    process.exit(1);
  }
} else if (!wildcard && !dev) {
  env.PUBLIC_URL = localUrl;
}

/** The step running now, which receives the signals this process gets. */
let current = null;
let stopping = null;

function forward(signal) {
  stopping ??= signal;
  if (current && current.exitCode === null && current.signalCode === null) current.kill(signal);
  else process.exit(128 + (signal === "SIGINT" ? 2 : 15));
}
process.on("SIGINT", () => forward("SIGINT"));
process.on("SIGTERM", () => forward("SIGTERM"));
process.on("SIGHUP", () => forward("SIGTERM"));
// npm runs this script through `sh -c` and, on SIGTERM, signals only that shell, which exits without
// passing it on (dash, Debian's /bin/sh, does not exec the command). Its exit leaves this process
// an orphan: that is the stop signal too, so no server outlives the `npm start` that began it.
const parent = process.ppid;
setInterval(() => {
  if (!stopping && process.ppid !== parent) forward("SIGTERM");
}, 500).unref();

/** Runs a step to its end; a failed or interrupted step ends npm start with its status. */
function run(cmd, args) {
  return new Promise((resolve) => {
    const child = (current = spawn(cmd, args, { stdio: "inherit", env }));
    child.on("exit", (code, signal) => {
      current = null;
      if (stopping || code !== 0) process.exit(code ?? 128 + (signal === "SIGINT" ? 2 : 15));
      resolve();
    });
  });
}

function newestMtime(entries) {
  let newest = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) {
      for (const e of readdirSync(p)) if (e !== "generated" && e !== "node_modules") walk(path.join(p, e));
    } else if (!/\.test\.tsx?$/.test(p)) newest = Math.max(newest, s.mtimeMs); // unit tests are not built
  };
  entries.forEach(walk);
  return newest;
}

/** Resolves when /api/health answers 200 (the database is open and reachable); false if the server exited first. */
async function healthy(server) {
  for (let wait = 250; server.exitCode === null && server.signalCode === null; wait = Math.min(wait * 2, 2000)) {
    try {
      const res = await fetch(`${localUrl}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return true;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, wait));
  }
  return false;
}

console.log("• Preparing the database…");
await run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/db-setup.ts"]);

if (dev) {
  await run(process.execPath, [nextBin, "dev", "-p", port, "-H", host]);
} else {
  const buildId = path.join(distDir, "BUILD_ID");
  const sources = ["app", "components", "lib", "content", "public", "next.config.mjs", "package-lock.json", "proxy.ts", "instrumentation.ts", "instrumentation-client.ts"];
  if (!existsSync(buildId) || newestMtime(sources) > statSync(buildId).mtimeMs) {
    console.log("• Building the app (first start or changed sources)…");
    await run(process.execPath, [nextBin, "build"]);
  }
  console.log(`• Starting Quorum on http://${host}:${port}`);
  const server = (current = spawn(process.execPath, [nextBin, "start", "-p", port, "-H", host], { stdio: "inherit", env }));
  server.on("exit", (code, signal) => process.exit(code ?? 128 + (signal === "SIGINT" ? 2 : 15)));
  // "Running" only once the server answers with its database open: the embedded database's lock is
  // taken while the server starts, so a second instance on the same folder has already refused.
  if (await healthy(server)) {
    console.log(
      `\n✓ Quorum is running at ${env.PUBLIC_URL ?? localUrl}\n` +
        "  Demo accounts (password = <role>-demo-pass): learner@quorum.test, mentor@quorum.test, author@quorum.test, admin@quorum.test\n",
    );
  }
}
