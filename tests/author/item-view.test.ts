// The item table's URL parameters, sorting and filtering, and the CSV export's quoting.
import { itemStatsCsv } from "@/lib/author/csv";
import { flagsOf, type ItemStats } from "@/lib/author/item-stats";
import { filterItems, parseItemView, pendingFlags, sortItems, summarizeItems, viewQuery, DEFAULT_VIEW } from "@/lib/author/item-view";

function item(id: string, over: Partial<ItemStats> = {}): ItemStats {
  const base: ItemStats = {
    questionId: id, lessonId: "l", lessonSlug: "l", lessonTitle: "Lesson", family: "replication", type: "single", difficulty: "easy", mode: "recall",
    prompt: "P", data: {}, sourcePath: `content/replication/${id}.questions.yaml`, sourceLine: 1, version: 1, retiredAt: null, countedSince: null,
    attempts: 0, quizAnswers: 0, reviewAnswers: 0, graded: 0, correct: 0, facility: null, learners: 0, discrimination: null,
    discriminationLearners: 0, medianMs: null, timed: 0, timeLimitMs: 60_000, late: 0, lateShare: null, unanswered: 0, reviews: 0,
    again: 0, againShare: null, options: null, answeredChoices: 0, flags: [],
  };
  const merged = { ...base, ...over };
  return { ...merged, flags: over.flags ?? flagsOf(merged) };
}

describe("flags not raised yet", () => {
  it("names the thresholds a question has crossed on too small a sample, with the sample, and counts such questions", () => {
    const small = item("s", { discrimination: -0.43, discriminationLearners: 4, facility: 0.2, graded: 6 });
    expect(small.flags).toEqual([]);
    expect(pendingFlags(small)).toEqual([
      { flag: "too-hard", sample: 6 },
      { flag: "poor-discrimination", sample: 4 },
    ]);
    const flagged = item("f", { discrimination: -0.73, discriminationLearners: 25 });
    expect(flagged.flags).toEqual(["poor-discrimination"]);
    expect(pendingFlags(flagged)).toEqual([]);
    expect(pendingFlags(item("fine", { discrimination: 0.4, discriminationLearners: 3 }))).toEqual([]);
    expect(summarizeItems([small, flagged, item("x")])).toMatchObject({ flagged: 1, pending: 1 });
  });
});

describe("item table view", () => {
  it("reads valid parameters and reports unusable ones without failing", () => {
    expect(parseItemView({ family: "queues", flag: "slow", sort: "facility", dir: "asc" })).toEqual({
      view: { family: "queues", flag: "slow", sort: "facility", dir: "asc" },
      problems: [],
    });
    const bad = parseItemView({ family: "astrology", sort: ["attempts", "flags"], dir: "sideways" });
    expect(bad.view).toEqual({ ...DEFAULT_VIEW, sort: "attempts" });
    expect(bad.problems).toEqual([
      "Unknown family “astrology” (use one of: all, replication, partitioning, caching, queues, consensus, reliability).",
      "Unknown sort direction “sideways” (use one of: asc, desc).",
    ]);
    expect(viewQuery(DEFAULT_VIEW)).toBe("");
    expect(viewQuery({ ...DEFAULT_VIEW, family: "queues", dir: "asc" })).toBe("?family=queues&dir=asc");
  });

  it("filters by family and flag", () => {
    const items = [
      item("a", { family: "queues", flags: ["slow"] }),
      item("b", { family: "queues" }),
      item("c", { family: "caching", flags: ["too-hard", "slow"] }),
    ];
    expect(filterItems(items, { family: "queues", flag: "all" }).map((i) => i.questionId)).toEqual(["a", "b"]);
    expect(filterItems(items, { family: "all", flag: "flagged" }).map((i) => i.questionId)).toEqual(["a", "c"]);
    expect(filterItems(items, { family: "all", flag: "too-hard" }).map((i) => i.questionId)).toEqual(["c"]);
  });

  it("sorts either way with unanswered questions last", () => {
    const items = [item("a", { facility: 0.8, graded: 5 }), item("b"), item("c", { facility: 0.2, graded: 5 })];
    expect(sortItems(items, "facility", "asc").map((i) => i.questionId)).toEqual(["c", "a", "b"]);
    expect(sortItems(items, "facility", "desc").map((i) => i.questionId)).toEqual(["a", "c", "b"]);
  });

  it("sorts by source: families in teaching order, then file, then line number", () => {
    const items = [
      item("d", { family: "replication", sourcePath: "content/replication/z.questions.yaml", sourceLine: 99 }),
      item("b", { family: "queues", sourcePath: "content/queues/x.questions.yaml", sourceLine: 10 }),
      item("c", { family: "caching", sourcePath: "content/caching/y.questions.yaml", sourceLine: 40 }),
      item("a", { family: "queues", sourcePath: "content/queues/x.questions.yaml", sourceLine: 9 }),
    ];
    expect(sortItems(items, "source", "asc").map((i) => i.questionId)).toEqual(["d", "c", "a", "b"]);
  });

  it("summarizes attempts and flags", () => {
    const s = summarizeItems([item("a", { attempts: 3, flags: ["slow"] }), item("b"), item("c", { attempts: 40, flags: ["slow", "too-easy"] })]);
    expect(s).toMatchObject({ questions: 3, withAttempts: 2, attempts: 43, flagged: 2 });
    expect(s.byFlag).toMatchObject({ slow: 2, "too-easy": 1, "too-hard": 0 });
  });
});

describe("item statistics CSV", () => {
  it("writes a header and one row per question", () => {
    const csv = itemStatsCsv([
      item("=cmd", {
        attempts: 2, graded: 2, correct: 1, facility: 0.5, sourceLine: 7,
        options: [
          { id: "a", text: "Leases", correct: true, chosen: 1, share: 0.5 },
          { id: "b", text: "Versioned sets", correct: false, chosen: 1, share: 0.5 },
        ],
      }),
    ]);
    const [header, row, end] = csv.split("\r\n");
    expect(header.split(",")[0]).toBe("question_id");
    // The question id came from a content file and starts like a formula: defused (lib/csv).
    expect(row.startsWith("'=cmd,replication,l,single,easy,recall,1,content/replication/=cmd.questions.yaml:7,2,0,0,2,1,0.5,")).toBe(true);
    // Options by their text, never by id or letter (learners see them shuffled).
    expect(row).toContain(",Leases (correct): 50%; Versioned sets: 50%,");
    expect(end).toBe("");
  });
});
