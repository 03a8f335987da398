/**
 * The turn pipeline. Every inbound message from every channel goes through `handle`, in named
 * stages:
 *   dedupe → identify user → log inbound → middleware (use() slots) → guard → understand →
 *   load session → route → dialog → save session → send → log outbound
 * The understand stage (an injected Understander, see understanding.ts) normalizes the text once
 * and finds intents and entities; routing and the dialogs decide from it.
 * Middleware (bot.use: e.g. the SMS channel's opt-out and paging, for its own turns) may answer
 * a turn itself by setting `turn.replies` and not calling `next()`: it still gets dedupe, the user
 * record and the message log. State is saved only when the turn succeeded; a failed turn gets
 * one apology and one log line.
 *
 * Crash safety: the dedupe claim is a lease (sqlite-dedupe-store.ts); a redelivery after a crash
 * re-runs the turn. The session is saved with the turn's id and replies (`lastTurn`), so a turn
 * whose state was saved just before the crash answers the retry from there instead of stepping
 * the dialog twice. Stored text is redacted (redact.ts): numbers masked, personal answers and
 * personal replies not kept.
 */
import type { DialogContext, DialogInput, KernelServices, Reply } from './dialog.js';
import type { MenuRegistry } from './menu.js';
import { logOutbound } from './message-log.js';
import type { ChannelAdapter, InboundMessage, OutboundMessage } from './message.js';
import { normalizeText } from './normalize.js';
import { REDACTED_INPUT, storedReply, storedText } from './redact.js';
import type { DedupeStore, SessionStore, TurnLock } from './ports.js';
import type { Router } from './route.js';
import { texts } from './texts.js';
import { emptyUnderstanding, type Understander } from './understanding.js';
import type { Turn, TurnMiddleware } from './turn.js';
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

export type { Turn, TurnMiddleware } from './turn.js';

export interface Bot {
  handle(msg: InboundMessage, channel: ChannelAdapter, options?: HandleOptions): Promise<TurnResult>;
  /** Adds middleware that runs for every turn (of every channel), before routing. */
  use(middleware: TurnMiddleware): void;
}

export interface BotDeps<S extends KernelServices> {
  services: S;
  router: Router;
  menu: MenuRegistry;
  sessions: SessionStore;
  dedupe: DedupeStore;
  lock: TurnLock;
  /** The understanding stage; without one, the text is taken as typed and no intent is found. */
  understander?: Understander;
}

/** The session of a private chat is the user's, across channels; each group chat has its own. */
export function conversationKeyOf(msg: InboundMessage): string {
  return msg.conversation?.kind === 'group' ? `${msg.channel}:group:${msg.conversation.groupId ?? ''}` : 'private';
}

function toOutbound(reply: Reply): OutboundMessage {
  return typeof reply === 'string' ? { text: reply } : { text: reply.text, personal: true };
}

function inboundLogText(msg: InboundMessage, text: string): string {
  if (msg.location) return `[位置] ${msg.location.lat},${msg.location.lng} ${msg.location.label ?? ''}`.trim();
  if (msg.unsupported) return `[${msg.unsupported}]`;
  return text;
}

