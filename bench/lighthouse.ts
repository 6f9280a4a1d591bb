/**
 * Lighthouse on the pages the performance goal names: the three longest lessons (by the length of
 * their rendered text) and the practice page (signed in as a new learner). Each page is measured
 * `--runs` times (default 3, one after another) with Lighthouse's default mobile profile; the table
 * shows the medians, and the first-load JavaScript of each page: the scripts its HTML loads (module
 * scripts only: modern browsers skip the `nomodule` polyfills), as the server sends them gzipped.
 *
 *   npm run bench:lighthouse                                # starts the production build in NEXT_DIST_DIR (default .next)
 *   npm run bench:lighthouse -- --url http://127.0.0.1:3000  # measures a server that is already running
 *   npm run bench:lighthouse -- --runs 5 --pages /learn/caching/cache-patterns,/review
 *
 * It builds nothing: run `npm run build` first (or give --url). Lighthouse is not a dependency of the
 * project; the script runs LIGHTHOUSE_BIN, else `lighthouse` on PATH, with Chromium at CHROME_PATH
 * (default /usr/bin/chromium). Raw reports go to bench/results/lighthouse-<time>/.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import { gzipSync } from "node:zlib";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadContent } from "@/lib/content/loader";
import { appEnv, prepareDatabase, startApp, stopApp, type RunningApp } from "@/tests/support/app-server";
import { readManifest, signUpOverHttp } from "@/tests/support/server-actions";

const { values: args } = parseArgs({
  options: {
    url: { type: "string" },
    runs: { type: "string", default: "3" },
    pages: { type: "string" },
    dist: { type: "string", default: process.env.NEXT_DIST_DIR || ".next" },
  },
});
const RUNS = Math.max(1, Number(args.runs) || 3);
const DIST = args.dist ?? ".next";
const CHROME = process.env.CHROME_PATH ?? "/usr/bin/chromium";
const CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run";

function findLighthouse(): string {
  const candidates = process.env.LIGHTHOUSE_BIN ? [process.env.LIGHTHOUSE_BIN] : (process.env.PATH ?? "").split(path.delimiter).map((dir) => path.join(dir, "lighthouse"));
  const found = candidates.find((c) => c && existsSync(c));
  if (found) return found;
  console.error(
    "✗ Lighthouse was not found (LIGHTHOUSE_BIN, or `lighthouse` on PATH). It is not a project dependency; install it outside the project:\n" +
      "    mkdir -p ~/tools/lh && cd ~/tools/lh && npm init -y >/dev/null && npm i lighthouse@13.5\n" +
      "  then run with LIGHTHOUSE_BIN=~/tools/lh/node_modules/.bin/lighthouse",
  );
  process.exit(1);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Visible text of the page's <article>: what "the longest lesson" means here. */
function articleTextLength(html: string): number {
  const article = /<article[\s\S]*?<\/article>/.exec(html)?.[0] ?? "";
  return article.replace(/<script[\s\S]*?<\/script>/g, "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim().length;
}

async function longestLessons(base: string, count: number): Promise<Array<{ path: string; chars: number }>> {
  const { lessons } = await loadContent();
  const sized = [];
  for (const l of lessons) {
    const pathname = `/learn/${l.family}/${l.slug}`;
    const res = await get(new URL(pathname, base));
    if (res.status !== 200) throw new Error(`${pathname}: HTTP ${res.status}`);
    sized.push({ path: pathname, chars: articleTextLength(res.body.toString("utf8")) });
  }
  return sized.sort((a, b) => b.chars - a.chars).slice(0, count);
}

/** First-load JavaScript: each module script the HTML loads, gzipped as the server sends it. */
async function firstLoadJs(base: string, pathname: string, cookie?: string): Promise<{ bytes: number; scripts: number }> {
  const html = (await get(new URL(pathname, base), cookie ? { cookie } : {})).body.toString("utf8");
  const sources = new Set<string>();
  for (const tag of html.match(/<script\b[^>]*\bsrc="[^"]+"[^>]*>/g) ?? []) {
    if (/\bnomodule\b/i.test(tag)) continue;
    sources.add(/\bsrc="([^"]+)"/.exec(tag)![1].replace(/&amp;/g, "&"));
  }
  let bytes = 0;
  for (const src of sources) {
    // Counted as sent with `Accept-Encoding: gzip` (gzipped here if the server did not).
    const res = await get(new URL(src, base), { "accept-encoding": "gzip" });
    bytes += res.encoding === "gzip" ? res.body.length : gzipSync(res.body).length;
  }
  return { bytes, scripts: sources.size };
}

