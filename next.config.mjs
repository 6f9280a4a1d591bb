// Fixed security headers on every response (docs/decisions/042). The Content-Security-Policy,
// which depends on the page, and the request checks are set by proxy.ts.
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Invitation links carry a token in the path: no other site learns a URL from us.
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

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
  // proxyClientMaxBodySize: the copy of a request body the proxy reads is cut off at this size (at a
  // chunk boundary, so short of it). Twice the largest body the proxy accepts (ACTION_BODY_LIMIT in
  // lib/http/requests.ts, Next.js's 1 MB server-action limit) is enough to tell that a body without
  // a declared length is too large (docs/decisions/041).
  experimental: { authInterrupts: true, inlineCss: true, proxyClientMaxBodySize: 2 * 1024 * 1024 },
  reactStrictMode: true,
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // Browsers ignore this header over plain http, so a client that claims https gains nothing.
      { source: "/:path*", has: [{ type: "header", key: "x-forwarded-proto", value: "https" }], headers: [{ key: "Strict-Transport-Security", value: "max-age=31536000" }] },
    ];
  },
};

export default nextConfig;
