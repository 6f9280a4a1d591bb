// HTTP as a script (not a browser) sends it: from a chosen loopback address, with cookies kept per
// client, calling server actions the way the browser does. The whole 127.0.0.0/8 range reaches the
// server, so a test can appear to come from as many different client addresses as it needs.
import http from "node:http";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export interface HttpReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Where a redirect or a server action's redirect points (relative to the site). */
  location: string;
}

export interface HttpClientOptions {
  /** Source address of the connection, e.g. "127.0.0.7": the server sees it as the socket's peer. */
  localAddress?: string;
  /** Extra headers on every request (e.g. a forged X-Forwarded-For). */
  headers?: Record<string, string>;
}

/** One client: a source address and a cookie jar. */
export class HttpClient {
  readonly cookies = new Map<string, string>();
  constructor(
    readonly base: string,
    readonly options: HttpClientOptions = {},
  ) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  /** A second client with this one's cookies: a copied session cookie. */
  copy(options: HttpClientOptions = this.options): HttpClient {
    const other = new HttpClient(this.base, options);
    for (const [k, v] of this.cookies) other.cookies.set(k, v);
    return other;
  }

  async request(method: string, url: string, init: { body?: Buffer | string; headers?: Record<string, string> } = {}): Promise<HttpReply> {
    const target = new URL(url, this.base);
    const headers: Record<string, string> = { ...this.options.headers, ...init.headers };
    const cookie = this.cookieHeader();
    if (cookie) headers.cookie = cookie;
    if (init.body !== undefined) headers["content-length"] = String(Buffer.byteLength(init.body));
    const reply = await new Promise<HttpReply>((resolve, reject) => {
      const req = http.request(
        { host: target.hostname, port: target.port, path: target.pathname + target.search, method, headers, localAddress: this.options.localAddress, agent: false },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const redirect = res.headers.location ?? String(res.headers["x-action-redirect"] ?? "").split(";")[0];
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8"), location: redirect.replace(this.base, "") });
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(init.body);
    });
    for (const line of reply.headers["set-cookie"] ?? []) {
      const [pair, ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = value === "" || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return reply;
  }

  get(url: string): Promise<HttpReply> {
    return this.request("GET", url);
  }

  /** Calls a server action as a form posts it; `withState` for actions used with useActionState. */
  async action(name: string, pageUrl: string, fields: Record<string, string>, withState = true): Promise<ActionReply> {
    const data = new FormData();
    for (const [k, v] of Object.entries(fields)) data.append(`_1_${k}`, v);
    data.append("0", JSON.stringify(withState ? [{}, "$K1"] : ["$K1"]));
    const encoded = new Response(data);
    const body = Buffer.from(await encoded.arrayBuffer());
    const reply = await this.request("POST", pageUrl, {
      body,
      headers: {
        "content-type": encoded.headers.get("content-type") ?? "",
        "next-action": actionId(name),
        accept: "text/x-component",
        origin: this.base,
      },
    });
    const redirected = Boolean(reply.headers["x-action-redirect"]);
    return { ...reply, redirected, result: reply.status === 200 && !redirected ? flightResult(reply.body) : undefined };
  }

  /** Who the server thinks this client is (null when signed out). */
  async me(): Promise<{ email: string; role: string } | null> {
    const r = await this.get("/api/me");
    const parsed = JSON.parse(r.body) as { user: { email: string; role: string } | null };
    return parsed.user;
  }
}

export interface ActionReply extends HttpReply {
  redirected: boolean;
  /** The action's return value (absent when it redirected). */
  result: unknown;
}

let manifest: Map<string, string> | undefined;

/** A server action's id in the build ("app/(auth)/actions.ts#signInAction"). */
export function actionId(name: string): string {
  if (!manifest) {
    const file = path.join(process.env.E2E_DIST_DIR ?? ".next-e2e", "server", "server-reference-manifest.json");
    if (!existsSync(file)) throw new Error(`${file} is missing: run this test with npm run test:e2e, which builds the app`);
    const parsed = JSON.parse(readFileSync(file, "utf8")) as { node: Record<string, { filename: string; exportedName: string }> };
    manifest = new Map(Object.entries(parsed.node).map(([id, v]) => [`${v.filename}#${v.exportedName}`, id]));
  }
  const id = manifest.get(name);
  if (!id) throw new Error(`${name} is not in the build's server-reference-manifest.json`);
  return id;
}

/** The action's return value from the Flight response: row 0 is {"a": "$@<row>"} or the value. */
function flightResult(body: string): unknown {
  const rows = new Map<string, string>();
  for (const line of body.split("\n")) {
    const m = /^([0-9a-f]+):(.*)$/.exec(line);
    if (m && !rows.has(m[1])) rows.set(m[1], m[2]);
  }
  const root = rows.get("0");
  if (!root?.startsWith("{")) return undefined;
  let value = (JSON.parse(root) as { a?: unknown }).a;
  if (typeof value === "string" && value.startsWith("$@")) {
    const row = rows.get(value.slice(2));
    value = row === undefined ? undefined : (JSON.parse(row) as unknown);
  }
  return value === "$undefined" ? undefined : value;
}

/** The form-level or first field message of a refused action ({ errors: { field: message } }). */
export function refusal(result: unknown): string | null {
  if (typeof result !== "object" || result === null) return null;
  const errors = (result as { errors?: Record<string, unknown> }).errors;
  if (!errors) return null;
  const first = errors.form ?? Object.values(errors)[0];
  return typeof first === "string" ? first : null;
}
