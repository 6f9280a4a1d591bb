// The mentor's exports: the cohort table and one learner's answers (lib/csv writes the cells).
import type { Db } from "@/lib/db/database";
import { csvRound, toCsv } from "@/lib/csv";
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

function answerText(answer: unknown): string | null {
  if (answer === null || answer === undefined) return null;
  if (typeof answer === "string") return answer;
  if (Array.isArray(answer)) return answer.join(" | ");
  return JSON.stringify(answer);
}

/** Every quiz answer and review rating of one learner, oldest first. */
export async function learnerAnswersCsv(db: Db, learnerId: string): Promise<string> {
  const rows = await db.$queryRaw<Array<{ source: string; at: Date; family: string; lessonId: string; questionId: string; type: string; prompt: string; answer: unknown; correct: boolean | null; rating: number | null; durationMs: number | null; late: boolean | null }>>`
    SELECT 'quiz' AS source, a."submittedAt" AS at, q."family", q."lessonId", q."id" AS "questionId", q."type", q."prompt", a."answer",
      a."correct", NULL::int AS rating, a."durationMs", a."late"
    FROM "QuizAnswer" a JOIN "QuizItem" i ON i."id" = a."itemId" JOIN "Question" q ON q."id" = i."questionId"
    WHERE a."userId" = ${learnerId}
    UNION ALL
    SELECT 'review', r."reviewedAt", q."family", q."lessonId", q."id", q."type", q."prompt", r."answer", r."correct", r."rating", r."durationMs", NULL
    FROM "ReviewLog" r JOIN "Question" q ON q."id" = r."questionId"
    WHERE r."userId" = ${learnerId} AND r."kind" = 'REVIEW' AND NOT EXISTS (SELECT 1 FROM "ReviewLog" u WHERE u."undoesId" = r."id")
    ORDER BY at, "questionId"`;
  const ratings = ["", "again", "hard", "good", "easy"];
  return toCsv(
    ["when", "source", "family", "lesson", "question", "type", "prompt", "answer", "correct", "rating", "seconds", "late"],
    rows.map((r) => [
      r.at, r.source, r.family, r.lessonId, r.questionId, r.type, r.prompt, answerText(r.answer),
      r.correct === null ? null : r.correct ? "yes" : "no", r.rating === null ? null : ratings[r.rating],
      r.durationMs === null ? null : Number((r.durationMs / 1000).toFixed(1)), r.late === null ? null : r.late ? "yes" : "no",
    ]),
  );
}
