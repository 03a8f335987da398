/**
 * The one opt-out list, for every channel (NotificationOptOut, keyed by user):
 *   R, TD, 退订, T, N, 取消订阅, STOP, 拒收, 别发了, 不要再发了 → no announcements (broadcasts, interest
 *     notices) on any of the person's channels; reminders and news about their own sign-ups still come;
 *   全部退订 → nothing proactive at all (only answers to their own messages);
 *   订阅 / 恢复通知 → undoes either.
 * The sender checks the list at send time (src/notifications/sender.ts), not only at queue time.
 */
import type { Db } from '../db/client.js';

export type OptOutScope = 'announcements' | 'all';

/** Command forms (lower case, trailing punctuation dropped: see commandForm). */
export const OPT_OUT_WORDS = new Set(['r', 'td', 't', 'n', 'stop', 'unsubscribe', '退订', '退订短信', '取消订阅', '拒收', '别发了', '不要再发了', '别再发了', '不要发了']);
export const OPT_OUT_ALL_WORDS = new Set(['全部退订', '退订全部', '全部取消订阅']);
export const OPT_IN_WORDS = new Set(['订阅', '恢复通知', '恢复订阅', '重新订阅']);

/** The person's opt-out, or null. */
export async function optOutOf(db: Db, userId: number): Promise<OptOutScope | null> {
  const row = await db.notificationOptOut.findUnique({ where: { userId }, select: { scope: true } });
  return row ? (row.scope === 'all' ? 'all' : 'announcements') : null;
}

/** The opt-outs of many people at once (the sender reads them per claimed batch). */
export async function optOutsOf(db: Db, userIds: number[]): Promise<Map<number, OptOutScope>> {
  if (!userIds.length) return new Map();
  const rows = await db.notificationOptOut.findMany({ where: { userId: { in: userIds } }, select: { userId: true, scope: true } });
  return new Map(rows.map((r) => [r.userId, r.scope === 'all' ? 'all' : 'announcements'] as const));
}

/** Records an opt-out (a wider scope replaces a narrower one; saying it again changes nothing else). */
export async function optOut(db: Db, userId: number, scope: OptOutScope, keyword: string, channel: string): Promise<void> {
  await db.notificationOptOut.upsert({
    where: { userId },
    create: { userId, scope, keyword, channel },
    update: scope === 'all' ? { scope, keyword, channel } : {},
  });
}

/** Removes the opt-out; true when there was one. */
export async function optIn(db: Db, userId: number): Promise<boolean> {
  return (await db.notificationOptOut.deleteMany({ where: { userId } })).count > 0;
}

/**
 * True when the person behind this mobile number opted out of announcements (its SMS identity's
 * user, or the user who confirmed the number). Accepts an already normalized 11-digit number.
 */
export async function isPhoneOptedOut(db: Db, phone: string): Promise<boolean> {
  const identity = await db.channelIdentity.findUnique({ where: { channel_channelUserId: { channel: 'sms', channelUserId: phone } }, select: { userId: true } });
  const user = identity ? null : await db.user.findUnique({ where: { phone }, select: { id: true } });
  const userId = identity?.userId ?? user?.id;
  return userId !== undefined && (await optOutOf(db, userId)) !== null;
}