export function createBot<S extends KernelServices>(deps: BotDeps<S>): Bot {
  const { services, router, menu, sessions, dedupe, lock, understander } = deps;
  const { db, log, clock } = services;
  const middleware: TurnMiddleware[] = [];

  /** Guard, load, route, save: the conversational core of a turn. */
  async function converse(turn: Turn, isNewUser: boolean): Promise<void> {
    const { msg, user } = turn;
    if (msg.unrecognizedVoice) {
      turn.replies = [texts.voiceNotUnderstood + '\n' + menu.render()];
      return;
    }
    if (msg.unsupported) {
      turn.replies = [texts.unsupported];
      return;
    }
    // Understand: once per turn, before the session is loaded.
    const understanding =
      understander && turn.text && !msg.event && !msg.location
        ? await understander.understand(turn.text, { allowSlow: turn.channel.capabilities.passiveReplyWindowMs === undefined })
        : emptyUnderstanding(turn.text);
    const key = { userId: user.id, conversationKey: turn.conversationKey };
    const loaded = await sessions.load(key);
    const turnId = `${msg.channel}:${msg.messageId}`;
    if (loaded.data.lastTurn?.id === turnId) {
      // This message's turn already ran and saved its state before a crash: answer, don't re-run.
      turn.replies = loaded.data.lastTurn.replies.map((r) => r.text);
      return;
    }
    if (router.personalInput(loaded.data)) {
      await db.messageLog.update({ where: { id: turn.logId }, data: { text: REDACTED_INPUT } });
    }
    const input: DialogInput = {
      text: understanding.text,
      raw: turn.text,
      understanding,
      ...(msg.location ? { location: msg.location } : {}),
      ...(msg.event ? { event: msg.event } : {}),
    };
    const ctx: DialogContext<S> & { isNewUser: boolean } = {
      user: { id: user.id, name: user.name, phone: user.phone, countyCode: user.countyCode },
      channel: { name: msg.channel, capabilities: turn.channel.capabilities, inGroup: msg.conversation?.kind === 'group' },
      conversationKey: turn.conversationKey,
      services,
      isNewUser,
    };
    const outcome = await router.route(loaded.data, input, ctx);
    const lastTurn = { id: turnId, replies: outcome.replies.map((r) => storedReply(toOutbound(r))) };
    await sessions.save(key, loaded, { ...outcome.data, lastTurn });
    turn.replies = outcome.replies;
  }

  async function runTurn(msg: InboundMessage, channel: ChannelAdapter, options: HandleOptions, rerun: boolean): Promise<TurnResult> {
    const now = clock.now();
    const user = await identifyUser(db, msg, now, { byPhone: channel.capabilities.userIdIsPhone === true });
    const text = normalizeText(msg.text);
    const earlier = rerun
      ? await db.messageLog.findFirst({ where: { channel: msg.channel, channelMessageId: msg.messageId, direction: 'in' }, select: { id: true } })
      : null;
    const logged = earlier ?? await db.messageLog.create({
      select: { id: true },
      data: {
        userId: user.id,
        channel: msg.channel,
        channelUserId: msg.channelUserId,
        direction: 'in',
        channelMessageId: msg.messageId,
        kind: msg.location ? 'location' : msg.event ? 'event' : 'text',
        text: storedText(inboundLogText(msg, text)),
      },
    });

    const turn: Turn = { msg, channel, text, user, conversationKey: conversationKeyOf(msg), replies: [], logId: logged.id };
    const chain = middleware;
    const run = async (i: number): Promise<void> => {
      const mw = chain[i];
      if (mw) await mw(turn, () => run(i + 1));
      else await converse(turn, user.isNew);
    };
    await run(0);

    const outbound = turn.replies.map(toOutbound);
    const receipts = options.deliver && channel.push && outbound.length ? await channel.push(msg.channelUserId, outbound) : null;
    await logOutbound(db, { userId: user.id, channel: msg.channel, channelUserId: msg.channelUserId }, outbound.map(storedReply), receipts);
    return { replies: outbound, duplicate: false, userId: user.id };
  }

  return {
    use(mw) {
      middleware.push(mw);
    },
    async handle(msg, channel, options = {}) {
      const claim = await dedupe.claim(msg.channel, msg.messageId);
      if (claim.duplicate) {
        const replies = await dedupe.repliesOf(msg.channel, msg.messageId, options.duplicateWaitMs ?? 0);
        return { replies: replies ?? [], duplicate: true };
      }
      try {
        const result = await lock.run(`${msg.channel}:${msg.channelUserId}`, async (): Promise<TurnResult> => {
          if (claim.reclaimed) {
            // The lease ran out while an earlier delivery was still queued or running here: if it
            // has finished by now, its replies are the answer.
            const done = await dedupe.repliesOf(msg.channel, msg.messageId, 0);
            if (done) return { replies: done, duplicate: true };
            log.warn({ channel: msg.channel, messageId: msg.messageId }, 'dedupe lease expired: running the turn again');
          }
          return runTurn(msg, channel, options, claim.reclaimed === true);
        });
        if (!result.duplicate) await dedupe.complete(msg.channel, msg.messageId, result.replies.map(storedReply), clock.now());
        return result;
      } catch (err) {
        log.error({ err, channel: msg.channel, channelUserId: msg.channelUserId, messageId: msg.messageId }, 'turn failed');
        await dedupe.release(msg.channel, msg.messageId).catch(() => {});
        const apology = [{ text: texts.error }];
        if (options.deliver && channel.push) await channel.push(msg.channelUserId, apology).catch(() => {});
        return { replies: apology, duplicate: false };
      }
    },
  };
}
