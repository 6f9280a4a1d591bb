// The production app for tests and benchmarks that talk to it over HTTP: the browser tests
// (tests/e2e), the process tests (tests/ops) and bench/http.ts. They share one build folder,
// rebuilt only when a source is newer than it; a lock folder keeps processes running in parallel
// from building it twice at once. Also the pieces a cluster needs (bench, scale-out test): fresh
// PostgreSQL databases, consecutive ports, plain processes with their output.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import pg from "pg";

/** The build folder (E2E_DIST_DIR lets parallel runs build into separate folders). */
export const DIST_DIR = process.env.E2E_DIST_DIR ?? ".next-e2e";
const SOURCES = ["app", "components", "lib", "content", "public", "next.config.mjs", "package-lock.json", "proxy.ts", "instrumentation.ts", "instrumentation-client.ts"];
export const NEXT_BIN = path.join("node_modules", "next", "dist", "bin", "next");

function newestMtime(paths: string[]): number {
  let newest = 0;
  const walk = (p: string) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const e of readdirSync(p)) if (e !== "node_modules" && e !== "generated") walk(path.join(p, e));
    } else if (!/\.test\.tsx?$/.test(p)) newest = Math.max(newest, st.mtimeMs); // unit tests are not built
  };
  paths.forEach(walk);
  return newest;
}

export function buildIsCurrent(distDir = DIST_DIR): boolean {
  const buildId = path.join(distDir, "BUILD_ID");
  return existsSync(buildId) && newestMtime(SOURCES) <= statSync(buildId).mtimeMs;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The environment the app is built and served with: production, the shared build folder, no database chosen yet. */
export function appEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_DIST_DIR: DIST_DIR,
    AUTH_SECRET: `test-${randomBytes(16).toString("hex")}`,
    PASSWORD_HASH_COST: "12",
    NODE_ENV: "production",
  };
  delete env.DATABASE_URL;
  delete env.QUORUM_DATA_DIR;
  delete env.PUBLIC_URL;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Builds the app into `distDir` (default DIST_DIR) unless a build newer than every source is there. */
export async function ensureBuild(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`), distDir = DIST_DIR): Promise<void> {
  if (buildIsCurrent(distDir)) return;
  const lock = `${distDir}.lock`;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, "pid"), String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      let holder = 0;
      try {
        holder = Number(readFileSync(path.join(lock, "pid"), "utf8"));
      } catch {
        /* being written */
      }
      if (holder > 0 && !alive(holder)) rmSync(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    if (buildIsCurrent(distDir)) return; // another process built it while we waited
    log(`[app] building the app into ${distDir}…`);
    const started = Date.now();
    // next build adds the build folder's type paths to tsconfig.json; a test run should not edit the project.
    const tsconfig = readFileSync("tsconfig.json", "utf8");
    const build = spawnSync(process.execPath, [NEXT_BIN, "build"], { env: { ...appEnv(), NEXT_DIST_DIR: distDir }, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (readFileSync("tsconfig.json", "utf8") !== tsconfig) writeFileSync("tsconfig.json", tsconfig);
    if (build.status !== 0) throw new Error(`next build failed:\n${build.stdout}\n${build.stderr}`);
    log(`[app] built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Migrations, demo users and content, as `npm start` prepares them. */
export function prepareDatabase(env: NodeJS.ProcessEnv): void {
  const setup = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/db-setup.ts", "--demo"], { env, encoding: "utf8" });
  if (setup.status !== 0) throw new Error(`Database setup failed:\n${setup.stdout}\n${setup.stderr}`);
}

/** A child process whose output is kept, for assertions and for failure messages. */
export interface Spawned {
  child: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or 128 + signal) once the process has exited. */
  exited: Promise<number>;
}

/** Spawns in a process group of its own (its pid is the group id), so every descendant can be found and stopped. */
export function spawnGroup(command: string, args: string[], env: NodeJS.ProcessEnv): Spawned {
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let text = "";
  child.stdout?.on("data", (c: Buffer) => (text += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (text += c.toString()));
  const exited = new Promise<number>((resolve) => {
    child.on("exit", (code, signal) => resolve(code ?? 128 + (signal === "SIGKILL" ? 9 : signal === "SIGINT" ? 2 : 15)));
  });
  return { child, output: () => text, exited };
}

/** Live processes of a process group, from /proc (Linux). */
export function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // pid (comm) state ppid pgrp …; comm may hold spaces and parentheses, so split after the last ")".
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (fields[0] !== "Z" && Number(fields[2]) === pgid) members.push(Number(entry));
    } catch {
      /* exited meanwhile */
    }
  }
  return members;
}

/** Kills whatever is left of a process group (test clean-up). */
export function killGroup(pgid: number | undefined): void {
  if (!pgid) return;
  try {
    process.kill(-pgid, "SIGKILL");
  } catch {
    /* already gone */
  }
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, ms = 60_000, every = 200): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** Waits until /api/health answers 200; fails early if the process exits. */
export async function waitForHealth(url: string, proc: Pick<Spawned, "child" | "output">, ms = 90_000): Promise<void> {
  await waitFor(
    `${url}/api/health`,
    async () => {
      if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
        throw new Error(`The app exited during start-up (${proc.child.exitCode ?? proc.child.signalCode}):\n${proc.output()}`);
      }
      try {
        return (await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(3000) })).ok;
      } catch {
        return false;
      }
    },
    ms,
    300,
  );
}

