// npm run demo:cohort — gives mentor@quorum.test a living cohort to look at: 40 demo learners with
// eight weeks of history, played day by day through the real FSRS scheduler (lib/practice), plus
// quizzes with free-text answers and a few of the mentor's comments. Some learners are steady,
// some slipped into a backlog, some stopped, one is forgetting more this week than last.
// Writes to the embedded database (or DATABASE_URL). Running it again replaces the demo cohort.
// Usage: tsx scripts/demo-cohort.ts [--learners N]
import { openDatabase } from "@/lib/db/database";
import type { Prisma } from "@/lib/generated/prisma/client";
import { seedDemoUsers } from "@/lib/demo/users";
import { generateCode } from "@/lib/mentor/invitations";
import { newSchedule, rateCard, retrievability, type CardSchedule, type RatingValue } from "@/lib/practice/scheduler";
import { Rng } from "@/lib/sim/random";
import { randomBytes } from "node:crypto";

const DAY = 86_400_000;
const HISTORY_DAYS = 56;
const COHORT_NAME = "Spring interview prep (demo)";
const EMAIL_DOMAIN = "demo-cohort.quorum.test";

const FIRST = ["Amara", "Bruno", "Chen", "Dalia", "Emeka", "Farah", "Gita", "Hugo", "Ines", "Jonas", "Kemal", "Lior", "Maya", "Nikos", "Olu", "Priya", "Quinn", "Rosa", "Sami", "Tariq", "Uma", "Vera", "Wen", "Ximena", "Yusuf", "Zoe"];
const LAST = ["Okafor", "Lindqvist", "Moreau", "Tanaka", "Haddad", "Novak", "Silva", "Kowalski", "Mensah", "Iyer", "Brennan", "Castillo", "Dubois", "Fischer", "Gupta", "Hansen"];

const FREE_ANSWERS = [
  "A majority quorum means any two quorums overlap in at least one node, so a read quorum always sees the latest acknowledged write as long as R + W > N.",
  "I would put a queue in front of the workers and make the consumer idempotent with a dedupe key stored in the same transaction as the side effect.",
  "Leader election uses randomized timeouts so that split votes are rare; a candidate needs votes from a majority, which guarantees at most one leader per term.",
  "Consistent hashing with virtual nodes spreads keys evenly and moves only about 1/N of them when a node joins or leaves.",
  "Retries need jittered exponential backoff and a budget, otherwise they amplify an outage; a circuit breaker stops calls to a failing dependency.",
  "Not sure — maybe use a cache?",
];
const MENTOR_COMMENTS = [
  "Good. In an interview, say what happens when R + W ≤ N as well: that contrast is what they want to hear.",
  "Nice structure. Where exactly does the dedupe key live, and what happens if the consumer crashes between the write and the ack?",
  "Add a sentence on why the overlap guarantees freshness only for acknowledged writes.",
];

interface Persona {
  diligence: number; // chance of practising on a given day
  skill: number; // multiplies the scheduler's recall probability
  stopDay: number | null; // day (0-based) after which they stop practising
  reviewCap: number; // reviews they actually do on a practice day
  falling: boolean; // recall drops in the last week
}

function persona(rng: Rng, i: number): Persona {
  const kind = i % 10;
  if (kind === 3) return { diligence: 0.7, skill: 0.95, stopDay: HISTORY_DAYS - rng.int(9, 30), reviewCap: 40, falling: false }; // stopped
  if (kind === 6) return { diligence: 0.35, skill: 0.9, stopDay: null, reviewCap: 8, falling: false }; // backlog grows
  if (kind === 8) return { diligence: 0.85, skill: 1, stopDay: null, reviewCap: 60, falling: true };
  return { diligence: rng.uniform(0.55, 0.95), skill: rng.uniform(0.88, 1.04), stopDay: null, reviewCap: rng.int(25, 70), falling: false };
}

function scheduleJson(s: CardSchedule): Prisma.InputJsonValue {
  return { ...s, due: s.due.toISOString(), lastReview: s.lastReview?.toISOString() ?? null };
}

