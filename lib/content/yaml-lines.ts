// Maps a path inside a parsed YAML document (e.g. [3, "options", 1, "id"]) to a 1-based line, so
// that every problem can be reported as file:line. Missing fields point at the closest existing
// parent (the question's `- id:` line for a missing field of that question).
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";

export interface ParsedYaml {
  doc: Document;
  /** 1-based line of `path`, or of its closest existing ancestor. */
  lineAt(path: ReadonlyArray<PropertyKey>): number;
  /** Syntax errors with their line, already offset. */
  errors: Array<{ line: number; message: string }>;
}

/** `firstLine` is the file line on which `source` starts (frontmatter starts on line 2). */
export function parseYaml(source: string, firstLine = 1): ParsedYaml {
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const offset = firstLine - 1;
  const lineOfOffset = (pos: number) => counter.linePos(pos).line + offset;

  const errors = [...doc.errors, ...doc.warnings.filter((w) => w.code === "DUPLICATE_KEY")].map((e) => ({
    line: lineOfOffset(e.pos[0]),
    // yaml's messages end with a source excerpt after a blank line: keep the first sentence.
    message: `YAML: ${e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`,
  }));

  function lineAt(path: ReadonlyArray<PropertyKey>): number {
    let node: unknown = doc.contents;
    let line = node && (node as Node).range ? lineOfOffset((node as Node).range![0]) : firstLine;
    for (const seg of path) {
      if (isSeq(node) && typeof seg === "number") {
        node = node.items[seg];
        if (node && (node as Node).range) line = lineOfOffset((node as Node).range![0]);
        else break;
      } else if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        const key = pair.key as Node;
        if (key.range) line = lineOfOffset(key.range[0]);
        node = pair.value;
      } else break;
    }
    return line;
  }

  return { doc, lineAt, errors };
}
