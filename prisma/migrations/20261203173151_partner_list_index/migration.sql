-- CreateIndex
CREATE INDEX "Ad_partnerClientId_createdAt_id_idx" ON "Ad"("partnerClientId", "createdAt", "id");

