// Synthetic practice data for the benchmarks, written with bulk createMany: lessons and questions
// (as content sync would leave them), learners, review-queue cards and their review history.
// Deterministic for a given seed so that runs on different back ends see the same data.
import type { Db } from "@/lib/db/database";
import type { Prisma } from "@/lib/generated/prisma/client";
import { FAMILY_SLUGS } from "@/lib/content/families";
import { Rng } from "@/lib/sim/random";
import type { CardStateName } from "@/lib/practice/scheduler";

const DAY = 86_400_000;
const BATCH = 1_000;

export interface SeededQuestion {
  id: string;
  lessonId: string;
  type: "single" | "multiple" | "numeric";
}

async function inBatches<T>(rows: readonly T[], write: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await write(rows.slice(i, i + BATCH));
}

const OPTIONS = [
  { id: "a", text: "The leader steps down and a new election starts after the election timeout." },
  { id: "b", text: "Writes keep succeeding on the minority side until the partition heals." },
  { id: "c", text: "Reads may return stale values unless they go through the leader's lease." },
  { id: "d", text: "Nothing changes: the quorum still intersects every previous write quorum." },
];

function questionData(type: SeededQuestion["type"]): Prisma.InputJsonValue {
  const explanation =
    "A majority quorum of N replicas needs floor(N/2)+1 acknowledgements, so any two quorums share at least one " +
    "replica. That shared replica carries the latest committed write into the next term, which is why a leader " +
    "elected by a majority cannot miss a committed entry. Re-read the section on election safety if this surprised you.";
  if (type === "numeric") return { answer: 3, tolerance: 0, unit: "replicas", explanation };
  if (type === "multiple") return { options: OPTIONS, answer: ["a", "c"], explanation };
  return { options: OPTIONS, answer: "c", explanation };
}

/** An answer of the right shape for the question (right or wrong at random). */
/** An answer as a learner sends it: options by the labels shown (A, B, C…), which are shuffled per presentation. */
export function sampleAnswer(rng: Rng, type: SeededQuestion["type"]): unknown {
  if (type === "numeric") return rng.chance(0.7) ? 3 : 5;
  if (type === "multiple") return rng.chance(0.7) ? ["A", "C"] : ["B"];
  return rng.chance(0.7) ? "C" : rng.choice(["A", "B", "D"]);
}

/**
 * `lessons` lessons spread over the six families, `questions` questions spread over the lessons;
 * `retiredShare` of the questions are retired (removed from content; their cards stay).
 */
export async function seedContent(db: Db, opts: { lessons: number; questions: number; retiredShare: number; seed: number; now: Date }): Promise<SeededQuestion[]> {
  const rng = new Rng(opts.seed);
  const lessons = Array.from({ length: opts.lessons }, (_, i) => {
    const family = FAMILY_SLUGS[i % FAMILY_SLUGS.length];
    return {
      id: `bench-lesson-${i}`,
      family,
      slug: `bench-lesson-${i}`,
      title: `Benchmark lesson ${i}`,
      summary: "Synthetic lesson for the practice benchmarks.",
      difficulty: rng.choice(["introductory", "intermediate", "advanced"]),
      minutes: 10,
      position: i,
      sourcePath: `content/${family}/bench-lesson-${i}.mdx`,
      contentHash: `hash-${i}`,
    };
  });
  await inBatches(lessons, (data) => db.lesson.createMany({ data }));
  const questions: Array<Prisma.QuestionCreateManyInput & SeededQuestion> = Array.from({ length: opts.questions }, (_, i) => {
    const lesson = lessons[i % lessons.length];
    const roll = rng.next();
    const type: SeededQuestion["type"] = roll < 0.7 ? "single" : roll < 0.85 ? "multiple" : "numeric";
    return {
      id: `bench-q-${i}`,
      lessonId: lesson.id,
      family: lesson.family,
      type,
      difficulty: rng.choice(["easy", "medium", "hard"]),
      mode: rng.chance(0.8) ? "recall" : "scenario",
      prompt: `Question ${i}: a five-node Raft cluster loses its leader to a partition that isolates it with one follower. What happens next?`,
      data: questionData(type),
      tags: ["bench", lesson.family],
      section: "first-section",
      sourcePath: `content/${lesson.family}/bench-lesson-${i % lessons.length}.questions.yaml`,
      sourceLine: 1 + 12 * Math.floor(i / lessons.length),
      contentHash: `qhash-${i}`,
      retiredAt: rng.chance(opts.retiredShare) ? new Date(opts.now.getTime() - 30 * DAY) : null,
    };
  });
  await inBatches(questions, (data) => db.question.createMany({ data }));
  return questions.map((q) => ({ id: q.id, lessonId: q.lessonId, type: q.type }));
}

