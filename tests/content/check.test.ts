// The authoring check: each fixture under fixtures/broken/ breaks one rule of
// docs/content-format.md, and the checker must name the file, the line and the problem.
import path from "node:path";
import { checkContent, formatProblem, type CheckResult } from "@/lib/content/check";
import { findSimulation, runQuery } from "@/lib/content/simulations";

const DIR = "tests/content/fixtures/broken/content/replication";
const at = (file: string, line: number, message: string) => `${DIR}/${file}:${line}: ${message}`;

let broken: CheckResult;
let lines: string[];

beforeAll(async () => {
  broken = await checkContent({ root: path.resolve("tests/content/fixtures/broken/content"), repoRoot: process.cwd() });
  lines = broken.problems.map(formatProblem);
});

describe("content check on the broken fixtures", () => {
  test.each([
    ["missing frontmatter field", at("missing-field.mdx", 2, 'missing required field "summary"')],
    ["bad frontmatter value", at("missing-field.mdx", 6, 'difficulty: must be one of introductory, intermediate, advanced (got "easy")')],
    ["no frontmatter", at("no-frontmatter.mdx", 1, "missing frontmatter: the file must start with a --- line, the YAML fields, and a closing --- line")],
    ["family not matching the folder", at("wrong-family.mdx", 4, 'family "caching" does not match the folder "replication"')],
    ["duplicate lesson id (first location)", at("good.mdx", 2, `duplicate lesson id "good-lesson" (also at ${DIR}/duplicate-id.mdx:2)`)],
    ["duplicate lesson id (second location)", at("duplicate-id.mdx", 2, `duplicate lesson id "good-lesson" (also at ${DIR}/good.mdx:2)`)],
    ["duplicate question id (first location)", at("good.questions.yaml", 1, `duplicate question id "q-good" (also at ${DIR}/bad-prereq.questions.yaml:1)`)],
    ["duplicate question id (second location)", at("bad-prereq.questions.yaml", 1, `duplicate question id "q-good" (also at ${DIR}/good.questions.yaml:1)`)],
    ["unknown MDX component", at("unknown-component.mdx", 31, "unknown component <Tabs> (allowed: Callout, Mermaid, Checkpoint, SimTask, RaftSim, QuorumSim, HashRingSim, QueueSim, RetrySim, BalancerSim, CacheSim)")],
    ["unknown callout type", at("unknown-component.mdx", 37, '<Callout> type "danger" must be one of note, tip, warning, interview')],
    ["simulation component with a bad parameter", at("bad-sim.mdx", 31, "<RaftSim> params.nodes: must be a number between 3 and 9 (got 12)")],
    ["simulation component with an invalid fault script", at("bad-sim.mdx", 36, "<RaftSim> faults[0].node: node 7 does not exist (nodes are 1-5)")],
    ["guided task that does not exist", at("bad-sim.mdx", 39, '<SimTask> id "no-such-task" is not a task in lib/sim/tasks.ts')],
    ["unknown simulation in a question", at("good.questions.yaml", 110, 'unknown simulation "paxos" (expected one of raft, quorum, hashring, queue, retry, balancer, cache)')],
    ["invalid fault script in a question", at("good.questions.yaml", 128, "simulation.faults[0].node: node 9 does not exist (nodes are 1-5)")],
    ["mermaid diagram that does not parse", at("bad-mermaid.mdx", 34, "mermaid diagram does not parse: unexpected 'TXT' (Expecting '+', '-', '()', 'ACTOR', got 'TXT')")],
    ["link to a lesson that does not exist", at("broken-links.mdx", 31, 'broken link "/learn/replication/nope": no lesson content/replication/nope.mdx')],
    ["link to a missing heading of another lesson", at("broken-links.mdx", 32, `broken link "/learn/replication/good#nope": ${DIR}/good.mdx has no heading "#nope"`)],
    ["link to a missing heading of the same lesson", at("broken-links.mdx", 32, 'broken link "#no-such-section": no heading with that slug in this lesson')],
    ["single answer not among the options", at("good.questions.yaml", 26, 'answer "e" is not one of the options (a, b, c)')],
    ["multiple answer not among the options", at("good.questions.yaml", 41, 'answer "x" is not among the options (a, b, c, d)')],
    ["ordering answer that is not a permutation", at("good.questions.yaml", 55, "answer must list every item id exactly once (missing b; repeated a)")],
    ["missing question field", at("good.questions.yaml", 58, 'missing required field "explanation"')],
    ["bad question field", at("good.questions.yaml", 60, 'difficulty: must be one of easy, medium, hard (got "brutal")')],
    ["unknown question type", at("good.questions.yaml", 70, 'type: must be one of single, multiple, numeric, ordering, free, simulation (got "essay")')],
    ["section that is not a heading", at("good.questions.yaml", 82, `section "no-such-heading" is not a heading of ${DIR}/good.mdx (headings: first-section, a-subsection, how-to-say-it-in-an-interview)`)],
    ["comma inside unquoted option text", at("good.questions.yaml", 97, 'unknown field "options[0].before the ack": a comma inside unquoted text starts a new field; put the text in quotes')],
    ["missing interview section", at("no-interview.mdx", 19, 'missing the last section "## How to say it in an interview"')],
    ["lesson with no diagram", at("no-diagram.mdx", 19, "no diagram: add at least one ```mermaid block")],
    ["prerequisite that does not exist", at("bad-prereq.mdx", 9, 'prerequisite "does-not-exist" is not a lesson id')],
    ["MDX syntax error", at("syntax-error.mdx", 31, "MDX syntax: Unexpected end of file in expression, expected a corresponding closing brace for `{`")],
    ["questions file without a lesson", at("orphan.questions.yaml", 1, "no lesson orphan.mdx beside this questions file")],
    ["unknown checkpoint id", at("checkpoints.mdx", 35, `unknown checkpoint "cp-nope": no question with that id in ${DIR}/checkpoints.questions.yaml (ids: cp-single, cp-single-2, cp-later, cp-free)`)],
    [
      "checkpoint naming another lesson's question",
      at("checkpoints.mdx", 37, `unknown checkpoint "q-section-missing": it is a question of ${DIR}/good.questions.yaml; a checkpoint must be a question of this lesson (${DIR}/checkpoints.questions.yaml)`),
    ],
    [
      "free-text checkpoint",
      at("checkpoints.mdx", 39, 'checkpoint "cp-free" cannot be answered in place: free-text questions are not auto-graded, so a checkpoint could give no verdict: use them in the review queue and drills'),
    ],
    ["checkpoint placed twice", at("checkpoints.mdx", 41, 'checkpoint "cp-single" is already placed at line 33: each question is a checkpoint once')],
    ["checkpoint without an id", at("checkpoints.mdx", 43, `<Checkpoint> needs id="<question id>": the id of a question in ${DIR}/checkpoints.questions.yaml`)],
    ["checkpoint with another prop", at("checkpoints.mdx", 45, '<Checkpoint> takes only id="<question id>" (got title)')],
    ["checkpoint before the section it tests", at("checkpoints.mdx", 22, 'warning: checkpoint "cp-later" comes before its section "Second section" (line 47): place it after the section it tests')],
  ])("%s", (_kind, expected) => {
    expect(lines).toContain(expected);
  });

  test("a simulation question whose computed answer is not an option", () => {
    const computed = runQuery(findSimulation("raft")!, { seed: 7, params: { nodes: 5 } }, "termAtEnd");
    expect(computed.ok).toBe(true);
    const value = computed.ok ? computed.value : "";
    expect(lines).toContain(at("good.questions.yaml", 143, `the simulation's answer "${value}" is not among the options ("-1", "-2")`));
  });

  test("reports nothing about the valid lesson and question besides the planted duplicate", () => {
    const aboutGood = lines.filter((l) => l.startsWith(`${DIR}/good.mdx:`));
    expect(aboutGood).toEqual([at("good.mdx", 2, `duplicate lesson id "good-lesson" (also at ${DIR}/duplicate-id.mdx:2)`)]);
    const good = broken.content.lessons.find((l) => l.slug === "good")!;
    expect(good.headings.map((h) => [h.depth, h.slug])).toEqual([
      [2, "first-section"],
      [3, "a-subsection"],
      [2, "how-to-say-it-in-an-interview"],
    ]);
  });

  test("a checkpoint that names a question of its lesson, after its section, is not reported", () => {
    expect(lines.filter((l) => l.startsWith(`${DIR}/checkpoints.mdx:33:`))).toEqual([]);
  });

  test("every error line is file:line: message and the summary counts them", () => {
    for (const line of lines) expect(line).toMatch(/^tests\/content\/fixtures\/broken\/content\/replication\/[\w.-]+:\d+: .+/);
    expect(broken.errors).toBe(broken.problems.filter((p) => p.severity === "error").length);
    expect(broken.summary).toBe(`12 lessons, 10 questions, ${broken.errors} errors, ${broken.warnings} warnings`);
  });
});

describe("content check on the real content/", () => {
  test("finds no errors", async () => {
    const result = await checkContent({ repoRoot: process.cwd() });
    const errors = result.problems.filter((p) => p.severity === "error").map(formatProblem);
    expect(errors).toEqual([]);
  }, 180_000);
});
