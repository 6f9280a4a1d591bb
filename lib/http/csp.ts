// The Content-Security-Policy (docs/decisions/042). Scripts run only from this origin, and an
// inline script only when the policy lists its nonce (pages rendered per request) or its SHA-256
// hash (pages prerendered at build time, whose HTML cannot carry a per-request nonce). No
// 'unsafe-eval' outside development and no 'unsafe-inline' for scripts. Styles allow inline: React
// writes style attributes, mermaid puts a <style> element in each diagram and the app's CSS is
// inlined into the HTML (docs/decisions/009); the risk an injected style carries is far smaller.
import { createHash } from "node:crypto";

export interface PolicyOptions {
  /** Script sources beyond 'self': `'nonce-…'` and `'sha256-…'` entries. */
  scripts: readonly string[];
  /** The request reached us over https (directly or through a proxy that says so). */
  https: boolean;
  /** `next dev`: React evaluates code for its error overlay and stack reconstruction. */
  development: boolean;
}

export function contentSecurityPolicy({ scripts, https, development }: PolicyOptions): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${scripts.join(" ")}${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export function sha256Source(script: string): string {
  return `'sha256-${createHash("sha256").update(script, "utf8").digest("base64")}'`;
}

/** The hash source of every inline script (a <script> without src) in an HTML document. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\ssrc\s*=/i.test(` ${m[1]}`)) continue;
    hashes.add(sha256Source(m[2]));
  }
  return [...hashes];
}

export function nonceSource(nonce: string): string {
  return `'nonce-${nonce}'`;
}
