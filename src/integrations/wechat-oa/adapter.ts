/**
 * The Official Account as a ChannelAdapter, within the platform's rules. `reach` tells the
 * outbound sender how a user can be reached now: "cs" (customer-service text,
 * /cgi-bin/message/custom/send) while the user's 48 h window is open (counted from
 * ChannelIdentity.lastInboundAt); outside it "template" when a template is configured for that
 * kind of message (WECHAT_TEMPLATE_IDS, else WECHAT_TEMPLATE_ID_REMINDER for everything but
 * announcements); then, for a broadcast, "mass" when mass-send is on (WECHAT_OA_MASS_SEND) and
 * WeChat's allowance leaves room (service account: WECHAT_OA_MASS_PER_MONTH mass messages per
 * follower per calendar month, China time, counted from the queue; subscription account: one
 * mass job a day); otherwise null, and the sender tries the person's next channel (SMS).
 * `push` follows the same rule (a window that WeChat says closed falls through to the template).
 *
 * Mass-send (`pushBatch`, /cgi-bin/message/mass/send, 2–10,000 openids a call): each call is a
 * MassSendJob row written BEFORE the call with the sender's batch key as WeChat's clientmsgid;
 * WeChat refuses a clientmsgid it saw within 24 h (45065, with the first job's msg_id), so a
 * batch re-sent after a crash is recorded as that job and nobody gets it twice. The
 * MASSSENDJOBFINISH event (router.ts) fills in the job's status and counts.
 */
import type { Logger } from 'pino';
import type { ChannelAdapter, ChannelCapabilities, DeliveryReceipt, OutboundMessage, PushOptions } from '../../bot/message.js';
import type { Clock } from '../../shared/clock.js';
import { WECHAT_SCREEN } from '../../bot/screen.js';
import { splitText } from '../../bot/split.js';
import type { Db } from '../../db/client.js';
import { BATCH_ROUTE, type BatchChannel, type BatchOptions, type BatchReceipt } from '../../notifications/batch.js';
import { startOfChinaDay } from '../../shared/china-time.js';
import { ERR_CLIENTMSGID_TOO_FAST, ERR_OUT_OF_WINDOW, TOKEN_ERRORS, WechatApiError, type WechatApi } from './api.js';
import type { WechatOaConfig } from './config.js';
import { WECHAT_OA_CHANNEL } from './inbound.js';

/**
 * A text message may be up to 2048 bytes; 600 characters (≤ 1800 UTF-8 bytes of Chinese)
 * stays well inside that and reads comfortably on a phone.
 */
export const WECHAT_MAX_TEXT = 600;
/** Customer-service window: 48 h after the user's last message. */
export const SERVICE_WINDOW_MS = 48 * 3600_000;
/** Announcements may use only a template configured for their own kind (never the reminder's). */
const ANNOUNCEMENT_KINDS = new Set(['broadcast', 'interest']);
/** Template message fields are short; longer reminders are cut here. */
const TEMPLATE_MAX = 200;
/** Kinds that may go by mass-send (staff broadcasts: one text for many people). */
const MASS_KINDS = new Set(['broadcast']);

/** The first instant of the calendar month in China time. */
function startOfChinaMonth(at: Date): Date {
  const day = startOfChinaDay(at);
  const cn = new Date(day.getTime() + 8 * 3600_000);
  return new Date(Date.UTC(cn.getUTCFullYear(), cn.getUTCMonth(), 1) - 8 * 3600_000);
}

/** What MASSSENDJOBFINISH reports. */
export interface MassJobReport {
  msgId: string;
  status: string;
  totalCount?: number;
  filterCount?: number;
  sentCount?: number;
  errorCount?: number;
}

export const wechatOaCapabilities: ChannelCapabilities = {
  maxTextLength: WECHAT_MAX_TEXT,
  maxSegments: 5,
  passiveReplyWindowMs: 5000,
  supportsLocation: true,
  canPush: true,
  /** One phone screen per reply (src/bot/screen.ts). */
  screen: WECHAT_SCREEN,
};

/**
 * Splits every reply at sentence boundaries to ≤ `max` characters, then packs consecutive
 * short pieces into one message ("\n\n" between them) while they fit, so a welcome + menu
 * arrives as one passive reply.
 */
