-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ConversationState" (
    "userId" INTEGER NOT NULL,
    "conversationKey" TEXT NOT NULL DEFAULT 'private',
    "data" TEXT NOT NULL,
    "schemaVersion" INTEGER NOT NULL DEFAULT 1,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("userId", "conversationKey"),
    CONSTRAINT "ConversationState_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Existing states are the users' private conversations.
INSERT INTO "new_ConversationState" ("conversationKey", "data", "schemaVersion", "updatedAt", "userId", "version") SELECT 'private', "data", "schemaVersion", "updatedAt", "userId", "version" FROM "ConversationState";
DROP TABLE "ConversationState";
ALTER TABLE "new_ConversationState" RENAME TO "ConversationState";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
