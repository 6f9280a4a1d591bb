// Personal FSRS parameters, fitted from the learner's own review history with the FSRS optimizer
// (@open-spaced-repetition/binding, a native module). It runs in the background after a rating:
// once a learner has FIT_THRESHOLD reviews, and again each time their history has grown by a
// fifth. The native module is imported on first use, so a platform without its prebuilt binary
// keeps the FSRS-6 defaults and logs why instead of failing the review. Several instances may
// serve one learner: a claim on the learner's row lets one fit run at a time (docs/decisions/070).
import type { Db } from "@/lib/db/database";
import { checkParameters } from "ts-fsrs";
import { FIT_THRESHOLD, newSchedule, rateCard } from "./scheduler";

/** Refit once the history has grown by this factor since the last fit. */
export const REFIT_GROWTH = 1.2;

/** The part of the binding the fit uses (injectable for tests of failure). */
export type Optimizer = Pick<typeof import("@open-spaced-repetition/binding"), "computeParameters" | "FSRSBindingItem" | "FSRSBindingReview">;

const loadBinding = (): Promise<Optimizer> => import("@open-spaced-repetition/binding");

export interface HistoryReview {
  /** 1 Again … 4 Easy */
  rating: number;
  /** Whole days since the card's previous review; 0 for its first. */
  deltaT: number;
}

const DAY = 86_400_000;

/**
 * One card's reviews in order → FSRS review history. Days are UTC calendar days, the count
 * ts-fsrs uses for elapsed days when it schedules, so the fit sees the intervals it will apply.
 */
export function reviewHistory(reviews: ReadonlyArray<{ rating: number; reviewedAt: Date }>): HistoryReview[] {
  return reviews.map((r, i) => ({
    rating: r.rating,
    deltaT: i === 0 ? 0 : Math.floor(r.reviewedAt.getTime() / DAY) - Math.floor(reviews[i - 1].reviewedAt.getTime() / DAY),
  }));
}

/** Reviews that count: REVIEW rows that no UNDO row cancels. */
function liveReviews(userId: string) {
  return { userId, kind: "REVIEW" as const, undoneBy: null };
}

export function countLiveReviews(db: Db, userId: string): Promise<number> {
  return db.reviewLog.count({ where: liveReviews(userId) });
}

/**
 * The learner's review histories, one per card with at least one live review. A card reset or
 * forgotten in the card browser starts a new history: its reviews before that are left out, as
 * Anki's FSRS does, since the schedule no longer follows from them (docs/decisions/082).
 */
export async function reviewHistories(db: Db, userId: string): Promise<HistoryReview[][]> {
  const rows = await db.reviewLog.findMany({
    where: { OR: [liveReviews(userId), { userId, kind: { in: ["RESET", "FORGET"] } }] },
    orderBy: [{ cardId: "asc" }, { reviewedAt: "asc" }, { id: "asc" }],
    select: { cardId: true, kind: true, rating: true, reviewedAt: true },
  });
  const byCard = new Map<string, Array<{ rating: number; reviewedAt: Date }>>();
  for (const r of rows) {
    if (r.kind !== "REVIEW") {
      byCard.delete(r.cardId);
      continue;
    }
    const list = byCard.get(r.cardId) ?? [];
    list.push(r);
    byCard.set(r.cardId, list);
  }
  return [...byCard.values()].map(reviewHistory);
}

/**
 * Training items as FSRS expects them: one per review after a card's first, each holding the
 * card's history up to and including that review. Items whose reviews all fall on one day are
 * left out: the optimizer requires a review with deltaT > 0 and aborts the whole process (a
 * Rust panic, not an exception) when given an item without one.
 */
export function trainingItems(optimizer: Optimizer, histories: readonly HistoryReview[][]) {
  const items: InstanceType<Optimizer["FSRSBindingItem"]>[] = [];
  for (const history of histories) {
    const reviews = history.map((r) => new optimizer.FSRSBindingReview(r.rating, r.deltaT));
    const firstLaterDay = history.findIndex((r) => r.deltaT > 0);
    if (firstLaterDay < 0) continue;
    for (let end = Math.max(2, firstLaterDay + 1); end <= reviews.length; end++) items.push(new optimizer.FSRSBindingItem(reviews.slice(0, end)));
  }
  return items;
}

