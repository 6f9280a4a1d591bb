// What the HTTP edge (proxy.ts) refuses before a route or server action runs: addresses that are
// not valid percent-encoded UTF-8 or hold control characters, and bodies over the size a route
// accepts. Plain functions of the request's parts, so they are tested without a server
// (docs/decisions/041).

/** JSON route handlers (`/api/*`): the largest real body is a quiz answer of a few kilobytes. */
export const JSON_BODY_LIMIT = 64 * 1024;
/**
 * Server actions and form posts to pages: Next.js's own limit for server actions
 * (`serverActions.bodySizeLimit`, 1 MB by default), which it enforces with a 500 instead of a 413.
 */
export const ACTION_BODY_LIMIT = 1024 * 1024;

/** Route handlers answering JSON; every other path is a page (or a download next to one). */
export function isApiPath(pathname: string): boolean {
  return pathname === "/api" || pathname.startsWith("/api/");
}

export function bodyLimitFor(pathname: string): number {
  return isApiPath(pathname) ? JSON_BODY_LIMIT : ACTION_BODY_LIMIT;
}

/** Methods whose requests carry a body the app reads. */
export function carriesBody(method: string): boolean {
  return method === "POST" || method === "PUT" || method === "PATCH" || method === "DELETE";
}

/**
 * A path that cannot name anything: a `%` escape that is not valid UTF-8 (Next.js throws while
 * matching dynamic routes and answers 500), or an escaped control character such as `%00`, which
 * no page or id contains and which PostgreSQL refuses in text.
 */
export function malformedPath(pathname: string): boolean {
  if (!pathname.includes("%")) return false;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return true;
  }
  return /[\u0000-\u001f\u007f]/.test(decoded);
}

/** The declared body size: a number, "none" when there is no body, or "unknown" (chunked). */
export function declaredLength(headers: { get(name: string): string | null }): number | "none" | "unknown" {
  const length = headers.get("content-length");
  if (length !== null && /^\d+$/.test(length.trim())) return Number(length.trim());
  return headers.get("transfer-encoding") !== null ? "unknown" : "none";
}
