// Test-only stand-in for lib/content/mdx-tools.ts (mapped in jest.config.mjs). Jest's CommonJS
// transform turns `import()` into `require()`, which cannot load ESM-only packages; a native
// `import()` hidden from the transform works in Jest (with --experimental-vm-modules).
// Specifiers are resolved from the project root.
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { loadMdxTools as Production } from "@/lib/content/mdx-tools";

// The comment makes each evaluation of this module compile its own function. V8 caches functions
// compiled from identical source, and a cached one keeps the dynamic-import handler of whoever
// compiled it first: under Jest that is an earlier, torn-down test file ("You are trying to
// `import` a file after the Jest environment has been torn down. From <other test>").
const nativeImport = new Function("specifier", `return import(specifier); // ${Date.now()}-${Math.random()}`) as (specifier: string) => Promise<unknown>;

function importEsm(specifier: string): Promise<unknown> {
  const resolved = createRequire(path.join(process.cwd(), "package.json")).resolve(specifier);
  return nativeImport(pathToFileURL(resolved).href);
}

export const loadMdxTools = (() =>
  Promise.all([importEsm("@mdx-js/mdx"), importEsm("remark-gfm"), importEsm("github-slugger")])) as typeof Production;
