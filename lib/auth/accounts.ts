// Account rules: sign-up, credential checks and password changes. Plain TypeScript over a Prisma
// client, so the same code runs in server actions, scripts and tests.
import type { Db } from "@/lib/db/database";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { withTransaction } from "@/lib/db/transactions";
import { fieldErrors } from "@/lib/forms";
import { passwordChangeSchema, signInSchema, signUpSchema, type SignInInput, type SignUpInput } from "@/lib/validations/user";
import { reserveSignIn, reserveSignUp, settleAttempt } from "./attempts";
import { UNKNOWN_ADDRESS } from "./client-address";
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from "./password";
import { refusalMessage, type Refusal } from "./throttle";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** A user as a new session starts: the session version goes into the token (docs/decisions/051). */
export interface SignedInUser extends SessionUser {
  sessionVersion: number;
}

const signedInSelect = { id: true, email: true, name: true, role: true, sessionVersion: true } as const;

export type SignUpResult = { ok: true; user: SignedInUser } | { ok: false; errors: Record<string, string> };

/** Creates an account (no limits: for seeds, scripts and tests; people sign up through `signUp`). */
export async function registerUser(db: Db, input: SignUpInput, role: Role = "LEARNER"): Promise<SignUpResult> {
  const parsed = signUpSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const { name, email, password } = parsed.data;
  const taken = { ok: false as const, errors: { email: "An account with this email already exists. Sign in instead." } };
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) return taken;
  const passwordHash = await hashPassword(password);
  try {
    const user = await db.user.create({ data: { name, email, passwordHash, role }, select: signedInSelect });
    return { ok: true, user };
  } catch (err) {
    // Two sign-ups racing for one email: the unique index decides, the loser gets the same message.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") return taken;
    throw err;
  }
}

/** Sign-up from `address`: validated, then counted against the address's sign-up limit, then created. */
export async function signUp(db: Db, input: SignUpInput, address: string = UNKNOWN_ADDRESS, now = new Date()): Promise<SignUpResult> {
  const parsed = signUpSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const reservation = await reserveSignUp(db, parsed.data.email, address, now);
  if (!reservation.ok) return { ok: false, errors: { form: refusalMessage(reservation.refusal, reservation.retryAfterMs) } };
  let result: SignUpResult | undefined;
  try {
    result = await registerUser(db, input);
    return result;
  } finally {
    // A success also makes this address familiar to the new account.
    await settleAttempt(db, reservation.attemptId, result?.ok === true, now);
  }
}

export type SignInFailure = "invalid-input" | "wrong-credentials" | "throttled";
export type SignInResult =
  | { ok: true; user: SignedInUser }
  | { ok: false; reason: SignInFailure; message: string; retryAfterMs?: number; refusal?: Refusal };

export const WRONG_CREDENTIALS = "That email and password don't match an account.";

/**
 * Checks an email and password from `address`. The attempt is reserved in the database before the
 * password is compared, so the limits hold for parallel attempts and across instances.
 */
export async function verifyCredentials(db: Db, input: SignInInput, address: string = UNKNOWN_ADDRESS, now = new Date()): Promise<SignInResult> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, reason: "invalid-input", message: Object.values(fieldErrors(parsed.error))[0] ?? "Check your email and password." };
  }
  const { email, password } = parsed.data;
  const reservation = await reserveSignIn(db, email, address, now);
  if (!reservation.ok) {
    const { refusal, retryAfterMs } = reservation;
    return { ok: false, reason: "throttled", refusal, retryAfterMs, message: refusalMessage(refusal, retryAfterMs) };
  }
  let user: (SignedInUser & { passwordHash: string | null }) | null = null;
  let success = false;
  try {
    user = await db.user.findUnique({ where: { email }, select: { ...signedInSelect, passwordHash: true } });
    // Always one password comparison, so an unknown email takes as long as a wrong password.
    const matches = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
    success = Boolean(user?.passwordHash) && matches;
  } finally {
    await settleAttempt(db, reservation.attemptId, success, now);
  }
  if (!success || !user) return { ok: false, reason: "wrong-credentials", message: WRONG_CREDENTIALS };
  // A hash from an older scheme or cost is replaced now that the password is known.
  const rehashed = user.passwordHash && needsRehash(user.passwordHash) ? await hashPassword(password) : undefined;
  await db.user.update({ where: { id: user.id }, data: { lastActiveAt: now, ...(rehashed ? { passwordHash: rehashed } : {}) } });
  const { passwordHash: _hash, ...signedIn } = user;
  return { ok: true, user: signedIn };
}

