// The SQL that creates prisma/schema.prisma from nothing, from the same offline differ that
// generates migrations (scripts/db-migration.mjs). Cached per process: it takes a few seconds.
import { execFileSync } from "node:child_process";
import path from "node:path";

let cached: string | undefined;
export function diffSqlFromEmpty(): string {
  if (cached === undefined) {
    const script = path.join(process.cwd(), "scripts", "db-migration.mjs");
    cached = execFileSync(process.execPath, [script, "--print-from-empty"], { encoding: "utf8", maxBuffer: 16 << 20, timeout: 180_000 });
  }
  return cached;
}
