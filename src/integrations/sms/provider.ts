/**
 * The SMS provider contract. A provider only talks to its gateway: it sends one SMS segment
 * and parses its gateway's HTTP callbacks (mobile-originated messages and delivery reports).
 * Paging, opt-out, dedupe and user linking live in the channel (channel.ts), not here.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { SmsTemplate } from './templates.js';

/** Why a message is sent; cloud providers pick an approved template by it. */
export type SmsKind = 'reply' | 'notice' | 'code';

export interface SmsSendOptions {
  /**
   * Our reference for the reply this segment belongs to (shared by every segment of one push).
   * Providers that can carry it through to their delivery reports do so (Kannel dlr-url,
   * Aliyun OutId); it is then the providerMessageId stored in MessageLog.
   */
  ref: string;
  /** 0-based segment index within the push. */
  part: number;
  kind: SmsKind;
  /** For kind 'code': the bare code (template providers fill their ${code} variable with it). */
  code?: string;
  /** Template providers: the approved template for this message's kind (SMS_TEMPLATES), instead of `kind`'s. */
  template?: SmsTemplate;
}

export interface SmsSendResult {
  /** Id that delivery reports will carry (our ref, or the gateway's own id). */
  providerMessageId: string;
  status: 'sent' | 'queued' | 'failed';
  error?: string;
}

/** A mobile-originated (上行) message parsed from a callback. */
export interface InboundSms {
  /** Sender as the gateway gave it (normalized by the channel). */
  from: string;
  /** Our number / extension the user wrote to, when the gateway says. */
  to?: string;
  text: string;
  /** Stable id for dedupe (gateway id, or a hash of sender + time + text). */
  messageId: string;
  receivedAt: Date;
}

/** Delivery status a report maps to (MessageLog.status). */
export type ReportedStatus = 'sent' | 'delivered' | 'failed';

export interface SmsStatusReport {
  providerMessageId: string;
  status: ReportedStatus;
  /** Gateway's code / text, for the log. */
  detail?: string;
}

/** The parts of an HTTP request a callback parser reads. */
export interface CallbackRequest {
  query: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  /** Raw body bytes (empty for GET). */
  body: Buffer;
}

export interface CallbackResult {
  inbound?: InboundSms[];
  reports?: SmsStatusReport[];
}

/** One HTTP callback route a provider needs (mounted under /sms/<provider>/<secret>/). */
export interface SmsCallback {
  /** Path segment after the secret, e.g. "mo", "dlr", "up", "report". */
  path: string;
  method: 'get' | 'post' | 'all';
  /** Parses the request; throws a ZodError / HttpError on bad input (→ 400). */
  parse(req: CallbackRequest): CallbackResult;
  /** Body the gateway expects when we accepted the callback. */
  ack: { contentType: 'json' | 'text'; body: unknown };
  /**
   * Answer only after the inbound messages are handled (Kannel waits patiently and this keeps a
   * user's messages in order), or at once and handle them in the background (cloud pushes have
   * short timeouts and retry; dedupe absorbs the retries). A failed turn is answered by the
   * pipeline's apology either way, so the callback itself is always acknowledged.
   */
  handleBeforeAck: boolean;
}

export interface SmsProvider {
  readonly name: 'kannel' | 'aliyun' | 'tencent' | 'console';
  /** Sends one segment (≤ 70 characters) to an 11-digit mainland number. */
  send(to: string, text: string, options: SmsSendOptions): Promise<SmsSendResult>;
  readonly callbacks: SmsCallback[];
}
