-- AlterTable
ALTER TABLE "Player" ADD COLUMN     "entryErasedAt" TIMESTAMP(3),
ADD COLUMN     "entryParams" TEXT,
ADD COLUMN     "outcome" TEXT,
ADD COLUMN     "paidAt" TIMESTAMP(3);
