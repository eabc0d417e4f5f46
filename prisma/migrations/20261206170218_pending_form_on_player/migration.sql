-- AlterTable
ALTER TABLE "Player" ADD COLUMN "pendingForm" TEXT;

-- Moves each kept form onto its player, its position inside the JSON.
UPDATE "Player" SET "pendingForm" = (SELECT json_set("state", '$.position', "position") FROM "PendingForm" WHERE "PendingForm"."playerId" = "Player"."id");

-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "PendingForm";
PRAGMA foreign_keys=on;
