// Transactions and unique-violation detection that behave the same on PGlite and PostgreSQL.
import type { Db } from "@/lib/db/database";

export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * Runs `fn` in an interactive transaction. Generous wait/timeout: under a burst of concurrent
 * submissions (double clicks, several tabs) transactions queue for the pool rather than fail.
 */
export function withTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.$transaction(fn, { maxWait: 20_000, timeout: 20_000 });
}

/** A unique constraint refused the write (Prisma P2002, or the driver's SQLSTATE 23505). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string; originalCode?: string }; message?: string } | null;
  if (!e) return false;
  return e.code === "P2002" || e.cause?.code === "23505" || e.cause?.originalCode === "23505" || /Unique constraint failed|duplicate key value/i.test(e.message ?? "");
}
