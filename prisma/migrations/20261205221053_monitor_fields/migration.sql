-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Session" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "config" TEXT NOT NULL,
    "apps" TEXT NOT NULL,
    "settings" TEXT NOT NULL DEFAULT '{}',
    "description" TEXT NOT NULL DEFAULT '',
    "secret" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "pausedAt" DATETIME,
    "testing" BOOLEAN NOT NULL DEFAULT false,
    "initialized" BOOLEAN NOT NULL DEFAULT false,
    "room" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "monitorFields" TEXT NOT NULL DEFAULT '[]'
);
INSERT INTO "new_Session" ("active", "apps", "config", "createdAt", "description", "id", "initialized", "name", "pausedAt", "room", "secret", "settings", "testing") SELECT "active", "apps", "config", "createdAt", "description", "id", "initialized", "name", "pausedAt", "room", "secret", "settings", "testing" FROM "Session";
DROP TABLE "Session";
ALTER TABLE "new_Session" RENAME TO "Session";
CREATE UNIQUE INDEX "Session_name_key" ON "Session"("name");
CREATE UNIQUE INDEX "Session_room_key" ON "Session"("room");
CREATE INDEX "Session_active_createdAt_idx" ON "Session"("active", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
