import "server-only";
// Compiles a lesson's MDX with mdx-bundler: GitHub-style heading ids (rehype-slug, the same
// slugs the checker and the table of contents use), syntax highlighting done here on the server
// (rehype-highlight, no client code), ```mermaid fences turned into <Mermaid chart="..." />, GFM
// tables. Results are cached per process by content hash; a lesson that fails to compile returns
// its error, so only its own page shows an error box.
import path from "node:path";
import { bundleMDX } from "mdx-bundler";
import rehypeHighlight from "rehype-highlight";
import rehypeSlug from "rehype-slug";
import remarkGfm from "remark-gfm";
import type { Lesson } from "./loader";

export type CompiledLesson = { ok: true; code: string } | { ok: false; error: { file: string; line: number; message: string } };

const cache = new Map<string, Promise<CompiledLesson>>();

interface MdNode {
  type: string;
  lang?: string | null;
  value?: string;
  children?: MdNode[];
  [key: string]: unknown;
}

/** ```mermaid blocks become <Mermaid chart="..." />, rendered in the browser. */
function remarkMermaid() {
  return (tree: MdNode) => {
    const visit = (node: MdNode) => {
      node.children?.forEach((child, i) => {
        if (child.type === "code" && child.lang === "mermaid") {
          node.children![i] = {
            type: "mdxJsxFlowElement",
            name: "Mermaid",
            attributes: [{ type: "mdxJsxAttribute", name: "chart", value: child.value ?? "" }],
            children: [],
          };
        } else visit(child);
      });
    };
    visit(tree);
  };
}

export function compileLesson(lesson: Lesson): Promise<CompiledLesson> {
  let compiled = cache.get(lesson.contentHash);
  if (!compiled) {
    compiled = compile(lesson);
    cache.set(lesson.contentHash, compiled);
  }
  return compiled;
}

async function compile(lesson: Lesson): Promise<CompiledLesson> {
  if (lesson.analysis.syntaxError) {
    return { ok: false, error: { file: lesson.file, line: lesson.analysis.syntaxError.line, message: lesson.analysis.syntaxError.message } };
  }
  // Frontmatter lines are kept blank so that compiler errors carry the file's own line numbers.
  const source = "\n".repeat(lesson.bodyLine - 1) + lesson.body;
  try {
    const { code } = await bundleMDX({
      source,
      cwd: path.join(process.cwd(), "content"),
      mdxOptions(options) {
        options.remarkPlugins = [...(options.remarkPlugins ?? []), remarkGfm, remarkMermaid];
        options.rehypePlugins = [
          ...(options.rehypePlugins ?? []),
          rehypeSlug,
          [rehypeHighlight, { detect: false, plainText: ["text", "txt", "mermaid"] }],
        ];
        return options;
      },
    });
    return { ok: true, code };
  } catch (err) {
    const e = err as { errors?: Array<{ text: string; location?: { line: number } | null }>; message?: string };
    const first = e.errors?.[0];
    return {
      ok: false,
      error: { file: lesson.file, line: first?.location?.line ?? lesson.bodyLine, message: first?.text ?? e.message ?? String(err) },
    };
  }
}
