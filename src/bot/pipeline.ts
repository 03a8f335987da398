/**
 * The turn pipeline. Every inbound message from every channel goes through `handle`:
 *   dedupe → identify user → load state → route → dialog → save state → send
 * State is saved only when the turn succeeded; a failed turn gets one apology and one log line.
 */
import type { DialogEngine } from '../dialogs/engine.js';
import type { DialogContext, DialogInput, Reply } from '../dialogs/types.js';
import { loadConversation, saveConversation } from './conversation.js';
import { MessageDedupe } from './dedupe.js';
import { KeyedLock } from './keyed-lock.js';
import { logOutbound } from './message-log.js';
import type { ChannelAdapter, InboundMessage, OutboundMessage } from './message.js';
import { normalizeText } from './normalize.js';
import { route } from './route.js';
import type { Services } from './services.js';
import { texts } from './texts.js';
import { identifyUser } from './users.js';

export interface TurnResult {
  replies: OutboundMessage[];
  /** The message id was seen before; `replies` are the first delivery's (empty if still running). */
  duplicate: boolean;
  userId?: number;
}

export interface HandleOptions {
  /** Push the replies through `channel.push` (push channels); otherwise the caller sends them. */
  deliver?: boolean;
  /** How long a redelivery waits for the first delivery's replies. Default 0. */
  duplicateWaitMs?: number;
}

export interface Bot {
  handle(msg: InboundMessage, channel: ChannelAdapter, options?: HandleOptions): Promise<TurnResult>;
}

function toOutbound(reply: Reply): OutboundMessage {
  return typeof reply === 'string' ? { text: reply } : { text: reply.text, personal: true };
}

export function createBot(services: Services, engine: DialogEngine): Bot {
  const { db, log, clock } = services;
  const dedupe = new MessageDedupe(db);
  const userLock = new KeyedLock();

  async function runTurn(msg: InboundMessage, channel: ChannelAdapter, options: HandleOptions): Promise<TurnResult> {
    const now = clock.now();
    const user = await identifyUser(db, msg, now);
    const text = normalizeText(msg.text);
    await db.messageLog.create({
      data: {
        userId: user.id,
        channel: msg.channel,
        channelUserId: msg.channelUserId,
        direction: 'in',
        channelMessageId: msg.messageId,
        kind: msg.location ? 'location' : msg.event ? 'event' : 'text',
        text: msg.location ? `[位置] ${msg.location.lat},${msg.location.lng} ${msg.location.label ?? ''}`.trim() : text,
      },
    });

    const loaded = await loadConversation(db, user.id);
    const input: DialogInput = { text, ...(msg.location ? { location: msg.location } : {}), ...(msg.event ? { event: msg.event } : {}) };
    const ctx: DialogContext & { isNewUser: boolean; channelName: string } = {
      user: { id: user.id, name: user.name, phone: user.phone, countyCode: user.countyCode },
      channel: { name: msg.channel, capabilities: channel.capabilities, inGroup: msg.conversation?.kind === 'group' },
      services,
      isNewUser: user.isNew,
      channelName: msg.channel,
    };

    let replies: Reply[];
    let data = loaded.data;
    if (msg.unrecognizedVoice) {
      replies = [texts.voiceNotUnderstood + '\n' + texts.menu()];
    } else {
      ({ data, replies } = await route(engine, db, loaded.data, input, ctx));
    }
    await saveConversation(db, user.id, loaded, data);

    const outbound = replies.map(toOutbound);
    const receipts = options.deliver && channel.push && outbound.length ? await channel.push(msg.channelUserId, outbound) : null;
    await logOutbound(db, { userId: user.id, channel: msg.channel, channelUserId: msg.channelUserId }, outbound, receipts);
    return { replies: outbound, duplicate: false, userId: user.id };
  }

  return {
    async handle(msg, channel, options = {}) {
      const claim = await dedupe.claim(msg.channel, msg.messageId);
      if (claim.duplicate) {
        const replies = await dedupe.repliesOf(msg.channel, msg.messageId, options.duplicateWaitMs ?? 0);
        return { replies: replies ?? [], duplicate: true };
      }
      try {
        const result = await userLock.run(`${msg.channel}:${msg.channelUserId}`, () => runTurn(msg, channel, options));
        await dedupe.complete(msg.channel, msg.messageId, result.replies, clock.now());
        return result;
      } catch (err) {
        log.error(
          { err, channel: msg.channel, channelUserId: msg.channelUserId, messageId: msg.messageId },
          'turn failed',
        );
        await dedupe.release(msg.channel, msg.messageId).catch(() => {});
        const apology = [{ text: texts.error }];
        if (options.deliver && channel.push) await channel.push(msg.channelUserId, apology).catch(() => {});
        return { replies: apology, duplicate: false };
      }
    },
  };
}
