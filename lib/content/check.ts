// `npm run content:check`: everything an author can get wrong, as `file:line: message`.
// The loader reports per-file problems (syntax, schema, family/folder); this adds the rules that
// need the whole tree (ids, links, prerequisites), MDX components and simulations, and mermaid.
import { spawn } from "node:child_process";
import path from "node:path";
import { FAMILIES } from "./families";
import { loadContent, type ContentProblem, type ContentSet, type Lesson, type Question, type Severity } from "./loader";
import { findSimulation, PLANNED_SIMULATIONS, runFromProps, runQuery, SIM_COMPONENTS, SIM_TASK_COMPONENT, lessonTaskIds, simTaskExists, validateRun } from "./simulations";
import { loadDrillPrompts } from "@/lib/content/drills";
import { CHECKPOINT_COMPONENT, checkpointTypeProblem, checkpointUses } from "./checkpoints";

export const INTERVIEW_SECTION = "How to say it in an interview";
export const ALLOWED_COMPONENTS = ["Callout", "Mermaid", CHECKPOINT_COMPONENT, SIM_TASK_COMPONENT, ...Object.keys(SIM_COMPONENTS)];
const CALLOUT_TYPES = ["note", "tip", "warning", "interview"];
const DIAGRAM_TYPES: Record<string, string> = { "flowchart-v2": "flowchart", flowchart: "flowchart", sequence: "sequenceDiagram", stateDiagram: "stateDiagram-v2" };

export interface CheckResult {
  content: ContentSet;
  problems: ContentProblem[];
  errors: number;
  warnings: number;
  summary: string;
}

export interface CheckOptions {
  root?: string;
  repoRoot?: string;
  /** Skip mermaid parsing (it starts a Node process, ~1.5 s). */
  mermaid?: boolean;
}

export function formatProblem(p: ContentProblem): string {
  return `${p.file}:${p.line}: ${p.severity === "warning" ? "warning: " : ""}${p.message}`;
}

export async function checkContent(opts: CheckOptions = {}): Promise<CheckResult> {
  const repoRoot = path.resolve(opts.repoRoot ?? process.cwd());
  // mermaid takes ~1 s to load: start its parser while the files are read.
  const mermaid = opts.mermaid !== false ? startMermaidWorker() : null;
  const content = await loadContent({ root: opts.root ?? path.join(repoRoot, "content"), repoRoot });
  const problems = [...content.problems];
  const report = (file: string, line: number, message: string, severity: Severity = "error") => problems.push({ file, line, message, severity });

  checkDuplicates(content, report);
  for (const file of content.orphanQuestionFiles) report(file, 1, `no lesson ${path.basename(file).replace(".questions.yaml", ".mdx")} beside this questions file`);

  const lessonIds = new Set(content.lessons.map((l) => l.id));
  const questionsByLesson = new Map<string, Question[]>();
  for (const q of content.questions) questionsByLesson.set(q.lessonId, [...(questionsByLesson.get(q.lessonId) ?? []), q]);

  for (const lesson of content.lessons) {
    lesson.prerequisites.forEach((id, i) => {
      if (!lessonIds.has(id)) report(lesson.file, lesson.lineAt(["prerequisites", i]), `prerequisite "${id}" is not a lesson id`);
      else if (id === lesson.id) report(lesson.file, lesson.lineAt(["prerequisites", i]), `a lesson cannot be its own prerequisite`);
    });
    if (!lesson.analysis.syntaxError) checkBody(lesson, content, report);
    if (!questionsByLesson.has(lesson.id)) {
      report(lesson.file, 1, `no questions: add ${lesson.slug}.questions.yaml beside the lesson`, "warning");
    }
  }

  for (const q of content.questions) {
    const lesson = content.lessons.find((l) => l.id === q.lessonId)!;
    if (!lesson.analysis.syntaxError && !lesson.headings.some((h) => h.slug === q.section)) {
      report(q.file, q.lineAt(["section"]), `section "${q.section}" is not a heading of ${lesson.file} (headings: ${lesson.headings.filter((h) => h.depth <= 3).map((h) => h.slug).join(", ")})`);
    }
    if (q.type === "simulation") checkSimulationQuestion(q, report);
  }

  for (const family of FAMILIES) {
    const lessons = content.lessons.filter((l) => l.family === family.slug);
    if (lessons.length > 0 && !lessons.some((l) => l.analysis.components.some((c) => c.name in SIM_COMPONENTS))) {
      report(path.posix.join(path.relative(repoRoot, content.root).split(path.sep).join("/"), family.slug), 1, `family "${family.slug}" has no lesson with a simulation`, "warning");
    }
  }

  if (mermaid) await checkMermaid(content, mermaid, report);

  // Design-drill prompts (content/drills/*.yaml) have their own format and loader.
  problems.push(...(await loadDrillPrompts({ root: path.join(content.root, "drills"), repoRoot })).problems);

  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.message.localeCompare(b.message));
  const errors = problems.filter((p) => p.severity === "error").length;
  const warnings = problems.length - errors;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
  const summary = `${plural(content.lessons.length, "lesson")}, ${plural(content.questions.length, "question")}, ${plural(errors, "error")}, ${plural(warnings, "warning")}`;
  return { content, problems, errors, warnings, summary };
}

