// Reads a lesson body once with the MDX parser (no compile) and keeps what the loader, the
// checker and the search index need: headings with their GitHub-style slugs, links, fenced code
// blocks, JSX components with literal props, and plain text. Line numbers are file lines.
import { loadMdxTools } from "./mdx-tools";

export interface Heading {
  depth: number;
  text: string;
  slug: string;
  line: number;
}

export interface LinkRef {
  url: string;
  line: number;
}

export interface CodeBlock {
  lang: string | null;
  value: string;
  /** Line of the opening fence. */
  line: number;
}

export type PropValue = { ok: true; value: unknown } | { ok: false; source: string };

export interface ComponentUse {
  name: string;
  line: number;
  props: Record<string, PropValue>;
  /** Line of each prop, where the parser recorded it. */
  propLines: Record<string, number>;
}

export interface MdxAnalysis {
  headings: Heading[];
  links: LinkRef[];
  codeBlocks: CodeBlock[];
  components: ComponentUse[];
  /** Lines of `import`/`export` statements (not allowed in lessons). */
  esmLines: number[];
  /** Prose split by section (text before the first `##` has slug ""), for search and word counts. */
  sections: Array<{ slug: string; heading: string; text: string }>;
  wordCount: number;
  syntaxError: { line: number; message: string } | null;
}

// Minimal structural types for the parts of mdast we read.
interface Point {
  line: number;
}
interface MdNode {
  type: string;
  position?: { start: Point; end: Point };
  children?: MdNode[];
  value?: unknown;
  depth?: number;
  url?: string;
  lang?: string | null;
  name?: string | null;
  attributes?: Array<{ type: string; name?: string; value?: unknown; position?: { start: Point } }>;
}

type Processor = { parse(doc: string): unknown };
type Slugger = { slug(value: string): string };

let toolsPromise: Promise<{ processor: Processor; newSlugger: () => Slugger }> | undefined;

function tools() {
  toolsPromise ??= (async () => {
    const [{ createProcessor }, gfm, slugger] = await loadMdxTools();
    const processor = createProcessor({ remarkPlugins: [gfm.default] });
    return { processor, newSlugger: () => new slugger.default() };
  })();
  return toolsPromise;
}

/** Plain text of a node, as rehype-slug sees a heading (text and inline code). */
function toText(node: MdNode): string {
  if (node.type === "text" || node.type === "inlineCode") return String(node.value ?? "");
  if (node.type === "code" || node.type === "mdxjsEsm" || node.type === "mdxFlowExpression" || node.type === "mdxTextExpression") return "";
  return (node.children ?? []).map(toText).join("");
}

/** Evaluates a prop written as a literal (numbers, strings, booleans, arrays, objects). */
function literal(node: EstreeNode): { ok: true; value: unknown } | { ok: false } {
  switch (node.type) {
    case "Literal":
      return { ok: true, value: node.value };
    case "TemplateLiteral":
      return node.expressions?.length ? { ok: false } : { ok: true, value: node.quasis?.map((q) => q.value.cooked).join("") };
    case "UnaryExpression": {
      if (!node.argument || (node.operator !== "-" && node.operator !== "+")) return { ok: false };
      const inner = literal(node.argument);
      if (!inner.ok || typeof inner.value !== "number") return { ok: false };
      return { ok: true, value: node.operator === "-" ? -inner.value : inner.value };
    }
    case "ArrayExpression": {
      const out: unknown[] = [];
      for (const el of node.elements ?? []) {
        if (!el) return { ok: false };
        const v = literal(el);
        if (!v.ok) return v;
        out.push(v.value);
      }
      return { ok: true, value: out };
    }
    case "ObjectExpression": {
      const out: Record<string, unknown> = {};
      for (const prop of node.properties ?? []) {
        if (prop.type !== "Property" || prop.computed || !prop.key || !prop.value) return { ok: false };
        const key = prop.key.type === "Identifier" ? prop.key.name : prop.key.type === "Literal" ? String(prop.key.value) : undefined;
        if (key === undefined) return { ok: false };
        const v = literal(prop.value);
        if (!v.ok) return v;
        out[key] = v.value;
      }
      return { ok: true, value: out };
    }
    case "Identifier":
      return node.name === "undefined" ? { ok: true, value: undefined } : { ok: false };
    default:
      return { ok: false };
  }
}

