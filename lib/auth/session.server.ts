import "server-only";
// "Who is this?" for server components and actions. The JWT says which user and which session; the
// user row is read on each request (role, session version) together with whether that session was
// signed out, in one query, so a role change, a password change, signing out or a deleted account
// takes effect at once (docs/decisions/051).
import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client.server";
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

/** For pages that need a signed-in user: sends anyone else to sign in, then back here. */
export async function requireUser(returnTo: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}
