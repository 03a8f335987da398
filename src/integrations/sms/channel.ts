/**
 * The SMS channel adapter. Inbound: an MO parsed by the provider goes through
 *   normalize number → opt-out (T/TD/R/退订) → next page ("8") → link identity → bot.
 * Outbound: a reply is joined, cut into ≤ 70-character segments and paged (at most
 * `maxSegments` per page, "回复8看下一条"); the rest waits in SmsPendingPage (survives restarts).
 *
 * Opt-out policy: a suppressed number gets no pushes through the notifier (announcements,
 * reminders, waitlist news) — `push` refuses them — but still gets answers to its own messages
 * (replies go through a separate reply adapter), and may ask again at any time.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ChannelAdapter, ChannelCapabilities, DeliveryReceipt, OutboundMessage } from '../../bot/message.js';
import { MessageDedupe } from '../../bot/dedupe.js';
import { logOutbound } from '../../bot/message-log.js';
import { commandForm, normalizeText } from '../../bot/normalize.js';
import type { Bot } from '../../bot/pipeline.js';
import type { Clock } from '../../bot/services.js';
import type { Db } from '../../db/client.js';
import { normalizeMobile } from './phone.js';
import type { InboundSms, SmsKind, SmsProvider, SmsSendResult, SmsStatusReport } from './provider.js';
import { paginate } from './segments.js';
import { applyDeliveryReport, clearPendingPages, isSuppressed, savePendingPages, suppress, takeNextPage } from './store.js';
import { NEXT_PAGE_WORDS, OPT_OUT_WORDS, smsTexts } from './texts.js';

export const SMS_CHANNEL = 'sms';
/** Characters in one UCS-2 SMS. */
export const SMS_SEGMENT_CHARS = 70;

export interface SmsChannelOptions {
  provider: SmsProvider;
  bot: Bot;
  db: Db;
  log: Logger;
  clock: Clock;
  maxSegments: number;
  /** Reference generator (tests make it deterministic). */
  newRef?: () => string;
}

export class SmsChannel implements ChannelAdapter {
  readonly name = SMS_CHANNEL;
  readonly capabilities: ChannelCapabilities;
  readonly provider: SmsProvider;
  /** Used for turn replies: not subject to the opt-out list. */
  private readonly replyAdapter: ChannelAdapter;
  private readonly dedupe: MessageDedupe;
  private readonly inflight = new Set<Promise<unknown>>();

  constructor(private readonly o: SmsChannelOptions) {
    this.provider = o.provider;
    this.capabilities = { maxTextLength: SMS_SEGMENT_CHARS, maxSegments: o.maxSegments, supportsLocation: false, canPush: true };
    this.replyAdapter = { name: SMS_CHANNEL, capabilities: this.capabilities, push: (to, m) => this.deliver(to, m, 'reply') };
    this.dedupe = new MessageDedupe(o.db);
  }

  /** Pushes outside a turn (notifier: reminders, announcements). Refused for opted-out numbers. */
  async push(channelUserId: string, messages: OutboundMessage[]): Promise<DeliveryReceipt[]> {
    if (await isSuppressed(this.o.db, channelUserId)) {
      return messages.map(() => ({ status: 'failed' as const, error: 'opted out (SmsSuppression)' }));
    }
    return this.deliver(channelUserId, messages, 'notice');
  }

  /** Sends a one-time code (phone binding). Not subject to the opt-out list (the user asked for it). */
  async sendCode(phone: string, code: string): Promise<SmsSendResult> {
    return this.o.provider.send(phone, smsTexts.bindCode(code), { ref: this.ref(), part: 0, kind: 'code', code });
  }

  /** Handles one MO message; resolves when the reply went out. Never throws. */
  async receive(sms: InboundSms): Promise<void> {
    const { db, log, bot } = this.o;
    const phone = normalizeMobile(sms.from);
    if (!phone) {
      log.warn({ from: sms.from }, 'sms: ignoring message from an invalid mobile number');
      return;
    }
    const cmd = commandForm(normalizeText(sms.text));
    try {
      if (OPT_OUT_WORDS.has(cmd)) {
        await this.answerLocally(sms, phone, async () => {
          await suppress(db, phone, cmd.toUpperCase());
          return [smsTexts.optedOut];
        });
        return;
      }
      const seen = await db.processedMessage.findUnique({
        where: { channel_channelMessageId: { channel: SMS_CHANNEL, channelMessageId: sms.messageId } },
      });
      if (!seen && NEXT_PAGE_WORDS.has(cmd)) {
        const claim = await this.dedupe.claim(SMS_CHANNEL, sms.messageId);
        if (claim.duplicate) return;
        const page = await takeNextPage(db, phone);
        if (page) {
          await this.answerLocally(sms, phone, async () => page, true);
          return;
        }
        await this.dedupe.release(SMS_CHANNEL, sms.messageId); // no pages: "8" goes to the bot
      } else if (!seen) {
        await clearPendingPages(db, phone); // the user moved on
      }
      await this.linkIdentity(phone);
      await bot.handle(
        {
          channel: SMS_CHANNEL,
          channelUserId: phone,
          messageId: sms.messageId,
          text: sms.text,
          receivedAt: sms.receivedAt,
          conversation: { kind: 'private' },
          raw: { to: sms.to },
        },
        this.replyAdapter,
        { deliver: true },
      );
    } catch (err) {
      log.error({ err, messageId: sms.messageId }, 'sms: inbound handling failed');
    }
  }

