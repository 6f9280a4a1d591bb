// The HTTP edge (Next.js 16 "proxy", formerly middleware), in front of every page, route and server
// action. It refuses what the app cannot read — malformed addresses (400), bodies over the route's
// limit (413), server-action bodies React cannot decode (400) — and gives each HTML page its
// Content-Security-Policy. The checks live in lib/http; this file only wires them to the request.
// Fixed security headers for every response are in next.config.mjs. docs/decisions/041 and 042.
import path from "node:path";
import { NextResponse, type NextRequest } from "next/server";
import { THEME_SCRIPT } from "@/components/theme-script-source";
import { formPostProblem, replyProblem, textReply } from "@/lib/http/action-reply";
import { contentSecurityPolicy, nonceSource, sha256Source } from "@/lib/http/csp";
import { PrerenderedPages } from "@/lib/http/prerendered";
import { bodyLimitFor, carriesBody, declaredLength, isApiPath, malformedPath } from "@/lib/http/requests";

const development = process.env.NODE_ENV === "development";
const prerendered = new PrerenderedPages(path.join(/* turbopackIgnore: true */ process.cwd(), process.env.NEXT_DIST_DIR || ".next"));
const themeScriptHash = sha256Source(THEME_SCRIPT);

function refuse(status: 400 | 413, error: string): NextResponse {
  return NextResponse.json({ error }, { status, headers: { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" } });
}

const tooLarge = (limit: number) => refuse(413, `The request body is larger than ${Math.round(limit / 1024)} KB.`);

/**
 * Size and, for server actions and form posts to pages, decodability of the body. The body read
 * here is a copy Next.js buffers for the proxy (experimental.proxyClientMaxBodySize, twice the
 * largest limit: the copy is cut at a chunk boundary, and a body without a declared length must
 * still show more than the limit), so the route still receives the original.
 */
async function checkBody(request: NextRequest, pathname: string): Promise<NextResponse | null> {
  const limit = bodyLimitFor(pathname);
  const declared = declaredLength(request.headers);
  if (declared === "none") return null;
  if (typeof declared === "number" && declared > limit) return tooLarge(limit);

  const fetchAction = request.headers.has("next-action");
  const contentType = request.headers.get("content-type") ?? "";
  const multipart = contentType.toLowerCase().startsWith("multipart/form-data");
  // Server actions (and form posts without JavaScript) are decoded by React; route bodies by the route.
  const decodedByReact = !isApiPath(pathname) && (fetchAction || multipart);
  if (!decodedByReact && declared !== "unknown") return null;

  const body = await request.arrayBuffer();
  if (body.byteLength > limit) return tooLarge(limit);
  if (!decodedByReact) return null;
  let problem: string | null;
  if (multipart) {
    let form: FormData;
    try {
      form = await new Response(body, { headers: { "content-type": contentType } }).formData();
    } catch {
      return refuse(400, "Malformed form data.");
    }
    problem = formPostProblem(form, fetchAction);
  } else {
    problem = replyProblem(textReply(new TextDecoder().decode(body)));
  }
  return problem ? refuse(400, `Malformed server action request: ${problem}.`) : null;
}

/** A request whose answer is an HTML page (not a route's data, a client navigation's payload or an action's result). */
function wantsPage(request: NextRequest, pathname: string): boolean {
  if (isApiPath(pathname) || pathname.endsWith(".csv")) return false;
  if (request.headers.has("rsc") || request.headers.has("next-router-prefetch") || request.headers.has("next-action")) return false;
  return true;
}

export async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (malformedPath(pathname)) return refuse(400, "Malformed address.");

  if (carriesBody(request.method)) {
    const refused = await checkBody(request, pathname);
    if (refused) return refused;
  }
  if (!wantsPage(request, pathname)) return NextResponse.next();

  const https = request.nextUrl.protocol === "https:" || (request.headers.get("x-forwarded-proto") ?? "").split(",")[0].trim() === "https";
  const isRead = request.method === "GET" || request.method === "HEAD";
  // A prerendered page is sent as built: its own scripts' hashes, no nonce (none could be added).
  const hashes = isRead ? prerendered.hashesFor(decodeURIComponent(pathname)) : null;
  if (hashes) {
    const response = NextResponse.next();
    response.headers.set("Content-Security-Policy", contentSecurityPolicy({ scripts: hashes, https, development }));
    return response;
  }
  // Rendered now: Next.js reads the nonce from the request's policy and puts it on its scripts.
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const scripts = new Set([nonceSource(nonce), themeScriptHash, ...prerendered.fallbackHashes()]);
  const policy = contentSecurityPolicy({ scripts: [...scripts], https, development });
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  // Everything but build assets (hashed file names under /_next/static), the health check (polled by
  // load balancers) and the search index (a file built at build time): none reads the request, and
  // running a proxy at all costs each request a second pass through Next.js's request handling
  // (docs/decisions/041).
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/health|api/search).*)"],
};
