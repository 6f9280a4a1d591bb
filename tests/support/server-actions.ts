// Server actions over HTTP, as the browser calls them: POST to a page that uses the action, with its
// id (from the build's server-reference-manifest.json) in the Next-Action header and the arguments
// encoded as React encodes them (a JSON array, or multipart when an argument is FormData). Used by
// the access-control matrix (tests/e2e) and the process tests (tests/ops), which have no browser.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export type ActionArgs = { form: Record<string, string>; withState: boolean } | { json: unknown[] };

export const form = (fields: Record<string, string>, withState = false): ActionArgs => ({ form: fields, withState });

/** "app/(learn)/learn/[family]/page.tsx" → "/learn/[family]"; route groups do not appear in URLs. */
export function routeOf(file: string): string {
  const segments = path.dirname(file).split(path.sep).slice(1).filter((s) => !(s.startsWith("(") && s.endsWith(")")));
  return `/${segments.join("/")}`;
}

export interface ManifestAction {
  id: string;
  file: string;
  name: string;
  pages: string[];
}

export function readManifest(dist = process.env.E2E_DIST_DIR ?? ".next-e2e"): ManifestAction[] {
  const file = path.join(dist, "server", "server-reference-manifest.json");
  if (!existsSync(file)) throw new Error(`${file} is missing: build the app first (tests/support/app-server.ts ensureBuild, or npm run test:e2e)`);
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  const node = isRecord(parsed) && isRecord(parsed.node) ? parsed.node : {};
  return Object.entries(node).map(([id, v]) => {
    if (!isRecord(v) || typeof v.filename !== "string" || typeof v.exportedName !== "string" || !isRecord(v.workers)) {
      throw new Error(`Unexpected server-reference-manifest entry ${id}`);
    }
    // Workers are the app entries that import the action: "app/(learn)/learn/[family]/[lesson]/page".
    return { id, file: v.filename, name: v.exportedName, pages: Object.keys(v.workers).map((w) => routeOf(`${w}.tsx`)) };
  });
}

/** The id of "file#export" in the build. */
export function actionId(actions: readonly ManifestAction[], name: string): string {
  const [file, exported] = name.split("#");
  const found = actions.find((a) => a.file === file && a.name === exported);
  if (!found) throw new Error(`${name} is not in the build's server-reference-manifest.json`);
  return found.id;
}

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** React's reply encoding: a string starting with "$" is escaped as "$$". */
function escapeReply(value: unknown): unknown {
  if (typeof value === "string") return value.startsWith("$") ? `$${value}` : value;
  if (Array.isArray(value)) return value.map(escapeReply);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeReply(v)]));
  return value;
}

/**
 * The body the browser sends: plain arguments as a JSON array; a FormData argument as multipart,
 * its fields prefixed "_1_" and referenced as "$K1", with the argument list ("0") last, as React
 * writes it (the server starts decoding when "0" arrives).
 */
export function encodeArgs(args: ActionArgs): { body: string | FormData; contentType?: string } {
  if ("json" in args) return { body: JSON.stringify(escapeReply(args.json)), contentType: "text/plain;charset=UTF-8" };
  const data = new FormData();
  for (const [k, v] of Object.entries(args.form)) data.append(`_1_${k}`, v);
  data.append("0", JSON.stringify(args.withState ? [{}, "$K1"] : ["$K1"]));
  return { body: data };
}

/** The action's return value from the Flight response: row 0 is {"a": "$@<row>"}; that row holds it. */
export function flightResult(body: string): unknown {
  const rows = new Map<string, string>();
  for (const line of body.split("\n")) {
    const m = /^([0-9a-f]+):(.*)$/.exec(line);
    if (m && !rows.has(m[1])) rows.set(m[1], m[2]);
  }
  const root = rows.get("0");
  if (!root?.startsWith("{")) return undefined;
  const parsed: unknown = JSON.parse(root);
  let value = isRecord(parsed) ? parsed.a : undefined;
  if (typeof value === "string" && value.startsWith("$@")) {
    const row = rows.get(value.slice(2));
    value = row === undefined ? undefined : (JSON.parse(row) as unknown);
  }
  return value === "$undefined" ? undefined : value;
}

