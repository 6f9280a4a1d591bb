// One-time sign-in tickets: after creating an account or changing a password the server has just
// checked who the user is, and starts their new session without hashing the password a second time.
// A ticket lives in this process only (the sign-in that redeems it runs in the same request), is
// 256 random bits, single use, and expires after 30 seconds.
import { randomBytes } from "node:crypto";

const TTL_MS = 30_000;

interface Ticket {
  userId: string;
  expiresAt: number;
}

// On globalThis: route and action bundles may each load this module; they must share the tickets.
const store = globalThis as { quorumSignInTickets?: Map<string, Ticket> };
const tickets = (store.quorumSignInTickets ??= new Map());

export function issueSignInTicket(userId: string, now = Date.now()): string {
  for (const [key, t] of tickets) if (t.expiresAt <= now) tickets.delete(key);
  const ticket = randomBytes(32).toString("base64url");
  tickets.set(ticket, { userId, expiresAt: now + TTL_MS });
  return ticket;
}

/** The user the ticket was issued for, once; null for an unknown, used or expired ticket. */
export function redeemSignInTicket(ticket: string, now = Date.now()): string | null {
  const found = tickets.get(ticket);
  tickets.delete(ticket);
  return found && found.expiresAt > now ? found.userId : null;
}
