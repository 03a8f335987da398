/**
 * The SMS channel adapter. Inbound: an MO parsed by the provider goes, with the number
 * normalized, through the one pipeline; this channel's middleware (bot.use) handles, for SMS
 * turns only, the next page ("8") before routing. Outbound: a reply is joined, cut into
 * ≤ 70-character segments and paged (at most `maxSegments` per page, "回复8看下一条"); the rest
 * waits in SmsPendingPage (survives restarts).
 *
 * Opt-out (T/TD/R/退订 …) is the notifications feature's, for every channel alike
 * (src/notifications/opt-out.ts): the outbound sender checks the list before it pushes here. An
 * announcement pushed here ends with the carriers' opt-out hint (SMS_OPT_OUT_TEXT).
 *
 * Templates (templates.ts): on Aliyun/Tencent with SMS_TEMPLATES, a proactive message goes out in
 * its kind's approved template; a kind whose entry is "none" is never sent as free text — `reach`
 * answers null (the sender tries the person's next channel, else "unreachable") and `push` fails
 * it with a clear error.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ChannelAdapter, ChannelCapabilities, DeliveryReceipt, OutboundMessage, PushOptions } from '../../bot/message.js';
import { commandForm } from '../../bot/normalize.js';
import type { Bot, TurnMiddleware } from '../../bot/pipeline.js';
import type { Clock } from '../../shared/clock.js';
import type { Db } from '../../db/client.js';
import { normalizeMobile } from '../../shared/phone.js';
import type { InboundSms, SmsKind, SmsProvider, SmsSendResult, SmsStatusReport } from './provider.js';
import { paginate } from './segments.js';
import { templateForKind, type SmsKindTemplates, type SmsTemplate } from './templates.js';
import { applyDeliveryReport, clearPendingPages, savePendingPages, takeNextPage } from './store.js';
import { NEXT_PAGE_WORDS, smsTexts } from './texts.js';

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
  /** Appended to announcements (carrier rules); default "拒收请回复R". */
  optOutText?: string;
  /** The approved template per kind of proactive message (template-only gateways; SMS_TEMPLATES). */
  kindTemplates?: SmsKindTemplates;
  /** Reference generator (tests make it deterministic). */
  newRef?: () => string;
}

export class SmsChannel implements ChannelAdapter {
  readonly name = SMS_CHANNEL;
  readonly capabilities: ChannelCapabilities;
  readonly provider: SmsProvider;
  /** Used for turn replies: not subject to the opt-out list. */
  private readonly replyAdapter: ChannelAdapter;
  private readonly inflight = new Set<Promise<unknown>>();
  /** A stored page taken by "8" this turn, sent as cut (not re-paged): phone → segments. */
  private readonly takenPages = new Map<string, string[]>();

  constructor(private readonly o: SmsChannelOptions) {
    this.provider = o.provider;
    this.capabilities = {
      maxTextLength: SMS_SEGMENT_CHARS,
      maxSegments: o.maxSegments,
      supportsLocation: false,
      canPush: true,
      userIdIsPhone: true,
    };
    this.replyAdapter = { name: SMS_CHANNEL, capabilities: this.capabilities, push: (to, m) => this.deliver(to, m, 'reply') };
    o.bot.use(this.middleware);
  }

  /**
   * Before routing, for SMS turns: "8" with stored pages sends the next page; any other message
   * drops stored pages (the user moved on).
   */
  private readonly middleware: TurnMiddleware = async (turn, next) => {
    if (turn.msg.channel !== SMS_CHANNEL) return next();
    const { db } = this.o;
    const phone = turn.msg.channelUserId;
    const cmd = commandForm(turn.text);
    if (NEXT_PAGE_WORDS.has(cmd)) {
      const page = await takeNextPage(db, phone);
      if (page) {
        this.takenPages.set(phone, page);
        turn.replies = [page.join('\n')];
        return;
      }
    } else {
      await clearPendingPages(db, phone);
    }
    return next();
  };