async function main() {
  const count = Number(process.argv[process.argv.indexOf("--learners") + 1]) || 40;
  const database = openDatabase();
  const db = database.prisma;
  try {
    await database.migrate();
    await seedDemoUsers(db);
    const mentor = await db.user.findUniqueOrThrow({ where: { email: "mentor@quorum.test" }, select: { id: true } });
    const questions = await db.question.findMany({
      where: { retiredAt: null },
      select: { id: true, lessonId: true, type: true, data: true, lesson: { select: { position: true, family: true } } },
      orderBy: [{ lesson: { family: "asc" } }, { lesson: { position: "asc" } }, { id: "asc" }],
    });
    if (questions.length === 0) throw new Error("No questions in the database: run `npm run db:setup` (or npm start) first so content is synced.");
    const lessons = [...new Set(questions.map((q) => q.lessonId))];
    const freeQuestions = questions.filter((q) => q.type === "free");
    const objective = questions.filter((q) => q.type === "single");

    // Replace an earlier demo cohort and its learners (cascades remove their history).
    await db.cohort.deleteMany({ where: { mentorId: mentor.id, name: COHORT_NAME } });
    await db.user.deleteMany({ where: { email: { endsWith: `@${EMAIL_DOMAIN}` } } });

    const now = new Date();
    const start = new Date(now.getTime() - HISTORY_DAYS * DAY);
    const cohort = await db.cohort.create({ data: { name: COHORT_NAME, mentorId: mentor.id, createdAt: new Date(start.getTime() - DAY) } });
    await db.invitation.create({
      data: { cohortId: cohort.id, createdById: mentor.id, token: randomBytes(24).toString("base64url"), code: generateCode(), expiresAt: new Date(now.getTime() + 14 * DAY), maxUses: 60, useCount: count, createdAt: start },
    });

    const rng = new Rng(20250601);
    let totalReviews = 0;
    let totalAnswers = 0;
    for (let i = 0; i < count; i++) {
      const r = rng.fork();
      const p = persona(r, i);
      const name = `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`;
      const user = await db.user.create({
        data: { email: `learner${String(i + 1).padStart(2, "0")}@${EMAIL_DOMAIN}`, name, role: "LEARNER", createdAt: start, dailyReviewLimit: p.reviewCap < 10 ? 10 : 200 },
        select: { id: true },
      });
      await db.cohortMembership.create({ data: { cohortId: cohort.id, userId: user.id, joinedAt: new Date(start.getTime() + r.int(0, 3) * DAY) } });

      const cards = new Map<string, CardSchedule>();
      const lapses = new Map<string, number>();
      const logs: Prisma.ReviewLogCreateManyInput[] = [];
      const cardIds = new Map<string, string>();
      let nextLesson = r.int(0, Math.max(0, lessons.length - 1));
      let lastActive: Date | null = null;
      const quizzes: Array<{ at: Date; items: Array<{ questionId: string; answer: Prisma.InputJsonValue | null; correct: boolean | null; durationMs: number }> }> = [];

      for (let day = 0; day < HISTORY_DAYS; day++) {
        if (p.stopDay !== null && day > p.stopDay) break;
        if (!r.chance(p.diligence)) continue;
        // Study sessions start in the evening UTC, give or take.
        let t = new Date(start.getTime() + day * DAY + r.uniform(14, 21) * 3_600_000);
        if (t > now) break;
        // A new lesson's questions join the queue every few practice days.
        if (cards.size === 0 || r.chance(0.25)) {
          for (const q of questions.filter((x) => x.lessonId === lessons[nextLesson % lessons.length])) {
            if (!cards.has(q.id)) {
              cards.set(q.id, newSchedule(t));
              cardIds.set(q.id, `demo-${i}-${q.id}`);
            }
          }
          nextLesson++;
        }
        const skill = p.falling && day >= HISTORY_DAYS - 7 ? p.skill * 0.6 : p.skill;
        const due = [...cards.entries()].filter(([, c]) => c.due <= t).sort((a, b) => a[1].due.getTime() - b[1].due.getTime());
        for (const [questionId, card] of due.slice(0, p.reviewCap)) {
          const recall = card.state === "NEW" ? 0.6 : (retrievability(card, t) ?? 0.6);
          const remembered = r.chance(Math.min(0.99, recall * skill));
          const rating: RatingValue = !remembered ? 1 : r.chance(0.15) ? 2 : r.chance(0.15) ? 4 : 3;
          const after = rateCard({ desiredRetention: 0.9 }, card, rating, t);
          if (rating === 1 && card.state !== "NEW") lapses.set(questionId, (lapses.get(questionId) ?? 0) + 1);
          logs.push({
            cardId: cardIds.get(questionId)!, userId: user.id, questionId, rating, correct: remembered, durationMs: r.int(4_000, 45_000),
            stateBefore: scheduleJson(card), stateAfter: scheduleJson(after), reviewedAt: t,
          });
          cards.set(questionId, after);
          lastActive = t;
          t = new Date(t.getTime() + r.int(5_000, 60_000));
        }
        // About one practice day in six has a timed quiz, sometimes with a free-text question.
        if (r.chance(0.17) && objective.length > 0) {
          const items = Array.from({ length: 5 }, (_, k) => {
            const useFree = k === 4 && freeQuestions.length > 0 && r.chance(0.6);
            const q = useFree ? r.choice(freeQuestions) : r.choice(objective);
            if (useFree) return { questionId: q.id, answer: r.choice(FREE_ANSWERS) as Prisma.InputJsonValue, correct: null, durationMs: r.int(50_000, 115_000) };
            const right = r.chance(0.72 * skill);
            const data = q.data as { answer?: string; options?: Array<{ id: string }> };
            const wrong = data.options?.find((o) => o.id !== data.answer)?.id ?? "";
            return { questionId: q.id, answer: (right ? data.answer ?? "" : wrong) as Prisma.InputJsonValue, correct: right, durationMs: r.int(6_000, 55_000) };
          });
          quizzes.push({ at: t, items });
          lastActive = new Date(t.getTime() + 10 * 60_000);
        }
      }

      await db.card.createMany({
        data: [...cards.entries()].map(([questionId, c]) => ({
          id: cardIds.get(questionId)!, userId: user.id, questionId, ...c,
          lapses: c.lapses, leech: (lapses.get(questionId) ?? 0) >= 8, suspended: (lapses.get(questionId) ?? 0) >= 8,
        })),
      });
      for (let k = 0; k < logs.length; k += 1000) await db.reviewLog.createMany({ data: logs.slice(k, k + 1000) });
      for (const [n, quiz] of quizzes.entries()) {
        const session = await db.quizSession.create({
          data: {
            userId: user.id, kind: "PRACTICE", config: { count: 5, families: [], difficulty: "mixed", adaptive: false, seed: n }, startedAt: quiz.at,
            finishedAt: new Date(quiz.at.getTime() + 8 * 60_000),
            items: { create: quiz.items.map((it, position) => ({ questionId: it.questionId, position, timeLimitMs: 120_000, servedAt: new Date(quiz.at.getTime() + position * 90_000), deadlineAt: new Date(quiz.at.getTime() + position * 90_000 + 120_000) })) },
          },
          select: { items: { select: { id: true, position: true, servedAt: true } } },
        });
        const answers = await Promise.all(
          session.items.map((item) => {
            const it = quiz.items[item.position];
            return db.quizAnswer.create({
              data: {
                itemId: item.id, userId: user.id, answer: it.answer ?? undefined, correct: it.correct, score: it.correct ? 1 : 0, durationMs: it.durationMs,
                submittedAt: new Date(item.servedAt!.getTime() + it.durationMs), clientSubmissionId: `demo-${item.id}`,
              },
              select: { id: true, correct: true },
            });
          }),
        );
        totalAnswers += answers.length;
        // The mentor has commented on some free-text answers.
        const free = answers.find((a) => a.correct === null);
        if (free && r.chance(0.4)) {
          await db.comment.create({ data: { authorId: mentor.id, learnerId: user.id, quizAnswerId: free.id, body: r.choice(MENTOR_COMMENTS), createdAt: new Date(quiz.at.getTime() + DAY) } });
        }
      }
      if (lastActive) await db.user.update({ where: { id: user.id }, data: { lastActiveAt: lastActive } });
      totalReviews += logs.length;
    }
    // The history was written learner by learner, not in time order, and the learners it replaced
    // were deleted: recompute the item statistics from the answers (docs/decisions/060).
    await database.sql.exec("SELECT quorum_item_stats_rebuild(NULL)");
    console.log(`✓ demo cohort “${COHORT_NAME}” for mentor@quorum.test: ${count} learners, ${totalReviews} reviews, ${totalAnswers} quiz answers over ${HISTORY_DAYS} days`);
  } finally {
    await database.close();
  }
}

main().catch((err) => {
  console.error(`✗ demo cohort failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
