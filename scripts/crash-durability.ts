// npm run test:crash [-- --postgres]: builds the app if needed, then answers quiz questions and
// rates review cards over HTTP against the production server, kills it with SIGKILL mid-burst,
// restarts it on the same data and checks every acknowledged write is stored
// (tests/support/crash-durability.ts). Embedded database by default; --postgres uses a fresh
// database on TEST_DATABASE_URL's server (default postgresql://root@127.0.0.1:5432/test).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ensureBuild } from "../tests/support/app-server";
import { crashDurability } from "../tests/support/crash-durability";
import { createEmptyPostgresDatabase } from "../tests/support/databases";

async function main() {
  const count = Number(process.argv.find((a) => a.startsWith("--acknowledged="))?.split("=")[1] ?? 200);
  await ensureBuild();
  const log = (line: string) => console.log(line);
  if (process.argv.includes("--postgres")) {
    const empty = await createEmptyPostgresDatabase();
    try {
      return await crashDurability({ kind: "postgres", url: empty.url }, { acknowledgedBeforeKill: count, log });
    } finally {
      await empty.drop();
    }
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), "quorum-crash-"));
  try {
    return await crashDurability({ kind: "pglite", dataDir }, { acknowledgedBeforeKill: count, log });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (report) => {
    console.log(JSON.stringify(report, null, 2));
    process.exit(report.missing.length === 0 && report.writesAfterRestart ? 0 : 1);
  },
  (err: unknown) => {
    console.error(`✗ ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
