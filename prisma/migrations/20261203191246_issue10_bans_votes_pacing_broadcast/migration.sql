-- AlterTable
ALTER TABLE "TelegramUser" ADD COLUMN "banKind" TEXT;
ALTER TABLE "TelegramUser" ADD COLUMN "banReason" TEXT;
ALTER TABLE "TelegramUser" ADD COLUMN "bannedAt" DATETIME;
ALTER TABLE "TelegramUser" ADD COLUMN "bannedById" INTEGER;
ALTER TABLE "TelegramUser" ADD COLUMN "bannedUntil" DATETIME;

-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN "notBefore" DATETIME;
ALTER TABLE "Delivery" ADD COLUMN "queueOrder" INTEGER;

-- CreateTable
CREATE TABLE "AdVote" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "adId" TEXT NOT NULL,
    "staffUserId" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AdVote_adId_fkey" FOREIGN KEY ("adId") REFERENCES "Ad" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AdVote_staffUserId_fkey" FOREIGN KEY ("staffUserId") REFERENCES "StaffUser" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Broadcast" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "botId" INTEGER NOT NULL,
    "createdById" INTEGER,
    "text" TEXT NOT NULL,
    "photoPath" TEXT,
    "photoFileId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "total" INTEGER NOT NULL DEFAULT 0,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "blocked" INTEGER NOT NULL DEFAULT 0,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Broadcast_botId_fkey" FOREIGN KEY ("botId") REFERENCES "TelegramBot" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BroadcastRecipient" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "broadcastId" INTEGER NOT NULL,
    "telegramUserId" INTEGER NOT NULL,
    "chatId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "messageId" TEXT,
    "error" TEXT,
    "attemptedAt" DATETIME,
    "sentAt" DATETIME,
    CONSTRAINT "BroadcastRecipient_broadcastId_fkey" FOREIGN KEY ("broadcastId") REFERENCES "Broadcast" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "BroadcastRecipient_telegramUserId_fkey" FOREIGN KEY ("telegramUserId") REFERENCES "TelegramUser" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Ad" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "contentVersion" INTEGER NOT NULL DEFAULT 1,
    "language" TEXT NOT NULL DEFAULT 'fa',
    "categoryId" INTEGER,
    "contactPhone" TEXT,
    "contactEmail" TEXT,
    "botId" INTEGER,
    "telegramUserId" INTEGER,
    "partnerClientId" INTEGER,
    "externalId" TEXT,
    "aiVerdict" TEXT,
    "aiReason" TEXT,
    "aiSuggestedCategory" TEXT,
    "rejectionReason" TEXT,
    "revisionNote" TEXT,
    "decidedById" INTEGER,
    "decidedAt" DATETIME,
    "approvedAt" DATETIME,
    "publishAt" DATETIME,
    "expiresAt" DATETIME,
    "resubmittedFromId" TEXT,
    "shadowed" BOOLEAN NOT NULL DEFAULT false,
    "expiryNoticeAt" DATETIME,
    "renewedAt" DATETIME,
    "renewCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Ad_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "Category" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Ad_botId_fkey" FOREIGN KEY ("botId") REFERENCES "TelegramBot" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Ad_telegramUserId_fkey" FOREIGN KEY ("telegramUserId") REFERENCES "TelegramUser" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Ad_partnerClientId_fkey" FOREIGN KEY ("partnerClientId") REFERENCES "PartnerClient" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Ad_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "StaffUser" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Ad" ("aiReason", "aiSuggestedCategory", "aiVerdict", "approvedAt", "botId", "categoryId", "code", "contactEmail", "contactPhone", "content", "contentVersion", "createdAt", "decidedAt", "decidedById", "expiresAt", "externalId", "id", "language", "partnerClientId", "publishAt", "rejectionReason", "resubmittedFromId", "revisionNote", "source", "status", "telegramUserId", "updatedAt") SELECT "aiReason", "aiSuggestedCategory", "aiVerdict", "approvedAt", "botId", "categoryId", "code", "contactEmail", "contactPhone", "content", "contentVersion", "createdAt", "decidedAt", "decidedById", "expiresAt", "externalId", "id", "language", "partnerClientId", "publishAt", "rejectionReason", "resubmittedFromId", "revisionNote", "source", "status", "telegramUserId", "updatedAt" FROM "Ad";
DROP TABLE "Ad";
ALTER TABLE "new_Ad" RENAME TO "Ad";
CREATE INDEX "Ad_status_createdAt_idx" ON "Ad"("status", "createdAt");
CREATE INDEX "Ad_createdAt_id_idx" ON "Ad"("createdAt", "id");
CREATE INDEX "Ad_code_idx" ON "Ad"("code");
CREATE INDEX "Ad_telegramUserId_createdAt_idx" ON "Ad"("telegramUserId", "createdAt");
CREATE INDEX "Ad_approvedAt_id_idx" ON "Ad"("approvedAt", "id");
CREATE INDEX "Ad_partnerClientId_createdAt_id_idx" ON "Ad"("partnerClientId", "createdAt", "id");
CREATE INDEX "Ad_status_expiresAt_idx" ON "Ad"("status", "expiresAt");
CREATE UNIQUE INDEX "Ad_partnerClientId_externalId_key" ON "Ad"("partnerClientId", "externalId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "AdVote_adId_staffUserId_key" ON "AdVote"("adId", "staffUserId");

-- CreateIndex
CREATE INDEX "BroadcastRecipient_broadcastId_status_id_idx" ON "BroadcastRecipient"("broadcastId", "status", "id");

-- CreateIndex
CREATE UNIQUE INDEX "BroadcastRecipient_broadcastId_telegramUserId_key" ON "BroadcastRecipient"("broadcastId", "telegramUserId");

-- CreateIndex
CREATE INDEX "Delivery_channel_status_queueOrder_idx" ON "Delivery"("channel", "status", "queueOrder");

