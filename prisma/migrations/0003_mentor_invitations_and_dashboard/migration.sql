-- DropIndex
DROP INDEX "ReviewLog_userId_reviewedAt_idx";

-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "maxUses" INTEGER,
ADD COLUMN     "token" TEXT NOT NULL,
ADD COLUMN     "useCount" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "ReviewLog_userId_reviewedAt_kind_rating_idx" ON "ReviewLog"("userId", "reviewedAt", "kind", "rating");

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_token_key" ON "Invitation"("token");

