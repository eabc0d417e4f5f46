-- CreateIndex
CREATE INDEX "ChatMessage_playerId_createdAt_idx" ON "ChatMessage"("playerId", "createdAt");
