-- AlterTable
ALTER TABLE "User" ADD COLUMN     "learningSteps" TEXT NOT NULL DEFAULT '1m 10m',
ADD COLUMN     "relearningSteps" TEXT NOT NULL DEFAULT '10m';

-- AlterTable
ALTER TABLE "Card" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "ReviewLog" ADD COLUMN     "cardVersion" INTEGER;

-- AlterTable
ALTER TABLE "QuizAnswer" ADD COLUMN     "skipped" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "QuestionStat" (
    "questionId" TEXT NOT NULL,
    "answers" INTEGER NOT NULL DEFAULT 0,
    "correct" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QuestionStat_pkey" PRIMARY KEY ("questionId")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReviewLog_cardId_cardVersion_key" ON "ReviewLog"("cardId", "cardVersion");

-- AddForeignKey
ALTER TABLE "QuestionStat" ADD CONSTRAINT "QuestionStat_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "Question"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Backfill: totals over the answers recorded before this migration (answered or skipped, graded).
INSERT INTO "QuestionStat" ("questionId", "answers", "correct")
SELECT i."questionId", COUNT(*)::int, COUNT(*) FILTER (WHERE a."correct")::int
FROM "QuizAnswer" a JOIN "QuizItem" i ON i."id" = a."itemId"
WHERE a."correct" IS NOT NULL AND (a."answer" IS NOT NULL OR a."skipped")
GROUP BY i."questionId";
