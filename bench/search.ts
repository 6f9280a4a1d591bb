/**
 * Header search benchmark: builds the index from content/ as /api/search does, prints its size
 * (raw and gzipped, what the browser downloads on first focus), and times `search` for queries a
 * learner types, as the search box calls it on each keystroke (limit 24).
 * Run with `npm run bench:search`. Goal: p95 under 5 ms per keystroke on the 2-core machine.
 */
import { gzipSync } from "node:zlib";
import { loadContent } from "@/lib/content/loader";
import { buildSearchIndex, search } from "@/lib/content/search";
import { loadAverage, machine, measureSequential, printTable, type Row } from "./support/stats";

const QUERIES = ["r", "ra", "raft", "quorum", "cache", "leader election", "consistent hash", "idempotent consumer"];

async function main() {
  const content = await loadContent();
  const index = buildSearchIndex(
    content.lessons.map((l) => ({ id: l.id, family: l.family, slug: l.slug, title: l.title, summary: l.summary, sections: l.analysis.sections })),
    content.questions,
  );
  const json = JSON.stringify(index);
  console.log(`${machine()}; load ${loadAverage()}`);
  console.log(`index: ${index.docs.length} documents, ${Object.keys(index.terms).length} terms, ${json.length} bytes, ${gzipSync(json).length} bytes gzipped`);
  const rows: Row[] = [];
  for (const query of QUERIES) rows.push(await measureSequential("in-process", `search "${query}"`, async () => search(index, query, 24), 2_000, 200));
  printTable(rows);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
