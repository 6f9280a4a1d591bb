#!/usr/bin/env node
// npm start: prepares the database (migrations, demo users, content), builds the app when the
// sources changed since the last build, and serves it. Works on a fresh clone with nothing but Node.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const dev = process.argv.includes("--dev");
if (existsSync(".env")) process.loadEnvFile(".env");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const port = env.PORT ?? "3000";
const host = env.HOST ?? "127.0.0.1";

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

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function newestMtime(entries) {
  let newest = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) {
      for (const e of readdirSync(p)) if (e !== "generated" && e !== "node_modules") walk(path.join(p, e));
    } else newest = Math.max(newest, s.mtimeMs);
  };
  entries.forEach(walk);
  return newest;
}

console.log("• Preparing the database…");
run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/db-setup.ts"]);

if (dev) {
  run("npx", ["next", "dev", "-p", port, "-H", host]);
} else {
  const buildId = path.join(".next", "BUILD_ID");
  const sources = ["app", "components", "lib", "content", "public", "next.config.mjs", "package-lock.json"];
  if (!existsSync(buildId) || newestMtime(sources) > statSync(buildId).mtimeMs) {
    console.log("• Building the app (first start or changed sources)…");
    run("npx", ["next", "build"]);
  }
  console.log(`• Starting Quorum on http://${host}:${port}`);
  const server = spawn("npx", ["next", "start", "-p", port, "-H", host], { stdio: ["inherit", "pipe", "inherit"], env });
  let announced = false;
  server.stdout.on("data", (chunk) => {
    process.stdout.write(chunk);
    if (!announced && /Ready|started server/i.test(String(chunk))) {
      announced = true;
      console.log(`\n✓ Quorum is running at http://${host}:${port}\n  Demo accounts (password = <role>-demo-pass): learner@quorum.test, mentor@quorum.test, author@quorum.test, admin@quorum.test\n`);
    }
  });
  for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.kill(sig));
  server.on("exit", (code) => process.exit(code ?? 0));
}
