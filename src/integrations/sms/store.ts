/**
 * SMS state in the database: pending pages (the rest of a long reply, served on "8"),
 * and delivery-status updates of MessageLog rows (and of the outbound queue's rows).
 */
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import type { ReportedStatus } from './provider.js';

const pagesSchema = z.array(z.array(z.string()));

/** Replaces the pages waiting for `phone`. */
export async function savePendingPages(db: Db, phone: string, pages: string[][]): Promise<void> {
  if (!pages.length) {
    await clearPendingPages(db, phone);
    return;
  }
  const json = JSON.stringify(pages);
  await db.smsPendingPage.upsert({ where: { channelUserId: phone }, create: { channelUserId: phone, pages: json }, update: { pages: json } });
}

export async function clearPendingPages(db: Db, phone: string): Promise<void> {
  await db.smsPendingPage.deleteMany({ where: { channelUserId: phone } });
}

/** Removes and returns the next waiting page (its segments), or null when none wait. */
export async function takeNextPage(db: Db, phone: string): Promise<string[] | null> {
  return db.$transaction(async (tx) => {
    const row = await tx.smsPendingPage.findUnique({ where: { channelUserId: phone } });
    if (!row) return null;
    const parsed = pagesSchema.safeParse(JSON.parse(row.pages));
    const pages = parsed.success ? parsed.data : [];
    const [next, ...rest] = pages;
    if (rest.length) await tx.smsPendingPage.update({ where: { channelUserId: phone }, data: { pages: JSON.stringify(rest) } });
    else await tx.smsPendingPage.delete({ where: { channelUserId: phone } });
    return next ?? null;
  });
}

const allowedBefore: Record<ReportedStatus, string[]> = {
  // Reports can arrive out of order (an ack after the delivery report): never step back.
  sent: ['queued'],
  delivered: ['queued', 'sent'],
  failed: ['queued', 'sent', 'delivered'],
};

/**
 * Applies a delivery report to every MessageLog row of the SMS channel carrying that provider
 * id. Returns how many rows changed. Status only moves forward: queued → sent → delivered; a
 * failure (of any segment) is final.
 */
export async function applyDeliveryReport(db: Db, channel: string, providerMessageId: string, status: ReportedStatus, detail: string | undefined, now: Date): Promise<number> {
  const result = await db.messageLog.updateMany({
    where: { channel, providerMessageId, direction: 'out', status: { in: allowedBefore[status] } },
    data: { status, ...(status === 'failed' && detail ? { error: detail.slice(0, 300) } : {}) },
  });
  // The queue row of a proactive message: delivered (or failed at the carrier) is recorded there too.
  if (status !== 'sent') {
    await db.outboxMessage.updateMany({
      where: { channel, providerMessageId, status: { in: ['sent'] } },
      data: status === 'delivered' ? { status, deliveredAt: now } : { status, lastError: (detail ?? 'failed at the carrier').slice(0, 300) },
    });
  }
  return result.count;
}
