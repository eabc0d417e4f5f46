-- AlterTable
ALTER TABLE "Player" ADD COLUMN     "standIn" TEXT,
ADD COLUMN     "standInBy" TEXT,
ADD COLUMN     "standInUntil" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Player_standIn_idx" ON "Player"("standIn");
