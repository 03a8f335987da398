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

export interface IdentifyOptions {
  /**
   * The channel user id is a mobile number (SMS): a first message from a number that a user
   * confirmed (User.phone + phoneConfirmedAt, e.g. through 绑定手机 on WeChat) attaches to that
   * user instead of creating a new one.
   */
  byPhone?: boolean;
}

export async function identifyUser(db: Db, msg: InboundMessage, now: Date, options: IdentifyOptions = {}): Promise<IdentifiedUser> {
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
  const owner = options.byPhone
    ? await db.user.findFirst({ where: { phone: msg.channelUserId, phoneConfirmedAt: { not: null } } })
    : null;
  try {
    const identity = await db.channelIdentity.create({
      data: {
        channel: msg.channel,
        channelUserId: msg.channelUserId,
        lastInboundAt: now,
        source: source ?? null,
        subscribed,
        user: owner ? { connect: { id: owner.id } } : { create: {} },
      },
      include: { user: true },
    });
    const u = identity.user;
    return { id: u.id, name: u.name, phone: u.phone, countyCode: u.countyCode, isNew: !owner };
  } catch (err) {
    // Two first messages raced: the other one created the identity.
    const again = await db.channelIdentity.findUnique({ where, include: { user: true } });
    if (!again) throw err;
    const u = again.user;
    return { id: u.id, name: u.name, phone: u.phone, countyCode: u.countyCode, isNew: false };
  }
}
