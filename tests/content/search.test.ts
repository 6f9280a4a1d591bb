// Search as a learner types: results must follow partial words, require every word, and land
// on the section that teaches the topic.
import path from "node:path";
import { loadContent } from "@/lib/content/loader";
import { buildSearchIndex, groupByFamily, search, type SearchIndex } from "@/lib/content/search";

let index: SearchIndex;

beforeAll(async () => {
  const content = await loadContent({ root: path.resolve("tests/content/fixtures/search/content"), repoRoot: process.cwd() });
  index = buildSearchIndex(
    content.lessons.map((l) => ({ ...l, sections: l.analysis.sections })),
    content.questions,
  );
});

test("a heading word finds its section, linked by anchor", () => {
  const [first] = search(index, "fencing");
  expect(first).toMatchObject({ kind: "section", title: "Split brain and fencing tokens", href: "/learn/replication/failover#split-brain-and-fencing-tokens" });
});

test("the last word matches as a prefix, so results appear while typing", () => {
  expect(search(index, "fenc").map((r) => r.href)).toContain("/learn/replication/failover#split-brain-and-fencing-tokens");
});

test("every word must match", () => {
  expect(search(index, "fencing hash")).toEqual([]);
  expect(search(index, "consistent hashing").map((r) => r.title)).toContain("Consistent hashing");
});

test("questions are found by their prompt and link to the section that teaches them", () => {
  const q = search(index, "zombie leader").find((r) => r.kind === "question");
  expect(q).toMatchObject({ href: "/learn/replication/failover#split-brain-and-fencing-tokens", lessonTitle: "Failover" });
});

test("results are grouped by family in teaching order", () => {
  const groups = groupByFamily(search(index, "node"));
  expect(groups.map((g) => g.family)).toEqual(["replication", "partitioning"]);
});
