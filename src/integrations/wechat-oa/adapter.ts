/**
 * The Official Account as a ChannelAdapter, within the platform's rules. `reach` tells the
 * outbound sender how a user can be reached now: "cs" (customer-service text,
 * /cgi-bin/message/custom/send) while the user's 48 h window is open (counted from
 * ChannelIdentity.lastInboundAt); outside it "template" when a template is configured for that
 * kind of message (WECHAT_TEMPLATE_IDS, else WECHAT_TEMPLATE_ID_REMINDER for everything but
 * announcements); otherwise null, and the sender tries the person's next channel (SMS).
 * `push` follows the same rule (a window that WeChat says closed falls through to the template).
 */
import type { Logger } from 'pino';
import type { ChannelAdapter, ChannelCapabilities, DeliveryReceipt, OutboundMessage, PushOptions } from '../../bot/message.js';
import type { Clock } from '../../shared/clock.js';
import { WECHAT_SCREEN } from '../../bot/screen.js';
import { splitText } from '../../bot/split.js';
import type { Db } from '../../db/client.js';
import { ERR_OUT_OF_WINDOW, WechatApiError, type WechatApi } from './api.js';
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

export class WechatOaAdapter implements ChannelAdapter {
  readonly name = WECHAT_OA_CHANNEL;
  readonly capabilities = wechatOaCapabilities;

  constructor(private readonly deps: WechatOaAdapterDeps) {}

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
    if (await this.inServiceWindow(openId)) return 'cs';
    const identity = await this.deps.db.channelIdentity.findUnique({
      where: { channel_channelUserId: { channel: WECHAT_OA_CHANNEL, channelUserId: openId } },
      select: { subscribed: true },
    });
    return identity?.subscribed !== false && this.templateFor(kind) ? 'template' : null;
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
