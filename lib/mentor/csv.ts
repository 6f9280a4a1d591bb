// The mentor's exports: the cohort table and one learner's answers (lib/csv writes the cells).
import type { Db } from "@/lib/db/database";
import { Prisma } from "@/lib/generated/prisma/client";
import { csvRound, toCsv } from "@/lib/csv";
import { FINISHED_ANSWER } from "@/lib/practice/dashboard";
import { answerInWords } from "@/lib/practice/grading";
import type { CohortDashboard } from "./dashboard";

/** The cohort dashboard as a spreadsheet: one row per learner, recall per family in columns. */
export function cohortDashboardCsv(board: CohortDashboard): string {
  const header = [
    "learner", "email", "joined", "last active", "needs attention", "reviews (7 d)", "recall rate (7 d)", "recall rate (previous 7 d)",
    "quiz answers (7 d)", "due", "overdue", "leeches", "quiz accuracy (30 d)", "median answer seconds (30 d)", "mean recall",
    ...board.families.map((f) => `recall: ${f}`),
  ];
  const rows = board.learners.map((l) => [
    l.name, l.email, l.joinedAt, l.lastActiveAt, l.flags.join(" "), l.reviews7d, csvRound(l.recallRate7d), csvRound(l.recallRatePrev7d),
    l.quizAnswers7d, l.due, l.overdue, l.leeches, csvRound(l.quizAccuracy), l.medianAnswerMs === null ? null : csvRound(l.medianAnswerMs / 1000, 1), csvRound(l.recall),
    ...board.families.map((f) => csvRound(l.recallByFamily[f]?.recall ?? null)),
  ]);
  return toCsv(header, rows);
}

/**
 * Every quiz answer (of finished attempts: an attempt in progress shows nowhere) and review rating
 * of one learner, oldest first, answers in words. Answers to `withheld` questions (today's
 * challenge, for a viewer who has not taken it) are left out.
 */
export async function learnerAnswersCsv(db: Db, learnerId: string, withheld: readonly string[] = []): Promise<string> {
  const rows = await db.$queryRaw<Array<{ source: string; at: Date; family: string; lessonId: string; questionId: string; type: string; prompt: string; data: unknown; answer: unknown; correct: boolean | null; rating: number | null; durationMs: number | null; late: boolean | null }>>`
    SELECT * FROM (
    SELECT 'quiz' AS source, a."submittedAt" AS at, q."family", q."lessonId", q."id" AS "questionId", q."type", q."prompt", q."data", a."answer",
      a."correct", NULL::int AS rating, a."durationMs", a."late"
    FROM "QuizAnswer" a JOIN "QuizItem" i ON i."id" = a."itemId" JOIN "Question" q ON q."id" = i."questionId"
    WHERE a."userId" = ${learnerId} AND ${FINISHED_ANSWER}
    UNION ALL
    SELECT 'review', r."reviewedAt", q."family", q."lessonId", q."id", q."type", q."prompt", q."data", r."answer", r."correct", r."rating", r."durationMs", NULL
    FROM "ReviewLog" r JOIN "Question" q ON q."id" = r."questionId"
    WHERE r."userId" = ${learnerId} AND r."kind" = 'REVIEW' AND NOT EXISTS (SELECT 1 FROM "ReviewLog" u WHERE u."undoesId" = r."id")
    ) x
    ${withheld.length ? Prisma.sql`WHERE x."questionId" <> ALL(${[...withheld]}::text[])` : Prisma.empty}
    ORDER BY at, "questionId"`;
  const ratings = ["", "again", "hard", "good", "easy"];
  return toCsv(
    ["when", "source", "family", "lesson", "question", "type", "prompt", "answer", "correct", "rating", "seconds", "late"],
    rows.map((r) => [
      r.at, r.source, r.family, r.lessonId, r.questionId, r.type, r.prompt, answerInWords({ id: r.questionId, type: r.type, data: r.data }, r.answer),
      r.correct === null ? null : r.correct ? "yes" : "no", r.rating === null ? null : ratings[r.rating],
      r.durationMs === null ? null : Number((r.durationMs / 1000).toFixed(1)), r.late === null ? null : r.late ? "yes" : "no",
    ]),
  );
}