  /** Starts `receive` in the background (cloud callbacks answer at once); `idle()` awaits it. */
  receiveLater(sms: InboundSms): void {
    const p = this.receive(sms).finally(() => this.inflight.delete(p));
    this.inflight.add(p);
  }

  /** Resolves when every background receive finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inflight.size) await Promise.all([...this.inflight]);
  }

  /** Applies delivery reports to MessageLog. */
  async report(reports: SmsStatusReport[]): Promise<number> {
    let changed = 0;
    for (const r of reports) changed += await applyDeliveryReport(this.o.db, SMS_CHANNEL, r.providerMessageId, r.status, r.detail);
    return changed;
  }

  /** Joins, pages and sends `messages`; every message gets the receipt of the first page. */
  private async deliver(to: string, messages: OutboundMessage[], kind: SmsKind): Promise<DeliveryReceipt[]> {
    const text = messages.map((m) => m.text.trim()).filter(Boolean).join('\n');
    const pages = paginate(text, { segmentChars: SMS_SEGMENT_CHARS, maxSegments: this.o.maxSegments, moreHint: smsTexts.more });
    if (pages.length > 1) await savePendingPages(this.o.db, to, pages.slice(1));
    const receipt = await this.sendSegments(to, pages[0] ?? [], kind);
    return messages.map(() => receipt);
  }

  private async sendSegments(to: string, segments: string[], kind: SmsKind): Promise<DeliveryReceipt> {
    const ref = this.ref();
    const results: SmsSendResult[] = [];
    for (const [part, segment] of segments.entries()) {
      results.push(await this.o.provider.send(to, segment, { ref, part, kind }));
    }
    const first = results[0];
    if (!first) return { status: 'failed', error: 'nothing to send' };
    const failed = results.filter((r) => r.status === 'failed');
    const status = failed.length === results.length ? 'failed' : results.some((r) => r.status === 'queued') ? 'queued' : 'sent';
    if (failed.length) this.o.log.warn({ to, errors: failed.map((f) => f.error) }, 'sms: segment(s) failed');
    return {
      providerMessageId: first.providerMessageId,
      status,
      ...(failed.length ? { error: failed.map((f) => f.error).join('; ').slice(0, 300) } : {}),
    };
  }

  /**
   * Answers without the bot (opt-out confirmation, next page): dedupe, log in and out.
   * `claimed` = the caller already claimed the message id.
   */
  private async answerLocally(sms: InboundSms, phone: string, produce: () => Promise<string[]>, claimed = false): Promise<void> {
    const { db, clock } = this.o;
    if (!claimed && (await this.dedupe.claim(SMS_CHANNEL, sms.messageId)).duplicate) return;
    try {
      const identity = await db.channelIdentity.findUnique({
        where: { channel_channelUserId: { channel: SMS_CHANNEL, channelUserId: phone } },
      });
      const userId = identity?.userId ?? null;
      await db.messageLog.create({
        data: { userId, channel: SMS_CHANNEL, channelUserId: phone, direction: 'in', channelMessageId: sms.messageId, text: normalizeText(sms.text) },
      });
      const segments = await produce();
      const receipt = await this.sendSegments(phone, segments, 'reply');
      const text = segments.join('\n');
      await logOutbound(db, { userId, channel: SMS_CHANNEL, channelUserId: phone }, [{ text }], [receipt]);
      await this.dedupe.complete(SMS_CHANNEL, sms.messageId, [{ text }], clock.now());
    } catch (err) {
      await this.dedupe.release(SMS_CHANNEL, sms.messageId).catch(() => {});
      throw err;
    }
  }

  /**
   * First SMS from a number that a user confirmed (User.phone + phoneConfirmedAt, e.g. via
   * 绑定手机 on WeChat): attach the SMS identity to that user instead of creating a new one.
   */
  private async linkIdentity(phone: string): Promise<void> {
    const { db, clock } = this.o;
    const where = { channel_channelUserId: { channel: SMS_CHANNEL, channelUserId: phone } };
    if (await db.channelIdentity.findUnique({ where })) return;
    const owner = await db.user.findFirst({ where: { phone, phoneConfirmedAt: { not: null } } });
    if (!owner) return;
    await db.channelIdentity
      .create({ data: { channel: SMS_CHANNEL, channelUserId: phone, userId: owner.id, lastInboundAt: clock.now() } })
      .catch(() => {}); // raced with another first message: fine either way
  }

  private ref(): string {
    return this.o.newRef?.() ?? randomUUID();
  }
}
