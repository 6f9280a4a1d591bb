import "server-only";
// "Who is this?" for server components and actions. The JWT says which user and which session; the
// user row is read on each request (role, session version) together with whether that session was
// signed out, in one query, so a role change, a password change, signing out or a deleted account
// takes effect at once (docs/decisions/051).
import { cache } from "react";
import { cookies } from "next/headers";
import { forbidden, notFound, redirect } from "next/navigation";
import { getDb } from "@/lib/db/client.server";
import { can, ForbiddenError, ownData, UnauthenticatedError, type Action, type Resource } from "@/lib/permissions";
import { liveSessionUser, type SessionClaims, type SessionUser } from "./accounts";
import { auth } from "./auth.server";

// Decoding the session token (next-auth decrypts it and runs its session callbacks) cost more CPU
// than the rest of a quiz answer. The token is immutable, so its claims are kept per token for a
// minute: whether the session still counts is decided by the database row read on every request
// (liveSessionUser), so signing out or a role change still takes effect at once.
const CLAIMS_TTL_MS = 60_000;
const CLAIMS_MAX = 10_000;
const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"];
const claimsByToken = new Map<string, { claims: SessionClaims | null; at: number }>();

/** The claims of the request's session token, if it has a complete one. */
export async function sessionClaims(): Promise<SessionClaims | null> {
  const jar = await cookies();
  const token = SESSION_COOKIES.map((name) => jar.get(name)?.value).find(Boolean);
  if (!token) return null;
  const now = Date.now();
  const hit = claimsByToken.get(token);
  if (hit && now - hit.at < CLAIMS_TTL_MS) return hit.claims;
  const claims = await decodedClaims();
  if (claimsByToken.size >= CLAIMS_MAX) claimsByToken.delete(claimsByToken.keys().next().value as string);
  claimsByToken.set(token, { claims, at: now });
  return claims;
}

async function decodedClaims(): Promise<SessionClaims | null> {
  const session = (await auth()) as { user?: { id?: unknown }; sessionId?: unknown; sessionVersion?: unknown } | null;
  const userId = session?.user?.id;
  const { sessionId, sessionVersion } = session ?? {};
  // Tokens from before sessions could be ended carry no session id: they are treated as signed out.
  if (typeof userId !== "string" || typeof sessionId !== "string" || typeof sessionVersion !== "number") return null;
  return { userId, sessionId, sessionVersion };
}

export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const claims = await sessionClaims();
  if (!claims) return null;
  return liveSessionUser(await getDb(), claims);
});

// The guards: every page, server action and route handler asks "who is asking, and may they?"
// through one of these two (decision 101). `can()` alone only decides what a page shows.

/** A resource, or how to find it once the user is known (e.g. `ownData`, the default). */
export type ResourceOf = Resource | ((user: SessionUser) => Resource | Promise<Resource>);

async function allowed(user: SessionUser, action: Action, resource: ResourceOf): Promise<boolean> {
  return can(user, action, typeof resource === "function" ? await resource(user) : resource);
}

/**
 * For pages: the signed-in user, allowed `action` on `resource` (by default: reading their own
 * data). Anyone signed out goes to sign in, then back to `returnTo`; anyone else gets the 403 page,
 * or the 404 page with `refused: "notFound"` where even existence is private.
 */
export async function requireUser(
  returnTo: string,
  action: Action = "read",
  resource: ResourceOf = ownData,
  refused: "forbidden" | "notFound" = "forbidden",
): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (!(await allowed(user, action, resource))) (refused === "notFound" ? notFound : forbidden)();
  return user;
}

/**
 * For server actions and route handlers: the signed-in user, allowed `action` on `resource` (by
 * default: their own data). Throws UnauthenticatedError (401, with `signedOut` as its message if
 * given) or ForbiddenError (403), which the
 * caller's one error mapping answers like any other DomainError.
 */
export async function actingUser(action: Action, resource: ResourceOf = ownData, signedOut?: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new UnauthenticatedError(signedOut);
  if (!(await allowed(user, action, resource))) throw new ForbiddenError();
  return user;
}
