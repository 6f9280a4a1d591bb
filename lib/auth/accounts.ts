// Account rules: sign-up and credential checks. Plain TypeScript over a Prisma client, so the
// same code runs in server actions, scripts and tests.
import type { Db } from "@/lib/db/database";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { fieldErrors, signInSchema, signUpSchema, type SignInInput, type SignUpInput } from "@/lib/validations/user";
import { dummyPasswordHash, hashPassword, verifyPassword } from "./password";
import { checkSignInThrottle, recordSignInAttempt } from "./sign-in-throttle";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export type SignUpResult = { ok: true; user: SessionUser } | { ok: false; errors: Record<string, string> };

export async function registerUser(db: Db, input: SignUpInput, role: Role = "LEARNER"): Promise<SignUpResult> {
  const parsed = signUpSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const { name, email, password } = parsed.data;
  const taken = { ok: false as const, errors: { email: "An account with this email already exists. Sign in instead." } };
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) return taken;
  const passwordHash = await hashPassword(password);
  try {
    const user = await db.user.create({
      data: { name, email, passwordHash, role },
      select: { id: true, email: true, name: true, role: true },
    });
    return { ok: true, user };
  } catch (err) {
    // Two sign-ups racing for one email: the unique index decides, the loser gets the same message.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") return taken;
    throw err;
  }
}

export type SignInFailure = "invalid-input" | "wrong-credentials" | "throttled";
export type SignInResult =
  | { ok: true; user: SessionUser }
  | { ok: false; reason: SignInFailure; message: string; retryAfterMs?: number };

export function throttleMessage(retryAfterMs: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

export async function verifyCredentials(db: Db, input: SignInInput, ip: string | null = null, now = new Date()): Promise<SignInResult> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, reason: "invalid-input", message: Object.values(fieldErrors(parsed.error))[0] ?? "Check your email and password." };
  }
  const { email, password } = parsed.data;
  const verdict = await checkSignInThrottle(db, email, ip, now);
  if (!verdict.allowed) {
    return { ok: false, reason: "throttled", message: throttleMessage(verdict.retryAfterMs), retryAfterMs: verdict.retryAfterMs };
  }
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, role: true, passwordHash: true },
  });
  // Always run one bcrypt comparison, so an unknown email takes as long as a wrong password.
  const matches = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  const success = Boolean(user?.passwordHash) && matches;
  await recordSignInAttempt(db, email, ip, success, now);
  if (!success || !user) {
    return { ok: false, reason: "wrong-credentials", message: "That email and password don't match an account." };
  }
  await db.user.update({ where: { id: user.id }, data: { lastActiveAt: now } });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
}
