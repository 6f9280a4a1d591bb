// Invitations to a cohort. Each has two ways in: a secret link token (/join/<token>) to send, and
// a short code to read out or type (ABCD-2345). Both expire; a use limit is optional. Joining is
// open to any signed-in user, always as a learner, except the cohort's own mentor.
import { randomBytes, randomInt } from "node:crypto";
import { z } from "zod";
import type { Db } from "@/lib/db/database";
import { isUniqueViolation, withTransaction } from "@/lib/db/transactions";
import { MentorError } from "./errors";

/** No 0/O, 1/I/L: a code read aloud or copied by hand should not be ambiguous. */
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_LENGTH = 8;
const DAY_MS = 86_400_000;

export const invitationSchema = z.object({
  expiresInDays: z.coerce
    .number({ error: "Choose how many days the invitation is valid." })
    .int("Use a whole number of days.")
    .min(1, "An invitation is valid for at least 1 day.")
    .max(90, "An invitation is valid for at most 90 days.")
    .default(14),
  maxUses: z
    .union([z.literal("").transform(() => null), z.null(), z.coerce.number().int("Use a whole number of uses.").min(1, "Allow at least 1 use.").max(500, "Allow at most 500 uses.")])
    .default(null),
});
export type InvitationInput = z.input<typeof invitationSchema>;

export function generateCode(): string {
  let code = "";
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** ABCD2345 → ABCD-2345, for display. */
export function formatCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** What a person typed or followed: a short code (any case, dashes and spaces ignored) or a link token. */
export function parseInvitationKey(input: string): { code: string } | { token: string } | null {
  const trimmed = input.trim();
  const asCode = trimmed.toUpperCase().replace(/[\s-]/g, "");
  if (asCode.length === CODE_LENGTH && [...asCode].every((c) => CODE_ALPHABET.includes(c))) return { code: asCode };
  if (/^[A-Za-z0-9_-]{20,64}$/.test(trimmed)) return { token: trimmed };
  return null;
}

export async function createInvitation(db: Db, cohortId: string, createdById: string, input: InvitationInput, now = new Date()) {
  const parsed = invitationSchema.safeParse(input);
  if (!parsed.success) throw new MentorError(parsed.error.issues[0].message);
  const { expiresInDays, maxUses } = parsed.data;
  // A fresh code collides with an existing one about once in 10^11 tries; retry rather than fail.
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.invitation.create({
        data: {
          cohortId,
          createdById,
          token: randomBytes(24).toString("base64url"),
          code: generateCode(),
          expiresAt: new Date(now.getTime() + expiresInDays * DAY_MS),
          maxUses,
          createdAt: now,
        },
        select: { id: true, token: true, code: true, expiresAt: true, maxUses: true, useCount: true },
      });
    } catch (err) {
      if (!isUniqueViolation(err) || attempt >= 3) throw err;
    }
  }
}

export async function revokeInvitation(db: Db, cohortId: string, invitationId: string, now = new Date()): Promise<boolean> {
  const r = await db.invitation.updateMany({ where: { id: invitationId, cohortId, revokedAt: null }, data: { revokedAt: now } });
  return r.count === 1;
}

export type InvitationStatus = "valid" | "expired" | "revoked" | "usedUp" | "cohortClosed";

const STATUS_MESSAGES: Record<Exclude<InvitationStatus, "valid">, string> = {
  expired: "This invitation has expired. Ask your mentor for a new one.",
  revoked: "This invitation was withdrawn by the mentor. Ask them for a new one.",
  usedUp: "This invitation has been used as many times as the mentor allowed. Ask them for a new one.",
  cohortClosed: "This cohort is closed.",
};

const NOT_FOUND = "That invitation code or link is not valid. Check it and try again.";

export interface InvitationPreview {
  cohortId: string;
  cohortName: string;
  mentor: { id: string; name: string };
  expiresAt: Date;
  status: InvitationStatus;
  /** Why it cannot be used, when status is not "valid". */
  message?: string;
}

