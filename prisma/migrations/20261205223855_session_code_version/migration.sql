-- AlterTable
ALTER TABLE "Session" ADD COLUMN "codeVersion" TEXT;
