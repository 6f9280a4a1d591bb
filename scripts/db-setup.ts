// Prepares the database before the app starts: applies migrations, seeds demo users (embedded
// database, or --demo), and syncs content/ when the content pipeline is present.
// Usage: tsx scripts/db-setup.ts [--demo] [--no-demo]
import { existsSync } from "node:fs";
import path from "node:path";
import { openDatabase } from "@/lib/db/database";
import { seedDemoUsers } from "@/lib/demo/users";

async function main() {
  const database = openDatabase();
  const started = Date.now();
  try {
    const where = database.kind === "pglite" ? "embedded database" : "PostgreSQL";
    const m = await database.migrate((line) => console.log(`  ${line}`));
    console.log(`✓ ${where}: ${m.applied.length} migration(s) applied, ${m.alreadyApplied} already present`);
    const wantDemo = process.argv.includes("--demo") || process.env.QUORUM_DEMO_USERS === "1" || (database.kind === "pglite" && !process.argv.includes("--no-demo"));
    if (wantDemo) {
      const created = await seedDemoUsers(database.prisma);
      console.log(`✓ demo users: ${created.length ? `created ${created.join(", ")}` : "already present"}`);
    }
    if (existsSync("lib/content/sync.ts")) {
      const modulePath = path.resolve("lib/content/sync.ts");
      const { syncContentFromDisk } = await import(modulePath);
      const report = await syncContentFromDisk(database.prisma);
      console.log(`✓ content: ${report.summary}`);
    }
    console.log(`✓ database ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await database.close();
  }
}

main().catch((err) => {
  console.error(`✗ database setup failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
