-- CreateTable
CREATE TABLE "AuditLog" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "staffId" INTEGER,
    "username" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL DEFAULT '',
    "details" TEXT NOT NULL DEFAULT '{}'
);

-- CreateTable
CREATE TABLE "KnowledgeQa" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "question" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "handoffId" INTEGER,
    "createdBy" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_HandoffRequest" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "question" TEXT NOT NULL DEFAULT '',
    "kind" TEXT NOT NULL DEFAULT 'request',
    "countyCode" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open',
    "answer" TEXT,
    "answeredAt" DATETIME,
    "staffId" INTEGER,
    "claimedAt" DATETIME,
    CONSTRAINT "HandoffRequest_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_HandoffRequest" ("answer", "answeredAt", "channel", "createdAt", "id", "question", "staffId", "status", "userId") SELECT "answer", "answeredAt", "channel", "createdAt", "id", "question", "staffId", "status", "userId" FROM "HandoffRequest";
DROP TABLE "HandoffRequest";
ALTER TABLE "new_HandoffRequest" RENAME TO "HandoffRequest";
CREATE INDEX "HandoffRequest_status_createdAt_idx" ON "HandoffRequest"("status", "createdAt");
CREATE INDEX "HandoffRequest_countyCode_status_idx" ON "HandoffRequest"("countyCode", "status");
CREATE TABLE "new_StaffAccount" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "username" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'county',
    "countyCode" TEXT,
    "institutionId" INTEGER,
    "disabledAt" DATETIME,
    "passwordChangedAt" DATETIME,
    "lastLoginAt" DATETIME
);
INSERT INTO "new_StaffAccount" ("countyCode", "createdAt", "id", "lastLoginAt", "passwordHash", "role", "username") SELECT "countyCode", "createdAt", "id", "lastLoginAt", "passwordHash", "role", "username" FROM "StaffAccount";
DROP TABLE "StaffAccount";
ALTER TABLE "new_StaffAccount" RENAME TO "StaffAccount";
CREATE UNIQUE INDEX "StaffAccount_username_key" ON "StaffAccount"("username");
CREATE TABLE "new_StaffSession" (
    "tokenHash" TEXT NOT NULL PRIMARY KEY,
    "staffId" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'bearer',
    CONSTRAINT "StaffSession_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "StaffAccount" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_StaffSession" ("createdAt", "expiresAt", "staffId", "tokenHash") SELECT "createdAt", "expiresAt", "staffId", "tokenHash" FROM "StaffSession";
DROP TABLE "StaffSession";
ALTER TABLE "new_StaffSession" RENAME TO "StaffSession";
CREATE INDEX "StaffSession_staffId_idx" ON "StaffSession"("staffId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "AuditLog_createdAt_idx" ON "AuditLog"("createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_staffId_createdAt_idx" ON "AuditLog"("staffId", "createdAt");

-- Data: the old generic "staff" role saw every county. Staff with a county become county
-- accounts; staff without one are disabled until an admin gives them a role (no silent upgrade).
UPDATE "StaffAccount" SET "role" = 'county' WHERE "role" = 'staff' AND "countyCode" IS NOT NULL;
UPDATE "StaffAccount" SET "role" = 'county', "disabledAt" = CURRENT_TIMESTAMP WHERE "role" = 'staff';
-- Existing requests for a person go to the person's saved county (else the province inbox).
UPDATE "HandoffRequest" SET "countyCode" = (SELECT "countyCode" FROM "User" WHERE "User"."id" = "HandoffRequest"."userId");