interface EstreeNode {
  type: string;
  value?: unknown;
  name?: string;
  operator?: string;
  argument?: EstreeNode;
  elements?: Array<EstreeNode | null>;
  properties?: Array<{ type: string; computed?: boolean; key?: EstreeNode; value?: EstreeNode }>;
  expressions?: EstreeNode[];
  quasis?: Array<{ value: { cooked: string } }>;
  body?: Array<{ type: string; expression?: EstreeNode }>;
}

function propValue(raw: unknown): PropValue {
  if (raw === null || raw === undefined) return { ok: true, value: true }; // <X flag />
  if (typeof raw === "string") return { ok: true, value: raw };
  const expr = raw as { value: string; data?: { estree?: EstreeNode } };
  const statement = expr.data?.estree?.body?.[0];
  if (statement?.type === "ExpressionStatement" && statement.expression) {
    const v = literal(statement.expression);
    if (v.ok) return v;
  }
  return { ok: false, source: expr.value };
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/**
 * `body` is the MDX after the frontmatter; `firstLine` is its first line in the file.
 * A syntax error is returned, not thrown: the checker reports it, the page shows it.
 */
export async function analyzeMdx(body: string, firstLine: number): Promise<MdxAnalysis> {
  const { processor, newSlugger } = await tools();
  const shift = firstLine - 1;
  const result: MdxAnalysis = {
    headings: [],
    links: [],
    codeBlocks: [],
    components: [],
    esmLines: [],
    sections: [{ slug: "", heading: "", text: "" }],
    wordCount: 0,
    syntaxError: null,
  };
  let tree: MdNode;
  try {
    tree = processor.parse(body) as MdNode;
  } catch (err) {
    const e = err as { line?: number; place?: { line?: number; start?: { line?: number } }; reason?: string; message?: string };
    const line = e.line ?? e.place?.line ?? e.place?.start?.line ?? 1;
    result.syntaxError = { line: line + shift, message: `MDX syntax: ${e.reason ?? e.message ?? String(err)}` };
    return result;
  }

  const slugger = newSlugger();
  const lineOf = (node: MdNode) => (node.position?.start.line ?? 1) + shift;
  const words: string[] = [];
  const addText = (s: string) => {
    if (!s) return;
    result.sections[result.sections.length - 1].text += s + " ";
    words.push(s);
  };

  const visit = (node: MdNode) => {
    switch (node.type) {
      case "heading": {
        const text = toText(node).trim();
        // rehype-slug slugs every heading, in order, with one slugger per document: do the same.
        const heading = { depth: node.depth ?? 1, text, slug: slugger.slug(text), line: lineOf(node) };
        result.headings.push(heading);
        if (heading.depth === 2 || heading.depth === 3) result.sections.push({ slug: heading.slug, heading: text, text: "" });
        words.push(text);
        return;
      }
      case "code":
        result.codeBlocks.push({ lang: node.lang ?? null, value: String(node.value ?? ""), line: lineOf(node) });
        return;
      case "link":
      case "definition":
        if (node.url) result.links.push({ url: node.url, line: lineOf(node) });
        break;
      case "mdxjsEsm":
        result.esmLines.push(lineOf(node));
        return;
      case "mdxJsxFlowElement":
      case "mdxJsxTextElement": {
        if (node.name) {
          const props: Record<string, PropValue> = {};
          const propLines: Record<string, number> = {};
          for (const attr of node.attributes ?? []) {
            if (attr.type !== "mdxJsxAttribute" || !attr.name) continue;
            props[attr.name] = propValue(attr.value);
            propLines[attr.name] = attr.position ? attr.position.start.line + shift : lineOf(node);
            if (attr.name === "href" && typeof attr.value === "string") result.links.push({ url: attr.value, line: lineOf(node) });
          }
          result.components.push({ name: node.name, line: lineOf(node), props, propLines });
        }
        break;
      }
      case "text":
      case "inlineCode":
        addText(String(node.value ?? ""));
        return;
    }
    for (const child of node.children ?? []) visit(child);
  };
  visit(tree);
  result.wordCount = countWords(words.join(" "));
  return result;
}
