-- AlterTable
ALTER TABLE "User" ADD COLUMN     "fsrsFitClaimedAt" TIMESTAMP(3);

