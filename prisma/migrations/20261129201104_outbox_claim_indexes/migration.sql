-- CreateIndex
CREATE INDEX "OutboxMessage_status_priority_notBefore_id_idx" ON "OutboxMessage"("status", "priority" DESC, "notBefore", "id");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_leaseUntil_idx" ON "OutboxMessage"("status", "leaseUntil");

-- CreateIndex
CREATE INDEX "OutboxMessage_leaseOwner_idx" ON "OutboxMessage"("leaseOwner");
