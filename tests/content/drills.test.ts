// Drill prompts (content/drills/*.yaml) in `npm run content:check`: a broken file must be reported
// as file:line: message, and the real prompts must load.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { checkContent, formatProblem } from "@/lib/content/check";
import { DRILL_PHASES, loadDrillPrompts, parsePromptMarkdown } from "@/lib/content/drills";

function drill(id: string, edit: (yaml: string) => string = (y) => y): string {
  const phases = DRILL_PHASES.map(
    (p) => `  ${p.key}:
    question: What matters in ${p.title.toLowerCase()}?
    rubric:
      - Names the first thing a strong answer covers.
      - Names the second thing, with a number.`,
  ).join("\n");
  return edit(`id: ${id}
title: A drill for the checker
families: [queues, reliability]
summary: Used by the drill checker tests.
prompt: |
  Design a **queue** for \`10,000\` messages/s.

  - At-least-once delivery.
  - p99 under 50 ms.
phases:
${phases}
`);
}

/** 1-based line of the first line containing `needle` (after the `after`-th line). */
function lineOf(text: string, needle: string, after = 0): number {
  const i = text.split("\n").findIndex((l, n) => n >= after && l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" not in the fixture`);
  return i + 1;
}

describe("drill files in the content check", () => {
  let repo: string;
  const files: Record<string, string> = {};

  beforeAll(() => {
    repo = mkdtempSync(path.join(tmpdir(), "quorum-drills-"));
    files["good-drill.yaml"] = drill("good-drill");
    files["schema-errors.yaml"] = drill("schema-errors", (y) =>
      y
        .replace("families: [queues, reliability]", "families: [queues, networking]")
        .replace(/(  hot-path:\n    question: .*\n    rubric:\n      - .*\n)      - .*\n/, "$1")
        .replace(/  observability:\n(    .*\n|      .*\n)+/, ""),
    );
    files["wrong-name.yaml"] = drill("another-id");
    files["bad-markup.yaml"] = drill("bad-markup", (y) =>
      y.replace("  - p99 under 50 ms.", "  - p99 under 50 ms.\n\n  ## Scale\n\n  See [the docs](https://example.com).").replace("Names the second thing, with a number.", "Names **the second thing, unclosed."),
    );
    files["syntax-error.yaml"] = drill("syntax-error", (y) => y.replace("title: A drill for the checker", "title: A drill for the checker\ntitle: Twice"));
    mkdirSync(path.join(repo, "content", "drills"), { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(repo, "content", "drills", name), text);
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  test("every broken drill file is reported as file:line: message, and counts as an error", async () => {
    const result = await checkContent({ root: path.join(repo, "content"), repoRoot: repo, mermaid: false });
    const lines = result.problems.map(formatProblem);
    const at = (file: string, line: number, message: string) => `content/drills/${file}:${line}: ${message}`;
    const schema = files["schema-errors.yaml"];
    const markup = files["bad-markup.yaml"];
    expect(lines).toEqual(
      expect.arrayContaining([
        at("schema-errors.yaml", 3, 'families[1]: must be one of replication, partitioning, caching, queues, consensus, reliability (got "networking")'),
        at("schema-errors.yaml", lineOf(schema, "rubric:", lineOf(schema, "hot-path:")), "phases.hot-path.rubric: needs at least 2 items (got 1)"),
        at("schema-errors.yaml", lineOf(schema, "phases:"), 'missing required field "phases.observability"'),
        at("wrong-name.yaml", 1, 'id "another-id" must match the file name (wrong-name.yaml)'),
        at("bad-markup.yaml", lineOf(markup, "## Scale"), "prompt: headings are not supported in drill prompts: use a **bold** lead-in"),
        at("bad-markup.yaml", lineOf(markup, "See [the docs]"), "prompt: links are not supported in drill prompts"),
        at("bad-markup.yaml", lineOf(markup, "Names **the second"), "phases.requirements.rubric[1]: unclosed ** (bold needs **text**)"),
        at("syntax-error.yaml", 3, "YAML: Map keys must be unique"),
      ]),
    );
    expect(lines.filter((l) => l.startsWith("content/drills/good-drill.yaml"))).toEqual([]);
    expect(result.errors).toBe(lines.length);
  });

  test("the loader keeps only the valid prompts", async () => {
    const { prompts } = await loadDrillPrompts({ root: path.join(repo, "content", "drills"), repoRoot: repo });
    expect(prompts.map((p) => p.id)).toEqual(["good-drill"]);
    expect(prompts[0].blocks).toEqual([
      { kind: "paragraph", inlines: [{ kind: "text", text: "Design a " }, { kind: "strong", text: "queue" }, { kind: "text", text: " for " }, { kind: "code", text: "10,000" }, { kind: "text", text: " messages/s." }] },
      { kind: "list", ordered: false, items: [[{ kind: "text", text: "At-least-once delivery." }], [{ kind: "text", text: "p99 under 50 ms." }]] },
    ]);
  });

  test("a list item may wrap onto an indented line, and bold may span the wrap", () => {
    const { blocks, problems } = parsePromptMarkdown("- no customer gets more than **10 %\n  over** the limit\n- second");
    expect(problems).toEqual([]);
    expect(blocks).toEqual([
      { kind: "list", ordered: false, items: [[{ kind: "text", text: "no customer gets more than " }, { kind: "strong", text: "10 % over" }, { kind: "text", text: " the limit" }], [{ kind: "text", text: "second" }]] },
    ]);
  });
});

describe("the real drill prompts", () => {
  test("load without problems, cover the families, and give 2-4 rubric points per phase", async () => {
    const { prompts, problems } = await loadDrillPrompts();
    expect(problems).toEqual([]);
    expect(prompts.length).toBeGreaterThanOrEqual(5);
    expect(new Set(prompts.flatMap((p) => p.families)).size).toBe(6);
    for (const p of prompts) {
      for (const phase of DRILL_PHASES) expect(p.phases[phase.key].rubric.length).toBeGreaterThanOrEqual(2);
    }
  });
});
