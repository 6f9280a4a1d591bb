// Every write the server acknowledged survives SIGKILL in the middle of a burst of quiz answers and
// review ratings, on the embedded database and on PostgreSQL (tests/support/crash-durability.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ensureBuild } from "../support/app-server";
import { crashDurability, type CrashTarget } from "../support/crash-durability";
import { createEmptyPostgresDatabase, databaseTargets } from "../support/databases";

describe.each(databaseTargets())("crash durability on %s", (kind) => {
  let target: CrashTarget;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    await ensureBuild();
    if (kind === "pglite") {
      const dataDir = mkdtempSync(path.join(tmpdir(), "quorum-crash-"));
      target = { kind, dataDir };
      dispose = async () => rmSync(dataDir, { recursive: true, force: true });
    } else {
      const empty = await createEmptyPostgresDatabase();
      target = { kind, url: empty.url };
      dispose = empty.drop;
    }
  }, 600_000);
  afterAll(() => dispose?.());

  it("keeps every acknowledged answer and rating after SIGKILL mid-burst, and takes writes again after a restart", async () => {
    const report = await crashDurability(target, { acknowledgedBeforeKill: 30, log: (line) => process.stderr.write(`${line}\n`) });
    // The burst was real: both kinds of write were acknowledged, and the kill cut requests off.
    expect(report.acknowledged.answers).toBeGreaterThanOrEqual(30);
    expect(report.acknowledged.ratings).toBeGreaterThanOrEqual(30);
    expect(report.cutOff).toBeGreaterThanOrEqual(1);
    expect(report.missing).toEqual([]);
    expect(report.writesAfterRestart).toBe(true);
  }, 180_000);
});
