/**
 * Callback routes of the configured provider, mounted at /sms/<provider>/<secret>/<path>.
 *
 * Verification: none of the gateways signs its callbacks (Kannel's post-url/dlr-url, Aliyun's
 * HTTP batch push, Tencent's callbacks), so the URL carries a shared secret
 * (SMS_CALLBACK_SECRET, compared in constant time; never personal data) and, optionally, the
 * caller's IP must be in SMS_CALLBACK_ALLOWED_IPS. A wrong secret answers 404, a wrong IP 403.
 */
import { timingSafeEqual } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { HttpError } from '../../http/errors.js';
import type { SmsChannel } from './channel.js';
import type { SmsCallback } from './provider.js';

export interface CallbackGuard {
  secret: string;
  allowedIps: string[];
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The body as bytes, whether or not an earlier parser (express.json) already read it. */
function bodyBytes(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (Array.isArray(body) || (body && typeof body === 'object' && Object.keys(body).length)) {
    try {
      return Buffer.from(JSON.stringify(body), 'utf8');
    } catch (err) {
      // JSON nested deeper than the stack (the global JSON parser accepted it): not a callback.
      if (err instanceof RangeError) throw new HttpError(400, 'request body nested too deeply');
      throw err;
    }
  }
  return Buffer.alloc(0);
}

function normalizeIp(ip: string | undefined): string {
  return (ip ?? '').replace(/^::ffff:/, '');
}

/** Path of a callback relative to the server root (for docs and for building dlr-url). */
export function callbackPath(provider: string, secret: string, path: string): string {
  return `/sms/${provider}/${secret}/${path}`;
}

export function smsRoutes(channel: SmsChannel, guard: CallbackGuard): Router {
  const router = Router();
  const raw = express.raw({ type: () => true, limit: '256kb' });
  const provider = channel.provider;

  const handler = (cb: SmsCallback) => async (req: Request, res: Response) => {
    const secret = String(req.params.secret ?? '');
    if (!sameSecret(secret, guard.secret)) throw new HttpError(404, `Not found: ${req.method} /sms/${provider.name}/…`);
    if (guard.allowedIps.length && !guard.allowedIps.includes(normalizeIp(req.ip))) throw new HttpError(403, 'forbidden');
    const parsed = cb.parse({ query: req.query as Record<string, unknown>, headers: req.headers, body: bodyBytes(req.body) });
    if (parsed.reports?.length) await channel.report(parsed.reports);
    for (const sms of parsed.inbound ?? []) {
      if (cb.handleBeforeAck) await channel.receive(sms);
      else channel.receiveLater(sms);
    }
    if (cb.ack.contentType === 'json') res.json(cb.ack.body);
    else res.type('text/plain').send(String(cb.ack.body));
  };

  for (const cb of provider.callbacks) {
    router[cb.method](`/sms/${provider.name}/:secret/${cb.path}`, raw, handler(cb));
  }
  return router;
}
