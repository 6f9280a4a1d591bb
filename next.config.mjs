/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WASM through file URLs; bundling it breaks that loader (docs/decisions/002).
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "esbuild", "mdx-bundler"],
  // Lets the browser tests build into their own folder without touching a developer's .next/.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
