-- CreateTable
CREATE TABLE "WebhookNonce" (
    "channel" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,

    PRIMARY KEY ("channel", "nonce")
);

-- CreateIndex
CREATE INDEX "WebhookNonce_expiresAt_idx" ON "WebhookNonce"("expiresAt");
