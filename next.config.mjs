/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WASM through file URLs; bundling it breaks that loader (docs/decisions/002).
  // The FSRS optimizer is a native module: required at run time from node_modules, never bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "esbuild", "mdx-bundler", "@open-spaced-repetition/binding"],
  // Lets the browser tests build into their own folder without touching a developer's .next/.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // forbidden() from next/navigation: role-gated pages answer 403 with app/**/forbidden.tsx.
  // inlineCss: the stylesheets are small (about 35 KB before compression); inlined, they no longer block the
  // first paint behind extra requests (Lighthouse, docs/decisions/009).
  experimental: { authInterrupts: true, inlineCss: true },
  reactStrictMode: true,
};

export default nextConfig;
