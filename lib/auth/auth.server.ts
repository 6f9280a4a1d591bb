import "server-only";
// next-auth (v5) configuration: email + password credentials, JWT sessions that can be ended
// (docs/decisions/003, 050, 051).
import { createHmac, randomUUID } from "node:crypto";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/lib/db/client.server";
import { signedInUser, verifyCredentials, revokeSession, type SignedInUser } from "./accounts";
import { clientAddress } from "./client-address";
import { redeemSignInTicket } from "./sign-in-ticket";

export const SESSION_MAX_AGE_S = 30 * 24 * 3600;

/** Carries the reason for a refused sign-in to the sign-in form (codes are read by signInAction). */
class SignInRefused extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

/** A stable, unguessable stand-in for an email in the log: the same account gives the same value. */
function accountFingerprint(email: string): string {
  return createHmac("sha256", process.env.AUTH_SECRET ?? "").update(email.trim().toLowerCase()).digest("hex").slice(0, 12);
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  secret: process.env.AUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
  pages: { signIn: "/signin" },
  // A refused sign-in is an expected outcome, logged once below; anything else keeps one line, no stack.
  logger: {
    error(error) {
      if (error instanceof CredentialsSignin || (error as { type?: string }).type === "CredentialsSignin") return;
      const cause = (error as { cause?: { err?: Error } }).cause?.err;
      console.error(`[auth] ${error.name}: ${(cause ?? error).message.split("\n").filter(Boolean).join(" ")}`);
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" }, ticket: {} },
      async authorize(credentials, request): Promise<SignedInUser> {
        const db = await getDb();
        // Right after sign-up or a password change the server vouches for the user with a one-time ticket.
        if (typeof credentials?.ticket === "string" && credentials.ticket) {
          const userId = redeemSignInTicket(credentials.ticket);
          const user = userId ? await signedInUser(db, userId) : null;
          if (!user) throw new SignInRefused("wrong-credentials");
          return user;
        }
        const email = String(credentials?.email ?? "");
        const address = clientAddress(request.headers);
        const result = await verifyCredentials(db, { email, password: String(credentials?.password ?? "") }, address);
        if (!result.ok) {
          const reason = result.reason === "throttled" ? `throttled (${result.refusal})` : result.reason;
          console.warn(`[auth] sign-in failed: ${reason}, account ${accountFingerprint(email)}, address ${address}`);
          throw new SignInRefused(result.reason === "throttled" ? `throttled:${result.refusal}:${result.retryAfterMs}` : result.reason);
        }
        return result.user;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      // A new session: who, which session (so it can be signed out alone), and the account's
      // session version (so that raising it ends every session).
      if (user) {
        const signedIn = user as SignedInUser;
        token.uid = signedIn.id;
        token.sid = randomUUID();
        token.sv = signedIn.sessionVersion;
      }
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") {
        (session.user as { id?: string }).id = token.uid;
        Object.assign(session, { sessionId: token.sid, sessionVersion: token.sv });
      }
      return session;
    },
  },
  events: {
    // Every sign-out (our forms and next-auth's own endpoint) ends the token it was made with.
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      if (!token || typeof token.uid !== "string" || typeof token.sid !== "string") return;
      const expiresAt = new Date(typeof token.exp === "number" ? token.exp * 1000 : Date.now() + SESSION_MAX_AGE_S * 1000);
      await revokeSession(await getDb(), token.uid, token.sid, expiresAt);
    },
  },
});
