-- AddForeignKey
ALTER TABLE "ReviewLog" ADD CONSTRAINT "ReviewLog_undoesId_fkey" FOREIGN KEY ("undoesId") REFERENCES "ReviewLog"("id") ON DELETE CASCADE ON UPDATE CASCADE;

