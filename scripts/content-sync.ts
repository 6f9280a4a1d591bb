// npm run content:sync — upserts lessons and questions from content/ into the database by
// stable id (docs/decisions/005-content-format.md). Uses DATABASE_URL, else the embedded database.
import { openDatabase } from "@/lib/db/database";
import { syncContentFromDisk } from "@/lib/content/sync";

async function main() {
  const database = openDatabase();
  try {
    await database.migrate();
    const report = await syncContentFromDisk(database.prisma);
    for (const c of report.changes) console.log(`  ${c.kind.padEnd(8)} ${c.itemType} ${c.itemId}`);
    for (const f of report.skippedFiles) console.log(`  skipped  ${f} (has errors)`);
    console.log(`✓ content: ${report.summary}`);
  } finally {
    await database.close();
  }
}

main().catch((err) => {
  console.error(`✗ content sync failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
