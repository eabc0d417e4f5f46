-- AlterTable
ALTER TABLE "PageVisit" ADD COLUMN "flags" TEXT;
ALTER TABLE "PageVisit" ADD COLUMN "signalSource" TEXT;
ALTER TABLE "PageVisit" ADD COLUMN "signals" TEXT;

-- AlterTable
ALTER TABLE "Player" ADD COLUMN "browser" TEXT;
ALTER TABLE "Player" ADD COLUMN "device" TEXT;
ALTER TABLE "Player" ADD COLUMN "quality" TEXT;

-- CreateIndex
CREATE INDEX "Player_sessionId_browser_idx" ON "Player"("sessionId", "browser");

-- CreateIndex
CREATE INDEX "Player_sessionId_device_idx" ON "Player"("sessionId", "device");
