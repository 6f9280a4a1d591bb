// Choosing a quiz's questions from a pool: by wanted difficulty, fresh ones first, shuffled by a
// seeded generator so a quiz can be re-created exactly in tests.
import { Rng } from "@/lib/sim/random";

export const DIFFICULTIES = ["easy", "medium", "hard"] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

export type Candidate = { id: string; difficulty: string; mode: string };

/** Difficulty of the i-th of n questions in a mixed quiz: easy first, hard last. */
export function mixedDifficulty(i: number, n: number): Difficulty {
  return DIFFICULTIES[Math.min(2, Math.floor((i * 3) / n))];
}

export function shuffle<T>(list: T[], rng: Rng): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

/** Picks `count` questions: each wanted difficulty from its pool, falling back to the nearest one. */
export function pickQuestions(pool: readonly Candidate[], wanted: readonly Difficulty[], rng: Rng, avoid: ReadonlySet<string> = new Set()): Candidate[] {
  const byDifficulty = new Map<string, Candidate[]>();
  // Fresh questions first, each group shuffled.
  const shuffled = shuffle([...pool], rng).sort((a, b) => Number(avoid.has(a.id)) - Number(avoid.has(b.id)));
  for (const q of shuffled) byDifficulty.set(q.difficulty, [...(byDifficulty.get(q.difficulty) ?? []), q]);
  const chosen: Candidate[] = [];
  for (const d of wanted) {
    const order = [d, ...DIFFICULTIES.filter((x) => x !== d).sort((a, b) => Math.abs(DIFFICULTIES.indexOf(a) - DIFFICULTIES.indexOf(d)) - Math.abs(DIFFICULTIES.indexOf(b) - DIFFICULTIES.indexOf(d)))];
    for (const x of order) {
      const q = byDifficulty.get(x)?.shift();
      if (q) {
        chosen.push(q);
        break;
      }
    }
  }
  return chosen;
}

