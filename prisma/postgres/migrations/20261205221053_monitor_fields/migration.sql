-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "monitorFields" TEXT NOT NULL DEFAULT '[]';
