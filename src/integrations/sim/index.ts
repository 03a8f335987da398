/**
 * The simulator channel: a local HTTP channel for development, tests, the CLI and benches; the
 * web chat page uses the same channel through web-chat.ts (identity from a cookie).
 * The raw API trusts the caller's `userId`, so it answers only direct loopback callers, or
 * callers sending `Authorization: Bearer <SIM_API_TOKEN>` when that is set (403 otherwise).
 *   POST /api/sim/messages  {"userId","text"} | {"userId","location":{lat,lng,label?}} [+ "messageId"]
 *     → {"replies":[{"text"}]}  (the replies of that turn; a redelivered messageId gets the same replies)
 *   GET  /api/sim/messages/pending?userId=…  → {"messages":[{"text"}]}: pushes sent to the user since
 *     (waitlist promotion, reminders, staff answers), delivered once.
 */
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import type { ChannelAdapter, ChannelCapabilities, DeliveryReceipt, OutboundMessage } from '../../bot/message.js';
import type { Bot } from '../../bot/pipeline.js';
import { loopbackOrToken, perClientLimit, isDirectLoopback } from '../../http/security.js';
import { parseBody, parseQuery } from '../../http/validate.js';
import { isWellFormedText } from '../../shared/text-hygiene.js';

export const SIM_CHANNEL = 'sim';
export const MAX_TEXT_CHARS = 2000;

const userId = z.string().trim().min(1, 'userId 不能为空').max(64, 'userId 最长64个字符').regex(/^[\w.@:-]+$/, 'userId 只能包含字母、数字和 _ . @ : -');

/** Text or a location, with an optional messageId (the web chat's body; the raw API adds userId). */
export const chatMessageSchema = z
  .object({
    messageId: z.string().trim().min(1).max(128).optional(),
    text: z.string().max(MAX_TEXT_CHARS, `text 最长${MAX_TEXT_CHARS}个字`).refine(isWellFormedText, 'text 含有无效字符（孤立的代理项）').optional(),
    location: z
      .object({
        lat: z.number().min(-90).max(90),
        lng: z.number().min(-180).max(180),
        label: z.string().max(200).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .strict();

const hasContent = (m: { text?: string | undefined; location?: unknown }) => (m.text !== undefined && m.text.trim() !== '') || m.location !== undefined;
const contentIssue = { message: '需要 text 或 location', path: ['text'] };

export const simMessageSchema = chatMessageSchema.extend({ userId }).strict().refine(hasContent, contentIssue);
export const webChatMessageSchema = chatMessageSchema.refine(hasContent, contentIssue);
export type ChatMessageBody = z.infer<typeof webChatMessageSchema>;

/** Runs one sim-channel turn for `channelUserId`; the JSON the page and the raw API answer. */
export async function simTurn(bot: Bot, sim: SimChannel, channelUserId: string, body: ChatMessageBody) {
  const result = await bot.handle(
    {
      channel: SIM_CHANNEL,
      channelUserId,
      messageId: body.messageId ?? randomUUID(),
      ...(body.text !== undefined ? { text: body.text } : {}),
      ...(body.location ? { location: body.location } : {}),
      receivedAt: new Date(),
      raw: body,
    },
    sim,
    { duplicateWaitMs: 10_000 },
  );
  return { replies: result.replies.map((r) => ({ text: r.text })), ...(result.duplicate ? { duplicate: true } : {}) };
}

export interface SimRouteOptions {
  /** SIM_API_TOKEN: lets non-loopback callers use the raw API with `Authorization: Bearer …`. */
  apiToken?: string | undefined;
  /** Requests a minute per client for token callers (loopback is not limited). 0 = off. */
  perMinute: number;
}

/** Pushes to sim users wait in MessageLog (status 'queued') until the page polls for them. */
export class SimChannel implements ChannelAdapter {
  readonly name = SIM_CHANNEL;
  readonly capabilities: ChannelCapabilities = {
    maxTextLength: 1000,
    maxSegments: 3,
    supportsLocation: true,
    canPush: true,
  };

  constructor(private readonly db: Db) {}

  async push(_channelUserId: string, messages: OutboundMessage[]): Promise<DeliveryReceipt[]> {
    // The notifier logs each pushed message with status 'queued'; the page collects them.
    return messages.map(() => ({ status: 'queued' as const }));
  }

  /** Pushed messages not yet shown, oldest first; marks them sent. */
  async takePending(channelUserId: string): Promise<OutboundMessage[]> {
    const rows = await this.db.messageLog.findMany({
      where: { channel: SIM_CHANNEL, channelUserId, direction: 'out', status: 'queued' },
      orderBy: { id: 'asc' },
    });
    if (rows.length) {
      await this.db.messageLog.updateMany({ where: { id: { in: rows.map((r) => r.id) } }, data: { status: 'sent' } });
    }
    return rows.map((r) => ({ text: r.text }));
  }
}

export function simRoutes(bot: Bot, sim: SimChannel, options: SimRouteOptions = { perMinute: 0 }): Router {
  const router = Router();
  router.use('/api/sim', loopbackOrToken(options.apiToken, '模拟接口只允许本机访问（或使用 SIM_API_TOKEN）'));
  router.use('/api/sim', perClientLimit(options.perMinute, { skip: isDirectLoopback }));
  router.post('/api/sim/messages', async (req, res) => {
    const { userId: channelUserId, ...body } = parseBody(req, simMessageSchema);
    res.json(await simTurn(bot, sim, channelUserId, body));
  });
  router.get('/api/sim/messages/pending', async (req, res) => {
    const q = parseQuery(req, z.object({ userId }));
    res.json({ messages: await sim.takePending(q.userId) });
  });
  return router;
}
