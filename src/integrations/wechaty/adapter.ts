/**
 * wechaty as a ChannelAdapter, plus the message handler that feeds the bot.
 *
 * Groups: replies go into the room, the first one @-mentioning the asker. Replies flagged
 * `personal` (phone numbers, sign-up details) never go into a group: they are sent to the asker
 * privately and the room only hears "已私信您". WeChat lets a personal account message only its
 * friends privately, so when that fails the room is asked to add the bot as a friend first.
 */
import type { Logger } from 'pino';
import type { Contact, Message, Room, Wechaty } from 'wechaty';
import type { ChannelAdapter, ChannelCapabilities, DeliveryReceipt, OutboundMessage } from '../../bot/message.js';
import type { Bot } from '../../bot/pipeline.js';
import { WECHAT_SCREEN } from '../../bot/screen.js';
import { splitText } from '../../bot/split.js';
import { toInbound, WECHATY_CHANNEL } from './inbound.js';

export const WECHATY_MAX_TEXT = 600;

export const wechatyTexts = {
  sentPrivately: '已私信您，请查看和我的私聊。',
  addFriendFirst: '涉及个人信息，请先加我为好友，再私聊我办理。',
} as const;

export const wechatyCapabilities: ChannelCapabilities = {
  maxTextLength: WECHATY_MAX_TEXT,
  maxSegments: 5,
  supportsLocation: true,
  canPush: true,
  /** One phone screen per reply (src/bot/screen.ts). */
  screen: WECHAT_SCREEN,
};

/** Result of a broadcast to one room topic. */
export interface BroadcastResult {
  topic: string;
  /** Rooms with that topic that received the text. */
  rooms: number;
  error?: string;
}

export interface WechatyAdapterDeps {
  wechaty: Wechaty;
  bot: Bot;
  log: Logger;
  groupKeywords: string[];
}

export class WechatyAdapter implements ChannelAdapter {
  readonly name = WECHATY_CHANNEL;
  readonly capabilities = wechatyCapabilities;
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly deps: WechatyAdapterDeps) {}

  /** Subscribes to the wechaty instance's messages. Returns the unsubscribe function. */
  attach(): () => void {
    const listener = (message: Message) => {
      const job = this.onMessage(message).catch((err: unknown) =>
        this.deps.log.error({ err, channel: this.name }, 'wechaty message handling failed'),
      );
      this.running.add(job);
      void job.finally(() => this.running.delete(job));
    };
    this.deps.wechaty.on('message', listener);
    return () => this.deps.wechaty.off('message', listener);
  }

  /** Resolves when every message being handled is done (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  /** Handles one message: convert, run the turn, send the replies where they belong. */
  async onMessage(message: Message): Promise<void> {
    const inbound = await toInbound(message, { groupKeywords: this.deps.groupKeywords });
    if (!inbound) return;
    const result = await this.deps.bot.handle(inbound, this);
    // A redelivered message was answered by its first delivery.
    if (result.duplicate || !result.replies.length) return;
    const room = message.room();
    if (room) await this.replyInRoom(room, message.talker(), result.replies);
    else await this.sayAll(message.talker(), result.replies);
  }

  private async replyInRoom(room: Room, talker: Contact, replies: OutboundMessage[]): Promise<void> {
    const publicParts = replies.filter((r) => !r.personal).flatMap((r) => splitText(r.text, WECHATY_MAX_TEXT));
    const personal = replies.filter((r) => r.personal);
    for (const [i, text] of publicParts.entries()) {
      if (i === 0) await room.say(text, talker);
      else await room.say(text);
    }
    if (!personal.length) return;
    try {
      await this.sayAll(talker, personal);
      await room.say(wechatyTexts.sentPrivately, talker);
    } catch (err) {
      this.deps.log.warn({ err, channel: this.name }, 'wechaty: private reply to a group member failed');
      await room.say(wechatyTexts.addFriendFirst, talker);
    }
  }

  private async sayAll(contact: Contact, messages: OutboundMessage[]): Promise<void> {
    for (const m of messages) for (const text of splitText(m.text, WECHATY_MAX_TEXT)) await contact.say(text);
  }

  /** Sends messages to a contact (by contact id) outside a turn. */
  async push(contactId: string, messages: OutboundMessage[]): Promise<DeliveryReceipt[]> {
    let contact: Contact | undefined;
    try {
      contact = await this.deps.wechaty.Contact.find({ id: contactId });
    } catch (err) {
      this.deps.log.warn({ err, channel: this.name }, 'wechaty: contact lookup failed');
    }
    if (!contact) return messages.map(() => ({ status: 'failed' as const, error: 'contact not found' }));
    const receipts: DeliveryReceipt[] = [];
    for (const m of messages) {
      try {
        await this.sayAll(contact, [m]);
        receipts.push({ status: 'sent' });
      } catch (err) {
        receipts.push({ status: 'failed', error: err instanceof Error ? err.message : String(err) });
      }
    }
    return receipts;
  }

  /**
   * Staff broadcast: says `text` in every room whose topic is one of `topics`. A failing room
   * never stops the others. Personal data must never be broadcast (the caller's duty).
   */
  async broadcastToRooms(topics: string[], text: string): Promise<BroadcastResult[]> {
    const results: BroadcastResult[] = [];
    for (const topic of topics) {
      try {
        const rooms = await this.deps.wechaty.Room.findAll({ topic });
        let sent = 0;
        for (const room of rooms) {
          try {
            for (const part of splitText(text, WECHATY_MAX_TEXT)) await room.say(part);
            sent++;
          } catch (err) {
            this.deps.log.warn({ err, topic }, 'wechaty: broadcast to a room failed');
          }
        }
        results.push({ topic, rooms: sent, ...(rooms.length === 0 ? { error: 'room not found' } : {}) });
      } catch (err) {
        results.push({ topic, rooms: 0, error: err instanceof Error ? err.message : String(err) });
      }
    }
    return results;
  }
}
