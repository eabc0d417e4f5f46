-- AlterTable
ALTER TABLE "Player" ADD COLUMN "entryErasedAt" DATETIME;
ALTER TABLE "Player" ADD COLUMN "entryParams" TEXT;
