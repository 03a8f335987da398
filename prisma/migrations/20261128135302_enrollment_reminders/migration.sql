-- AlterTable
ALTER TABLE "Enrollment" ADD COLUMN "reminderSentAt" DATETIME;