/** 21 finite FSRS-6 weights that ts-fsrs accepts and schedules with; throws otherwise. */
export function validWeights(weights: readonly number[], now = new Date()): number[] {
  const w = [...checkParameters(weights.map((x) => Number(x.toFixed(6))))];
  if (w.length !== 21) throw new Error(`expected 21 FSRS-6 parameters, got ${w.length}`);
  const next = rateCard({ desiredRetention: 0.9, weights: w }, rateCard({ desiredRetention: 0.9, weights: w }, newSchedule(now), 3, now), 3, new Date(now.getTime() + DAY));
  if (!Number.isFinite(next.due.getTime()) || !(next.stability > 0)) throw new Error("the parameters do not schedule a card");
  return w;
}

export type FitOutcome =
  | { status: "not-enough-reviews"; reviews: number }
  | { status: "up-to-date"; reviews: number; fittedOn: number }
  | { status: "busy" }
  | { status: "fitted"; reviews: number; weights: number[] }
  | { status: "failed"; reviews: number; reason: string };

/** A claim older than this was left by an instance that stopped mid-fit (a fit takes seconds), so another may take over. */
export const FIT_CLAIM_TTL_MS = 10 * 60_000;

/**
 * Claims the learner's fit for this caller, across every instance: one conditional update of the
 * learner's row, so exactly one of any number of concurrent callers gets it while it is fresh. The
 * database's clock decides freshness, so instances' clocks need not agree. Returns the claim and
 * the fit count as of the claim (another fit may have landed since the caller looked), or null.
 */
async function claimFit(db: Db, userId: string): Promise<{ claimedAt: Date; fittedOn: number | null } | null> {
  const rows = await db.$queryRaw<Array<{ claimedAt: Date; fittedOn: number | null }>>`
    UPDATE "User" SET "fsrsFitClaimedAt" = clock_timestamp() AT TIME ZONE 'UTC'
    WHERE "id" = ${userId}
      AND ("fsrsFitClaimedAt" IS NULL OR "fsrsFitClaimedAt" < clock_timestamp() AT TIME ZONE 'UTC' - ${FIT_CLAIM_TTL_MS}::int * interval '1 millisecond')
    RETURNING "fsrsFitClaimedAt" AS "claimedAt", "fsrsFittedOn" AS "fittedOn"`;
  return rows[0] ?? null;
}

/** Gives the claim back, unless it expired and another caller holds it now. */
async function releaseFit(db: Db, userId: string, claimedAt: Date): Promise<void> {
  await db.user.updateMany({ where: { id: userId, fsrsFitClaimedAt: claimedAt }, data: { fsrsFitClaimedAt: null } });
}

const fitDue = (reviews: number, fittedOn: number | null) => reviews >= FIT_THRESHOLD && (fittedOn === null || reviews >= fittedOn * REFIT_GROWTH);

/**
 * Ratings this process can take for a learner before a fit can be due. A rating adds at most one
 * live review, so after a check that found a fit `n` reviews away, the next `n - 1` ratings cannot
 * make it due and skip the two reads the check costs. Ratings on other instances only bring the
 * moment closer, so a fit may start a few ratings late there, never early. Bounded; forgetting an
 * entry only means one more check.
 */
const ratingsBeforeCheck = new Map<string, number>();
const RATINGS_BEFORE_CHECK_MAX = 10_000;

