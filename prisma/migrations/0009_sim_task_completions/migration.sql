-- CreateTable
CREATE TABLE "SimTaskCompletion" (
    "userId" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "runs" JSONB NOT NULL,
    "completedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SimTaskCompletion_pkey" PRIMARY KEY ("userId","taskId")
);

-- AddForeignKey
ALTER TABLE "SimTaskCompletion" ADD CONSTRAINT "SimTaskCompletion_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

