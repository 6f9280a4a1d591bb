// Sign-in and sign-up attempts in the database: each is reserved (written as PENDING) before the
// password is checked or the account created, in a transaction that holds advisory locks on its
// account and its address, so that the limits in ./throttle are exact under any concurrency and on
// every instance sharing the database (docs/decisions/050).
import type { Db } from "@/lib/db/database";
import type { AuthAttemptKind, AuthAttemptOutcome } from "@/lib/generated/prisma/enums";
import { withTransaction, type Tx } from "@/lib/db/transactions";
import { ATTEMPT_RETENTION_MS, SIGN_IN_LIMITS, SIGN_UP_LIMITS, signInVerdict, signUpVerdict, signUpsPerAddress, type Refusal } from "./throttle";

// Advisory lock classes (the two-key form: class, hash of the key). Every transaction takes the
// account lock before the address lock, so two of them can never wait on each other in a cycle.
const ACCOUNT_LOCK = 5001;
const ADDRESS_LOCK = 5002;

async function lock(tx: Tx, lockClass: number, key: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${lockClass}::int4, hashtext(${key}))`;
}

export type Reservation = { ok: true; attemptId: string } | { ok: false; refusal: Refusal; retryAfterMs: number };

const RUNNING_OR_FAILED: { in: AuthAttemptOutcome[] } = { in: ["PENDING", "FAILURE"] };

/** Reserves a sign-in attempt for `email` from `address`, or says which limit refuses it and for how long. */
export async function reserveSignIn(db: Db, email: string, address: string, now = new Date()): Promise<Reservation> {
  await pruneAttempts(db, now);
  const L = SIGN_IN_LIMITS;
  const t = now.getTime();
  return withTransaction(db, async (tx) => {
    await lock(tx, ACCOUNT_LOCK, email);
    await lock(tx, ADDRESS_LOCK, address);
    const windowStart = new Date(t - L.windowMs);
    const pair = await tx.authAttempt.findMany({
      where: { kind: "SIGN_IN", email, address, createdAt: { gt: windowStart } },
      select: { createdAt: true, outcome: true },
    });
    const addressFailures = await tx.authAttempt.count({
      where: { kind: "SIGN_IN", address, outcome: RUNNING_OR_FAILED, createdAt: { gt: windowStart } },
    });
    const lastSuccess = await tx.authAttempt.findFirst({
      where: { email, outcome: "SUCCESS", createdAt: { gt: new Date(t - L.familiarForMs) } },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
    });
    const memoryStart = new Date(Math.max(t - L.accountMemoryMs, lastSuccess?.createdAt.getTime() ?? 0));
    const accountWhere = { kind: "SIGN_IN" as const, email, outcome: RUNNING_OR_FAILED, createdAt: { gt: memoryStart } };
    const accountCount = await tx.authAttempt.count({ where: accountWhere });
    const lastAccountFailure = await tx.authAttempt.findFirst({ where: accountWhere, orderBy: { createdAt: "desc" }, select: { createdAt: true } });
    const familiar = await tx.authAttempt.findFirst({
      where: { email, address, outcome: "SUCCESS", createdAt: { gt: new Date(t - L.familiarForMs) } },
      select: { id: true },
    });
    const verdict = signInVerdict(
      {
        pair,
        addressFailures,
        accountFailures: { count: accountCount, last: lastAccountFailure?.createdAt ?? null },
        familiarAddress: familiar !== null,
      },
      now,
    );
    if (!verdict.allowed) return { ok: false, refusal: verdict.refusal, retryAfterMs: verdict.retryAfterMs };
    const row = await tx.authAttempt.create({ data: { kind: "SIGN_IN", email, address, createdAt: now }, select: { id: true } });
    return { ok: true, attemptId: row.id };
  });
}

/** Reserves a sign-up attempt from `address` (one that passed validation), or refuses it. */
export async function reserveSignUp(db: Db, email: string, address: string, now = new Date()): Promise<Reservation> {
  await pruneAttempts(db, now);
  return withTransaction(db, async (tx) => {
    await lock(tx, ADDRESS_LOCK, address);
    const recent = await tx.authAttempt.findMany({
      where: { kind: "SIGN_UP", address, createdAt: { gt: new Date(now.getTime() - SIGN_UP_LIMITS.windowMs) } },
      select: { createdAt: true },
    });
    const verdict = signUpVerdict(recent.map((r) => r.createdAt), now, signUpsPerAddress());
    if (!verdict.allowed) return { ok: false, refusal: verdict.refusal, retryAfterMs: verdict.retryAfterMs };
    const row = await tx.authAttempt.create({ data: { kind: "SIGN_UP", email, address, createdAt: now }, select: { id: true } });
    return { ok: true, attemptId: row.id };
  });
}

/** Records how a reserved attempt ended. A reservation never settled (a crash) keeps counting as a failure until it ages out. */
export async function settleAttempt(db: Db, attemptId: string, success: boolean, now = new Date()): Promise<void> {
  await db.authAttempt.update({ where: { id: attemptId }, data: { outcome: success ? "SUCCESS" : "FAILURE", settledAt: now } });
}

/** Records a success that was not reserved (the sign-in that follows a sign-up), so the address is familiar. */
export async function recordSuccess(db: Db, kind: AuthAttemptKind, email: string, address: string, now = new Date()): Promise<void> {
  await db.authAttempt.create({ data: { kind, email, address, outcome: "SUCCESS", createdAt: now, settledAt: now } });
}

const PRUNE_EVERY_MS = 3600_000;
let lastPrune = 0;

/** Forgets attempts past their retention, at most once an hour per process. */
async function pruneAttempts(db: Db, now: Date): Promise<void> {
  if (now.getTime() - lastPrune < PRUNE_EVERY_MS && now.getTime() >= lastPrune) return;
  lastPrune = now.getTime();
  await db.authAttempt.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - ATTEMPT_RETENTION_MS) } } });
}