export interface ActionReply {
  status: number;
  /** Where the action redirected (x-action-redirect), relative to the site, without its ";push". */
  redirect: string;
  /** The action's return value, when it returned one. */
  result: unknown;
  /** Cookies the response set, as `name=value` pairs. */
  cookies: string[];
  body: string;
  headers: Headers;
}

/** The headers of a call to the action `name` ("file#export"), as a browser sends them from `origin`. */
export function actionHeaders(actions: readonly ManifestAction[], name: string, origin: string, contentType?: string): Record<string, string> {
  return { "next-action": actionId(actions, name), accept: "text/x-component", origin, ...(contentType ? { "content-type": contentType } : {}) };
}

export interface CallOptions {
  cookie?: string;
  /** More request headers (e.g. X-Forwarded-For behind a trusted proxy). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Calls an action of the app at `base` as the browser would, from the page at `page`, as `cookie` (or with options). */
export async function callAction(base: string, actions: readonly ManifestAction[], name: string, page: string, args: ActionArgs, cookieOrOptions: string | CallOptions = "", signal?: AbortSignal): Promise<ActionReply> {
  const opts: CallOptions = typeof cookieOrOptions === "string" ? { cookie: cookieOrOptions, signal } : cookieOrOptions;
  const { body, contentType } = encodeArgs(args);
  const res = await fetch(`${base}${page}`, {
    method: "POST",
    redirect: "manual",
    signal: opts.signal,
    headers: { ...actionHeaders(actions, name, base, contentType), ...(opts.cookie ? { cookie: opts.cookie } : {}), ...opts.headers },
    body,
  });
  const text = await res.text();
  const redirect = (res.headers.get("x-action-redirect") ?? "").replace(base, "").split(";")[0];
  return {
    status: res.status,
    redirect,
    result: res.status === 200 && !redirect ? flightResult(text) : undefined,
    cookies: res.headers.getSetCookie().map((c) => c.split(";")[0]),
    body: text,
    headers: res.headers,
  };
}

/** Signs in through the sign-in action and returns the session cookie header. */
export async function signInOverHttp(base: string, actions: readonly ManifestAction[], email: string, password: string): Promise<string> {
  const reply = await callAction(base, actions, "app/(auth)/actions.ts#signInAction", "/signin", form({ email, password, callbackUrl: "/" }, true));
  const session = reply.cookies.filter((c) => /session-token=/.test(c));
  if (session.length === 0) throw new Error(`Sign-in as ${email} set no session cookie (${reply.status}): ${reply.body.slice(0, 300)}`);
  return session.join("; ");
}

/** A served quiz or review question as the browser receives it: options and items under labels A, B, C… */
export interface ServedQuestion {
  type: string;
  options?: Array<{ id: string }>;
  items?: Array<{ id: string }>;
}

export function isServedQuestion(x: unknown): x is ServedQuestion {
  return isRecord(x) && typeof x.type === "string";
}

/** A valid answer to a served question (its first option, the order shown, 3); free text is `text`. */
export function answerForServedQuestion(q: ServedQuestion, text: string): unknown {
  if (q.type === "free") return `${text} answer`;
  if (q.type === "numeric") return 3;
  if (q.type === "ordering") return (q.items ?? []).map((i) => i.id);
  if (q.type === "multiple") return [q.options?.[0]?.id];
  return q.options?.[0]?.id; // single, simulation
}

/** A new account through the sign-up form's action; returns the cookies that sign it in ("a=1; b=2"). */
export async function signUpOverHttp(base: string, actions: readonly ManifestAction[], person: { name: string; email: string; password: string }, headers?: Record<string, string>): Promise<string> {
  const r = await callAction(base, actions, "app/(auth)/actions.ts#signUpAction", "/signup", form(person, true), { headers });
  if (!r.redirect || r.cookies.length === 0) {
    const errors = isRecord(r.result) && isRecord(r.result.errors) ? JSON.stringify(r.result.errors) : r.body.slice(0, 300);
    throw new Error(`Sign-up of ${person.email} failed (HTTP ${r.status}): ${errors}`);
  }
  return r.cookies.join("; ");
}