/** A user by id for a session that starts without a password (right after sign-up or a password change). */
export function signedInUser(db: Db, id: string): Promise<SignedInUser | null> {
  return db.user.findUnique({ where: { id }, select: signedInSelect });
}

export type PasswordChangeResult = { ok: true } | { ok: false; errors: Record<string, string> };

/**
 * Changes a signed-in user's password, given the current one (checked under the sign-in limits, so
 * a borrowed session cannot be used to guess it), and raises the session version: every session
 * signed in before ends. The caller starts a new session for the device that made the change.
 */
export async function changePassword(db: Db, userId: string, input: unknown, address: string = UNKNOWN_ADDRESS, now = new Date()): Promise<PasswordChangeResult> {
  const parsed = passwordChangeSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, passwordHash: true } });
  if (!user) return { ok: false, errors: { form: "Your account no longer exists." } };
  const prefix = user.email.split("@")[0];
  if (prefix.length >= 4 && parsed.data.newPassword.toLowerCase().includes(prefix)) {
    return { ok: false, errors: { newPassword: "Don't use your email address in your password." } };
  }
  const check = await verifyCredentials(db, { email: user.email, password: parsed.data.currentPassword }, address, now);
  if (!check.ok) {
    return { ok: false, errors: check.reason === "throttled" ? { form: check.message } : { currentPassword: "That is not your current password." } };
  }
  const passwordHash = await hashPassword(parsed.data.newPassword);
  await db.user.update({ where: { id: userId }, data: { passwordHash, sessionVersion: { increment: 1 } } });
  return { ok: true };
}

/** Ends every session of the user, on every device (the next request of each finds it signed out). */
export async function endAllSessions(db: Db, userId: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}

/** Ends one session (signing out): its id is refused until the token would have expired anyway. */
export async function revokeSession(db: Db, userId: string, sessionId: string, expiresAt: Date, now = new Date()): Promise<void> {
  await withTransaction(db, async (tx) => {
    // A deleted account has no sessions left to end.
    if (!(await tx.user.findUnique({ where: { id: userId }, select: { id: true } }))) return;
    // Forget revocations whose tokens have expired by now: they can no longer be presented.
    await tx.revokedSession.deleteMany({ where: { userId, expiresAt: { lt: now } } });
    await tx.revokedSession.upsert({ where: { id: sessionId }, create: { id: sessionId, userId, expiresAt }, update: {} });
  });
}

export interface SessionClaims {
  userId: string;
  sessionId: string;
  sessionVersion: number;
}

/**
 * The user a session token belongs to, if that session is still live: the account exists, its
 * session version is the token's, and the session was not signed out. One round trip.
 */
export async function liveSessionUser(db: Db, claims: SessionClaims): Promise<SessionUser | null> {
  const rows = await db.$queryRaw<Array<SessionUser & { sessionVersion: number; revoked: boolean }>>`
    SELECT u."id", u."email", u."name", u."role"::text AS "role", u."sessionVersion",
           EXISTS (SELECT 1 FROM "RevokedSession" r WHERE r."id" = ${claims.sessionId}) AS "revoked"
    FROM "User" u WHERE u."id" = ${claims.userId}`;
  const row = rows[0];
  if (!row || row.revoked || row.sessionVersion !== claims.sessionVersion) return null;
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}