export function packSegments(messages: OutboundMessage[], max = WECHAT_MAX_TEXT): string[] {
  const pieces = messages.flatMap((m) => splitText(m.text, max));
  const out: string[] = [];
  for (const piece of pieces) {
    const last = out.at(-1);
    if (last !== undefined && [...last].length + 2 + [...piece].length <= max) out[out.length - 1] = `${last}\n\n${piece}`;
    else out.push(piece);
  }
  return out;
}

export interface WechatOaAdapterDeps {
  config: WechatOaConfig;
  api: WechatApi;
  db: Db;
  clock: Clock;
  log: Logger;
}

export class WechatOaAdapter implements ChannelAdapter, BatchChannel {
  readonly name = WECHAT_OA_CHANNEL;
  readonly capabilities = wechatOaCapabilities;
  readonly batchLimits: { min: number; max: number };

  constructor(private readonly deps: WechatOaAdapterDeps) {
    this.batchLimits = { min: 2, max: deps.config.massSend?.batchMax ?? 10_000 };
  }

  /** True while the customer-service API may message this user. */
  async inServiceWindow(openId: string): Promise<boolean> {
    const identity = await this.deps.db.channelIdentity.findUnique({
      where: { channel_channelUserId: { channel: WECHAT_OA_CHANNEL, channelUserId: openId } },
    });
    if (!identity?.lastInboundAt || !identity.subscribed) return false;
    return this.deps.clock.now().getTime() - identity.lastInboundAt.getTime() < SERVICE_WINDOW_MS;
  }

  /** The template for a kind of message, if one is configured. */
  templateFor(kind: string | undefined): string | undefined {
    const { templateIds, templateIdReminder } = this.deps.config;
    if (kind && templateIds?.[kind]) return templateIds[kind];
    return kind && ANNOUNCEMENT_KINDS.has(kind) ? undefined : templateIdReminder;
  }

  async reach(openId: string, kind: string): Promise<string | null> {
    const identity = await this.deps.db.channelIdentity.findUnique({
      where: { channel_channelUserId: { channel: WECHAT_OA_CHANNEL, channelUserId: openId } },
      select: { subscribed: true, lastInboundAt: true, userId: true },
    });
    const now = this.deps.clock.now().getTime();
    if (identity?.subscribed && identity.lastInboundAt && now - identity.lastInboundAt.getTime() < SERVICE_WINDOW_MS) return 'cs';
    if (identity?.subscribed === false) return null;
    if (this.templateFor(kind)) return 'template';
    return identity && (await this.massAllowed(identity.userId, kind)) ? BATCH_ROUTE : null;
  }

  /** Whether a message of `kind` may go to this follower by mass-send now (see the file comment). */
  private async massAllowed(userId: number, kind: string): Promise<boolean> {
    const mass = this.deps.config.massSend;
    if (!mass || !MASS_KINDS.has(kind)) return false;
    const now = this.deps.clock.now();
    if (mass.accountType === 'subscription') return (await this.massJobsToday(now)) === 0;
    const sent = await this.deps.db.outboxMessage.count({
      where: { userId, channel: WECHAT_OA_CHANNEL, route: BATCH_ROUTE, status: { in: ['sent', 'delivered'] }, sentAt: { gte: startOfChinaMonth(now) } },
    });
    return sent < mass.perUserPerMonth;
  }

  /** Mass jobs WeChat accepted today (China time), besides the one with `exceptKey`. */
  private massJobsToday(now: Date, exceptKey?: string): Promise<number> {
    return this.deps.db.massSendJob.count({
      where: { channel: WECHAT_OA_CHANNEL, status: { in: ['submitted', 'finished'] }, createdAt: { gte: startOfChinaDay(now) }, ...(exceptKey ? { clientMsgId: { not: exceptKey } } : {}) },
    });
  }

