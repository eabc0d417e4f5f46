-- CreateTable
CREATE TABLE "Deadline" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sessionId" INTEGER NOT NULL,
    "playerId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "entry" TEXT NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "firedAt" DATETIME
);

-- CreateTable
CREATE TABLE "DropoutWatch" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sessionId" INTEGER NOT NULL,
    "playerId" INTEGER NOT NULL,
    "app" TEXT NOT NULL,
    "handler" TEXT NOT NULL,
    "toleranceMs" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "firedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "Deadline_firedAt_dueAt_idx" ON "Deadline"("firedAt", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "Deadline_playerId_position_key" ON "Deadline"("playerId", "position");

-- CreateIndex
CREATE INDEX "DropoutWatch_firedAt_idx" ON "DropoutWatch"("firedAt");

-- CreateIndex
CREATE UNIQUE INDEX "DropoutWatch_playerId_app_handler_key" ON "DropoutWatch"("playerId", "app", "handler");
