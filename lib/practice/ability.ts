// Adaptive quizzes measure: a one-parameter logistic (Rasch) model. The chance that a learner of
// ability θ answers an item of difficulty b correctly is P = 1 / (1 + e^−(θ − b)). After every
// answer the learner's ability is re-estimated from all their answers in the quiz (expected a
// posteriori over a grid, standard normal prior), and the next item is one whose difficulty is
// nearest that estimate, where an answer tells the most (Fisher information P(1 − P) is largest
// at b = θ). See docs/decisions/011-practice-integrity.md.

/** Where authored difficulty puts an item until it has been answered enough. */
export const AUTHORED_DIFFICULTY: Record<string, number> = { easy: -1, medium: 0, hard: 1 };
/** Answers an item needs before its answers, not its author, set its difficulty. */
export const CALIBRATION_MIN_ANSWERS = 30;
/** Weight of the authored difficulty, in answers, once calibration applies (a shrinkage prior). */
const AUTHORED_WEIGHT = 20;

export interface ItemAnswers {
  answers: number;
  correct: number;
}

/**
 * An item's difficulty on the ability scale. With fewer than CALIBRATION_MIN_ANSWERS answers it is
 * the authored one (easy −1, medium 0, hard +1). After that it is the log-odds of a wrong answer
 * among everyone who answered it (with half a count added to each side so that 0 % and 100 %
 * stay finite), shrunk towards the authored value by AUTHORED_WEIGHT answers. This assumes the
 * people who answered an item are of average ability (θ = 0) on the whole, as a practice
 * population roughly is.
 */
export function itemDifficulty(authored: string, stats?: ItemAnswers | null): number {
  const prior = AUTHORED_DIFFICULTY[authored] ?? 0;
  if (!stats || stats.answers < CALIBRATION_MIN_ANSWERS) return prior;
  const observed = Math.log((stats.answers - stats.correct + 0.5) / (stats.correct + 0.5));
  return (stats.answers * observed + AUTHORED_WEIGHT * prior) / (stats.answers + AUTHORED_WEIGHT);
}

export function chanceCorrect(theta: number, difficulty: number): number {
  return 1 / (1 + Math.exp(-(theta - difficulty)));
}

export interface Response {
  difficulty: number;
  correct: boolean;
}

export interface AbilityEstimate {
  /** Posterior mean of θ. */
  theta: number;
  /** Posterior standard deviation: the estimate's uncertainty. */
  se: number;
  answers: number;
}

const GRID = Array.from({ length: 121 }, (_, i) => -6 + i * 0.1);

/** EAP estimate of ability from a quiz's graded answers, with a standard normal prior. */
export function estimateAbility(responses: readonly Response[]): AbilityEstimate {
  const logPost = GRID.map((theta) => {
    let lp = -0.5 * theta * theta;
    for (const r of responses) {
      const p = chanceCorrect(theta, r.difficulty);
      lp += Math.log(r.correct ? p : 1 - p);
    }
    return lp;
  });
  const max = Math.max(...logPost);
  const weights = logPost.map((lp) => Math.exp(lp - max));
  const total = weights.reduce((a, b) => a + b, 0);
  const mean = weights.reduce((s, w, i) => s + w * GRID[i], 0) / total;
  const variance = weights.reduce((s, w, i) => s + w * (GRID[i] - mean) ** 2, 0) / total;
  return { theta: mean, se: Math.sqrt(variance), answers: responses.length };
}

export interface AdaptiveCandidate {
  id: string;
  difficulty: number;
}

/**
 * The next item: the one whose difficulty is nearest θ; among items about as near (within
 * `tolerance` of the nearest), one chosen by `random` (0..1), so that two learners at the same
 * estimate do not get the same sequence.
 */
export function nextAdaptiveItem<T extends AdaptiveCandidate>(candidates: readonly T[], theta: number, random: number, tolerance = 0.1): T | null {
  if (candidates.length === 0) return null;
  const distance = (c: T) => Math.abs(c.difficulty - theta);
  const best = Math.min(...candidates.map(distance));
  const nearest = candidates.filter((c) => distance(c) <= best + tolerance).sort((a, b) => a.id.localeCompare(b.id));
  return nearest[Math.min(nearest.length - 1, Math.floor(random * nearest.length))];
}

/** The estimate in words for the results page: "+0.8 ± 0.5". */
export function describeAbility(e: AbilityEstimate): string {
  const sign = e.theta > 0.05 ? "+" : e.theta < -0.05 ? "−" : "";
  return `${sign}${Math.abs(e.theta).toFixed(1)} ± ${e.se.toFixed(1)}`;
}