type Report = (file: string, line: number, message: string, severity?: Severity) => void;

function checkDuplicates(content: ContentSet, report: Report) {
  const dupes = <T>(items: T[], key: (t: T) => string, where: (t: T) => { file: string; line: number }, what: string) => {
    const byKey = new Map<string, T[]>();
    for (const item of items) byKey.set(key(item), [...(byKey.get(key(item)) ?? []), item]);
    for (const [k, group] of byKey) {
      if (group.length < 2) continue;
      for (const item of group) {
        const others = group.filter((o) => o !== item).map((o) => `${where(o).file}:${where(o).line}`);
        report(where(item).file, where(item).line, `duplicate ${what} "${k}" (also at ${others.join(", ")})`);
      }
    }
  };
  dupes(content.lessons, (l) => l.id, (l) => ({ file: l.file, line: l.lineAt(["id"]) }), "lesson id");
  dupes(content.questions, (q) => q.id, (q) => ({ file: q.file, line: q.lineAt(["id"]) }), "question id");
  for (const family of FAMILIES) {
    const lessons = content.lessons.filter((l) => l.family === family.slug);
    const byOrder = new Map<number, Lesson[]>();
    for (const l of lessons) byOrder.set(l.order, [...(byOrder.get(l.order) ?? []), l]);
    for (const [order, group] of byOrder) {
      if (group.length < 2) continue;
      for (const l of group) {
        const others = group.filter((o) => o !== l).map((o) => o.file).join(", ");
        report(l.file, l.lineAt(["order"]), `order ${order} is also used by ${others}: previous/next links will be arbitrary`, "warning");
      }
    }
  }
}

