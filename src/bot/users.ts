/** Identify stage: find the user behind a channel identity, or create both. */
import type { Db } from '../db/client.js';
import type { InboundMessage } from './message.js';

export interface IdentifiedUser {
  id: number;
  name: string | null;
  phone: string | null;
  countyCode: string | null;
  /** Created by this message (first contact). */
  isNew: boolean;
}

export async function identifyUser(db: Db, msg: InboundMessage, now: Date): Promise<IdentifiedUser> {
  const where = { channel_channelUserId: { channel: msg.channel, channelUserId: msg.channelUserId } };
  const source = msg.event?.type === 'subscribe' ? msg.event.source : undefined;
  const subscribed = msg.event?.type === 'unsubscribe' ? false : true;
  const existing = await db.channelIdentity.findUnique({ where, include: { user: true } });
  if (existing) {
    await db.channelIdentity.update({
      where: { id: existing.id },
      data: { lastInboundAt: now, subscribed, ...(source ? { source } : {}) },
    });
    const u = existing.user;
    return { id: u.id, name: u.name, phone: u.phone, countyCode: u.countyCode, isNew: false };
  }
  try {
    const identity = await db.channelIdentity.create({
      data: {
        channel: msg.channel,
        channelUserId: msg.channelUserId,
        lastInboundAt: now,
        source: source ?? null,
        subscribed,
        user: { create: {} },
      },
      include: { user: true },
    });
    return { id: identity.user.id, name: null, phone: null, countyCode: null, isNew: true };
  } catch (err) {
    // Two first messages raced: the other one created the identity.
    const again = await db.channelIdentity.findUnique({ where, include: { user: true } });
    if (!again) throw err;
    const u = again.user;
    return { id: u.id, name: u.name, phone: u.phone, countyCode: u.countyCode, isNew: false };
  }
}
