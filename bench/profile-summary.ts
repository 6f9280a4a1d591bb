/**
 * Summarises a V8 CPU profile (`node --cpu-prof`): where the samples were spent, by function
 * (self time) and by package or source folder (self time summed), leaving out idle time.
 *
 *   npx tsx bench/profile-summary.ts FILE.cpuprofile [--top 30] [--window FROM,TO] [--requests N]
 *
 * --window keeps the samples taken between two monotonic-clock times in µs (what `bench:http
 * --profile` prints for each endpoint); --requests N also gives each line per request.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: "string", default: "30" }, window: { type: "string" }, requests: { type: "string" } } });
if (positionals.length !== 1) {
  console.error("usage: npx tsx bench/profile-summary.ts FILE.cpuprofile [--top 30]");
  process.exit(2);
}
const profile = JSON.parse(readFileSync(positionals[0], "utf8")) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const [from, to] = values.window ? values.window.split(",").map(Number) : [-Infinity, Infinity];
const selfMs = new Map<number, number>();
let at = profile.startTime;
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i] ?? 0;
  at += delta;
  if (at >= from && at <= to) selfMs.set(id, (selfMs.get(id) ?? 0) + delta / 1000);
});
const perRequest = values.requests ? Number(values.requests) : null;

/** The package (node_modules/<name>), the app's own folder, or Node's internals a frame belongs to. */
function area(url: string): string {
  if (!url) return "(native / V8)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith("node:")) return "node internals";
  const own = /\/\.next[^/]*\/server\/(chunks|app)\//.exec(url);
  return own ? `app build (${own[1]})` : url.replace(/^file:\/\//, "").split("/").slice(-2).join("/");
}

const fns = new Map<string, number>();
const areas = new Map<string, number>();
let busy = 0;
for (const [id, ms] of selfMs) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  if (functionName === "(idle)") continue;
  busy += ms;
  const key = `${functionName || "(anonymous)"}  ${url ? `${area(url)}:${lineNumber + 1}` : ""}`;
  fns.set(key, (fns.get(key) ?? 0) + ms);
  areas.set(area(url), (areas.get(area(url)) ?? 0) + ms);
}
const top = Number(values.top);
const show = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, ms] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    const each = perRequest ? `${(ms / perRequest).toFixed(3).padStart(8)} ms/req` : "";
    console.log(`${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / busy).toFixed(1).padStart(5)} %${each}  ${k}`);
  }
};
console.log(`${positionals[0]}: ${busy.toFixed(0)} ms busy (idle left out)${perRequest ? `, ${(busy / perRequest).toFixed(2)} ms per request` : ""}`);
show("By package or folder (self time)", areas);
show("By function (self time)", fns);
