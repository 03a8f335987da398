/**
 * HTTP safety defaults in one place: security headers (helmet, with a CSP the web chat page
 * passes: no inline code anywhere), per-client rate limits with a Chinese 429, and the guard
 * that keeps caller-chosen-identity APIs (the raw simulator) on loopback unless a token is given.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';

/**
 * helmet with a strict CSP: scripts, styles, fetches and images from this origin only; never
 * framed (frame-ancestors 'none' + X-Frame-Options DENY); nosniff; no Referer sent. No
 * upgrade-insecure-requests: a plain-HTTP deployment on a LAN address must keep working.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

export const RATE_LIMITED_MESSAGE = '请求太频繁，请稍后再试';

/**
 * A per-client limit: at most `perMinute` requests a minute per address (req.ip, so it follows
 * the app's `trust proxy` setting; IPv6 by /56 subnet). 0 = no limit. Over the limit → 429
 * `{"error":"请求太频繁，请稍后再试","retryAfterSeconds"}` with a Retry-After header.
 */
export function perClientLimit(perMinute: number, options: { skip?: (req: Request) => boolean } = {}): RequestHandler {
  if (perMinute <= 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    ...(options.skip ? { skip: options.skip } : {}),
    handler: (req, res) => {
      const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const retryAfterSeconds = reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : 60;
      res.status(429).json({ error: RATE_LIMITED_MESSAGE, retryAfterSeconds });
    },
  });
}

const LOOPBACK = /^(?:127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * True for a request made on this machine directly: the socket and req.ip are loopback and no
 * proxy forwarded it (a reverse proxy on the same host adds X-Forwarded-For / Forwarded).
 */
export function isDirectLoopback(req: Request): boolean {
  const h = req.headers;
  if (h['x-forwarded-for'] !== undefined || h.forwarded !== undefined || h['x-real-ip'] !== undefined) return false;
  return LOOPBACK.test(req.socket.remoteAddress ?? '') && LOOPBACK.test(req.ip ?? '');
}

function bearerMatches(req: Request, token: string): boolean {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!m) return false;
  const a = Buffer.from(m[1]!);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Lets a request through when it comes directly from loopback, or carries
 * `Authorization: Bearer <token>` (when a token is configured); otherwise 403.
 */
export function loopbackOrToken(token: string | undefined, message: string): RequestHandler {
  return (req, res, next) => {
    if (isDirectLoopback(req) || (token !== undefined && bearerMatches(req, token))) {
      next();
      return;
    }
    res.status(403).json({ error: message });
  };
}
