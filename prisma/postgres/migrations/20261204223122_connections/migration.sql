-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Session" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "config" TEXT NOT NULL,
    "apps" TEXT NOT NULL,
    "settings" TEXT NOT NULL DEFAULT '{}',
    "description" TEXT NOT NULL DEFAULT '',
    "secret" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "pausedAt" TIMESTAMP(3),
    "testing" BOOLEAN NOT NULL DEFAULT false,
    "initialized" BOOLEAN NOT NULL DEFAULT false,
    "room" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Player" (
    "id" SERIAL NOT NULL,
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
    "lastSeen" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Player_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Connection" (
    "instance" TEXT NOT NULL,
    "playerId" INTEGER NOT NULL,
    "seenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Connection_pkey" PRIMARY KEY ("instance","playerId")
);

-- CreateTable
CREATE TABLE "Group" (
    "id" SERIAL NOT NULL,
    "sessionId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "app" TEXT,
    "members" TEXT NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PageVisit" (
    "id" SERIAL NOT NULL,
    "sessionId" INTEGER NOT NULL,
    "playerId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "page" TEXT NOT NULL,
    "app" TEXT,
    "round" INTEGER,
    "enteredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leftAt" TIMESTAMP(3),
    "leftHow" TEXT,

    CONSTRAINT "PageVisit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FieldWrite" (
    "seq" SERIAL NOT NULL,
    "sessionId" INTEGER NOT NULL,
    "ownerKind" TEXT NOT NULL,
    "ownerId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "app" TEXT,
    "position" INTEGER,
    "round" INTEGER,
    "byKind" TEXT NOT NULL,
    "byName" TEXT,
    "page" TEXT,
    "hook" TEXT,
    "codeLine" TEXT,

    CONSTRAINT "FieldWrite_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "FieldValue" (
    "sessionId" INTEGER NOT NULL,
    "ownerKind" TEXT NOT NULL,
    "ownerId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT,
    "seq" INTEGER NOT NULL,

    CONSTRAINT "FieldValue_pkey" PRIMARY KEY ("ownerKind","ownerId","key")
);

-- CreateTable
CREATE TABLE "Room" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "config" TEXT,
    "labels" TEXT,
    "capacity" INTEGER,
    "open" BOOLEAN NOT NULL DEFAULT false,
    "fromProject" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "joins" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Room_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PendingForm" (
    "playerId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PendingForm_pkey" PRIMARY KEY ("playerId")
);

-- CreateTable
CREATE TABLE "OnceMarker" (
    "ownerKind" TEXT NOT NULL,
    "ownerId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OnceMarker_pkey" PRIMARY KEY ("ownerKind","ownerId","key")
);

-- CreateTable
CREATE TABLE "Deadline" (
    "id" SERIAL NOT NULL,
    "sessionId" INTEGER NOT NULL,
    "playerId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "entry" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "firedAt" TIMESTAMP(3),

    CONSTRAINT "Deadline_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DropoutWatch" (
    "id" SERIAL NOT NULL,
    "sessionId" INTEGER NOT NULL,
    "playerId" INTEGER NOT NULL,
    "app" TEXT NOT NULL,
    "handler" TEXT NOT NULL,
    "toleranceMs" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "firedAt" TIMESTAMP(3),

    CONSTRAINT "DropoutWatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AdminLogin" (
    "id" SERIAL NOT NULL,
    "token" TEXT NOT NULL,
    "admin" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "address" TEXT NOT NULL DEFAULT '',
    "userAgent" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),
    "revokedBy" TEXT,

    CONSTRAINT "AdminLogin_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoginFailure" (
    "id" SERIAL NOT NULL,
    "admin" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoginFailure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "admin" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "session" TEXT,
    "detail" TEXT NOT NULL DEFAULT '{}',

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE UNIQUE INDEX "Session_name_key" ON "Session"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Session_room_key" ON "Session"("room");

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
CREATE INDEX "Connection_playerId_seenAt_idx" ON "Connection"("playerId", "seenAt");

-- CreateIndex
CREATE INDEX "Connection_seenAt_idx" ON "Connection"("seenAt");

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

-- CreateIndex
CREATE UNIQUE INDEX "Room_name_key" ON "Room"("name");

-- CreateIndex
CREATE INDEX "Deadline_firedAt_dueAt_idx" ON "Deadline"("firedAt", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "Deadline_playerId_position_key" ON "Deadline"("playerId", "position");

-- CreateIndex
CREATE INDEX "DropoutWatch_firedAt_idx" ON "DropoutWatch"("firedAt");

-- CreateIndex
CREATE UNIQUE INDEX "DropoutWatch_playerId_app_handler_key" ON "DropoutWatch"("playerId", "app", "handler");

-- CreateIndex
CREATE UNIQUE INDEX "AdminLogin_token_key" ON "AdminLogin"("token");

-- CreateIndex
CREATE INDEX "AdminLogin_revokedAt_expiresAt_idx" ON "AdminLogin"("revokedAt", "expiresAt");

-- CreateIndex
CREATE INDEX "LoginFailure_admin_at_idx" ON "LoginFailure"("admin", "at");

-- CreateIndex
CREATE INDEX "LoginFailure_address_at_idx" ON "LoginFailure"("address", "at");

-- CreateIndex
CREATE INDEX "AuditEntry_session_id_idx" ON "AuditEntry"("session", "id");

-- AddForeignKey
ALTER TABLE "Player" ADD CONSTRAINT "Player_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Player" ADD CONSTRAINT "Player_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Connection" ADD CONSTRAINT "Connection_playerId_fkey" FOREIGN KEY ("playerId") REFERENCES "Player"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Group" ADD CONSTRAINT "Group_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PageVisit" ADD CONSTRAINT "PageVisit_playerId_fkey" FOREIGN KEY ("playerId") REFERENCES "Player"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The field log is append-only: the database itself refuses to change or remove a row.
-- (Appended by prisma/tools/new-migration.ts to every migration that touches FieldWrite.)
CREATE OR REPLACE FUNCTION "FieldWrite_append_only"() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'FieldWrite is append-only: rows cannot be updated';
  END IF;
  RAISE EXCEPTION 'FieldWrite is append-only: rows cannot be deleted';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS "FieldWrite_no_update" ON "FieldWrite";
CREATE TRIGGER "FieldWrite_no_update" BEFORE UPDATE ON "FieldWrite" FOR EACH ROW EXECUTE FUNCTION "FieldWrite_append_only"();
DROP TRIGGER IF EXISTS "FieldWrite_no_delete" ON "FieldWrite";
CREATE TRIGGER "FieldWrite_no_delete" BEFORE DELETE ON "FieldWrite" FOR EACH ROW EXECUTE FUNCTION "FieldWrite_append_only"();
DROP TRIGGER IF EXISTS "FieldWrite_no_truncate" ON "FieldWrite";
CREATE TRIGGER "FieldWrite_no_truncate" BEFORE TRUNCATE ON "FieldWrite" FOR EACH STATEMENT EXECUTE FUNCTION "FieldWrite_append_only"();

