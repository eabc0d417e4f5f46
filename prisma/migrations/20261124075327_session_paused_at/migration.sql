-- AlterTable
ALTER TABLE "Session" ADD COLUMN "pausedAt" DATETIME;
