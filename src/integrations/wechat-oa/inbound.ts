/**
 * WeChat OA message → InboundMessage. Message ids: MsgId for messages; events have none, so
 * WeChat's advice is FromUserName + CreateTime (we add the event name, because a subscribe and
 * a LOCATION report can share a second).
 */
import type { InboundMessage } from '../../bot/message.js';
import { menuItemKeyOf } from './config.js';
import type { WechatEvent, WechatMessage } from './xml.js';

export const WECHAT_OA_CHANNEL = 'wechat-oa';

/** What the route does with a pushed message. */
export type Converted =
  /** Run a turn. */
  | { kind: 'turn'; message: InboundMessage }
  /** Not for the bot (VIEW clicks, template-send reports, unknown events): answer `success`. */
  | { kind: 'ignore'; reason: string }


/** The dedupe id of a pushed message. */
export function messageIdOf(msg: WechatMessage): string {
  if (msg.MsgType === 'event') return `event:${msg.FromUserName}:${msg.CreateTime}:${(msg as WechatEvent).Event}`;
  return 'MsgId' in msg && msg.MsgId ? msg.MsgId : `${msg.MsgType}:${msg.FromUserName}:${msg.CreateTime}`;
}

/** Converts a validated pushed message. `menuKeys` maps CLICK EventKeys to menu items. */
export function toInbound(msg: WechatMessage, menuKeys: Record<string, string>): Converted {
  const common = {
    channel: WECHAT_OA_CHANNEL,
    channelUserId: msg.FromUserName,
    messageId: messageIdOf(msg),
    conversation: { kind: 'private' as const },
    receivedAt: new Date(Number(msg.CreateTime) * 1000),
    raw: { MsgType: msg.MsgType, CreateTime: msg.CreateTime },
  };
  const turn = (extra: Partial<InboundMessage>): Converted => ({ kind: 'turn', message: { ...common, ...extra } });

  switch (msg.MsgType) {
    case 'text':
      return turn({ text: (msg as { Content: string }).Content });
    case 'voice': {
      const recognition = (msg as { Recognition?: string }).Recognition?.replace(/[。.！!]$/u, '').trim();
      return recognition ? turn({ text: recognition }) : turn({ unrecognizedVoice: true });
    }
    case 'location': {
      const m = msg as { Location_X: number; Location_Y: number; Label?: string };
      return turn({ location: { lat: m.Location_X, lng: m.Location_Y, ...(m.Label ? { label: m.Label } : {}) } });
    }
    case 'event':
      return eventToInbound(msg as WechatEvent, menuKeys, turn);
    default:
      // A type we cannot read (image, video, link): a turn, answered with a short hint.
      return turn({ unsupported: msg.MsgType });
  }
}

function eventToInbound(
  msg: WechatEvent,
  menuKeys: Record<string, string>,
  turn: (extra: Partial<InboundMessage>) => Converted,
): Converted {
  const event = msg.Event.toLowerCase();
  switch (event) {
    case 'subscribe': {
      // Parameterised QR code: EventKey "qrscene_<scene>" records where the user came from.
      const key = msg.EventKey?.trim();
      const source = key?.startsWith('qrscene_') ? key : undefined;
      return turn({ event: { type: 'subscribe', ...(source ? { source } : {}) } });
    }
    case 'unsubscribe':
      return turn({ event: { type: 'unsubscribe' } });
    case 'click': {
      const key = menuItemKeyOf(menuKeys, msg.EventKey);
      return key ? turn({ event: { type: 'menu', key } }) : { kind: 'ignore', reason: `unknown menu key ${msg.EventKey ?? ''}` };
    }
    case 'location':
      // Periodic report while the user has the chat open: updates lastInboundAt, never answered.
      return turn({ event: { type: 'location-report' } });
    default:
      // VIEW (link buttons), SCAN (already-subscribed user scanned a QR), TEMPLATESENDJOBFINISH, …
      return { kind: 'ignore', reason: `event ${msg.Event}` };
  }
}
