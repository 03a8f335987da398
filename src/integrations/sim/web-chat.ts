/**
 * The web chat page's API: the same sim channel, but the user is a server-issued anonymous
 * identity, never a client-chosen id.
 *   POST /api/chat/messages  {"text"} | {"location":{lat,lng,label?}} [+ "messageId"]
 *     → {"replies":[{"text"}]}; the first call sets the identity cookie.
 *   GET  /api/chat/messages/pending → {"messages":[{"text"}]} for the cookie's user (none without one).
 *
 * The cookie holds 128 random bits (HttpOnly, SameSite=Lax, Path=/api/chat, Secure over HTTPS,
 * 180 days). The database keeps only `web-` + a hash of it as the channel user id, so a copy of
 * the database or the message log cannot be replayed as a cookie. Per-client rate limit on both
 * routes (a new identity costs a request, so fake users are limited too).
 */
import { createHash, randomBytes } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { perClientLimit } from '../../http/security.js';
import { parseBody } from '../../http/validate.js';
import { simTurn, webChatMessageSchema, type SimChannel } from './index.js';
import type { Bot } from '../../bot/pipeline.js';

export const CHAT_COOKIE = 'sb_chat';
const COOKIE_VALUE = /^[A-Za-z0-9_-]{22}$/;
const MAX_AGE_MS = 180 * 24 * 3600 * 1000;

/** The identity cookie's value, when present and well-formed. */
export function readChatCookie(req: Request): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === CHAT_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return COOKIE_VALUE.test(value) ? value : undefined;
    }
  }
  return undefined;
}

/** The sim channel user id for a cookie value. */
export function webUserIdOf(cookie: string): string {
  return `web-${createHash('sha256').update(cookie).digest('base64url').slice(0, 24)}`;
}

function issueCookie(req: Request, res: Response): string {
  const value = randomBytes(16).toString('base64url');
  res.cookie(CHAT_COOKIE, value, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/api/chat', maxAge: MAX_AGE_MS });
  return value;
}

export function webChatRoutes(bot: Bot, sim: SimChannel, options: { perMinute: number }): Router {
  const router = Router();
  router.use('/api/chat', perClientLimit(options.perMinute));
  router.post('/api/chat/messages', async (req, res) => {
    const body = parseBody(req, webChatMessageSchema);
    const cookie = readChatCookie(req) ?? issueCookie(req, res);
    res.json(await simTurn(bot, sim, webUserIdOf(cookie), body));
  });
  router.get('/api/chat/messages/pending', async (req, res) => {
    const cookie = readChatCookie(req);
    res.json({ messages: cookie ? await sim.takePending(webUserIdOf(cookie)) : [] });
  });
  return router;
}
