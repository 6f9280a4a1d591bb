// Slows password guessing: after too many failed sign-ins for one email (or from one address)
// within a window, further attempts are refused until the window has passed. Counted in the
// database, so the limit holds across every instance behind a load balancer.
import type { Db } from "@/lib/db/database";

export const THROTTLE = {
  windowMs: 15 * 60_000,
  maxFailuresPerEmail: 5,
  maxFailuresPerIp: 30,
} as const;

export interface ThrottleVerdict {
  allowed: boolean;
  /** When refused: milliseconds until the next attempt is allowed. */
  retryAfterMs: number;
}

export async function checkSignInThrottle(db: Db, email: string, ip: string | null, now = new Date()): Promise<ThrottleVerdict> {
  const since = new Date(now.getTime() - THROTTLE.windowMs);
  // Failures since the last success for this email, within the window.
  const lastSuccess = await db.loginAttempt.findFirst({
    where: { email, success: true, createdAt: { gte: since } },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  const from = lastSuccess && lastSuccess.createdAt > since ? lastSuccess.createdAt : since;
  const emailFailures = await db.loginAttempt.findMany({
    where: { email, success: false, createdAt: { gt: from } },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
  });
  if (emailFailures.length >= THROTTLE.maxFailuresPerEmail) {
    // Allowed again once the oldest counted failure leaves the window.
    const oldest = emailFailures[emailFailures.length - THROTTLE.maxFailuresPerEmail].createdAt;
    return { allowed: false, retryAfterMs: Math.max(1000, oldest.getTime() + THROTTLE.windowMs - now.getTime()) };
  }
  if (ip) {
    const ipFailures = await db.loginAttempt.count({ where: { ip, success: false, createdAt: { gt: since } } });
    if (ipFailures >= THROTTLE.maxFailuresPerIp) return { allowed: false, retryAfterMs: THROTTLE.windowMs };
  }
  return { allowed: true, retryAfterMs: 0 };
}

export async function recordSignInAttempt(db: Db, email: string, ip: string | null, success: boolean, now = new Date()) {
  await db.loginAttempt.create({ data: { email, ip, success, createdAt: now } });
}
