/**
 * Linearizability checker benchmark: the published histories in tests/lincheck/fixtures (Jepsen etcd
 * logs, Knossos key-value histories up to 2,024 operations) and synthetic histories of a few thousand
 * operations, in Node; with `--browser URL`, the same fixtures through the page's Web Worker at
 * URL/tools/linearizability in Debian's Chromium (start the app first, e.g. `npm start`).
 *
 *   npm run bench:lincheck
 *   npm run bench:lincheck -- --browser http://127.0.0.1:3000
 *
 * Times are wall-clock milliseconds for the check alone (parsing excluded), median of several runs.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { checkHistory } from "../lib/lincheck/checker";
import { parseHistory } from "../lib/lincheck/parse";
import type { History, Operation, RegisterOperation } from "../lib/lincheck/types";
import { Rng } from "../lib/sim/random";
import { loadAverage, machine } from "./support/stats";

const FIXTURES = path.join(__dirname, "..", "tests", "lincheck", "fixtures");
const published = JSON.parse(readFileSync(path.join(FIXTURES, "verdicts.json"), "utf8")) as Record<string, { linearizable: boolean }>;
const RUNS = 5;
/** The product's budget; the benchmark reports a history that needs more as "unknown". */
const BUDGET_MS = 10_000;

interface Row {
  name: string;
  operations: number;
  keys: number;
  expected: string;
  verdict: string;
  /** Null where not measured (the browser reports time only). */
  steps: number | null;
  median: number;
  max: number;
  /** Browser only: click to rendered report (worker start, parsing, check, explanation, drawing). */
  wall?: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function measure(name: string, history: History, expected: string): Row {
  checkHistory(history, { timeLimitMs: BUDGET_MS }); // warm-up
  const times: number[] = [];
  let last = checkHistory(history, { timeLimitMs: BUDGET_MS });
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    last = checkHistory(history, { timeLimitMs: BUDGET_MS });
    times.push(performance.now() - start);
  }
  return {
    name,
    operations: history.operations.length,
    keys: new Set(history.operations.map((o) => o.key)).size,
    expected,
    verdict: last.verdict,
    steps: last.steps,
    median: median(times),
    max: Math.max(...times),
  };
}

/**
 * A history from an atomic register store: each client runs operations one after another, each takes
 * effect at a random moment inside its interval, so the history is linearizable. A client that
 * "crashes" leaves a write that never returned (taking effect or not) and continues under a new id,
 * as Jepsen does.
 */
function synthetic(seed: number, operations: number, clients: number, keys: number, crashRate: number): History {
  const rng = new Rng(seed);
  const ops: (RegisterOperation & { moment: number; applies: boolean })[] = [];
  const clock = Array.from({ length: clients }, () => rng.uniform(0, 5));
  const ids = Array.from({ length: clients }, (_, i) => i);
  let nextClient = clients;
  for (let n = 0; n < operations; n++) {
    const c = rng.int(0, clients - 1);
    const call = clock[c];
    const ret = call + rng.uniform(1, 12);
    const moment = rng.uniform(call, ret);
    const key = `k${rng.int(1, keys)}`;
    const crashed = rng.chance(crashRate);
    const base = { id: n, client: ids[c], key, call, ret: crashed ? Infinity : ret, moment, applies: !crashed || rng.chance(0.5) };
    ops.push(rng.chance(0.5) ? { ...base, f: "write", value: n } : { ...base, f: "read", value: null });
    if (crashed) ids[c] = nextClient++;
    clock[c] = ret + rng.uniform(0, 3);
  }
  const store = new Map<string, number | null>();
  for (const op of [...ops].sort((a, b) => a.moment - b.moment)) {
    if (op.f === "write" && op.applies) store.set(op.key, op.value as number);
    else if (op.f === "read") op.value = op.ret === Infinity ? undefined : (store.get(op.key) ?? null);
  }
  const operations_: Operation[] = ops.map(({ moment: _m, applies: _a, ...o }) => o);
  return { model: "register", timeUnit: "ms", operations: operations_ };
}

