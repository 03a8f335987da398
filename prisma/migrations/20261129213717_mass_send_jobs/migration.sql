-- CreateTable
CREATE TABLE "MassSendJob" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "channel" TEXT NOT NULL,
    "clientMsgId" TEXT NOT NULL,
    "broadcastId" INTEGER,
    "recipients" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "msgId" TEXT,
    "error" TEXT,
    "result" TEXT,
    "totalCount" INTEGER,
    "filterCount" INTEGER,
    "sentCount" INTEGER,
    "errorCount" INTEGER,
    "finishedAt" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "MassSendJob_clientMsgId_key" ON "MassSendJob"("clientMsgId");

-- CreateIndex
CREATE INDEX "MassSendJob_msgId_idx" ON "MassSendJob"("msgId");

-- CreateIndex
CREATE INDEX "MassSendJob_broadcastId_idx" ON "MassSendJob"("broadcastId");

-- CreateIndex
CREATE INDEX "MassSendJob_channel_createdAt_idx" ON "MassSendJob"("channel", "createdAt");