/** Waits until the server answers HTTP at all (any status); fails early if the process exits. */
export async function waitForListening(url: string, proc: Pick<Spawned, "child" | "output">, ms = 90_000): Promise<void> {
  await waitFor(
    `${url} to answer`,
    async () => {
      if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
        throw new Error(`The app exited during start-up (${proc.child.exitCode ?? proc.child.signalCode}):\n${proc.output()}`);
      }
      try {
        await fetch(`${url}/api/search`, { signal: AbortSignal.timeout(3000) });
        return true;
      } catch {
        return false;
      }
    },
    ms,
    300,
  );
}

export type RunningApp = Spawned & { url: string; port: number };

/**
 * `next start` on a free port (the build must exist), in a process group of its own. Waits until it
 * is healthy, or with `ready: "listening"` only until it answers (for a database that is down).
 */
export async function startApp(env: NodeJS.ProcessEnv, options: { port?: number; ready?: "healthy" | "listening"; startupMs?: number } = {}): Promise<RunningApp> {
  const p = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${p}`;
  const app = spawnGroup(process.execPath, [NEXT_BIN, "start", "-p", String(p), "-H", "127.0.0.1"], { ...env, PUBLIC_URL: env.PUBLIC_URL ?? url });
  try {
    if (options.ready === "listening") await waitForListening(url, app, options.startupMs);
    else await waitForHealth(url, app, options.startupMs);
  } catch (err) {
    // A server that did not come up in time is still running: stop it, or it outlives the test run.
    await stopApp(app);
    throw err;
  }
  return { ...app, url, port: p };
}

/** Stops a server with SIGTERM (SIGKILL after `ms`) and waits until its whole process group is gone. */
export async function stopApp(app: Pick<Spawned, "child">, ms = 15_000): Promise<void> {
  const pgid = app.child.pid;
  if (!pgid) return;
  try {
    process.kill(-pgid, "SIGTERM");
  } catch {
    return; // already gone
  }
  await waitFor("the app to stop", () => groupMembers(pgid).length === 0, ms).catch(() => killGroup(pgid));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

export async function consecutiveFreePorts(count: number): Promise<number> {
  for (;;) {
    const first = await freePort();
    if (first + count > 65_535) continue;
    let free = true;
    for (let p = first + 1; p < first + count && free; p++) free = await portIsFree(p);
    if (free) return first;
  }
}

/** Polls `url` until it answers 200; fails early when `exited()` says the server is gone. */
export async function waitUntilAnswering(url: string, exited: () => string | null, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const gone = exited();
    if (gone) throw new Error(`${gone} before ${url} answered`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(250);
  }
  throw new Error(`${url} did not answer within ${ms / 1000} s`);
}

/** Whether a PostgreSQL server answers at `url`; the reason when it does not. */
export async function postgresProblem(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** A new, empty database on the server of `adminUrl`; drop() removes it (connections and all). */
export async function createEmptyDatabase(adminUrl: string, prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** Prepares a database as `npm start` does: migrations, content, and (`--demo`) the demo accounts. */
export function setUpDatabase(env: NodeJS.ProcessEnv, args: string[] = []): void {
  const setup = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/db-setup.ts", ...args], { env, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  if (setup.status !== 0) throw new Error(`Database setup failed:\n${setup.stdout}${setup.stderr}`);
}

export interface RunningProcess {
  process: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Why it is gone ("exited with code 1"), or null while it runs. */
  exited(): string | null;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Spawns a long-running process whose output is kept (and echoed when `echo` is set). */
export function runProcess(command: string, args: string[], env: NodeJS.ProcessEnv, echo?: (chunk: string) => void): RunningProcess {
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let gone: string | null = null;
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    echo?.(text);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const done = new Promise<void>((resolve) => {
    child.on("exit", (code, signal) => {
      gone = signal ? `exited on ${signal}` : `exited with code ${code}`;
      resolve();
    });
  });
  return {
    process: child,
    output: () => output,
    exited: () => gone,
    async stop(graceMs = 10_000) {
      if (gone) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await done;
      clearTimeout(timer);
    },
  };
}

/** `next start` of the build in `distDir` on 127.0.0.1:`port`, with `env` on top of this process's. */
export function startNext(distDir: string, port: number, env: NodeJS.ProcessEnv, echo?: (chunk: string) => void, nodeArgs: readonly string[] = []): RunningProcess {
  const serverEnv: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env, NODE_ENV: "production" as const, NEXT_DIST_DIR: distDir };
  return runProcess(process.execPath, [...nodeArgs, NEXT_BIN, "start", "-p", String(port), "-H", "127.0.0.1"], serverEnv, echo);
}
