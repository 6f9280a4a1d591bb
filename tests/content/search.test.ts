// Search as a learner types: results must follow partial words, require every word, and land
// on the section that teaches the topic.
import path from "node:path";
import { loadContent } from "@/lib/content/loader";
import { buildSearchIndex, groupByFamily, search, type SearchIndex, type SearchResult } from "@/lib/content/search";

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

test("groups follow their best result, so the best match is shown first", () => {
  const results = search(index, "node");
  const groups = groupByFamily(results);
  expect(groups[0].results[0]).toEqual(results[0]);
  expect(groups.flatMap((g) => g.results)).toHaveLength(results.length);
  expect(new Set(groups.map((g) => g.family))).toEqual(new Set(["replication", "partitioning"]));
});

describe("ranking over the real lessons: title, then heading, then text", () => {
  let real: SearchIndex;
  beforeAll(async () => {
    const content = await loadContent();
    real = buildSearchIndex(
      content.lessons.map((l) => ({ ...l, sections: l.analysis.sections })),
      content.questions,
    );
  });

  const tiers = (results: SearchResult[]) => results.map((r) => r.tier);

  test("“raft” lists the Raft lesson first, then the other Raft lesson, then a heading", () => {
    const results = search(real, "raft", 10);
    expect(results.slice(0, 2).map((r) => r.title)).toEqual([
      "Raft: leader election and log replication",
      "Raft in production: log compaction, snapshots, leadership transfer and membership changes",
    ]);
    expect(results[2]).toMatchObject({ kind: "section", title: "Raft versus Multi-Paxos" });
    // Question prompts that mention Raft many times still come after every title and heading.
    expect(tiers(results)).toEqual([...tiers(results)].sort((a, b) => b - a));
  });

  test("“quorum” lists the quorums lesson first (a prefix match in a title beats headings), then headings", () => {
    const results = search(real, "quorum", 10);
    expect(results[0]).toMatchObject({ kind: "lesson", title: "Leaderless replication and quorums" });
    const headings = results.filter((r) => r.tier === 2);
    expect(headings.map((r) => r.title)).toEqual(expect.arrayContaining(["Quorums: N, R, W", "Quorum sizes and failure models"]));
    expect(results.findIndex((r) => r.tier === 1)).toBeGreaterThan(results.findLastIndex((r) => r.tier === 2));
  });

  test("“cache” lists the three cache lessons before any section, the most specific title first", () => {
    const results = search(real, "cache", 10);
    expect(results.slice(0, 3).map((r) => r.title)).toEqual([
      "Cache patterns, eviction and invalidation races",
      "Cache stampedes, hot keys and negative caching",
      "Sizing a cache: Zipf popularity, working sets, eviction and admission",
    ]);
    expect(results[3]).toMatchObject({ kind: "section", title: "Cache" });
  });

  test("a word in a heading beats the same word many times in a question", () => {
    const results = search(real, "leader election", 5);
    expect(results[0]).toMatchObject({ kind: "lesson", title: "Raft: leader election and log replication" });
    expect(results[1]).toMatchObject({ kind: "section", title: "Leader election" });
  });
});
