// The ESM-only packages the lesson analyser reads MDX with, loaded once with a plain dynamic
// import (the Next.js server and tsx load them as they are). Jest's CommonJS transform turns
// `import()` into `require()` and cannot load them, so jest.config.mjs maps this module to
// tests/support/mdx-tools.ts, which loads the same packages by another route.
export function loadMdxTools() {
  return Promise.all([import("@mdx-js/mdx"), import("remark-gfm"), import("github-slugger")]);
}
