/**
 * Retention: conversation text is kept only as long as it is useful (PIPL art. 19). A daily job
 * (the privacy feature's) deletes message log rows older than MESSAGE_RETENTION_DAYS, dedupe
 * records (with their stored replies) older than DEDUPE_RETENTION_DAYS, dialog states untouched
 * for STATE_RETENTION_DAYS (an abandoned form's name and phone go with them), and phone
 * verification codes older than a day. Enrollments are not touched: they are the training record.
 */
import { z } from 'zod';
import type { Db } from '../db/client.js';

const days = (fallback: number) => z.coerce.number().int().min(1).max(36_500).default(fallback);

/** Environment fragment (composed by app/config.ts). */
export interface RetentionPolicy {
  /** Message log (chat text in and out). */
  messageDays: number;
  /** Dedupe records; platforms retry within minutes, SMS gateways within hours. */
  dedupeDays: number;
  /** Dialog states nobody touched (abandoned forms, old stacks). */
  stateDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { messageDays: 180, dedupeDays: 3, stateDays: 30 };

export const retentionConfigSchema = z.object({
  MESSAGE_RETENTION_DAYS: days(DEFAULT_RETENTION.messageDays),
  DEDUPE_RETENTION_DAYS: days(DEFAULT_RETENTION.dedupeDays),
  STATE_RETENTION_DAYS: days(DEFAULT_RETENTION.stateDays),
});
export type RetentionConfig = z.infer<typeof retentionConfigSchema>;

export function retentionPolicyOf(config: RetentionConfig): RetentionPolicy {
  return { messageDays: config.MESSAGE_RETENTION_DAYS, dedupeDays: config.DEDUPE_RETENTION_DAYS, stateDays: config.STATE_RETENTION_DAYS };
}

export interface PruneReport {
  messages: number;
  processedMessages: number;
  conversations: number;
  phoneVerifications: number;
}

const DAY_MS = 86_400_000;

/** Deletes what the policy no longer keeps, as of `now`. */
export async function pruneConversationData(db: Db, now: Date, policy: RetentionPolicy): Promise<PruneReport> {
  const before = (d: number) => new Date(now.getTime() - d * DAY_MS);
  const messages = await db.messageLog.deleteMany({ where: { createdAt: { lt: before(policy.messageDays) } } });
  const processedMessages = await db.processedMessage.deleteMany({ where: { createdAt: { lt: before(policy.dedupeDays) } } });
  const conversations = await db.conversationState.deleteMany({ where: { updatedAt: { lt: before(policy.stateDays) } } });
  const phoneVerifications = await db.phoneVerification.deleteMany({ where: { createdAt: { lt: before(1) } } });
  return {
    messages: messages.count,
    processedMessages: processedMessages.count,
    conversations: conversations.count,
    phoneVerifications: phoneVerifications.count,
  };
}
