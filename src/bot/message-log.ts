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

/** One outbound row of the message log. */
export interface OutboundLogRow extends OutboundLogTarget {
  text: string;
  status: string;
  providerMessageId: string | null;
  error?: string | null;
}

/** Rows per insert: a row has 9 columns and SQLite takes at most 32,766 parameters a statement. */
const LOG_CHUNK = 2000;

/** Writes outbound rows, possibly to many recipients (a batch send), in bounded inserts. */
export async function logOutboundRows(db: Db, rows: OutboundLogRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += LOG_CHUNK) {
    await db.messageLog.createMany({
      data: rows.slice(i, i + LOG_CHUNK).map((r) => ({
        userId: r.userId,
        channel: r.channel,
        channelUserId: r.channelUserId,
        direction: 'out',
        ...(r.kind ? { kind: r.kind } : {}),
        text: r.text,
        status: r.status,
        providerMessageId: r.providerMessageId,
        error: r.error ?? null,
      })),
    });
  }
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
  await logOutboundRows(
    db,
    messages.map((m, i) => ({
      ...to,
      text: m.text,
      status: receipts ? (receipts[i]?.status ?? 'failed') : 'sent',
      providerMessageId: receipts?.[i]?.providerMessageId ?? null,
      error: receipts?.[i]?.error ?? null,
    })),
  );
}