  /**
   * Sends one text to many followers by mass-send (2 to batchLimits.max openids) under the batch
   * key as clientmsgid; a key WeChat has seen answers with that job (nothing sent twice).
   */
  async pushBatch(openIds: string[], text: string, options: BatchOptions): Promise<BatchReceipt> {
    const { db, api, clock, log, config } = this.deps;
    if (!config.massSend) return { status: 'failed', error: 'mass-send is off (WECHAT_OA_MASS_SEND)', final: true };
    if (openIds.length < this.batchLimits.min || openIds.length > this.batchLimits.max) {
      return { status: 'failed', error: `mass-send takes ${this.batchLimits.min}–${this.batchLimits.max} openids, not ${openIds.length}`, final: true };
    }
    if (config.massSend.accountType === 'subscription' && (await this.massJobsToday(clock.now(), options.key)) > 0) {
      return { status: 'failed', error: 'subscription account: one mass message a day, already sent today', final: true };
    }
    const job = await db.massSendJob.upsert({
      where: { clientMsgId: options.key },
      create: { channel: WECHAT_OA_CHANNEL, clientMsgId: options.key, broadcastId: options.broadcastId, recipients: openIds.length },
      update: {},
    });
    const chars = [...text];
    const content = chars.length > WECHAT_MAX_TEXT ? chars.slice(0, WECHAT_MAX_TEXT - 1).join('') + '…' : text;
    try {
      const { msgId, existing } = await api.massSendText(openIds, content, options.key);
      await db.massSendJob.update({ where: { id: job.id }, data: { status: job.status === 'finished' ? 'finished' : 'submitted', msgId, error: null } });
      log.info({ channel: this.name, msgId, recipients: openIds.length, existing }, existing ? 'wechat mass-send: job already existed (re-sent batch)' : 'wechat mass-send submitted');
      return { status: 'sent', providerMessageId: msgId };
    } catch (err) {
      const error = errorText(err);
      // A refusal for good (quota, permission, bad openids) vs one to retry (network, busy, too fast).
      const final = err instanceof WechatApiError && err.errcode > 0 && err.errcode !== ERR_CLIENTMSGID_TOO_FAST && !TOKEN_ERRORS.has(err.errcode);
      if (final) await db.massSendJob.update({ where: { id: job.id }, data: { status: 'failed', error: error.slice(0, 300) } });
      log.warn({ err, channel: this.name, recipients: openIds.length, final }, 'wechat mass-send failed');
      return { status: 'failed', error, final };
    }
  }

  /** Records a MASSSENDJOBFINISH report on its job; returns whether the job was ours. */
  async massJobFinished(report: MassJobReport): Promise<boolean> {
    const r = await this.deps.db.massSendJob.updateMany({
      where: { channel: WECHAT_OA_CHANNEL, msgId: report.msgId },
      data: {
        status: 'finished',
        result: report.status.slice(0, 100),
        totalCount: report.totalCount ?? null,
        filterCount: report.filterCount ?? null,
        sentCount: report.sentCount ?? null,
        errorCount: report.errorCount ?? null,
        finishedAt: this.deps.clock.now(),
      },
    });
    return r.count > 0;
  }

  /** One receipt per message; a long message is sent as several text messages. */
  async push(openId: string, messages: OutboundMessage[], options: PushOptions = {}): Promise<DeliveryReceipt[]> {
    let inWindow = options.route === 'template' ? false : await this.inServiceWindow(openId);
    const receipts: DeliveryReceipt[] = [];
    for (const message of messages) {
      if (inWindow) {
        try {
          for (const segment of splitText(message.text, WECHAT_MAX_TEXT)) await this.deps.api.sendText(openId, segment);
          receipts.push({ status: 'sent' });
          continue;
        } catch (err) {
          if (!(err instanceof WechatApiError && err.errcode === ERR_OUT_OF_WINDOW)) {
            this.deps.log.warn({ err, channel: this.name }, 'wechat custom/send failed');
            receipts.push({ status: 'failed', error: errorText(err) });
            continue;
          }
          inWindow = false; // WeChat says the window is closed: fall through to the template.
        }
      }
      receipts.push(await this.sendTemplate(openId, message, this.templateFor(options.kind)));
    }
    return receipts;
  }

  private async sendTemplate(openId: string, message: OutboundMessage, templateId: string | undefined): Promise<DeliveryReceipt> {
    const { templateField } = this.deps.config;
    if (!templateId) {
      this.deps.log.warn({ channel: this.name }, 'wechat user outside the 48 h window and no template for this kind: not delivered');
      return { status: 'failed', error: 'outside the 48 h customer-service window; no template configured' };
    }
    const chars = [...message.text];
    const value = chars.length > TEMPLATE_MAX ? chars.slice(0, TEMPLATE_MAX - 1).join('') + '…' : message.text;
    try {
      const msgid = await this.deps.api.sendTemplate({
        touser: openId,
        template_id: templateId,
        data: { [templateField]: { value } },
      });
      return { status: 'sent', ...(msgid ? { providerMessageId: msgid } : {}) };
    } catch (err) {
      this.deps.log.warn({ err, channel: this.name }, 'wechat template send failed');
      return { status: 'failed', error: errorText(err) };
    }
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
