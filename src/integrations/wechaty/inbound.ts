/**
 * wechaty Message → InboundMessage, at the edge: nothing of wechaty passes this file.
 * Private chats: every text (and shared locations). Groups: only messages that @-mention the
 * bot or start with a configured keyword; the mention/keyword is stripped.
 */
import { types, type Message } from 'wechaty';
import type { InboundMessage } from '../../bot/message.js';

export const WECHATY_CHANNEL = 'wechaty';
/** Messages older than this (history replayed at login) are not answered. */
export const MAX_AGE_SECONDS = 300;

export interface InboundOptions {
  groupKeywords: string[];
}

/** Strips a leading keyword and the separators after it; null when the text does not start with one. */
export function stripKeyword(text: string, keywords: string[]): string | null {
  const trimmed = text.trim();
  for (const kw of [...keywords].sort((a, b) => b.length - a.length)) {
    if (trimmed.startsWith(kw)) return trimmed.slice(kw.length).replace(/^[\s\u2005,，:：、!！]+/u, '').trim();
  }
  return null;
}

/**
 * Converts a message the bot should answer, or returns null (own messages, old messages,
 * official accounts, group chatter not addressed to the bot, unsupported types).
 */
export async function toInbound(message: Message, options: InboundOptions): Promise<InboundMessage | null> {
  if (message.self() || message.age() > MAX_AGE_SECONDS) return null;
  const talker = message.talker();
  if (talker.type() === types.Contact.Official) return null;
  const room = message.room();
  const base = {
    channel: WECHATY_CHANNEL,
    channelUserId: talker.id,
    messageId: message.id,
    conversation: room ? { kind: 'group' as const, groupId: room.id } : { kind: 'private' as const },
    receivedAt: message.date(),
    raw: { type: message.type(), roomId: room?.id },
  };

  if (message.type() === types.Message.Location) {
    if (room) return null; // A location cannot @-mention the bot; only private shares count.
    // message.toLocation() throws "WUC can not be instantiated directly" in wechaty 1.20.2,
    // so read the payload from the puppet instead.
    const loc = await message.wechaty.puppet.messageLocation(message.id);
    if (!Number.isFinite(loc.latitude) || !Number.isFinite(loc.longitude)) return null;
    const label = loc.name || loc.address;
    return { ...base, location: { lat: loc.latitude, lng: loc.longitude, ...(label ? { label } : {}) } };
  }
  if (message.type() !== types.Message.Text) return null;

  const text = message.text();
  if (!room) return text.trim() ? { ...base, text } : null;
  if (await message.mentionSelf()) {
    const rest = (await message.mentionText()).trim();
    const withoutKeyword = stripKeyword(rest, options.groupKeywords);
    // "@助手" alone means "what can you do?": show the menu.
    return { ...base, text: (withoutKeyword ?? rest) || '菜单' };
  }
  const rest = stripKeyword(text, options.groupKeywords);
  if (rest === null) return null;
  return { ...base, text: rest || '菜单' };
}
