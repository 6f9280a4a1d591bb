// Loads ESM-only packages (github-slugger, @mdx-js/mdx) from code that also runs under Jest,
// whose CommonJS transform turns `import()` into `require()` and cannot load them. A native
// `import()` hidden from the transform works in Jest (with --experimental-vm-modules), tsx and
// the Next.js server. Specifiers are resolved from the project root so the import does not
// depend on where the calling module ended up after bundling.
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

// The comment makes each evaluation of this module compile its own function. V8 caches functions
// compiled from identical source, and a cached one keeps the dynamic-import handler of whoever
// compiled it first: under Jest that is an earlier, torn-down test file ("You are trying to
// `import` a file after the Jest environment has been torn down. From <other test>").
const nativeImport = new Function("specifier", `return import(specifier); // ${Date.now()}-${Math.random()}`) as (specifier: string) => Promise<unknown>;
const cache = new Map<string, Promise<unknown>>();

export function importEsm<T>(specifier: string): Promise<T> {
  let loaded = cache.get(specifier);
  if (!loaded) {
    const resolved = createRequire(path.join(process.cwd(), "package.json")).resolve(specifier);
    loaded = nativeImport(pathToFileURL(resolved).href);
    cache.set(specifier, loaded);
  }
  return loaded as Promise<T>;
}
