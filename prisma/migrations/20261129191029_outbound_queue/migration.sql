-- AlterTable
ALTER TABLE "Enrollment" ADD COLUMN "offerExpiresAt" DATETIME;
ALTER TABLE "Enrollment" ADD COLUMN "outcome" TEXT;
ALTER TABLE "Enrollment" ADD COLUMN "outcomeAt" DATETIME;
ALTER TABLE "Enrollment" ADD COLUMN "outcomeRound" INTEGER;
ALTER TABLE "Enrollment" ADD COLUMN "reminderReply" TEXT;
ALTER TABLE "Enrollment" ADD COLUMN "reminderReplyAt" DATETIME;

-- CreateTable
CREATE TABLE "NotificationOptOut" (
    "userId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "scope" TEXT NOT NULL DEFAULT 'announcements',
    "keyword" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    CONSTRAINT "NotificationOptOut_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Move the SMS-only opt-out list into the cross-channel one: the user behind the number (its SMS
-- identity, else the user who confirmed that phone). A number with no user yet had never written
-- to the bot by SMS, which cannot happen for a reply-based opt-out; such rows are dropped.
INSERT OR IGNORE INTO "NotificationOptOut" ("userId", "createdAt", "updatedAt", "scope", "keyword", "channel")
SELECT COALESCE(
         (SELECT ci."userId" FROM "ChannelIdentity" ci WHERE ci."channel" = 'sms' AND ci."channelUserId" = s."phone"),
         (SELECT u."id" FROM "User" u WHERE u."phone" = s."phone")
       ), s."createdAt", s."createdAt", 'announcements', s."keyword", 'sms'
FROM "SmsSuppression" s
WHERE COALESCE(
         (SELECT ci."userId" FROM "ChannelIdentity" ci WHERE ci."channel" = 'sms' AND ci."channelUserId" = s."phone"),
         (SELECT u."id" FROM "User" u WHERE u."phone" = s."phone")
       ) IS NOT NULL;

-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "SmsSuppression";
PRAGMA foreign_keys=on;

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "userId" INTEGER,
    "phone" TEXT,
    "kind" TEXT NOT NULL,
    "priority" TEXT NOT NULL,
    "body" TEXT,
    "template" TEXT,
    "params" TEXT NOT NULL DEFAULT '{}',
    "replyContext" TEXT,
    "notBefore" DATETIME NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "skipReason" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "channel" TEXT,
    "route" TEXT,
    "providerMessageId" TEXT,
    "sentAt" DATETIME,
    "deliveredAt" DATETIME,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "broadcastId" INTEGER,
    "answeredAt" DATETIME,
    CONSTRAINT "OutboxMessage_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "OutboxMessage_broadcastId_fkey" FOREIGN KEY ("broadcastId") REFERENCES "Broadcast" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Broadcast" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "sendAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "recipients" INTEGER NOT NULL DEFAULT 0,
    "cancelledAt" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_idempotencyKey_key" ON "OutboxMessage"("idempotencyKey");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_notBefore_idx" ON "OutboxMessage"("status", "notBefore");

-- CreateIndex
CREATE INDEX "OutboxMessage_broadcastId_status_idx" ON "OutboxMessage"("broadcastId", "status");

-- CreateIndex
CREATE INDEX "OutboxMessage_userId_priority_sentAt_idx" ON "OutboxMessage"("userId", "priority", "sentAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_channel_providerMessageId_idx" ON "OutboxMessage"("channel", "providerMessageId");