async function findByKey(db: Pick<Db, "invitation">, key: string) {
  const parsed = parseInvitationKey(key);
  if (!parsed) return null;
  return db.invitation.findUnique({
    where: "code" in parsed ? { code: parsed.code } : { token: parsed.token },
    select: {
      id: true,
      expiresAt: true,
      revokedAt: true,
      maxUses: true,
      useCount: true,
      cohort: { select: { id: true, name: true, archivedAt: true, mentor: { select: { id: true, name: true } } } },
    },
  });
}

function statusOf(inv: NonNullable<Awaited<ReturnType<typeof findByKey>>>, now: Date): InvitationStatus {
  if (inv.cohort.archivedAt) return "cohortClosed";
  if (inv.revokedAt) return "revoked";
  if (inv.expiresAt.getTime() <= now.getTime()) return "expired";
  if (inv.maxUses !== null && inv.useCount >= inv.maxUses) return "usedUp";
  return "valid";
}

/** The invitation behind a code or link, for the join page; null if there is none. */
export async function previewInvitation(db: Db, key: string, now = new Date()): Promise<InvitationPreview | null> {
  const inv = await findByKey(db, key);
  if (!inv) return null;
  const status = statusOf(inv, now);
  return {
    cohortId: inv.cohort.id,
    cohortName: inv.cohort.name,
    mentor: inv.cohort.mentor,
    expiresAt: inv.expiresAt,
    status,
    ...(status === "valid" ? {} : { message: STATUS_MESSAGES[status] }),
  };
}

export interface JoinResult {
  cohortId: string;
  cohortName: string;
  mentorName: string;
  /** The learner was already in the cohort: nothing changed and no use was counted. */
  alreadyMember: boolean;
}

/**
 * Joins the cohort behind a code or link as a learner. Refuses expired, withdrawn and used-up
 * invitations, and the cohort's own mentor. Counting a use and joining happen in one transaction,
 * so concurrent joins never exceed the use limit.
 */
export async function acceptInvitation(db: Db, learnerId: string, key: string, now = new Date()): Promise<JoinResult> {
  try {
    return await withTransaction(db, async (tx) => {
      const inv = await findByKey(tx, key);
      if (!inv) throw new MentorError(NOT_FOUND, 404);
      const status = statusOf(inv, now);
      if (status !== "valid") throw new MentorError(STATUS_MESSAGES[status], 410);
      const result = { cohortId: inv.cohort.id, cohortName: inv.cohort.name, mentorName: inv.cohort.mentor.name };
      if (inv.cohort.mentor.id === learnerId) throw new MentorError("You mentor this cohort, so you can't join it as a learner.", 409);
      const membership = await tx.cohortMembership.findUnique({ where: { cohortId_userId: { cohortId: inv.cohort.id, userId: learnerId } }, select: { id: true, leftAt: true } });
      if (membership && !membership.leftAt) return { ...result, alreadyMember: true };
      const claimed = await tx.invitation.updateMany({
        where: { id: inv.id, revokedAt: null, expiresAt: { gt: now }, OR: [{ maxUses: null }, { useCount: { lt: tx.invitation.fields.maxUses } }] },
        data: { useCount: { increment: 1 } },
      });
      if (claimed.count !== 1) throw new MentorError(STATUS_MESSAGES.usedUp, 410);
      if (membership) await tx.cohortMembership.update({ where: { id: membership.id }, data: { leftAt: null, joinedAt: now } });
      else await tx.cohortMembership.create({ data: { cohortId: inv.cohort.id, userId: learnerId, joinedAt: now } });
      return { ...result, alreadyMember: false };
    });
  } catch (err) {
    // Two joins by the same learner at once (a double click): the unique membership decides.
    if (isUniqueViolation(err)) {
      const inv = await findByKey(db, key);
      if (inv) return { cohortId: inv.cohort.id, cohortName: inv.cohort.name, mentorName: inv.cohort.mentor.name, alreadyMember: true };
    }
    throw err;
  }
}
