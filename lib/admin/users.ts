// Administering accounts: finding users and changing their role. The caller has checked
// `can(actor, "update", { type: "role", userId })`; this module keeps the one rule that
// permissions cannot see: the last administrator cannot demote themselves out of existence.
import { recordId } from "@/lib/validations/input";
import { DomainError } from "@/lib/errors";
import { z } from "zod";
import type { Db } from "@/lib/db/database";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { withTransaction } from "@/lib/db/transactions";

export const ROLES = ["LEARNER", "AUTHOR", "MENTOR", "ADMIN"] as const satisfies readonly Role[];

export class AdminError extends DomainError {}

export const roleChangeSchema = z.object({
  userId: recordId,
  role: z.enum(ROLES, { error: "Choose learner, author, mentor or admin." }),
});

export interface UserListItem {
  id: string;
  name: string;
  email: string;
  role: Role;
  createdAt: Date;
  lastActiveAt: Date | null;
}

/** Users whose name or email contains `query` (all users without one), newest first, one page. */
export async function listUsers(db: Db, { query = "", page = 1, pageSize = 50 }: { query?: string; page?: number; pageSize?: number } = {}) {
  const q = query.trim().slice(0, 100);
  const where: Prisma.UserWhereInput = q ? { OR: [{ email: { contains: q, mode: "insensitive" } }, { name: { contains: q, mode: "insensitive" } }] } : {};
  const safePage = Math.max(1, Math.floor(page) || 1);
  const [total, users] = await Promise.all([
    db.user.count({ where }),
    db.user.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      skip: (safePage - 1) * pageSize,
      take: pageSize,
      select: { id: true, name: true, email: true, role: true, createdAt: true, lastActiveAt: true },
    }),
  ]);
  return { total, page: safePage, pageSize, users: users satisfies UserListItem[] };
}

/**
 * Sets a user's role and ends their sessions: they sign in again under the new role, and a session
 * copied while they had the old one is worthless (docs/decisions/051).
 */
export async function changeRole(db: Db, input: unknown): Promise<{ id: string; name: string; role: Role }> {
  const parsed = roleChangeSchema.safeParse(input);
  if (!parsed.success) throw new AdminError(parsed.error.issues[0].message);
  const { userId, role } = parsed.data;
  return withTransaction(db, async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, role: true } });
    if (!user) throw new AdminError("That user no longer exists.", 404);
    if (user.role === "ADMIN" && role !== "ADMIN") {
      // Serialise concurrent demotions so two admins cannot demote each other to zero.
      const admins = await tx.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "User" WHERE "role" = 'ADMIN' FOR UPDATE`;
      if (admins.length <= 1) throw new AdminError("Quorum needs at least one admin. Make someone else an admin first.", 409);
    }
    if (user.role === role) return tx.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, name: true, role: true } });
    return tx.user.update({ where: { id: userId }, data: { role, sessionVersion: { increment: 1 } }, select: { id: true, name: true, role: true } });
  });
}
