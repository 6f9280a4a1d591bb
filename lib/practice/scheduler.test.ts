import { FIT_THRESHOLD, RETENTION, clampRetention, isLeechLapse, newSchedule, previewRatings, rateCard, retrievability, suggestRating, suggestRatingFromRubric, type CardSchedule } from "./scheduler";

const settings = { desiredRetention: 0.9 };
const DAY = 86_400_000;

/** Rates a card `ratings` in turn, each time on the day it falls due. */
function reviewSequence(ratings: Array<1 | 2 | 3 | 4>, start = new Date("2026-01-05T09:00:00Z")) {
  let card = newSchedule(start);
  let now = start;
  const intervals: number[] = [];
  for (const r of ratings) {
    card = rateCard(settings, card, r, now);
    intervals.push(card.due.getTime() - now.getTime());
    now = new Date(Math.max(card.due.getTime(), now.getTime() + 60_000));
  }
  return { card, intervals };
}

describe("scheduling through ts-fsrs", () => {
  it("grows the interval with each Good once the card has graduated", () => {
    const { intervals } = reviewSequence([3, 3, 3, 3, 3, 3]);
    const graduated = intervals.filter((ms) => ms >= DAY);
    expect(graduated.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < graduated.length; i++) expect(graduated[i]).toBeGreaterThan(graduated[i - 1]);
  });

  it("shrinks the interval and counts a lapse when a review card is rated Again", () => {
    const { card } = reviewSequence([3, 3, 3, 3]);
    const before = card.due.getTime() - card.lastReview!.getTime();
    const lapsed = rateCard(settings, card, 1, card.due);
    expect(lapsed.due.getTime() - card.due.getTime()).toBeLessThan(before);
    expect(lapsed.lapses).toBe(card.lapses + 1);
    expect(lapsed.state).toBe("RELEARNING");
  });

  it("orders the four previews Again < Hard < Good < Easy and applies exactly the previewed interval", () => {
    const { card } = reviewSequence([3, 3, 3]);
    const now = card.due;
    const previews = previewRatings(settings, card, now);
    expect(previews.map((p) => p.label)).toEqual(["Again", "Hard", "Good", "Easy"]);
    for (let i = 1; i < 4; i++) expect(previews[i].due.getTime()).toBeGreaterThan(previews[i - 1].due.getTime());
    expect(rateCard(settings, card, 3, now).due.getTime()).toBe(previews[2].due.getTime());
  });

  it("schedules sooner for a higher desired retention", () => {
    const { card } = reviewSequence([3, 3, 3]);
    const at = (r: number) => rateCard({ desiredRetention: r }, card, 3, card.due).due.getTime();
    expect(at(0.95)).toBeLessThan(at(0.9));
    expect(at(0.9)).toBeLessThan(at(0.8));
  });

  it("bounds the desired retention", () => {
    expect(clampRetention(0.5)).toBe(RETENTION.min);
    expect(clampRetention(0.999)).toBe(RETENTION.max);
    expect(clampRetention(Number.NaN)).toBe(RETENTION.default);
    expect(FIT_THRESHOLD).toBe(400);
  });

  it("estimates recall that falls over time and is about the desired retention when due", () => {
    const { card } = reviewSequence([3, 3, 3, 3]) as { card: CardSchedule };
    const atReview = retrievability(card, card.lastReview!)!;
    const atDue = retrievability(card, card.due)!;
    const later = retrievability(card, new Date(card.due.getTime() + 30 * DAY))!;
    expect(atReview).toBeCloseTo(1, 5);
    expect(atDue).toBeGreaterThan(0.85);
    expect(atDue).toBeLessThan(0.95);
    expect(later).toBeLessThan(atDue);
    expect(retrievability(newSchedule(new Date()), new Date())).toBeNull();
  });

  it("suggests a rating from correctness and time", () => {
    expect(suggestRating(false, 5_000, 60_000)).toBe(1);
    expect(suggestRating(true, 90_000, 60_000)).toBe(2);
    expect(suggestRating(true, 30_000, 60_000)).toBe(3);
    expect(suggestRating(true, 10_000, 60_000)).toBe(4);
  });

  it("suggests a rating for free text from the rubric points ticked: all Good, half or more Hard, fewer Again", () => {
    expect(suggestRatingFromRubric(4, 4)).toBe(3);
    expect(suggestRatingFromRubric(2, 4)).toBe(2);
    expect(suggestRatingFromRubric(2, 3)).toBe(2);
    expect(suggestRatingFromRubric(1, 3)).toBe(1);
    expect(suggestRatingFromRubric(1, 1)).toBe(3);
    // Nothing ticked, or nothing to tick: no suggestion rather than Again.
    expect(suggestRatingFromRubric(0, 4)).toBeNull();
    expect(suggestRatingFromRubric(0, 0)).toBeNull();
    expect(suggestRatingFromRubric(2, 0)).toBeNull();
  });

});

describe("leech threshold", () => {
  it("flags the 8th lapse, then every 4th after a resume (12, 16, …), never the ones between", () => {
    const flagged = Array.from({ length: 21 }, (_, i) => i).filter(isLeechLapse);
    expect(flagged).toEqual([8, 12, 16, 20]);
  });
});
