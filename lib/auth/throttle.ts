// The sign-in and sign-up limits as plain rules over what the database recorded (docs/decisions/050).
// Pure and deterministic: the database side (lib/auth/attempts.ts) gathers the history under a lock
// and asks here; tests ask here directly.

export const SIGN_IN_LIMITS = {
  /** Window of the strict limits. */
  windowMs: 15 * 60_000,
  /** Failed (or still running) attempts for one account from one address, since that pair's last success: refused beyond. */
  perPair: 5,
  /** Failed (or still running) attempts from one address over all accounts (password spraying): refused beyond. */
  perAddress: 30,
  /** Failures for one account from anywhere, since its last success, before attempts from unfamiliar addresses must wait. */
  accountFreeFailures: 5,
  /** The wait after the last failure doubles with each failure past the free ones, from this… */
  accountDelayBaseMs: 1000,
  /** …up to this: never longer, so the owner is never shut out for long even from a new address. */
  accountDelayCapMs: 15 * 60_000,
  /** Account failures older than this no longer count towards the delay. */
  accountMemoryMs: 24 * 3600_000,
  /** An address the account signed in (or up) from within this period is familiar: no account delay. */
  familiarForMs: 30 * 24 * 3600_000,
} as const;

export const SIGN_UP_LIMITS = {
  windowMs: 60 * 60_000,
  /** Sign-up attempts that passed validation, from one address, per window. */
  perAddress: 20,
} as const;

/** How long attempt records are kept (familiar addresses are read from them). */
export const ATTEMPT_RETENTION_MS = SIGN_IN_LIMITS.familiarForMs;

export type Outcome = "PENDING" | "SUCCESS" | "FAILURE";

export interface RecordedAttempt {
  createdAt: Date;
  outcome: Outcome;
}

/** What the database knows about one sign-in attempt's account and address, gathered under a lock. */
export interface SignInHistory {
  /** This account's sign-in attempts from this address within the window, any order. */
  pair: RecordedAttempt[];
  /** Failed or pending sign-ins from this address, over all accounts, within the window. */
  addressFailures: number;
  /** This account's failed or pending sign-ins since its last success (from anywhere), within accountMemoryMs. */
  accountFailures: { count: number; last: Date | null };
  /** The account signed in or up from this address within familiarForMs. */
  familiarAddress: boolean;
}

export type Refusal = "pair" | "address" | "account-delay" | "sign-ups";
export type Verdict = { allowed: true } | { allowed: false; refusal: Refusal; retryAfterMs: number };

const unsettled = (a: RecordedAttempt) => a.outcome !== "SUCCESS";

/** The wait that account failures impose after the last one: 0 for the free ones, then doubling up to the cap. */
export function accountDelayMs(failures: number): number {
  const L = SIGN_IN_LIMITS;
  if (failures < L.accountFreeFailures) return 0;
  return Math.min(L.accountDelayCapMs, L.accountDelayBaseMs * 2 ** (failures - L.accountFreeFailures));
}

/**
 * May this sign-in attempt go ahead to the password check? Running attempts count as failures, so
 * that a burst of parallel attempts cannot all pass before any of them is recorded.
 */
export function signInVerdict(h: SignInHistory, now: Date): Verdict {
  const L = SIGN_IN_LIMITS;
  const t = now.getTime();
  const sorted = [...h.pair].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const lastSuccess = sorted.findLastIndex((a) => a.outcome === "SUCCESS");
  const pairFailures = sorted.slice(lastSuccess + 1).filter(unsettled);
  if (pairFailures.length >= L.perPair) {
    // Allowed again once enough of the counted failures have left the window.
    const oldest = pairFailures[pairFailures.length - L.perPair].createdAt.getTime();
    return { allowed: false, refusal: "pair", retryAfterMs: Math.max(1000, oldest + L.windowMs - t) };
  }
  if (h.addressFailures >= L.perAddress) {
    return { allowed: false, refusal: "address", retryAfterMs: L.windowMs };
  }
  const { count, last } = h.accountFailures;
  if (!h.familiarAddress && last) {
    const wait = accountDelayMs(count);
    if (wait > 0 && t < last.getTime() + wait) {
      return { allowed: false, refusal: "account-delay", retryAfterMs: Math.max(1000, last.getTime() + wait - t) };
    }
  }
  return { allowed: true };
}

/** May one more sign-up from this address go ahead? `recent`: its sign-up attempts within the window. */
export function signUpVerdict(recent: Date[], now: Date, perAddress: number = SIGN_UP_LIMITS.perAddress): Verdict {
  if (recent.length < perAddress) return { allowed: true };
  const sorted = recent.map((d) => d.getTime()).sort((a, b) => a - b);
  const oldest = sorted[sorted.length - perAddress];
  return { allowed: false, refusal: "sign-ups", retryAfterMs: Math.max(1000, oldest + SIGN_UP_LIMITS.windowMs - now.getTime()) };
}

/**
 * SIGN_UPS_PER_ADDRESS_PER_HOUR: a class or an office behind one address signs up more people in
 * an hour than the default allows. A whole number from 1; anything else means the default.
 */
export function signUpsPerAddress(value = process.env.SIGN_UPS_PER_ADDRESS_PER_HOUR): number {
  const n = Number(value);
  return value !== undefined && Number.isInteger(n) && n >= 1 ? n : SIGN_UP_LIMITS.perAddress;
}

/** "Try again in …" for a refusal, in seconds under a minute and minutes after. */
export function retryPhrase(retryAfterMs: number): string {
  if (retryAfterMs < 60_000) {
    const s = Math.max(1, Math.ceil(retryAfterMs / 1000));
    return `${s} second${s === 1 ? "" : "s"}`;
  }
  const m = Math.ceil(retryAfterMs / 60_000);
  return `${m} minute${m === 1 ? "" : "s"}`;
}

export function refusalMessage(refusal: Refusal, retryAfterMs: number): string {
  const wait = retryPhrase(retryAfterMs);
  if (refusal === "sign-ups") return `Too many sign-ups from your network. Try again in ${wait}.`;
  if (refusal === "account-delay") return `Too many failed sign-ins for this account. Try again in ${wait}.`;
  return `Too many failed sign-ins. Try again in ${wait}.`;
}
