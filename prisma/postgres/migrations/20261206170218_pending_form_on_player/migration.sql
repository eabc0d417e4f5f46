-- AlterTable
ALTER TABLE "Player" ADD COLUMN     "pendingForm" TEXT;

-- Moves each kept form onto its player, its position inside the JSON.
UPDATE "Player" SET "pendingForm" = jsonb_set(f."state"::jsonb, '{position}', to_jsonb(f."position"))::text FROM "PendingForm" f WHERE f."playerId" = "Player"."id";

-- DropTable
DROP TABLE "PendingForm";
