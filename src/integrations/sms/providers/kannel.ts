/**
 * Kannel (smsbox HTTP interface).
 *  - send: POST /cgi-bin/sendsms, UTF-8 text as the body and X-Kannel-Username/-Password/-From/
 *    -To, X-Kannel-Coding: 2 (UCS-2), X-Kannel-DLR-Mask: 31, X-Kannel-DLR-Url = our dlr route
 *    with `ref` and Kannel's %d (same fields as the GET form: username, password, from, to,
 *    text, charset=UTF-8, coding=2, dlr-mask=31, dlr-url).
 *  - MO: an sms-service `post-url` → POST <base>/sms/kannel/<secret>/mo?from=%p&to=%P&id=%I&time=%t
 *    with the text as the body (UTF-8 with `mo-recode = true`; other charsets are decoded too).
 *  - DLR: GET <base>/sms/kannel/<secret>/dlr?ref=<ref>&status=%d — 8 SMSC ack → sent,
 *    1 delivered → delivered, 2 / 16 → failed, 4 (buffered) ignored.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { CallbackRequest, CallbackResult, SmsCallback, SmsProvider, SmsSendOptions, SmsSendResult } from '../provider.js';
import { decodeBody } from './http-body.js';
import { systemClock, type Clock } from '../../../shared/clock.js';

export interface KannelOptions {
  sendsmsUrl: string;
  username: string;
  password: string;
  from?: string;
  smscId?: string;
  /** Absolute URL of our dlr route, without query (…/sms/kannel/<secret>/dlr). */
  dlrUrl?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const moQuery = z.object({
  from: z.string().min(1).max(32),
  to: z.string().max(32).optional(),
  id: z.string().max(64).optional(),
  time: z.string().max(32).optional(),
  smsc: z.string().max(64).optional(),
});

const dlrQuery = z.object({
  ref: z.string().regex(/^[\w-]{1,64}$/),
  status: z.coerce.number().int(),
  smsc: z.string().max(200).optional(),
});

/** Kannel's %d delivery report types. */
export function kannelDlrStatus(code: number): 'sent' | 'delivered' | 'failed' | null {
  if (code & 1) return 'delivered';
  if (code & 2 || code & 16) return 'failed';
  if (code & 8) return 'sent';
  return null; // 4 = buffered at the SMSC: nothing to record
}

export function parseKannelMo(req: CallbackRequest, now: Date): CallbackResult {
  const q = moQuery.parse(req.query);
  const text = decodeBody(req.body, req.headers).replace(/\0/g, '');
  // Kannel's %I is its message UUID; without it, hash sender + time + text (retries repeat all three).
  const messageId =
    q.id && q.id.length > 0
      ? `kannel:${q.id}`
      : `kannel:${createHash('sha256').update(`${q.from}|${q.time ?? ''}|${text}`).digest('hex').slice(0, 32)}`;
  return {
    inbound: [{ from: q.from, ...(q.to ? { to: q.to } : {}), text, messageId, receivedAt: now }],
  };
}

export function parseKannelDlr(req: CallbackRequest): CallbackResult {
  const q = dlrQuery.parse(req.query);
  const status = kannelDlrStatus(q.status);
  if (!status) return {};
  return { reports: [{ providerMessageId: q.ref, status, detail: `kannel ${q.status} ${q.smsc ?? ''}`.trim() }] };
}

export class KannelProvider implements SmsProvider {
  readonly name = 'kannel' as const;
  readonly callbacks: SmsCallback[];
  private readonly fetch: typeof fetch;

  constructor(
    private readonly options: KannelOptions,
    clock: Clock = systemClock,
  ) {
    this.fetch = options.fetch ?? fetch;
    this.callbacks = [
      { path: 'mo', method: 'all', parse: (req) => parseKannelMo(req, clock.now()), ack: { contentType: 'text', body: '' }, handleBeforeAck: true },
      { path: 'dlr', method: 'all', parse: parseKannelDlr, ack: { contentType: 'text', body: 'OK' }, handleBeforeAck: true },
    ];
  }

  async send(to: string, text: string, options: SmsSendOptions): Promise<SmsSendResult> {
    const o = this.options;
    // Kannel's POST interface: the text is the body, everything else X-Kannel-* headers, so
    // neither the password nor the number ends up in a URL (1.4.5 rejects form-encoded POSTs).
    const headers: Record<string, string> = {
      'content-type': 'text/plain; charset=UTF-8',
      'x-kannel-username': o.username,
      'x-kannel-password': o.password,
      'x-kannel-to': to,
      'x-kannel-coding': '2', // UCS-2 on the air
    };
    if (o.from) headers['x-kannel-from'] = o.from;
    if (o.smscId) headers['x-kannel-smsc'] = o.smscId;
    if (o.dlrUrl) {
      headers['x-kannel-dlr-mask'] = '31';
      // Kannel substitutes %d; our ref is [\w-] only, so it needs no escaping.
      headers['x-kannel-dlr-url'] = `${o.dlrUrl}?ref=${options.ref}&status=%d`;
    }
    try {
      const res = await this.fetch(o.sendsmsUrl, {
        method: 'POST',
        headers,
        body: text,
        signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
      });
      const body = (await res.text()).trim();
      // 202 "0: Accepted for delivery" or "3: Queued for later delivery"; 4xx/5xx carry a reason.
      if (res.status >= 200 && res.status < 300) {
        return { providerMessageId: options.ref, status: body.startsWith('3') ? 'queued' : 'sent' };
      }
      return { providerMessageId: options.ref, status: 'failed', error: `kannel ${res.status}: ${body.slice(0, 200)}` };
    } catch (err) {
      return { providerMessageId: options.ref, status: 'failed', error: `kannel unreachable: ${(err as Error).message}` };
    }
  }
}
