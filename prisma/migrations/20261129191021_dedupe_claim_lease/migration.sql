-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ProcessedMessage" (
    "channel" TEXT NOT NULL,
    "channelMessageId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL DEFAULT 'processing',
    "claimedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "replies" TEXT NOT NULL DEFAULT '[]',
    "completedAt" DATETIME,

    PRIMARY KEY ("channel", "channelMessageId")
);
INSERT INTO "new_ProcessedMessage" ("channel", "channelMessageId", "completedAt", "createdAt", "replies", "status") SELECT "channel", "channelMessageId", "completedAt", "createdAt", "replies", "status" FROM "ProcessedMessage";
DROP TABLE "ProcessedMessage";
ALTER TABLE "new_ProcessedMessage" RENAME TO "ProcessedMessage";
CREATE INDEX "ProcessedMessage_createdAt_idx" ON "ProcessedMessage"("createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