function checkBody(lesson: Lesson, content: ContentSet, report: Report) {
  const { analysis } = lesson;
  for (const line of analysis.esmLines) report(lesson.file, line, "import/export statements are not allowed in lessons: components are provided by the app");

  for (const h of analysis.headings) {
    if (h.depth === 1) report(lesson.file, h.line, "no # heading in the body: the title comes from the frontmatter; use ## for sections");
  }
  const sections = analysis.headings.filter((h) => h.depth === 2);
  const interview = sections.findIndex((h) => h.text === INTERVIEW_SECTION);
  if (interview < 0) report(lesson.file, lesson.bodyLine, `missing the last section "## ${INTERVIEW_SECTION}"`);
  else if (interview !== sections.length - 1) report(lesson.file, sections[interview].line, `"## ${INTERVIEW_SECTION}" must be the last section`);

  if (!analysis.codeBlocks.some((c) => c.lang === "mermaid") && !analysis.components.some((c) => c.name === "Mermaid")) {
    report(lesson.file, lesson.bodyLine, "no diagram: add at least one ```mermaid block");
  }
  for (const block of analysis.codeBlocks) {
    if (!block.lang) report(lesson.file, block.line, "code block without a language (```ts, ```sql, ```text, ...)", "warning");
  }

  for (const use of analysis.components) {
    if (/^[a-z]/.test(use.name)) continue; // plain HTML elements
    if (!ALLOWED_COMPONENTS.includes(use.name)) {
      report(lesson.file, use.line, `unknown component <${use.name}> (allowed: ${ALLOWED_COMPONENTS.join(", ")})`);
      continue;
    }
    const props: Record<string, unknown> = {};
    for (const [name, v] of Object.entries(use.props)) {
      if (v.ok) props[name] = v.value;
      else report(lesson.file, use.propLines[name] ?? use.line, `<${use.name}> prop "${name}" must be a literal value (got {${v.source}})`);
    }
    if (use.name === "Callout") {
      if (props.type !== undefined && !CALLOUT_TYPES.includes(String(props.type))) {
        report(lesson.file, use.propLines.type ?? use.line, `<Callout> type "${String(props.type)}" must be one of ${CALLOUT_TYPES.join(", ")}`);
      }
      continue;
    }
    if (use.name === "Mermaid") continue;
    if (use.name === SIM_TASK_COMPONENT) {
      if (typeof props.id !== "string" || !simTaskExists(props.id)) {
        report(lesson.file, use.propLines.id ?? use.line, `<SimTask> id ${JSON.stringify(props.id)} is not a task in lib/sim/tasks.ts`);
      } else {
        const id = props.id;
        const home = content.lessons.find((l) => lessonTaskIds(l).includes(id));
        if (home && home !== lesson) report(lesson.file, use.line, `<SimTask id="${id}"> is already placed in ${home.file}: a task counts toward one lesson`);
      }
      continue;
    }
    if (use.name === CHECKPOINT_COMPONENT) {
      for (const name of Object.keys(use.props)) {
        if (name !== "id") report(lesson.file, use.propLines[name] ?? use.line, `<${CHECKPOINT_COMPONENT}> takes only id="<question id>" (got ${name})`);
      }
      continue;
    }
    const simName = SIM_COMPONENTS[use.name as keyof typeof SIM_COMPONENTS];
    const sim = findSimulation(simName);
    if (!sim) {
      report(lesson.file, use.line, `simulation "${simName}" for <${use.name}> is not available in lib/sim yet: props not checked`, "warning");
      continue;
    }
    if (props.seed === undefined) report(lesson.file, use.line, `<${use.name}> needs a seed={...} so that every reader sees the same run`);
    for (const message of validateRun(sim, runFromProps(props))) {
      const field = message.split(":")[0];
      const prop = field.startsWith("params.") ? field.slice("params.".length).split(/[.[]/)[0] : field.split(/[.[]/)[0];
      report(lesson.file, use.propLines[prop] ?? use.line, `<${use.name}> ${message}`);
    }
  }

  for (const link of analysis.links) checkLink(lesson, link.url, link.line, content, report);
  checkCheckpoints(lesson, content, report);
}

/** Each `<Checkpoint id="…" />` names a gradable question of this lesson, once, after the section that teaches it. */
function checkCheckpoints(lesson: Lesson, content: ContentSet, report: Report) {
  const questionsFile = lesson.file.replace(/\.mdx$/, ".questions.yaml");
  const own = content.questions.filter((q) => q.lessonId === lesson.id);
  const seen = new Map<string, number>();
  for (const use of checkpointUses(lesson)) {
    if (use.id === null) {
      report(lesson.file, use.line, `<${CHECKPOINT_COMPONENT}> needs id="<question id>": the id of a question in ${questionsFile}`);
      continue;
    }
    const earlier = seen.get(use.id);
    if (earlier !== undefined) {
      report(lesson.file, use.line, `checkpoint "${use.id}" is already placed at line ${earlier}: each question is a checkpoint once`);
      continue;
    }
    seen.set(use.id, use.line);
    const q = own.find((x) => x.id === use.id);
    if (!q) {
      const elsewhere = content.questions.find((x) => x.id === use.id);
      report(
        lesson.file,
        use.line,
        elsewhere
          ? `unknown checkpoint "${use.id}": it is a question of ${elsewhere.file}; a checkpoint must be a question of this lesson (${questionsFile})`
          : `unknown checkpoint "${use.id}": no question with that id in ${questionsFile}${own.length > 0 ? ` (ids: ${own.map((x) => x.id).join(", ")})` : ""}`,
      );
      continue;
    }
    const typeProblem = checkpointTypeProblem(q.type);
    if (typeProblem) {
      report(lesson.file, use.line, `checkpoint "${use.id}" cannot be answered in place: ${typeProblem}`);
      continue;
    }
    const section = lesson.headings.find((h) => h.slug === q.section);
    if (section && section.line > use.line) {
      report(lesson.file, use.line, `checkpoint "${use.id}" comes before its section "${section.text}" (line ${section.line}): place it after the section it tests`, "warning");
    }
  }
}

function checkLink(lesson: Lesson, url: string, line: number, content: ContentSet, report: Report) {
  if (url.startsWith("#")) {
    const anchor = decodeURIComponent(url.slice(1));
    if (!lesson.headings.some((h) => h.slug === anchor)) report(lesson.file, line, `broken link "${url}": no heading with that slug in this lesson`);
    return;
  }
  if (!url.startsWith("/learn")) return;
  const [pathPart, anchor] = url.split("#", 2);
  const segments = pathPart.replace(/\/+$/, "").split("/").filter(Boolean); // ["learn", family, slug]
  if (segments.length === 1) return;
  const family = FAMILIES.find((f) => f.slug === segments[1]);
  if (!family || segments.length > 3) {
    report(lesson.file, line, `broken link "${url}": expected /learn/<family>/<slug>`);
    return;
  }
  if (segments.length === 2) return;
  const target = content.lessons.find((l) => l.family === segments[1] && l.slug === segments[2]);
  if (!target) {
    report(lesson.file, line, `broken link "${url}": no lesson content/${segments[1]}/${segments[2]}.mdx`);
    return;
  }
  if (anchor && !target.headings.some((h) => h.slug === decodeURIComponent(anchor))) {
    report(lesson.file, line, `broken link "${url}": ${target.file} has no heading "#${anchor}"`);
  }
}

function checkSimulationQuestion(q: Extract<Question, { type: "simulation" }>, report: Report) {
  const spec = q.simulation;
  const sim = findSimulation(spec.name);
  if (!sim) {
    const planned = PLANNED_SIMULATIONS.includes(spec.name);
    report(
      q.file,
      q.lineAt(["simulation", "name"]),
      planned
        ? `simulation "${spec.name}" is not available in lib/sim yet: question not checked`
        : `unknown simulation "${spec.name}" (expected one of ${PLANNED_SIMULATIONS.join(", ")})`,
      planned ? "warning" : "error",
    );
    return;
  }
  const run = { seed: spec.seed, duration: spec.duration, faults: spec.faults, params: spec.params };
  const errors = validateRun(sim, run);
  for (const message of errors) {
    const field = message.split(":")[0];
    const fieldPath = field.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== "").map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    report(q.file, q.lineAt(["simulation", ...fieldPath]), `simulation.${message}`);
  }
  if (errors.length > 0) return;
  const result = runQuery(sim, run, spec.query);
  if (!result.ok) {
    report(q.file, q.lineAt(["simulation", "query"]), `simulation.query: ${result.error}`);
  } else if (!q.options.some((o) => o.text.trim() === result.value)) {
    report(q.file, q.lineAt(["options"]), `the simulation's answer "${result.value}" is not among the options (${q.options.map((o) => `"${o.text}"`).join(", ")})`);
  }
}

async function checkMermaid(content: ContentSet, worker: MermaidWorker, report: Report) {
  const diagrams: Array<{ key: string; code: string; lesson: Lesson; line: number }> = [];
  for (const lesson of content.lessons) {
    lesson.analysis.codeBlocks.forEach((b, i) => {
      if (b.lang === "mermaid") diagrams.push({ key: `${lesson.file}#${i}`, code: b.value, lesson, line: b.line });
    });
  }
  const results = await worker.parse(diagrams.map(({ key, code }) => ({ key, code })));
  for (const d of diagrams) {
    const r = results.get(d.key);
    if (!r) continue;
    const last = d.line + d.code.split("\n").length;
    if (!r.ok) {
      // The parser counts lines within the diagram; line 1 is the line after the opening fence.
      const line = r.line ? Math.min(d.line + r.line, last) : d.line;
      report(d.lesson.file, line, `mermaid diagram does not parse: ${mermaidHint(r.message ?? "")}`);
    } else if (r.type && !DIAGRAM_TYPES[r.type]) {
      report(d.lesson.file, d.line, `mermaid diagram type "${r.type}" is not one of flowchart, sequenceDiagram, stateDiagram-v2`, "warning");
    }
  }
}

function mermaidHint(message: string): string {
  const got = /got '([^']+)'/.exec(message)?.[1];
  if (got === "PS") return `unexpected "(" in a label: quote labels with punctuation, e.g. A["Leader (term 3)"]`;
  if (got) return `unexpected ${got === "1" || got === "EOF" ? "end of diagram" : `'${got}'`}${message.length > 140 ? "" : ` (${message})`}`;
  return message;
}

type MermaidResult = { key: string; ok: boolean; type?: string; line?: number; message?: string };

interface MermaidWorker {
  parse(diagrams: Array<{ key: string; code: string }>): Promise<Map<string, MermaidResult>>;
}

function startMermaidWorker(): MermaidWorker {
  const worker = path.join(process.cwd(), "lib", "content", "mermaid-worker.mjs");
  const child = spawn(process.execPath, [worker], { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, NODE_OPTIONS: "" } });
  let out = "";
  let err = "";
  child.stdout.on("data", (c) => (out += c));
  child.stderr.on("data", (c) => (err += c));
  const done = new Promise<Map<string, MermaidResult>>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`mermaid parser failed (exit ${code}): ${err.trim().split("\n").slice(-3).join(" ")}`));
      const results = JSON.parse(out) as MermaidResult[];
      resolve(new Map(results.map((r) => [r.key, r])));
    });
  });
  return {
    parse(diagrams) {
      child.stdin.end(JSON.stringify(diagrams));
      return done;
    },
  };
}