export async function seedLearners(db: Db, prefix: string, count: number): Promise<string[]> {
  const users = Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${i}`, email: `${prefix}-${i}@bench.quorum.test`, name: `Bench learner ${i}` }));
  await inBatches(users, (data) => db.user.createMany({ data }));
  return users.map((u) => u.id);
}

interface CardPlan {
  id: string;
  questionId: string;
  state: CardStateName;
  due: Date;
  reps: number;
  lapses: number;
  stability: number;
  difficulty: number;
  scheduledDays: number;
  lastReview: Date | null;
  suspended: boolean;
  leech: boolean;
}

function planCard(rng: Rng, id: string, questionId: string, now: Date, newShare: number, suspendedShare: number): CardPlan {
  const t = now.getTime();
  if (rng.chance(newShare)) {
    // A new card is due from the moment its lesson was added to the queue.
    return { id, questionId, state: "NEW", due: new Date(t - rng.uniform(0, 60) * DAY), reps: 0, lapses: 0, stability: 0, difficulty: 0, scheduledDays: 0, lastReview: null, suspended: rng.chance(suspendedShare), leech: false };
  }
  const roll = rng.next();
  const state: CardStateName = roll < 0.85 ? "REVIEW" : roll < 0.9 ? "LEARNING" : "RELEARNING";
  const reps = 1 + Math.floor(rng.next() * 10);
  const lapses = state === "REVIEW" && rng.chance(0.7) ? 0 : Math.min(reps - 1, Math.floor(rng.next() * 10));
  // Review intervals spread the due dates over ±60 days. Learning steps are minutes apart, so a
  // (re)learning card is due minutes after its last review: overdue by as long as the learner was away.
  const due = state === "REVIEW" ? new Date(t + rng.uniform(-60, 60) * DAY) : new Date(t + rng.uniform(-60, 0) * DAY);
  // The interval reaches back past today: the last review was on an earlier day.
  const scheduledDays = state === "REVIEW" ? Math.max(rng.int(1, 90), Math.ceil((due.getTime() - t) / DAY) + 1) : 0;
  const lastReview = new Date(due.getTime() - Math.max(scheduledDays * DAY, 600_000));
  const leech = lapses >= 8;
  return { id, questionId, state, due, reps, lapses, stability: rng.uniform(0.5, 120), difficulty: rng.uniform(1, 10), scheduledDays, lastReview, suspended: leech || rng.chance(suspendedShare), leech };
}

function scheduleJson(c: Pick<CardPlan, "state" | "due" | "reps" | "lapses" | "stability" | "difficulty" | "scheduledDays" | "lastReview">): Prisma.InputJsonValue {
  return {
    due: c.due.toISOString(),
    stability: c.stability,
    difficulty: c.difficulty,
    elapsedDays: 0,
    scheduledDays: c.scheduledDays,
    learningSteps: 0,
    reps: c.reps,
    lapses: c.lapses,
    state: c.state,
    lastReview: c.lastReview?.toISOString() ?? null,
  };
}

export interface QueueFixture {
  cards: number;
  byState: Record<CardStateName, number>;
  suspended: number;
  dueReviews: number;
  dueNew: number;
  reviewLogs: number;
}

/**
 * One card per question for the learner: `newShare` never reviewed, the rest reviewed 1-10 times
 * (with one ReviewLog row per review, a few undone), some suspended (leeches and by hand), and a
 * few reviewed earlier today so that the daily limits are partly used.
 */
export async function seedReviewQueue(
  db: Db,
  userId: string,
  questions: readonly SeededQuestion[],
  opts: { now: Date; seed: number; newShare: number; suspendedShare: number; withHistory: boolean },
): Promise<QueueFixture> {
  const rng = new Rng(opts.seed);
  const t = opts.now.getTime();
  const cards = questions.map((q, i) => planCard(rng, `${userId}-card-${i}`, q.id, opts.now, opts.newShare, opts.suspendedShare));
  // A handful reviewed within the last hours: today's counts are not zero.
  for (const c of cards.filter((c) => c.state === "REVIEW").slice(0, 25)) {
    c.lastReview = new Date(t - rng.uniform(1, 60) * 60_000);
    c.due = new Date(t + c.scheduledDays * DAY);
  }
  await inBatches(cards, (batch) =>
    db.card.createMany({
      data: batch.map((c) => ({ ...c, userId, elapsedDays: 0, learningSteps: 0, createdAt: new Date(t - 200 * DAY) })),
    }),
  );
  const logs: Prisma.ReviewLogCreateManyInput[] = [];
  if (opts.withHistory) {
    for (const c of cards) {
      if (!c.lastReview) continue;
      // Reviews spaced back from the last one; the last log's state-after is the card's state.
      let at = c.lastReview.getTime();
      for (let r = c.reps; r >= 1; r--) {
        const after = r === c.reps ? c : { ...c, reps: r, state: "REVIEW" as const, due: new Date(at + DAY), lastReview: new Date(at) };
        const before = r === 1 ? { ...c, reps: 0, lapses: 0, state: "NEW" as const, due: new Date(at), lastReview: null, scheduledDays: 0 } : { ...after, reps: r - 1 };
        logs.push({
          id: `${c.id}-log-${r}`,
          cardId: c.id,
          userId,
          questionId: c.questionId,
          rating: 1 + Math.floor(rng.next() * 4),
          correct: rng.chance(0.8),
          durationMs: Math.round(rng.uniform(4_000, 90_000)),
          stateBefore: scheduleJson(before),
          stateAfter: scheduleJson(after),
          reviewedAt: new Date(at),
          clientSubmissionId: `${c.id}:${r - 1}`,
        });
        at -= rng.uniform(1, 20) * DAY;
      }
    }
    // About one review in a thousand was undone (and then rated again, which is the next log).
    const undone = logs.filter((l, i) => i % 997 === 0 && !String(l.id).endsWith("-log-1"));
    for (const l of undone) {
      logs.push({
        id: `${l.id}-undo`,
        cardId: l.cardId,
        userId,
        questionId: l.questionId,
        kind: "UNDO",
        undoesId: l.id,
        rating: 0,
        stateBefore: l.stateAfter,
        stateAfter: l.stateBefore,
        reviewedAt: new Date((l.reviewedAt as Date).getTime() + 5_000),
      });
    }
    await inBatches(logs, (data) => db.reviewLog.createMany({ data }));
  }
  const byState: Record<CardStateName, number> = { NEW: 0, LEARNING: 0, REVIEW: 0, RELEARNING: 0 };
  for (const c of cards) byState[c.state]++;
  const liveDue = cards.filter((c) => !c.suspended && c.due.getTime() <= t);
  return {
    cards: cards.length,
    byState,
    suspended: cards.filter((c) => c.suspended).length,
    dueReviews: liveDue.filter((c) => c.state !== "NEW").length,
    dueNew: liveDue.filter((c) => c.state === "NEW").length,
    reviewLogs: logs.length,
  };
}

export interface ServedItem {
  id: string;
  type: SeededQuestion["type"];
}

/**
 * `sessions` practice quizzes of 30 questions for the learner, every item already served (its
 * clock started `now`, deadline 15 minutes later) and unanswered: ready for submitQuizAnswer.
 */
export async function seedServedQuizzes(db: Db, userId: string, questions: readonly SeededQuestion[], opts: { sessions: number; now: Date }): Promise<ServedItem[]> {
  const perSession = 30;
  const timeLimitMs = 900_000;
  const sessions = Array.from({ length: opts.sessions }, (_, s) => ({
    id: `${userId}-quiz-${s}`,
    userId,
    kind: "PRACTICE" as const,
    config: { count: perSession, families: [], difficulty: "mixed", adaptive: false, seed: s, secondsPerQuestion: timeLimitMs / 1000 },
    startedAt: opts.now,
  }));
  await db.quizSession.createMany({ data: sessions });
  const items = sessions.flatMap((session, s) =>
    Array.from({ length: perSession }, (_, position) => {
      const question = questions[(s * perSession + position) % questions.length];
      return {
        id: `${session.id}-item-${position}`,
        sessionId: session.id,
        questionId: question.id,
        position,
        timeLimitMs,
        servedAt: opts.now,
        deadlineAt: new Date(opts.now.getTime() + timeLimitMs),
        type: question.type,
      };
    }),
  );
  await inBatches(items, (batch) => db.quizItem.createMany({ data: batch.map(({ type: _type, ...item }) => item) }));
  return items.map((i) => ({ id: i.id, type: i.type }));
}
