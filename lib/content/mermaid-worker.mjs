// Parses mermaid diagrams with mermaid's own parser, outside the caller's process: mermaid is
// ESM-only, large (~1.3 s to load) and expects a browser. Its parsers need no DOM except
// DOMPurify's hooks, which are stubbed here because nothing is rendered or sanitised.
// stdin: JSON [{ key, code }]; stdout: JSON [{ key, ok, type?, line?, message? }].
import DOMPurify from "dompurify";

DOMPurify.addHook ??= () => {};
DOMPurify.removeHook ??= () => {};
DOMPurify.removeHooks ??= () => {};
DOMPurify.removeAllHooks ??= () => {};
DOMPurify.sanitize ??= (s) => s;

const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });

let input = "";
for await (const chunk of process.stdin) input += chunk;
const diagrams = JSON.parse(input);
const results = [];
for (const { key, code } of diagrams) {
  try {
    const parsed = await mermaid.parse(code);
    results.push({ key, ok: true, type: parsed.diagramType });
  } catch (err) {
    const text = String(err?.message ?? err);
    const m = /Parse error on line (\d+)/.exec(text) ?? /line (\d+)/i.exec(text);
    const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
    // jison's messages are "Parse error on line N:", an excerpt, a caret and "Expecting ..., got ...".
    const expecting = lines.find((l) => l.startsWith("Expecting") || l.startsWith("Lexical error"));
    const reason = expecting ?? lines[0] ?? "does not parse";
    results.push({ key, ok: false, line: m ? Number(m[1]) : undefined, message: reason.length > 200 ? reason.slice(0, 197) + "..." : reason });
  }
}
process.stdout.write(JSON.stringify(results));
