-- AlterTable
ALTER TABLE "Player" ADD COLUMN "standIn" TEXT;
ALTER TABLE "Player" ADD COLUMN "standInBy" TEXT;
ALTER TABLE "Player" ADD COLUMN "standInUntil" DATETIME;

-- CreateIndex
CREATE INDEX "Player_standIn_idx" ON "Player"("standIn");
