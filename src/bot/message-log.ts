/** Writes outbound messages to the message log (audit and metrics), one row per message. */
import type { Db } from '../db/client.js';
import type { DeliveryReceipt } from './message.js';

export interface OutboundLogTarget {
  userId: number | null;
  channel: string;
  channelUserId: string;
  /** Row kind, e.g. "notice" for pushes outside a turn; default "text". */
  kind?: string;
}

/**
 * Logs `messages` sent to `to`. With `receipts` (push channels), each row takes its receipt's
 * status, provider id and error (a missing receipt counts as failed); without, the messages were
 * returned to the caller in the request and count as sent.
 */
export async function logOutbound(
  db: Db,
  to: OutboundLogTarget,
  messages: { text: string }[],
  receipts: DeliveryReceipt[] | null,
): Promise<void> {
  if (messages.length === 0) return;
  await db.messageLog.createMany({
    data: messages.map((m, i) => ({
      userId: to.userId,
      channel: to.channel,
      channelUserId: to.channelUserId,
      direction: 'out',
      ...(to.kind ? { kind: to.kind } : {}),
      text: m.text,
      status: receipts ? (receipts[i]?.status ?? 'failed') : 'sent',
      providerMessageId: receipts?.[i]?.providerMessageId ?? null,
      error: receipts?.[i]?.error ?? null,
    })),
  });
}