  /**
   * The kind's template on a template-only gateway with SMS_TEMPLATES: a template, null (the kind
   * has none: not sendable here), or undefined (free text / the notice template, as configured).
   */
  templateFor(kind: string | undefined): SmsTemplate | null | undefined {
    const templates = this.o.kindTemplates;
    return templates && kind ? templateForKind(templates, kind) : undefined;
  }

  /** "direct", or null for a kind that has no approved template on this gateway. */
  async reach(_phone: string, kind: string): Promise<string | null> {
    return this.templateFor(kind) === null ? null : 'direct';
  }

  /** Pushes outside a turn (the outbound sender: reminders, announcements). */
  async push(channelUserId: string, messages: OutboundMessage[], options: PushOptions = {}): Promise<DeliveryReceipt[]> {
    const template = this.templateFor(options.kind);
    if (template === null) {
      this.o.log.warn({ kind: options.kind }, 'sms: no approved template for this kind; not sent as free text');
      return messages.map(() => ({ status: 'failed' as const, error: `no SMS template for kind ${options.kind} (SMS_TEMPLATES)` }));
    }
    const suffix = options.priority === 'announcement' ? (this.o.optOutText ?? smsTexts.optOutHint) : '';
    const out = suffix ? messages.map((m, i) => (i === messages.length - 1 ? { ...m, text: `${m.text.trim()}${suffix}` } : m)) : messages;
    return this.deliver(channelUserId, out, 'notice', template);
  }

  /** Sends a one-time code (phone binding). Not subject to the opt-out list (the user asked for it). */
  async sendCode(phone: string, code: string): Promise<SmsSendResult> {
    return this.o.provider.send(phone, smsTexts.bindCode(code), { ref: this.ref(), part: 0, kind: 'code', code });
  }

  /** Handles one MO message; resolves when the reply went out. Never throws. */
  async receive(sms: InboundSms): Promise<void> {
    const { log, bot } = this.o;
    const phone = normalizeMobile(sms.from);
    if (!phone) {
      log.warn({ from: sms.from }, 'sms: ignoring message from an invalid mobile number');
      return;
    }
    try {
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
    } finally {
      this.takenPages.delete(phone);
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
    for (const r of reports) changed += await applyDeliveryReport(this.o.db, SMS_CHANNEL, r.providerMessageId, r.status, r.detail, this.o.clock.now());
    return changed;
  }

  /** Joins, pages and sends `messages`; every message gets the receipt of the first page. */
  private async deliver(to: string, messages: OutboundMessage[], kind: SmsKind, template?: SmsTemplate): Promise<DeliveryReceipt[]> {
    const text = messages.map((m) => m.text.trim()).filter(Boolean).join('\n');
    const taken = kind === 'reply' ? this.takenPages.get(to) : undefined;
    if (taken && text === taken.join('\n')) {
      this.takenPages.delete(to);
      const receipt = await this.sendSegments(to, taken, kind, template);
      return messages.map(() => receipt);
    }
    const pages = paginate(text, { segmentChars: SMS_SEGMENT_CHARS, maxSegments: this.o.maxSegments, moreHint: smsTexts.more });
    if (pages.length > 1) await savePendingPages(this.o.db, to, pages.slice(1));
    const receipt = await this.sendSegments(to, pages[0] ?? [], kind, template);
    return messages.map(() => receipt);
  }

  private async sendSegments(to: string, segments: string[], kind: SmsKind, template?: SmsTemplate): Promise<DeliveryReceipt> {
    const ref = this.ref();
    const results: SmsSendResult[] = [];
    for (const [part, segment] of segments.entries()) {
      results.push(await this.o.provider.send(to, segment, { ref, part, kind, ...(template ? { template } : {}) }));
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

  private ref(): string {
    return this.o.newRef?.() ?? randomUUID();
  }
}
