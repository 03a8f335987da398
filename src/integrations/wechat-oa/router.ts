/**
 * Express routes for the WeChat OA message push protocol at /wechat/oa.
 *   GET  ?signature&timestamp&nonce&echostr → echostr (URL verification), 401 on a bad signature.
 *   POST ?signature&timestamp&nonce[&encrypt_type=aes&msg_signature] + XML body
 *        → passive XML reply when the answer is ready within the budget, else "success" and the
 *          answer follows through the customer-service API (see pending.ts for retries).
 * WECHAT_MODE decides what is accepted: `plain` checks `signature` on plaintext; `compat` also
 * takes encrypted messages (encrypt_type=aes: `msg_signature` checked, `Encrypt` decrypted, the
 * reply encrypted); `safe` takes only encrypted messages.
 * Replay protection (replay.ts): a timestamp outside ±5 minutes → 401; a nonce seen before with
 * another query or body → 401; the platform's own retry (same query and body) goes on to the
 * pipeline's dedupe and gets its answer.
 */
import { randomBytes } from 'node:crypto';
import express, { Router, type Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { OutboundMessage } from '../../bot/message.js';
import type { Bot } from '../../bot/pipeline.js';
import type { Clock } from '../../shared/clock.js';
import { HttpError } from '../../http/errors.js';
import { packSegments, type WechatOaAdapter } from './adapter.js';
import type { WechatOaConfig } from './config.js';
import { sha1Signature, signaturesEqual, WechatCrypto, WechatCryptoError } from './crypto.js';
import { toInbound } from './inbound.js';
import type { PendingTurns } from './pending.js';
import type { ReplayGuard } from './replay.js';
import {
  encryptedReplyXml,
  envelopeSchema,
  parseWechatMessage,
  parseXmlRoot,
  textReplyXml,
  WechatXmlError,
  type WechatMessage,
} from './xml.js';

export const WECHAT_OA_PATH = '/wechat/oa';

const querySchema = z
  .object({
    signature: z.string().max(64).optional(),
    timestamp: z.string().regex(/^\d{1,12}$/),
    nonce: z.string().min(1).max(64),
    echostr: z.string().max(512).optional(),
    encrypt_type: z.string().max(16).optional(),
    msg_signature: z.string().max(64).optional(),
  })
  .loose();
type Query = z.infer<typeof querySchema>;

export interface WechatOaRouterDeps {
  config: WechatOaConfig;
  bot: Bot;
  adapter: WechatOaAdapter;
  pending: PendingTurns;
  replay: ReplayGuard;
  log: Logger;
  clock: Clock;
}

function parseQuery(query: unknown): Query {
  const result = querySchema.safeParse(query);
  if (!result.success) throw new HttpError(400, 'missing or bad signature parameters');
  return result.data;
}

export function wechatOaRouter(deps: WechatOaRouterDeps): Router {
  const { config, bot, adapter, pending, replay, log, clock } = deps;
  const crypto = config.encodingAesKey ? new WechatCrypto(config.token, config.encodingAesKey, config.appId) : null;
  const plainSignatureOk = (q: Query) => signaturesEqual(sha1Signature([config.token, q.timestamp, q.nonce]), q.signature);

  /** Verifies, decrypts (safe mode) and validates a pushed message. */
  function readMessage(q: Query, body: unknown): { message: WechatMessage; encrypted: boolean } {
    if (typeof body !== 'string' || body.trim() === '') throw new HttpError(400, 'expected an XML body');
    try {
      const root = parseXmlRoot(body);
      if (q.encrypt_type === 'aes' && crypto && config.mode !== 'plain') {
        const envelope = envelopeSchema.parse(root);
        if (!envelope.Encrypt) throw new HttpError(400, 'missing Encrypt');
        if (!signaturesEqual(crypto.signature(q.timestamp, q.nonce, envelope.Encrypt), q.msg_signature)) {
          throw new HttpError(401, 'invalid msg_signature');
        }
        return { message: parseWechatMessage(parseXmlRoot(crypto.decrypt(envelope.Encrypt))), encrypted: true };
      }
      if (q.encrypt_type === 'aes' && root.MsgType === undefined) {
        log.error('wechat sent an encrypted message but WECHAT_ENCODING_AES_KEY is not set');
        throw new HttpError(400, 'safe mode is not configured');
      }
      if (config.mode === 'safe') throw new HttpError(401, 'safe mode accepts only encrypted messages');
      // Plain or compatibility mode: the plaintext fields.
      if (!plainSignatureOk(q)) throw new HttpError(401, 'invalid signature');
      return { message: parseWechatMessage(root), encrypted: false };
    } catch (err) {
      if (err instanceof WechatXmlError || err instanceof WechatCryptoError || err instanceof z.ZodError) {
        log.warn({ err: (err as Error).message }, 'wechat: rejected payload');
        throw new HttpError(400, 'bad message');
      }
      throw err;
    }
  }

  function sendText(res: Response, msg: WechatMessage, encrypted: boolean, content: string): void {
    const now = Math.floor(clock.now().getTime() / 1000);
    const xml = textReplyXml(msg.FromUserName, msg.ToUserName, now, content);
    if (!encrypted || !crypto) {
      res.type('application/xml').send(xml);
      return;
    }
    const timestamp = String(now);
    const nonce = randomBytes(8).toString('hex');
    const enc = crypto.encrypt(xml);
    res.type('application/xml').send(encryptedReplyXml(enc, crypto.signature(timestamp, nonce, enc), timestamp, nonce));
  }

  /** Pushes segments through the customer-service API; true when every one was sent. */
  async function pushSegments(openId: string, segments: string[]): Promise<boolean> {
    if (!segments.length) return true;
    const receipts = await adapter.push(openId, segments.map((text): OutboundMessage => ({ text })));
    const failed = receipts.filter((r) => r.status === 'failed');
    if (failed.length) log.warn({ channel: adapter.name, failed: failed.length, error: failed[0]?.error }, 'wechat: answer not delivered');
    return failed.length === 0;
  }

  const router = Router();
  const xmlBody = express.text({ type: ['text/xml', 'application/xml', '*/xml'], limit: '64kb' });

  router.get(WECHAT_OA_PATH, (req, res) => {
    const q = parseQuery(req.query);
    if (!plainSignatureOk(q)) throw new HttpError(401, 'invalid signature');
    if (!replay.isFresh(q.timestamp)) throw new HttpError(401, 'stale timestamp');
    res.type('text/plain').send(q.echostr ?? '');
  });

  router.post(WECHAT_OA_PATH, xmlBody, async (req, res) => {
    const q = parseQuery(req.query);
    const { message, encrypted } = readMessage(q, req.body);
    const verdict = await replay.check({ timestamp: q.timestamp, nonce: q.nonce, query: req.query as Record<string, unknown>, body: req.body as string });
    if (verdict === 'stale' || verdict === 'replay') {
      log.warn({ verdict, timestamp: q.timestamp }, 'wechat: refused a replayed or stale request');
      throw new HttpError(401, verdict === 'stale' ? 'stale timestamp' : 'nonce already used');
    }
    if (message.MsgType === 'event' && 'Event' in message && message.Event === 'MASSSENDJOBFINISH' && message.MsgID) {
      // The result of one of our mass-send jobs (not a turn): recorded on the job, nothing to answer.
      await adapter.massJobFinished({
        msgId: message.MsgID,
        status: message.Status ?? '',
        ...(message.TotalCount ? { totalCount: Number(message.TotalCount) } : {}),
        ...(message.FilterCount ? { filterCount: Number(message.FilterCount) } : {}),
        ...(message.SentCount ? { sentCount: Number(message.SentCount) } : {}),
        ...(message.ErrorCount ? { errorCount: Number(message.ErrorCount) } : {}),
      });
      res.type('text/plain').send('success');
      return;
    }
    const converted = toInbound(message, config.menuKeys);
    if (converted.kind === 'ignore') {
      res.type('text/plain').send('success');
      return;
    }
    const inbound = converted.message;
    const openId = inbound.channelUserId;
    const outcome = await pending.request(
      inbound.messageId,
      async () => (await bot.handle(inbound, adapter, { duplicateWaitMs: config.replyBudgetMs })).replies,
      config.replyBudgetMs,
      (replies) => pushSegments(openId, packSegments(replies)),
    );
    if (outcome.kind === 'later') {
      res.type('text/plain').send('success');
      return;
    }
    const [first, ...rest] = packSegments(outcome.replies);
    if (first === undefined) {
      res.type('text/plain').send('success');
      return;
    }
    sendText(res, message, encrypted, first);
    // A passive reply carries one message; the rest follow through the customer-service API.
    if (outcome.first && rest.length) pending.track(pushSegments(openId, rest));
  });

  return router;
}
