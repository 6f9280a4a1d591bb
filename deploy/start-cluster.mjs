#!/usr/bin/env node
// Starts Quorum as several instances behind nginx, all on one PostgreSQL database
// (docs/decisions/070-scale-out-behind-nginx.md):
//
//   npm run build
//   DATABASE_URL=postgresql://… AUTH_SECRET=… node deploy/start-cluster.mjs [--instances 2] [--port 8080]
//
// 1. starts the instances at once (`next start`, ports 3001, 3002, …) and waits until each answers
//    /api/health: each applies pending migrations before its first query, under PostgreSQL's
//    advisory lock, so exactly one applies each migration and the others find it applied;
// 2. syncs content/ into the database once (scripts/db-setup.ts);
// 3. starts nginx in the foreground with deploy/nginx.conf, its ports rewritten to these, its pid,
//    logs and temporary files in the prefix folder (.nginx/ by default).
// Every instance gets TRUST_PROXY=1: nginx is the one proxy in front of it. Ctrl-C or SIGTERM stops
// nginx and the instances; if any of them exits, the others are stopped and the script fails.
//
// Options: --instances N (2), --port P (8080: nginx), --first-instance-port P (3001),
// --prefix DIR (.nginx), --nginx PATH (/usr/sbin/nginx, else nginx on PATH).
// QUORUM_INSTANCE_HEADER=1 makes nginx name the instance that answered in an X-Quorum-Instance
// response header (for tests; it reveals internal addresses, so never in production).
// The build folder is NEXT_DIST_DIR (default .next), as for `next start`.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const { values: opts } = parseArgs({
  options: {
    instances: { type: "string", default: "2" },
    port: { type: "string", default: "8080" },
    "first-instance-port": { type: "string", default: "3001" },
    prefix: { type: "string", default: ".nginx" },
    nginx: { type: "string" },
  },
});

function fail(message) {
  console.error(`✗ ${message}`);
  process.exit(1);
}

const instances = Number(opts.instances);
const port = Number(opts.port);
const firstPort = Number(opts["first-instance-port"]);
if (!Number.isInteger(instances) || instances < 1) fail("--instances must be a whole number ≥ 1");
if (!Number.isInteger(port) || !Number.isInteger(firstPort)) fail("--port and --first-instance-port must be port numbers");
if (!process.env.DATABASE_URL) fail("DATABASE_URL is not set: several instances share one PostgreSQL database (the embedded one serves a single process).");
if (!process.env.AUTH_SECRET) fail("AUTH_SECRET is not set: every instance must sign and check sessions with the same secret.");
const distDir = process.env.NEXT_DIST_DIR || ".next";
if (!existsSync(path.join(root, distDir, "BUILD_ID"))) fail(`No production build in ${distDir}/: run npm run build first.`);
const nginxBin = opts.nginx ?? (existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx");
if (spawnSync(nginxBin, ["-v"], { stdio: "ignore" }).error) fail(`nginx not found (${nginxBin}). On Debian: apt-get install -y nginx`);

const instancePorts = Array.from({ length: instances }, (_, i) => firstPort + i);
const env = {
  ...process.env,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  NEXT_DIST_DIR: distDir,
  // One proxy (nginx) in front of every instance: the client address is the last X-Forwarded-For entry.
  TRUST_PROXY: process.env.TRUST_PROXY ?? "1",
};

/** deploy/nginx.conf with this cluster's ports (and the instance header when asked for). */
function nginxConfig() {
  let conf = readFileSync(path.join(root, "deploy", "nginx.conf"), "utf8");
  const upstream = /upstream quorum \{([\s\S]*?)\}/.exec(conf);
  if (!upstream) fail("deploy/nginx.conf has no `upstream quorum { … }` block");
  const servers = instancePorts.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=10s;`).join("\n");
  const body = upstream[1].replace(/^\s*server 127\.0\.0\.1:\d+[^\n]*\n/gm, "").replace(/^(\s*keepalive)/m, `${servers}\n$1`);
  conf = conf.replace(upstream[0], `upstream quorum {${body}}`).replace(/listen 127\.0\.0\.1:\d+;/, `listen 127.0.0.1:${port};`);
  if (process.env.QUORUM_INSTANCE_HEADER === "1") {
    conf = conf.replace(/^(\s*)# instance header:[^\n]*$/m, "$1add_header X-Quorum-Instance $upstream_addr always;");
  }
  return conf;
}

const children = new Map(); // name → ChildProcess
let stopping = false;

function start(name, command, args, childEnv) {
  const child = spawn(command, args, { cwd: root, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  const tag = (stream, out) => {
    let rest = "";
    stream.on("data", (chunk) => {
      const lines = (rest + chunk).split("\n");
      rest = lines.pop();
      for (const line of lines) out.write(`[${name}] ${line}\n`);
    });
  };
  tag(child.stdout, process.stdout);
  tag(child.stderr, process.stderr);
  children.set(name, child);
  child.on("exit", (code, signal) => {
    children.delete(name);
    if (!stopping) {
      console.error(`✗ ${name} exited (${signal ?? `code ${code}`}); stopping the cluster`);
      stop(1);
    } else if (children.size === 0) process.exit(process.exitCode ?? 0);
  });
  return child;
}

function stop(code) {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  if (children.size === 0) process.exit(code);
  // nginx first, so that no new request reaches an instance that is going away.
  children.get("nginx")?.kill("SIGTERM");
  for (const [name, child] of children) if (name !== "nginx") child.kill("SIGTERM");
  setTimeout(() => {
    for (const child of children.values()) child.kill("SIGKILL");
  }, 10_000).unref();
}

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => stop(0));

async function answering(url, name, ms = 120_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (stopping) throw new Error("stopped");
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} did not answer ${url} within ${ms / 1000} s`);
}

async function main() {
  const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  instancePorts.forEach((p, i) => start(`instance ${i + 1}`, process.execPath, [nextBin, "start", "-p", String(p), "-H", "127.0.0.1"], env));
  // Each instance's first query applies pending migrations (one at a time, under the advisory lock).
  await Promise.all(instancePorts.map((p, i) => answering(`http://127.0.0.1:${p}/api/health`, `instance ${i + 1}`)));

  console.log("• syncing content into the database…");
  const setup = spawnSync(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/db-setup.ts"], { cwd: root, env, stdio: "inherit" });
  if (setup.status !== 0) throw new Error("database setup (content sync) failed");

  const prefix = path.resolve(opts.prefix);
  for (const dir of ["logs", "tmp"]) mkdirSync(path.join(prefix, dir), { recursive: true });
  const conf = path.join(prefix, "nginx.conf");
  writeFileSync(conf, nginxConfig());
  start("nginx", nginxBin, ["-p", prefix, "-c", conf, "-e", "logs/error.log", "-g", "daemon off;"], process.env);
  await answering(`http://127.0.0.1:${port}/api/health`, "nginx");

  const list = instancePorts.map((p) => `http://127.0.0.1:${p}`).join(", ");
  const shown = path.relative(root, prefix).startsWith("..") ? prefix : path.relative(root, prefix) || ".";
  console.log(`✓ Quorum is running at http://127.0.0.1:${port} (nginx in ${shown}/; instances: ${list})`);
}

main().catch((err) => {
  if (stopping) return;
  console.error(`✗ ${err instanceof Error ? err.message : err}`);
  stop(1);
});
