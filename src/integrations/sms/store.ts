/**
 * SMS state in the database: pending pages (the rest of a long reply, served on "8"),
 * the opt-out list (SmsSuppression) and delivery-status updates of MessageLog rows.
 */
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import type { ReportedStatus } from './provider.js';
import { normalizeMobile } from '../../shared/phone.js';

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

/**
 * True when `phone` opted out (T/TD/R/退订): no announcements or reminders by SMS.
 * Exported for the broadcast feature. Accepts any common format (+86…, dashes).
 */
export async function isSuppressed(db: Db, phone: string): Promise<boolean> {
  const normalized = normalizeMobile(phone);
  if (!normalized) return false;
  return (await db.smsSuppression.count({ where: { phone: normalized } })) > 0;
}

/** Records an opt-out (idempotent). */
export async function suppress(db: Db, phone: string, keyword: string): Promise<void> {
  await db.smsSuppression.upsert({ where: { phone }, create: { phone, keyword }, update: {} });
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
export async function applyDeliveryReport(db: Db, channel: string, providerMessageId: string, status: ReportedStatus, detail?: string): Promise<number> {
  const result = await db.messageLog.updateMany({
    where: { channel, providerMessageId, direction: 'out', status: { in: allowedBefore[status] } },
    data: { status, ...(status === 'failed' && detail ? { error: detail.slice(0, 300) } : {}) },
  });
  return result.count;
}
