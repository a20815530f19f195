-- AlterTable
ALTER TABLE "Ad" ADD COLUMN     "expiryNoticeAt" TIMESTAMP(3),
ADD COLUMN     "renewCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "renewedAt" TIMESTAMP(3),
ADD COLUMN     "shadowed" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "TelegramUser" ADD COLUMN     "banKind" TEXT,
ADD COLUMN     "banReason" TEXT,
ADD COLUMN     "bannedAt" TIMESTAMP(3),
ADD COLUMN     "bannedById" INTEGER,
ADD COLUMN     "bannedUntil" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "notBefore" TIMESTAMP(3),
ADD COLUMN     "queueOrder" INTEGER;

-- CreateTable
CREATE TABLE "AdVote" (
    "id" SERIAL NOT NULL,
    "adId" TEXT NOT NULL,
    "staffUserId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AdVote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Broadcast" (
    "id" SERIAL NOT NULL,
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
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Broadcast_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BroadcastRecipient" (
    "id" SERIAL NOT NULL,
    "broadcastId" INTEGER NOT NULL,
    "telegramUserId" INTEGER NOT NULL,
    "chatId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "messageId" TEXT,
    "error" TEXT,
    "attemptedAt" TIMESTAMP(3),
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "BroadcastRecipient_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AdVote_adId_staffUserId_key" ON "AdVote"("adId", "staffUserId");

-- CreateIndex
CREATE INDEX "BroadcastRecipient_broadcastId_status_id_idx" ON "BroadcastRecipient"("broadcastId", "status", "id");

-- CreateIndex
CREATE UNIQUE INDEX "BroadcastRecipient_broadcastId_telegramUserId_key" ON "BroadcastRecipient"("broadcastId", "telegramUserId");

-- CreateIndex
CREATE INDEX "Ad_status_expiresAt_idx" ON "Ad"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "Delivery_channel_status_queueOrder_idx" ON "Delivery"("channel", "status", "queueOrder");

-- AddForeignKey
ALTER TABLE "AdVote" ADD CONSTRAINT "AdVote_adId_fkey" FOREIGN KEY ("adId") REFERENCES "Ad"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AdVote" ADD CONSTRAINT "AdVote_staffUserId_fkey" FOREIGN KEY ("staffUserId") REFERENCES "StaffUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Broadcast" ADD CONSTRAINT "Broadcast_botId_fkey" FOREIGN KEY ("botId") REFERENCES "TelegramBot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BroadcastRecipient" ADD CONSTRAINT "BroadcastRecipient_broadcastId_fkey" FOREIGN KEY ("broadcastId") REFERENCES "Broadcast"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BroadcastRecipient" ADD CONSTRAINT "BroadcastRecipient_telegramUserId_fkey" FOREIGN KEY ("telegramUserId") REFERENCES "TelegramUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;

