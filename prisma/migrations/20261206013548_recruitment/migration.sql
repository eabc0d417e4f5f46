-- AlterTable
ALTER TABLE "Player" ADD COLUMN "entryErasedAt" DATETIME;
ALTER TABLE "Player" ADD COLUMN "entryParams" TEXT;
ALTER TABLE "Player" ADD COLUMN "outcome" TEXT;
ALTER TABLE "Player" ADD COLUMN "paidAt" DATETIME;
