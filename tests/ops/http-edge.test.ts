// The HTTP edge of the production server (proxy.ts, next.config.mjs; docs/decisions/041, 042):
// malformed addresses answer 400 and oversized bodies 413, server-action bodies React cannot
// decode answer 400, all without a stack trace in the log; what the app sends is still served;
// pages carry a Content-Security-Policy that fits their scripts and the fixed security headers;
// /api/health tells nothing but ok or unavailable.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { appEnv, ensureBuild, prepareDatabase, startApp, stopApp, type RunningApp } from "../support/app-server";
import { callAction, readManifest, type ManifestAction } from "../support/server-actions";

const LESSON = "/learn/replication/leader-follower-replication";

let app: RunningApp;
let actions: ManifestAction[];
let dataDir: string;

beforeAll(async () => {
  await ensureBuild();
  dataDir = mkdtempSync(path.join(tmpdir(), "quorum-edge-"));
  const env = appEnv({ QUORUM_DATA_DIR: dataDir });
  prepareDatabase(env);
  app = await startApp(env);
  actions = readManifest();
}, 600_000);
afterAll(async () => {
  if (app) await stopApp(app);
  rmSync(dataDir, { recursive: true, force: true });
});

const url = (p: string) => `${app.url}${p}`;
const actionHeaders = (name: string, contentType = "text/plain;charset=UTF-8") => ({
  "next-action": actions.find((a) => `${a.file}#${a.name}` === name)?.id ?? "",
  accept: "text/x-component",
  origin: app.url,
  "content-type": contentType,
});
/** A body sent without Content-Length (chunked), as a streaming client would. */
function chunked(text: string): { body: ReadableStream<Uint8Array>; duplex: "half" } {
  const bytes = new TextEncoder().encode(text);
  return {
    body: new ReadableStream({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 16_384) controller.enqueue(bytes.slice(i, i + 16_384));
        controller.close();
      },
    }),
    duplex: "half",
  };
}
async function reply(res: Response) {
  return { status: res.status, type: res.headers.get("content-type"), body: (await res.json()) as unknown };
}
const RATE = "app/review/actions.ts#rateAction";