function printRows(rows: Row[]): void {
  const browser = rows.some((r) => r.wall !== undefined);
  const header = ["history", "ops", "keys", "published", "verdict", browser ? "click→report ms" : "steps", "median ms", "max ms"];
  const cells = rows.map((r) => [
    r.name,
    String(r.operations),
    String(r.keys),
    r.expected,
    r.verdict,
    browser ? (r.wall ?? 0).toFixed(0) : (r.steps ?? 0).toLocaleString("en"),
    r.median.toFixed(1),
    r.max.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => (i === 0 || i === 3 || i === 4 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const c of cells) console.log(line(c));
}

function verdictWord(linearizable: boolean): string {
  return linearizable ? "linearizable" : "not-linearizable";
}

async function inBrowser(baseUrl: string): Promise<void> {
  const { launchBrowser } = await import("../tests/e2e/support/browser");
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${baseUrl}/tools/linearizability`);
  const rows: Row[] = [];
  for (const [file, { linearizable }] of Object.entries(published)) {
    const times: number[] = [];
    const walls: number[] = [];
    let verdict = "";
    const text = readFileSync(path.join(FIXTURES, file), "utf8");
    await page.locator('input[type="file"]').setInputFiles(path.join(FIXTURES, file));
    await page.waitForFunction((n) => (document.querySelector("#lc-history") as HTMLTextAreaElement).value.length === n, text.length);
    for (let i = 0; i < 3; i++) {
      const results = page.locator("section.lc-results");
      const previous = Number((await results.getAttribute("data-run")) ?? 0);
      const clicked = performance.now();
      await page.getByRole("button", { name: "Check", exact: true }).click();
      const report = page.locator(`section.lc-results[data-run="${previous + 1}"] [data-testid="lincheck-report"]`);
      await report.waitFor({ timeout: 120_000 });
      walls.push(performance.now() - clicked);
      times.push(Number(await report.getAttribute("data-check-ms")));
      verdict = (await report.getAttribute("data-verdict")) ?? "";
    }
    const history = parseHistory(text).history;
    rows.push({
      name: file,
      operations: history.operations.length,
      keys: new Set(history.operations.map((o) => o.key)).size,
      expected: verdictWord(linearizable),
      verdict,
      steps: null,
      median: median(times),
      max: Math.max(...times),
      wall: median(walls),
    });
  }
  const version = browser.version();
  await browser.close();
  console.log(`\nIn the browser: Chromium ${version}, each check in a fresh Web Worker, median of 3 (median/max ms: the check inside the worker)\n`);
  printRows(rows);
}

async function main(): Promise<void> {
  console.log(`Linearizability checker benchmark — ${machine()}; load average ${loadAverage()}`);
  console.log(`Node: median of ${RUNS} runs after a warm-up, budget ${BUDGET_MS / 1000} s\n`);
  const rows: Row[] = [];
  for (const [file, { linearizable }] of Object.entries(published)) {
    const { history } = parseHistory(readFileSync(path.join(FIXTURES, file), "utf8"));
    rows.push(measure(file, history, verdictWord(linearizable)));
  }
  rows.push(measure("synthetic: 5,000 ops, 50 clients, 10 keys, 2% crash", synthetic(1, 5000, 50, 10, 0.02), "linearizable"));
  rows.push(measure("synthetic: 2,000 ops, 10 clients, 1 key, 2% crash", synthetic(2, 2000, 10, 1, 0.02), "linearizable"));
  printRows(rows);
  const wrong = rows.filter((r) => r.verdict !== r.expected);
  if (wrong.length > 0) {
    console.log(`\n✗ ${wrong.length} verdicts differ from the published ones: ${wrong.map((r) => r.name).join(", ")}`);
    process.exitCode = 1;
  }
  const browserAt = process.argv.indexOf("--browser");
  if (browserAt !== -1) await inBrowser(process.argv[browserAt + 1] ?? "http://127.0.0.1:3000");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
