-- AlterTable
ALTER TABLE "Player" ADD COLUMN     "browser" TEXT,
ADD COLUMN     "device" TEXT,
ADD COLUMN     "quality" TEXT;

-- AlterTable
ALTER TABLE "PageVisit" ADD COLUMN     "flags" TEXT,
ADD COLUMN     "signalSource" TEXT,
ADD COLUMN     "signals" TEXT;

-- CreateIndex
CREATE INDEX "Player_sessionId_browser_idx" ON "Player"("sessionId", "browser");

-- CreateIndex
CREATE INDEX "Player_sessionId_device_idx" ON "Player"("sessionId", "device");
