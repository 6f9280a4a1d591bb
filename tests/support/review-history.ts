// A learner's review history long enough to fit personal FSRS parameters from, simulated with a
// fixed seed and written straight into the review log, as the review screen would have left it.
import type { Db } from "@/lib/db/database";
import { Rng } from "@/lib/sim/random";
import { newSchedule, rateCard, retrievability, type CardSchedule, type RatingValue } from "@/lib/practice/scheduler";

const DAY = 86_400_000;
export const HISTORY_START = new Date("2025-09-01T08:00:00Z");
/** The simulated learner forgets faster than the FSRS-6 defaults assume. */
export const TRUE_WEIGHTS = [0.1, 0.6, 1.5, 5, 6.8, 0.9, 3.2, 0.02, 1.4, 0.2, 0.9, 1.8, 0.08, 0.3, 1.5, 0.5, 2, 0.5, 0.1, 0.07, 0.25];

export interface SimulatedReview {
  card: number;
  rating: RatingValue;
  reviewedAt: Date;
}

/**
 * A learner who studies `cards` cards, each reviewed when the scheduler says it is due, and
 * remembers it with the probability the "true" model gives: Again when forgotten, else mostly Good.
 */
export function simulateLearner(cards: number, reviewsPerCard: number, seed = 7): SimulatedReview[] {
  const rng = new Rng(seed);
  const out: SimulatedReview[] = [];
  for (let c = 0; c < cards; c++) {
    let now = new Date(HISTORY_START.getTime() + rng.int(0, 30) * DAY + rng.int(0, 600) * 60_000);
    let card: CardSchedule = newSchedule(now);
    for (let i = 0; i < reviewsPerCard; i++) {
      const recall = card.lastReview ? retrievability(card, now, TRUE_WEIGHTS)! : 0.5;
      const rating: RatingValue = !rng.chance(recall) ? 1 : rng.chance(0.15) ? 2 : rng.chance(0.1) ? 4 : 3;
      out.push({ card: c, rating, reviewedAt: now });
      card = rateCard({ desiredRetention: 0.9, weights: TRUE_WEIGHTS }, card, rating, now);
      now = new Date(Math.max(card.due.getTime(), now.getTime() + 60_000));
    }
  }
  return out;
}

/** The day after the last simulated review. */
export const afterHistory = (reviews: readonly SimulatedReview[]) => new Date(Math.max(...reviews.map((r) => r.reviewedAt.getTime())) + DAY);

/**
 * Stores the simulated reviews for `userId`: one card per simulated card, on the question
 * `questionOf(card)`, and its review log rows. Returns the log rows' ids, in order.
 */
export async function storeReviews(db: Db, userId: string, reviews: readonly SimulatedReview[], questionOf: (card: number) => string): Promise<string[]> {
  const cards = new Map<number, string>();
  for (const c of new Set(reviews.map((r) => r.card))) {
    cards.set(c, (await db.card.create({ data: { userId, questionId: questionOf(c), due: HISTORY_START } })).id);
  }
  const rows = reviews.map((r, i) => ({
    id: `log-${userId}-${i}-${r.card}`, cardId: cards.get(r.card)!, userId, questionId: questionOf(r.card), rating: r.rating, stateBefore: {}, stateAfter: {}, reviewedAt: r.reviewedAt,
  }));
  await db.reviewLog.createMany({ data: rows });
  return rows.map((r) => r.id);
}
