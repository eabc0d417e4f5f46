-- CreateTable
CREATE TABLE "Connection" (
    "instance" TEXT NOT NULL,
    "playerId" INTEGER NOT NULL,
    "seenAt" DATETIME NOT NULL,

    PRIMARY KEY ("instance", "playerId"),
    CONSTRAINT "Connection_playerId_fkey" FOREIGN KEY ("playerId") REFERENCES "Player" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Connection_playerId_seenAt_idx" ON "Connection"("playerId", "seenAt");

-- CreateIndex
CREATE INDEX "Connection_seenAt_idx" ON "Connection"("seenAt");
