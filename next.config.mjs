/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WASM through file URLs; bundling it breaks that loader (docs/decisions/002).
  // The FSRS optimizer is a native module: required at run time from node_modules, never bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "esbuild", "mdx-bundler", "@open-spaced-repetition/binding"],
  // Lets the browser tests build into their own folder without touching a developer's .next/.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
