/**
 * Real histories with published verdicts: Jepsen's etcd runs and key-value histories of up to 2,024
 * operations, as stored in Porcupine's test data (tests/lincheck/fixtures/README.md). The verdict
 * each must get is the one Porcupine's tests assert (`publishedBy` names the test).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { checkHistory } from "@/lib/lincheck/checker";
import { explainViolation } from "@/lib/lincheck/explain";
import { parseHistory } from "@/lib/lincheck/parse";

const FIXTURES = path.join(__dirname, "fixtures");
const published = JSON.parse(readFileSync(path.join(FIXTURES, "verdicts.json"), "utf8")) as Record<string, { linearizable: boolean; publishedBy: string }>;

describe("published histories get their published verdicts", () => {
  it("covers both verdicts and both formats", () => {
    const files = Object.entries(published);
    expect(files.filter(([, v]) => v.linearizable).length).toBeGreaterThanOrEqual(10);
    expect(files.filter(([, v]) => !v.linearizable).length).toBeGreaterThanOrEqual(10);
    expect(files.some(([f]) => f.startsWith("etcd/")) && files.some(([f]) => f.startsWith("kv/"))).toBe(true);
  });

  it.each(Object.entries(published))("%s", (file, { linearizable }) => {
    const { history } = parseHistory(readFileSync(path.join(FIXTURES, file), "utf8"));
    // Speed is the benchmark's business (npm run bench:lincheck); code under Jest's module VM runs
    // several times slower than in Node or a browser, so the budget here is generous.
    const result = checkHistory(history, { timeLimitMs: 50_000 });
    expect(result.verdict).toBe(linearizable ? "linearizable" : "not-linearizable");
    const violation = explainViolation(history, result);
    if (linearizable) {
      expect(violation).toBeNull();
    } else {
      // The evidence names an operation of the failing key; without a real-time fact to cite, one that cannot come next.
      const failing = result.partitions.find((p) => p.verdict === "not-linearizable")!;
      expect(failing.operationIds).toContain(violation!.operationId);
      if (violation!.kind === "no-legal-order") expect(violation!.stuck.map((s) => s.id)).toContain(violation!.operationId);
    }
  });
});
