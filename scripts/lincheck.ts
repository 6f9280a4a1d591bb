// npm run --silent lincheck -- [--timeout-ms N] [--max-steps N] [--memory-mb N] [--all-keys] FILE
// Checks a history for linearizability. The format (Jepsen etcd log, Knossos EDN, a simulation run
// as JSON) is recognised from the text; FILE "-" reads standard input.
// First line: `linearizable`, `not linearizable` or `unknown`, then the evidence.
// Exit code: 0 linearizable, 1 not linearizable, 2 parse error, unreadable file or budget ran out.
import { readFileSync } from "node:fs";
import { checkHistory, DEFAULT_MEMORY_LIMIT_MB, DEFAULT_TIME_LIMIT_MS } from "@/lib/lincheck/checker";
import { formatReport } from "@/lib/lincheck/explain";
import { FORMAT_NAMES, HistoryParseError, parseHistory } from "@/lib/lincheck/parse";

const USAGE = "usage: npm run --silent lincheck -- [--timeout-ms N] [--max-steps N] [--memory-mb N] [--all-keys] FILE   (FILE - reads standard input)";

function main(argv: string[]): number {
  let timeLimitMs = DEFAULT_TIME_LIMIT_MS;
  let maxSteps: number | undefined;
  let memoryLimitMb = DEFAULT_MEMORY_LIMIT_MB;
  let checkAllKeys = false;
  let file: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--timeout-ms") {
      timeLimitMs = Number(argv[++i]);
      if (!Number.isFinite(timeLimitMs) || timeLimitMs <= 0) {
        console.error(`--timeout-ms needs a positive number of milliseconds\n${USAGE}`);
        return 2;
      }
    } else if (arg === "--max-steps") {
      maxSteps = Number(argv[++i]);
      if (!Number.isInteger(maxSteps) || maxSteps <= 0) {
        console.error(`--max-steps needs a positive whole number\n${USAGE}`);
        return 2;
      }
    } else if (arg === "--memory-mb") {
      memoryLimitMb = Number(argv[++i]);
      if (!Number.isFinite(memoryLimitMb) || memoryLimitMb <= 0) {
        console.error(`--memory-mb needs a positive number of megabytes\n${USAGE}`);
        return 2;
      }
    } else if (arg === "--all-keys") {
      checkAllKeys = true;
    } else if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      return 0;
    } else if (file === null && (arg === "-" || !arg.startsWith("-"))) {
      file = arg;
    } else {
      console.error(`unexpected argument "${arg}"\n${USAGE}`);
      return 2;
    }
  }
  if (file === null) {
    console.error(USAGE);
    return 2;
  }

  let text: string;
  try {
    text = readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (e) {
    console.error(`${file}: cannot read: ${(e as Error).message}`);
    return 2;
  }
  let parsed: ReturnType<typeof parseHistory>;
  try {
    parsed = parseHistory(text);
  } catch (e) {
    if (e instanceof HistoryParseError) {
      console.error(`${file}:${e.line}: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const result = checkHistory(parsed.history, { timeLimitMs, maxSteps, memoryLimitMb, checkAllKeys });
  const report = formatReport(parsed.history, result, { timeLimitMs, maxSteps, memoryLimitMb }).split("\n");
  // The verdict stays the first line; the format goes with the summary under it.
  report[1] = `${FORMAT_NAMES[parsed.format]}. ${report[1]}`;
  console.log(report.join("\n"));
  return result.verdict === "linearizable" ? 0 : result.verdict === "not-linearizable" ? 1 : 2;
}

process.exitCode = main(process.argv.slice(2));
