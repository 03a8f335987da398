-- AlterTable
ALTER TABLE "Broadcast" ADD COLUMN "countyCode" TEXT;
ALTER TABLE "Broadcast" ADD COLUMN "courseId" INTEGER;

-- CreateIndex
CREATE INDEX "Broadcast_countyCode_idx" ON "Broadcast"("countyCode");
