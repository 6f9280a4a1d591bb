// Server CPU time from /proc (Linux): user + system time of a process and all its descendants,
// so a measurement covers every thread and child of `next start` (or of a cluster: its instances
// and nginx).
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat times (100 on Linux almost always). */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface ProcStat {
  pid: number;
  ppid: number;
  /** The process name (`comm`), e.g. "nginx", "next-server (v1". */
  name: string;
  /** utime + stime, in ticks. */
  ticks: number;
}

function readStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The name is in parentheses and may contain spaces; the fields after it are space-separated.
    const open = text.indexOf("(");
    const close = text.lastIndexOf(")");
    const fields = text.slice(close + 2).split(" ");
    return { pid, ppid: Number(fields[1]), name: text.slice(open + 1, close), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null; // exited meanwhile
  }
}

/** `root` and every process below it. */
export function processTree(root: number): ProcStat[] {
  const all = readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map((d) => readStat(Number(d))).filter((s): s is ProcStat => s !== null);
  const children = new Map<number, ProcStat[]>();
  for (const s of all) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const tree: ProcStat[] = [];
  const rootStat = all.find((s) => s.pid === root);
  const queue = rootStat ? [rootStat] : [];
  while (queue.length > 0) {
    const s = queue.shift()!;
    tree.push(s);
    queue.push(...(children.get(s.pid) ?? []));
  }
  return tree;
}

/** CPU milliseconds used so far by the processes under `root`, summed per group (`groupOf` names it; null leaves it out). */
export function cpuMsByGroup(root: number, groupOf: (name: string) => string | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of processTree(root)) {
    const group = groupOf(s.name);
    if (group !== null) out[group] = (out[group] ?? 0) + (s.ticks * 1000) / TICKS_PER_SECOND;
  }
  return out;
}

/** Waits until the processes under `root` use no more CPU (in-flight work finished), at most `ms`. */
export async function settle(root: number, ms = 5_000): Promise<void> {
  const total = () => processTree(root).reduce((sum, s) => sum + s.ticks, 0);
  const deadline = Date.now() + ms;
  let last = total();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const now = total();
    if (now === last) return;
    last = now;
  }
}
