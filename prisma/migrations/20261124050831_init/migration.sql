-- CreateTable
CREATE TABLE "Session" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "config" TEXT NOT NULL,
    "apps" TEXT NOT NULL,
    "settings" TEXT NOT NULL DEFAULT '{}',
    "description" TEXT NOT NULL DEFAULT '',
    "secret" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "testing" BOOLEAN NOT NULL DEFAULT false,
    "initialized" BOOLEAN NOT NULL DEFAULT false,
    "room" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Player" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sessionId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "label" TEXT NOT NULL DEFAULT '',
    "pageOrder" TEXT NOT NULL DEFAULT '[]',
    "position" INTEGER NOT NULL DEFAULT -1,
    "app" TEXT,
    "round" INTEGER,
    "started" BOOLEAN NOT NULL DEFAULT false,
    "initialized" BOOLEAN NOT NULL DEFAULT false,
    "dropout" BOOLEAN NOT NULL DEFAULT false,
    "groupId" INTEGER,
    "memberIndex" INTEGER,
    "lastSeen" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Player_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Player_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Group" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sessionId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "app" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Group_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PageVisit" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sessionId" INTEGER NOT NULL,
    "playerId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "page" TEXT NOT NULL,
    "app" TEXT,
    "round" INTEGER,
    "enteredAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leftAt" DATETIME,
    "leftHow" TEXT,
    CONSTRAINT "PageVisit_playerId_fkey" FOREIGN KEY ("playerId") REFERENCES "Player" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FieldWrite" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sessionId" INTEGER NOT NULL,
    "ownerKind" TEXT NOT NULL,
    "ownerId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "app" TEXT,
    "position" INTEGER,
    "round" INTEGER,
    "byKind" TEXT NOT NULL,
    "byName" TEXT,
    "page" TEXT,
    "hook" TEXT,
    "codeLine" TEXT
);

-- CreateTable
CREATE TABLE "FieldValue" (
    "sessionId" INTEGER NOT NULL,
    "ownerKind" TEXT NOT NULL,
    "ownerId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT,
    "seq" INTEGER NOT NULL,

    PRIMARY KEY ("ownerKind", "ownerId", "key")
);

-- CreateTable
CREATE TABLE "PendingForm" (
    "playerId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "position" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "Session_name_key" ON "Session"("name");

-- CreateIndex
CREATE INDEX "Session_active_createdAt_idx" ON "Session"("active", "createdAt");

-- CreateIndex
CREATE INDEX "Player_sessionId_position_idx" ON "Player"("sessionId", "position");

-- CreateIndex
CREATE INDEX "Player_sessionId_started_idx" ON "Player"("sessionId", "started");

-- CreateIndex
CREATE INDEX "Player_sessionId_dropout_idx" ON "Player"("sessionId", "dropout");

-- CreateIndex
CREATE INDEX "Player_sessionId_groupId_idx" ON "Player"("sessionId", "groupId");

-- CreateIndex
CREATE INDEX "Player_sessionId_label_idx" ON "Player"("sessionId", "label");

-- CreateIndex
CREATE INDEX "Player_sessionId_lastSeen_idx" ON "Player"("sessionId", "lastSeen");

-- CreateIndex
CREATE UNIQUE INDEX "Player_sessionId_name_key" ON "Player"("sessionId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Player_sessionId_index_key" ON "Player"("sessionId", "index");

-- CreateIndex
CREATE UNIQUE INDEX "Group_sessionId_name_key" ON "Group"("sessionId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Group_sessionId_index_key" ON "Group"("sessionId", "index");

-- CreateIndex
CREATE INDEX "PageVisit_sessionId_enteredAt_idx" ON "PageVisit"("sessionId", "enteredAt");

-- CreateIndex
CREATE INDEX "PageVisit_playerId_leftAt_idx" ON "PageVisit"("playerId", "leftAt");

-- CreateIndex
CREATE INDEX "FieldWrite_sessionId_seq_idx" ON "FieldWrite"("sessionId", "seq");

-- CreateIndex
CREATE INDEX "FieldWrite_ownerKind_ownerId_key_seq_idx" ON "FieldWrite"("ownerKind", "ownerId", "key", "seq");

-- CreateIndex
CREATE INDEX "FieldValue_sessionId_idx" ON "FieldValue"("sessionId");

-- The field log is append-only: the database itself refuses to change or remove a row.
-- SQLite drops a table's triggers when a migration rebuilds it, so the migration tool
-- (prisma/tools/new-migration.ts) appends this file to every migration that touches FieldWrite.
DROP TRIGGER IF EXISTS "FieldWrite_no_update";
CREATE TRIGGER "FieldWrite_no_update" BEFORE UPDATE ON "FieldWrite"
BEGIN
  SELECT RAISE(ABORT, 'FieldWrite is append-only: rows cannot be updated');
END;
DROP TRIGGER IF EXISTS "FieldWrite_no_delete";
CREATE TRIGGER "FieldWrite_no_delete" BEFORE DELETE ON "FieldWrite"
BEGIN
  SELECT RAISE(ABORT, 'FieldWrite is append-only: rows cannot be deleted');
END;