/**
 * A GET on a connection of its own, body as received (fetch() would decompress it, and reuses
 * connections the server may have closed during a long Lighthouse run).
 */
function get(url: URL, headers: Record<string, string> = {}): Promise<{ status: number; encoding?: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, encoding: res.headers["content-encoding"], body: Buffer.concat(chunks) }));
      })
      .on("error", reject);
  });
}

interface Run {
  performance: number;
  accessibility: number;
  tbt: number;
  lcp: number;
  cls: number;
  mainThread: number;
  scripting: number;
}

/** One Lighthouse run; a run Lighthouse itself reports as failed (e.g. NO_NAVSTART on a busy machine) is tried again, twice at most. */
function lighthouse(bin: string, url: string, out: string, cookie?: string): Run {
  for (let attempt = 1; ; attempt++) {
    try {
      return lighthouseOnce(bin, url, out, cookie);
    } catch (err) {
      if (attempt >= 3) throw err;
      console.error(`\n  (run failed, trying again: ${String(err).split("\n").slice(0, 2).join(" ")})`);
    }
  }
}

function lighthouseOnce(bin: string, url: string, out: string, cookie?: string): Run {
  const argv = [url, `--chrome-flags=${CHROME_FLAGS}`, "--output=json", `--output-path=${out}`, "--quiet", "--only-categories=performance,accessibility"];
  if (cookie) argv.push(`--extra-headers=${JSON.stringify({ Cookie: cookie })}`);
  const r = spawnSync(bin, argv, { env: { ...process.env, CHROME_PATH: CHROME }, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0 || !existsSync(out)) throw new Error(`lighthouse ${url} failed (${r.status}):\n${r.stderr}`);
  const report = JSON.parse(readFileSync(out, "utf8"));
  const a = report.audits;
  if (report.runtimeError) throw new Error(`lighthouse ${url}: ${report.runtimeError.message}`);
  const sum = (items: Array<{ duration?: number; scripting?: number }>, key: "duration" | "scripting") => items.reduce((s, i) => s + (i[key] ?? 0), 0);
  return {
    performance: report.categories.performance.score,
    accessibility: report.categories.accessibility.score,
    tbt: a["total-blocking-time"].numericValue,
    lcp: a["largest-contentful-paint"].numericValue,
    cls: a["cumulative-layout-shift"].numericValue,
    mainThread: sum(a["mainthread-work-breakdown"].details?.items ?? [], "duration"),
    scripting: sum(a["bootup-time"].details?.items ?? [], "scripting"),
  };
}

async function main() {
  const bin = findLighthouse();
  if (!existsSync(CHROME)) {
    console.error(`✗ Chromium not found at ${CHROME} (set CHROME_PATH; on Debian: apt-get install -y chromium)`);
    process.exit(1);
  }
  const [l1, l5, l15] = loadavg();
  console.log(`machine: ${availableParallelism()} cores, load average ${l1.toFixed(2)} ${l5.toFixed(2)} ${l15.toFixed(2)}`);

  let app: RunningApp | undefined;
  let dataDir: string | undefined;
  let base = args.url?.replace(/\/$/, "");
  if (!base) {
    if (!existsSync(path.join(DIST, "BUILD_ID"))) {
      console.error(`✗ No production build in ${DIST}: run \`npm run build\` first (this script builds nothing), or give --url.`);
      process.exit(1);
    }
    dataDir = mkdtempSync(path.join(tmpdir(), "quorum-lighthouse-"));
    const env = appEnv({ NEXT_DIST_DIR: DIST, QUORUM_DATA_DIR: dataDir });
    console.log(`• preparing an embedded database with the demo content in ${dataDir}…`);
    prepareDatabase(env);
    app = await startApp(env);
    base = app.url;
    console.log(`• serving ${DIST} at ${base}`);
  }
  const stop = async () => {
    if (app) await stopApp(app);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  process.once("SIGINT", () => void stop().then(() => process.exit(130)));

  try {
    let pages: Array<{ path: string; note: string; signedIn: boolean }>;
    if (args.pages) {
      pages = args.pages.split(",").map((p) => ({ path: p.trim(), note: "", signedIn: p.trim().startsWith("/practice") || p.trim().startsWith("/review") }));
    } else {
      const longest = await longestLessons(base, 3);
      pages = [...longest.map((l) => ({ path: l.path, note: `${l.chars.toLocaleString("en")} characters`, signedIn: false })), { path: "/practice", note: "signed in", signedIn: true }];
    }
    let cookie: string | undefined;
    if (pages.some((p) => p.signedIn)) {
      const stamp = Date.now().toString(36);
      cookie = await signUpOverHttp(base, readManifest(DIST), { name: "Lighthouse learner", email: `lighthouse-${stamp}@example.com`, password: `measure-${randomBytes(6).toString("hex")}-partition` });
    }

    const outDir = path.join("bench", "results", `lighthouse-${new Date().toISOString().replace(/[:.]/g, "-")}`);
    mkdirSync(outDir, { recursive: true });
    const rows: string[][] = [];
    const raw: Record<string, unknown> = {};
    for (const page of pages) {
      const c = page.signedIn ? cookie : undefined;
      const js = await firstLoadJs(base, page.path, c);
      const runs: Run[] = [];
      for (let i = 0; i < RUNS; i++) {
        const file = path.join(outDir, `${page.path.replace(/^\//, "").replace(/[^a-z0-9]+/gi, "_") || "home"}-${i + 1}.json`);
        runs.push(lighthouse(bin, base + page.path, file, c));
        process.stdout.write(".");
      }
      const m = (k: keyof Run) => median(runs.map((r) => r[k]));
      raw[page.path] = { runs, firstLoadJs: js };
      rows.push([
        page.path + (page.note ? ` (${page.note})` : ""),
        m("performance").toFixed(2),
        runs.map((r) => r.performance.toFixed(2)).join(" "),
        Math.round(m("tbt")).toString(),
        Math.round(m("lcp")).toString(),
        m("cls").toFixed(3),
        m("accessibility").toFixed(2),
        Math.round(m("mainThread")).toString(),
        Math.round(m("scripting")).toString(),
        `${(js.bytes / 1024).toFixed(1)} (${js.scripts})`,
      ]);
    }
    process.stdout.write("\n");
    writeFileSync(path.join(outDir, "summary.json"), JSON.stringify(raw, null, 2));
    const head = ["page", "perf", `runs`, "TBT ms", "LCP ms", "CLS", "a11y", "main thread ms", "script ms", "first-load JS KiB gzip (files)"];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
    console.log(`\nmedians of ${RUNS} runs (Lighthouse default mobile profile: simulated slow 4G, 4× CPU slowdown)`);
    console.log(line(head));
    for (const r of rows) console.log(line(r));
    const [a1, a5] = loadavg();
    console.log(`\nload average now ${a1.toFixed(2)} ${a5.toFixed(2)}; reports in ${outDir}`);
  } finally {
    await stop();
  }
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
