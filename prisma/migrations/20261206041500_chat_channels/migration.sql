-- AlterTable
ALTER TABLE "ChatMessage" ADD COLUMN "alias" TEXT;
