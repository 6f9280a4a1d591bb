import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { contentSecurityPolicy, inlineScriptHashes, nonceSource, sha256Source } from "./csp";
import { PrerenderedPages } from "./prerendered";

const directives = (policy: string) => Object.fromEntries(policy.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));

describe("Content-Security-Policy", () => {
  it("hashes a script as CSP does (SHA-256 of its UTF-8 text, base64)", () => {
    // Reference values from `printf 'alert(1)' | openssl dgst -sha256 -binary | base64`.
    expect(sha256Source("alert(1)")).toBe("'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='");
    expect(sha256Source("doSomething();")).toBe("'sha256-RFWPLDbv2BY+rCkDzsE+0fr8ylGr2R2faWMhq4lfEQc='");
  });

  it("hashes each inline script of a page once, and no script loaded from a file", () => {
    const html = '<html><head><script>alert(1)</script><script src="/_next/static/a.js" async=""></script></head><body><script id="_R_">doSomething();</script><script>alert(1)</script></body></html>';
    expect(inlineScriptHashes(html)).toEqual([sha256Source("alert(1)"), sha256Source("doSomething();")]);
  });

  it("lets scripts run only from this origin or by nonce or hash, never inline or by eval in production", () => {
    const d = directives(contentSecurityPolicy({ scripts: [nonceSource("abc"), sha256Source("alert(1)")], https: false, development: false }));
    expect(d["script-src"]).toEqual(["'self'", "'nonce-abc'", sha256Source("alert(1)")]);
    expect(d["object-src"]).toEqual(["'none'"]);
    expect(d["base-uri"]).toEqual(["'none'"]);
    expect(d["frame-ancestors"]).toEqual(["'none'"]);
    expect(d["form-action"]).toEqual(["'self'"]);
    expect(d["default-src"]).toEqual(["'self'"]);
    expect(d["upgrade-insecure-requests"]).toBeUndefined();
    const dev = directives(contentSecurityPolicy({ scripts: [], https: true, development: true }));
    expect(dev["script-src"]).toContain("'unsafe-eval'");
    expect(dev["upgrade-insecure-requests"]).toEqual([]);
  });
});

describe("prerendered pages", () => {
  let dist: string;
  beforeEach(() => {
    dist = mkdtempSync(path.join(tmpdir(), "quorum-dist-"));
    mkdirSync(path.join(dist, "server", "app", "learn", "caching"), { recursive: true });
    writeFileSync(
      path.join(dist, "prerender-manifest.json"),
      JSON.stringify({ routes: { "/learn/caching/x": { routeType: "page" }, "/_not-found": { routeType: "page" }, "/api/search": { routeType: "route" } } }),
    );
    writeFileSync(path.join(dist, "server", "app", "learn", "caching", "x.html"), "<script>alert(1)</script>");
    writeFileSync(path.join(dist, "server", "app", "_not-found.html"), "<script>doSomething();</script>");
  });
  afterEach(() => rmSync(dist, { recursive: true, force: true }));

  it("gives the hashes of a prerendered page's scripts, and null for a page rendered per request", () => {
    const pages = new PrerenderedPages(dist);
    expect(pages.hashesFor("/learn/caching/x")).toEqual([sha256Source("alert(1)")]);
    expect(pages.hashesFor("/dashboard")).toBeNull();
    expect(pages.hashesFor("/api/search")).toBeNull();
    expect(pages.fallbackHashes()).toEqual([sha256Source("doSomething();")]);
  });

  it("reads a page again when it is rewritten", () => {
    const pages = new PrerenderedPages(dist);
    expect(pages.hashesFor("/learn/caching/x")).toEqual([sha256Source("alert(1)")]);
    const file = path.join(dist, "server", "app", "learn", "caching", "x.html");
    writeFileSync(file, "<script>doSomething();</script>");
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(pages.hashesFor("/learn/caching/x")).toEqual([sha256Source("doSomething();")]);
  });

  it("treats every page as rendered per request when there is no build (development)", () => {
    const pages = new PrerenderedPages(path.join(dist, "missing"));
    expect(pages.hashesFor("/learn/caching/x")).toBeNull();
    expect(pages.fallbackHashes()).toEqual([]);
  });
});