describe("the HTTP edge of the production server", () => {
  it("answers 400 to a path with a malformed or control-character escape, for pages, routes and actions", async () => {
    const paths = ["/learn/%E0%A4%A", "/learn/replication/%C0", "/api/lessons/%zz/progress", "/api/quiz/%E0%A4%A/current", "/mentor/learners/a%00b/answers.csv", "/mentor/cohorts/a%00b/export.csv", "/notifications/open/a%00b", "/api/lessons/a%00b/progress"];
    for (const p of paths) {
      for (const method of ["GET", "POST"]) {
        const res = await fetch(url(p), { method, redirect: "manual" });
        expect({ p, method, ...(await reply(res)) }).toEqual({ p, method, status: 400, type: "application/json", body: { error: "Malformed address." } });
      }
    }
  });

  it("answers 413 to a JSON route body over 64 KB, declared or chunked", async () => {
    const big = JSON.stringify({ itemId: "x", answer: "a".repeat(70_000), clientSubmissionId: "c" });
    const declared = await fetch(url("/api/quiz/some-quiz/answers"), { method: "POST", headers: { "content-type": "application/json" }, body: big });
    expect(await reply(declared)).toEqual({ status: 413, type: "application/json", body: { error: "The request body is larger than 64 KB." } });
    const streamed = await fetch(url("/api/quiz/some-quiz/answers"), { method: "POST", headers: { "content-type": "application/json" }, ...chunked(big) } as RequestInit);
    expect(await reply(streamed)).toEqual({ status: 413, type: "application/json", body: { error: "The request body is larger than 64 KB." } });
    // Under the limit the route itself answers (here: not signed in).
    const small = await fetch(url("/api/quiz/some-quiz/answers"), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ itemId: "x", answer: "a".repeat(60_000) }) });
    expect(small.status).toBe(401);
  });

  it("answers 413 to a server action body over 1 MB, declared or chunked, instead of 500", async () => {
    const big = JSON.stringify([{ cardId: "c", rating: 3, answer: "a".repeat(1_100_000), durationMs: 1, clientSubmissionId: "s" }]);
    const declared = await fetch(url("/review"), { method: "POST", headers: actionHeaders(RATE), body: big });
    expect(await reply(declared)).toEqual({ status: 413, type: "application/json", body: { error: "The request body is larger than 1024 KB." } });
    const streamed = await fetch(url("/review"), { method: "POST", headers: actionHeaders(RATE), ...chunked(big) } as RequestInit);
    expect(await reply(streamed)).toEqual({ status: 413, type: "application/json", body: { error: "The request body is larger than 1024 KB." } });
  });

  it("answers 400 to server action bodies React cannot decode, instead of 500", async () => {
    const bodies: Array<[string, string | FormData, string?]> = [
      ["not JSON", "garbage{"],
      ["not a list", '{"cardId":"c"}'],
      ["a missing row", '["$1"]'],
      ["a bad integer", '["$n12x"]'],
      ["a missing file", '["$B1"]'],
      ["a broken multipart body", "--x\r\nContent-Disposition: form-data; name=\"0\"\r\n\r\n[", "multipart/form-data; boundary=x"],
    ];
    const noArgs = new FormData();
    noArgs.append("_1_lessonId", "x");
    bodies.push(["a form without its argument list", noArgs]);
    for (const [what, body, contentType] of bodies) {
      const headers: Record<string, string> = actionHeaders(RATE, contentType);
      if (body instanceof FormData) delete headers["content-type"];
      const res = await fetch(url("/review"), { method: "POST", headers, body });
      const r = await reply(res);
      expect({ what, status: r.status, type: r.type }).toEqual({ what, status: 400, type: "application/json" });
      expect(String((r.body as { error: string }).error)).toMatch(/^Malformed (server action request|form data)/);
    }
    // A form posted without JavaScript, whose bound arguments are cut short.
    const mpa = new FormData();
    mpa.append("$ACTION_REF_1", "");
    mpa.append("$ACTION_1:0", '{"id":"x","bound":"$@1"}');
    expect((await fetch(url("/practice"), { method: "POST", body: mpa })).status).toBe(400);
  });

  it("lets through what the app itself sends: an action call and a page's own form", async () => {
    const rated = await callAction(app.url, actions, RATE, "/review", { json: [{ cardId: "c", rating: 3, answer: null, durationMs: 1, clientSubmissionId: "s" }] });
    expect({ status: rated.status, result: rated.result }).toEqual({ status: 200, result: { ok: false, error: expect.stringMatching(/sign in/i), status: 401 } });
    const signIn = await callAction(app.url, actions, "app/(auth)/actions.ts#signInAction", "/signin", { form: { email: "learner@quorum.test", password: "learner-demo-pass", callbackUrl: "/" }, withState: true });
    expect({ status: signIn.status, redirect: signIn.redirect }).toEqual({ status: 200, redirect: "/" });
  });

  it("wrote no stack trace for any of those requests", () => {
    expect(app.output()).not.toMatch(/^\s+at /m);
    expect(app.output()).not.toMatch(/⨯|Error:/);
  });

  it("gives a page rendered per request a policy whose nonce its scripts carry, and no inline or eval allowance", async () => {
    const res = await fetch(url("/signin"));
    const policy = res.headers.get("content-security-policy") ?? "";
    const scriptSrc = /script-src ([^;]*)/.exec(policy)?.[1].split(" ") ?? [];
    expect(scriptSrc[0]).toBe("'self'");
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
    expect(nonce).toBeTruthy();
    // Next.js's own scripts carry the nonce; the one that doesn't (the theme script) is allowed by its hash.
    expect(scripts.filter((a) => a.includes(`nonce="${nonce}"`)).length).toBeGreaterThanOrEqual(scripts.length - 1);
    // A new nonce for every response.
    const again = (await fetch(url("/signin"))).headers.get("content-security-policy");
    expect(/'nonce-([^']+)'/.exec(again ?? "")?.[1]).not.toBe(nonce);
  });

  it("serves a lesson as prerendered, with a policy listing exactly its inline scripts' hashes", async () => {
    const res = await fetch(url(LESSON));
    expect(res.headers.get("x-nextjs-prerender")).toBeTruthy();
    const policy = res.headers.get("content-security-policy") ?? "";
    expect(policy).not.toContain("'nonce-");
    const listed = new Set(/script-src ([^;]*)/.exec(policy)?.[1].split(" ").filter((s) => s.startsWith("'sha256-")));
    const html = await res.text();
    const { createHash } = await import("node:crypto");
    const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter((m) => !/\ssrc=/.test(` ${m[1]}`)).map((m) => `'sha256-${createHash("sha256").update(m[2]).digest("base64")}'`);
    expect(inline.length).toBeGreaterThan(3);
    expect(new Set(inline)).toEqual(listed);
  });

  it("sends the fixed security headers on pages, routes and build assets, and HSTS only over https", async () => {
    const page = await fetch(url("/"));
    const html = await page.text();
    const asset = /<script src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeTruthy();
    for (const res of [page, await fetch(url("/api/health")), await fetch(url(asset ?? "")), await fetch(url(LESSON))]) {
      expect({
        nosniff: res.headers.get("x-content-type-options"),
        frame: res.headers.get("x-frame-options"),
        referrer: res.headers.get("referrer-policy"),
        permissions: res.headers.get("permissions-policy"),
        hsts: res.headers.get("strict-transport-security"),
      }).toEqual({ nosniff: "nosniff", frame: "DENY", referrer: "same-origin", permissions: expect.stringContaining("camera=()"), hsts: null });
    }
    const https = await fetch(url("/"), { headers: { "x-forwarded-proto": "https" } });
    expect(https.headers.get("strict-transport-security")).toBe("max-age=31536000");
    expect(https.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
  });

  it("answers /api/health with its status only", async () => {
    const res = await fetch(url("/api/health"));
    expect({ status: res.status, body: await res.json() }).toEqual({ status: 200, body: { status: "ok" } });
  });
});

describe("/api/health when the database is unreachable", () => {
  let down: RunningApp;
  beforeAll(async () => {
    await ensureBuild();
    // Nothing listens on port 9: connections are refused at once.
    down = await startApp(appEnv({ DATABASE_URL: "postgresql://quorum:secret-password@127.0.0.1:9/quorum_missing" }), { ready: "listening" });
  }, 600_000);
  afterAll(async () => {
    if (down) await stopApp(down);
  });

  it("answers 503 unavailable, and the reason goes to the server log only", async () => {
    const res = await fetch(`${down.url}/api/health`);
    const text = await res.text();
    expect({ status: res.status, body: JSON.parse(text) as unknown }).toEqual({ status: 503, body: { status: "unavailable" } });
    expect(text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|secret|quorum_missing/);
    expect(down.output()).toMatch(/\[health\] database unavailable: .*ECONNREFUSED|\[health\] database unavailable: .+/);
  });
});
