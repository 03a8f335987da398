/**
 * The one message model every channel converts to and from.
 * Channels (src/integrations/*) only translate their platform's payloads into these types.
 */

import type { GeoPoint } from '../shared/geo.js';

export type { GeoPoint };

/** Non-text happenings a channel reports. */
export type InboundEvent =
  | { type: 'subscribe'; source?: string }
  | { type: 'unsubscribe' }
  /** A menu button (OA CLICK key) mapped to a menu item key such as "policy", "courses". */
  | { type: 'menu'; key: string }
  /** Periodic location report (OA LOCATION event): stored, never answered. */
  | { type: 'location-report' };

/** Where the message was said: a private chat or a group chat (wechaty rooms). */
export interface ConversationRef {
  kind: 'private' | 'group';
  /** Group id (room id) when kind = group. */
  groupId?: string;
}

/** A normalized inbound message. */
export interface InboundMessage {
  /** Channel name, e.g. "sim", "cli", "wechat-oa", "wechaty", "sms". */
  channel: string;
  /** The sender's id on that channel (OpenID, contact id, phone number, sim user id). */
  channelUserId: string;
  /** The channel's own message id; used to drop redeliveries. */
  messageId: string;
  text?: string;
  location?: GeoPoint;
  event?: InboundEvent;
  /** Voice message that the platform could not transcribe. */
  unrecognizedVoice?: boolean;
  /** A message type the bot cannot read (the platform's name for it: image, video, link …). */
  unsupported?: string;
  conversation?: ConversationRef;
  receivedAt: Date;
  /** The platform's raw payload, for debugging (never logged whole). */
  raw?: unknown;
}

/** A reply or push to one user. */
export interface OutboundMessage {
  text: string;
  /**
   * Contains personal data (phone, sign-up details). Group-capable channels must not post it
   * into a group; they send it privately instead.
   */
  personal?: boolean;
}

/** What a channel can do; the core reads these instead of testing channel names. */
export interface ChannelCapabilities {
  /** Max characters of one text message (WeChat ~600 safe, SMS 70 per segment). */
  maxTextLength: number;
  /** Max segments one reply may use before it is paged ("回复8看下一条"). */
  maxSegments: number;
  /**
   * One phone screen (WeChat): a turn's replies longer than this are cut to one screen with a
   * "回复“更多”看下一页" continuation (src/bot/screen.ts). Absent: not cut (SMS pages itself).
   */
  screen?: { lines: number; charsPerLine: number };
  /** A synchronous reply must be ready within this many ms (WeChat OA: 5 s); undefined = no limit. */
  passiveReplyWindowMs?: number;
  /** The user can share a location from this channel. */
  supportsLocation: boolean;
  /** The bot can send a message later, outside a request (custom/send, SMS MT, wechaty say). */
  canPush: boolean;
  /**
   * The channel's user id is the mobile number (SMS): a first message from a number that a user
   * confirmed (绑定手机) attaches to that user instead of creating a new one.
   */
  userIdIsPhone?: boolean;
}

/** Result of delivering one outbound message. */
export interface DeliveryReceipt {
  /** Provider's id (SMS message id, etc.) used to match delivery reports. */
  providerMessageId?: string;
  status: 'sent' | 'queued' | 'failed';
  error?: string;
}

/** What a proactive push is (the outbound queue passes it; replies in a turn have none). */
export interface PushOptions {
  /** reminder | broadcast | follow-up | … (a channel may pick a template by it). */
  kind?: string;
  priority?: 'transactional' | 'announcement';
  /** The route `reach` chose (e.g. "template" on the Official Account). */
  route?: string;
}

/**
 * A channel adapter. Inbound: the adapter's HTTP route / event handler builds an
 * InboundMessage and hands it to the bot. Outbound: `push` sends a message outside a
 * request (reminders, waitlist promotion, late answers).
 */
export interface ChannelAdapter {
  readonly name: string;
  readonly capabilities: ChannelCapabilities;
  /** Send messages to a user on this channel outside a request. Only when capabilities.canPush. */
  push?(channelUserId: string, messages: OutboundMessage[], options?: PushOptions): Promise<DeliveryReceipt[]>;
  /**
   * How this channel can reach the user now with a proactive message of `kind` (platform rules
   * such as WeChat's 48 h window): a route name, or null when it cannot. Without it: "direct".
   */
  reach?(channelUserId: string, kind: string): Promise<string | null>;
}