/** After a rating: fits the learner's parameters when due, without reading anything when it cannot be. Null when the check was skipped. */
export async function fitParametersAfterRating(db: Db, userId: string, now = new Date(), load: () => Promise<Optimizer> = loadBinding): Promise<FitOutcome | null> {
  const left = ratingsBeforeCheck.get(userId);
  if (left !== undefined && left > 1) {
    ratingsBeforeCheck.set(userId, left - 1);
    return null;
  }
  ratingsBeforeCheck.delete(userId);
  const outcome = await maybeFitParameters(db, userId, now, load);
  const due =
    outcome.status === "not-enough-reviews" ? FIT_THRESHOLD : outcome.status === "up-to-date" ? Math.ceil(outcome.fittedOn * REFIT_GROWTH) : outcome.status === "fitted" ? Math.ceil(outcome.reviews * REFIT_GROWTH) : null;
  if (due !== null && "reviews" in outcome && due - outcome.reviews > 1) {
    if (ratingsBeforeCheck.size >= RATINGS_BEFORE_CHECK_MAX) ratingsBeforeCheck.delete(ratingsBeforeCheck.keys().next().value as string);
    ratingsBeforeCheck.set(userId, due - outcome.reviews);
  }
  return outcome;
}

/**
 * Fits and stores personal parameters when due: at least FIT_THRESHOLD live reviews, and either
 * never fitted or REFIT_GROWTH times as many reviews as at the last fit. At most one fit runs at a
 * time per learner, whichever instance asks ("busy" for the others). Never throws: a failed fit
 * (no native module, optimizer error, unusable parameters) keeps the current parameters.
 */
export async function maybeFitParameters(db: Db, userId: string, now = new Date(), load: () => Promise<Optimizer> = loadBinding): Promise<FitOutcome> {
  let reviews = 0;
  let claim: { claimedAt: Date; fittedOn: number | null } | null = null;
  try {
    // Most ratings find no fit due: decide that before writing a claim.
    const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { fsrsFittedOn: true } });
    reviews = await countLiveReviews(db, userId);
    if (reviews < FIT_THRESHOLD) return { status: "not-enough-reviews", reviews };
    if (!fitDue(reviews, user.fsrsFittedOn)) return { status: "up-to-date", reviews, fittedOn: user.fsrsFittedOn! };

    claim = await claimFit(db, userId);
    if (!claim) return { status: "busy" };
    // A fit that finished between the look above and the claim has made this one unnecessary.
    if (!fitDue(reviews, claim.fittedOn)) return { status: "up-to-date", reviews, fittedOn: claim.fittedOn! };

    const optimizer = await load();
    const items = trainingItems(optimizer, await reviewHistories(db, userId));
    if (items.length === 0) return { status: "not-enough-reviews", reviews };
    const weights = validWeights(await optimizer.computeParameters(items, { enableShortTerm: true, numRelearningSteps: 1 }), now);
    // Written only if no other fit landed meanwhile (one whose claim had expired).
    await db.user.updateMany({
      where: { id: userId, fsrsFittedOn: claim.fittedOn },
      data: { fsrsWeights: weights, fsrsFittedAt: now, fsrsFittedOn: reviews },
    });
    console.log(`[fsrs] fitted personal parameters for user ${userId} from ${reviews} reviews`);
    return { status: "fitted", reviews, weights };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    console.warn(`[fsrs] could not fit personal parameters for user ${userId}; keeping the current ones: ${reason}`);
    return { status: "failed", reviews, reason };
  } finally {
    if (claim) await releaseFit(db, userId, claim.claimedAt).catch((err: unknown) => console.warn(`[fsrs] could not release the fit claim for user ${userId}: ${String(err)}`));
  }
}

export type ParameterStatus =
  | { kind: "default"; reviews: number; needed: number }
  | { kind: "personal"; reviews: number; fittedAt: Date; fittedOn: number; weights: number[] };

/** Which parameters the scheduler uses for the learner, for the settings page. */
export async function parameterStatus(db: Db, userId: string): Promise<ParameterStatus> {
  const [user, reviews] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: userId }, select: { fsrsWeights: true, fsrsFittedAt: true, fsrsFittedOn: true } }),
    countLiveReviews(db, userId),
  ]);
  const weights = Array.isArray(user.fsrsWeights) ? (user.fsrsWeights as number[]) : null;
  if (weights && weights.length > 0 && user.fsrsFittedAt && user.fsrsFittedOn !== null) {
    return { kind: "personal", reviews, fittedAt: user.fsrsFittedAt, fittedOn: user.fsrsFittedOn, weights };
  }
  return { kind: "default", reviews, needed: FIT_THRESHOLD };
}
