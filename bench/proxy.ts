/**
 * What the HTTP edge (proxy.ts) adds to each request (docs/decisions/041).
 *  1. In process: the proxy function alone, per kind of request (the NextRequest it receives is
 *     built outside the timed part: Next.js builds it anyway).
 *  2. With `-- --compare <distDir>[,<distDir>…]`: end to end against the production build, requests
 *     alternating between this build and other builds of the app (for example the commit before the
 *     proxy, or one whose proxy.ts only returns NextResponse.next(), each built with
 *     NEXT_DIST_DIR=<distDir>), so all see the same machine load. Wall-clock latency on a shared
 *     machine is noisy; the servers' CPU time per request (from /proc) is the steadier figure.
 * Run with `npm run bench:proxy`. Builds the app into the shared test build folder if needed.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { appEnv, DIST_DIR, ensureBuild, freePort, groupMembers, NEXT_BIN, prepareDatabase, spawnGroup, stopApp, waitForHealth } from "../tests/support/app-server";
import { readManifest } from "../tests/support/server-actions";
import { machine } from "./support/stats";

const IN_PROCESS_RUNS = 20_000;
const HTTP_RUNS = 1_000;
const HTTP_WARMUP = 200;
/** Linux's USER_HZ, the unit of utime and stime in /proc/<pid>/stat. */
const CLOCK_TICKS = 100;

interface Kind {
  name: string;
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

function kinds(rateActionId: string): Kind[] {
  return [
    { name: "GET lesson (prerendered: hash policy)", method: "GET", path: "/learn/replication/leader-follower-replication" },
    { name: "GET /signin (per request: nonce policy)", method: "GET", path: "/signin" },
    { name: "GET /api/search (route)", method: "GET", path: "/api/search" },
    { name: "POST quiz answer (JSON route, 200 B)", method: "POST", path: "/api/quiz/q/answers", headers: { "content-type": "application/json" }, body: JSON.stringify({ itemId: "item-1", answer: "opt-2", clientSubmissionId: "bench-0001-abcdef" }) },
    {
      name: "POST rating (server action, 150 B)",
      method: "POST",
      path: "/review",
      headers: { "next-action": rateActionId, accept: "text/x-component", "content-type": "text/plain;charset=UTF-8" },
      body: JSON.stringify([{ cardId: "card-1", rating: 3, answer: null, durationMs: 4000, clientSubmissionId: "card-1:4" }]),
    },
  ];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function inProcess(list: Kind[]) {
  process.env.NEXT_DIST_DIR = DIST_DIR;
  const { NextRequest } = await import("next/server");
  const { proxy } = await import("../proxy");
  const make = (k: Kind) => new NextRequest(`http://127.0.0.1:3000${k.path}`, { method: k.method, headers: { host: "127.0.0.1:3000", "content-length": String(k.body?.length ?? 0), ...k.headers }, body: k.body });
  console.log(`\nIn process: the proxy function, ${IN_PROCESS_RUNS} calls per kind (µs per call)`);
  console.log("| request | p50 | mean |");
  console.log("|---|---|---|");
  for (const k of list) {
    for (let i = 0; i < 2000; i++) await proxy(make(k)); // warm up
    const total: number[] = [];
    for (let i = 0; i < IN_PROCESS_RUNS; i++) {
      const req = make(k);
      const t0 = performance.now();
      await proxy(req);
      total.push(performance.now() - t0);
    }
    console.log(`| ${k.name} | ${(median(total) * 1000).toFixed(1)} | ${(mean(total) * 1000).toFixed(1)} |`);
  }
}

/** CPU time (user + system) used so far by every process of a process group, from /proc (Linux). */
function groupCpuMs(pgid: number): number {
  let ticks = 0;
  for (const pid of groupMembers(pgid)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      /* exited */
    }
  }
  return (ticks * 1000) / CLOCK_TICKS;
}

async function endToEnd(list: Kind[], dists: string[]) {
  const servers: Array<{ dist: string; url: string; pgid: number; rateId: string; stop: () => Promise<void> }> = [];
  const folders: string[] = [];
  try {
    for (const dist of dists) {
      const dataDir = mkdtempSync(path.join(tmpdir(), "quorum-bench-proxy-"));
      folders.push(dataDir);
      const env = appEnv({ QUORUM_DATA_DIR: dataDir, NEXT_DIST_DIR: dist });
      prepareDatabase(env);
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const app = spawnGroup(process.execPath, [NEXT_BIN, "start", "-p", String(port), "-H", "127.0.0.1"], env);
      await waitForHealth(url, app);
      // Action ids are hashes of each build.
      const rateId = readManifest(dist).find((a) => a.file === "app/review/actions.ts" && a.name === "rateAction")?.id ?? "";
      servers.push({ dist, url, pgid: app.child.pid ?? 0, rateId, stop: () => stopApp(app) });
    }
    console.log(`\nEnd to end: ${HTTP_RUNS} requests per kind and build, builds alternating (server CPU ms per request; p50 latency ms)`);
    console.log(`| request | ${dists.map((d) => `${d} CPU | ${d} p50`).join(" | ")} |`);
    console.log(`|---|${dists.map(() => "---|---").join("|")}|`);
    for (const k of list) {
      const samples: number[][] = servers.map(() => []);
      let cpuStart: number[] = [];
      for (let i = 0; i < HTTP_WARMUP + HTTP_RUNS; i++) {
        if (i === HTTP_WARMUP) cpuStart = servers.map((s) => groupCpuMs(s.pgid));
        for (const [s, server] of servers.entries()) {
          const headers = k.headers?.["next-action"] ? { ...k.headers, "next-action": server.rateId } : k.headers;
          const t0 = performance.now();
          const res = await fetch(`${server.url}${k.path}`, { method: k.method, headers, body: k.body });
          await res.arrayBuffer();
          if (i >= HTTP_WARMUP) samples[s].push(performance.now() - t0);
        }
      }
      const cpu = servers.map((s, i) => (groupCpuMs(s.pgid) - cpuStart[i]) / HTTP_RUNS);
      console.log(`| ${k.name} | ${servers.map((_, i) => `${cpu[i].toFixed(2)} | ${median(samples[i]).toFixed(2)}`).join(" | ")} |`);
    }
  } finally {
    for (const s of servers) await s.stop();
    for (const f of folders) rmSync(f, { recursive: true, force: true });
  }
}

async function main() {
  await ensureBuild();
  console.log(machine());
  const rate = readManifest().find((a) => a.file === "app/review/actions.ts" && a.name === "rateAction");
  if (!rate) throw new Error("rateAction is not in the build");
  const list = kinds(rate.id);
  await inProcess(list);
  const at = process.argv.indexOf("--compare");
  if (at > 0 && process.argv[at + 1]) await endToEnd(list, [DIST_DIR, ...process.argv[at + 1].split(",")]);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
