/** The wechaty adapter on wechaty-puppet-mock with a fake Bot. */
import { afterEach, describe, expect, it } from 'vitest';
import type { InboundMessage, OutboundMessage } from '../../../src/bot/message.js';
import type { Bot, TurnResult } from '../../../src/bot/pipeline.js';
import { stripKeyword, wechatyTexts } from '../../../src/integrations/wechaty/index.js';
import { startWechatyHarness, type WechatyHarness } from './harness.js';

/** A fake bot with the pipeline's dedupe by message id. */
class FakeBot implements Bot {
  readonly turns: InboundMessage[] = [];
  answer: (m: InboundMessage) => OutboundMessage[] = (m) => [{ text: `答：${m.text ?? '位置'}` }];
  private readonly seen = new Map<string, OutboundMessage[]>();
  use(): void {}
  async handle(msg: InboundMessage): Promise<TurnResult> {
    const prev = this.seen.get(msg.messageId);
    if (prev) return { replies: prev, duplicate: true };
    this.turns.push(msg);
    const replies = this.answer(msg);
    this.seen.set(msg.messageId, replies);
    return { replies, duplicate: false, userId: 1 };
  }
}

let h: WechatyHarness;
let bot: FakeBot;
async function start(env: Record<string, string> = {}) {
  bot = new FakeBot();
  h = await startWechatyHarness(bot, env);
}
afterEach(async () => {
  await h?.close();
  h = undefined as never;
});

describe('wechaty private chat', () => {
  it('a contact asks a question, the bot answers', async () => {
    await start();
    expect(await h.says('残疾人能参加培训吗？')).toEqual(['答：残疾人能参加培训吗？']);
    expect(bot.turns[0]).toMatchObject({
      channel: 'wechaty',
      channelUserId: h.user.id,
      text: '残疾人能参加培训吗？',
      conversation: { kind: 'private' },
    });
    expect(bot.turns[0]!.messageId).toBeTruthy();
  });

  it('a shared location is read from the puppet (message.toLocation() throws in 1.20.2)', async () => {
    await start();
    const replies = await h.sharesLocation({ latitude: 35.58, longitude: 104.62, name: '定西市安定区' });
    expect(bot.turns[0]!.location).toEqual({ lat: 35.58, lng: 104.62, label: '定西市安定区' });
    expect(replies).toEqual(['答：位置']);
  });

  it('a redelivered message id runs one turn and is answered once', async () => {
    await start();
    await h.says('我想学电工');
    const id = bot.turns[0]!.messageId;
    await h.emit(id);
    expect(bot.turns).toHaveLength(1);
    expect(h.sentTo(h.user.id)).toHaveLength(1);
  });

  it('long replies are split at sentence boundaries (≤ 600 characters each)', async () => {
    await start();
    const long = '参加培训并取得证书的，可以按规定申领职业技能培训补贴。'.repeat(60);
    bot.answer = () => [{ text: long }];
    const replies = await h.says('补贴');
    expect(replies.length).toBeGreaterThan(1);
    for (const r of replies) expect([...r].length).toBeLessThanOrEqual(600);
    expect(replies.join('')).toBe(long);
  });
});

describe('wechaty group chat', () => {
  it('answers an @-mention in the room, @-mentioning the asker', async () => {
    await start();
    const replies = await h.saysInRoom('@技能助手 电工培训在哪报名', { mention: true });
    expect(bot.turns[0]).toMatchObject({
      text: '电工培训在哪报名',
      conversation: { kind: 'group', groupId: h.room.id },
      channelUserId: h.user.id,
    });
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/^@张三\s答：电工培训在哪报名$/u);
  });

  it('answers a message starting with a keyword, ignores other chatter', async () => {
    await start();
    expect(await h.saysInRoom('今天天气不错')).toEqual([]);
    const replies = await h.saysInRoom('助手：焊工补贴多少');
    expect(bot.turns.map((t) => t.text)).toEqual(['焊工补贴多少']);
    expect(replies[0]).toMatch(/焊工补贴多少/);
  });

  it('a bare mention shows the menu', async () => {
    await start();
    await h.saysInRoom('@技能助手', { mention: true });
    expect(bot.turns[0]!.text).toBe('菜单');
  });

  it('personal replies go privately; the room only hears "已私信您"', async () => {
    await start();
    bot.answer = () => [{ text: '好的，帮您报名。' }, { text: '您登记的手机号：138****5678', personal: true }];
    const roomReplies = await h.saysInRoom('@技能助手 报名', { mention: true });
    expect(roomReplies).toHaveLength(2);
    expect(roomReplies[0]).toMatch(/好的，帮您报名。/);
    expect(roomReplies[1]).toContain(wechatyTexts.sentPrivately);
    expect(roomReplies.join()).not.toContain('138');
    expect(h.sentTo(h.user.id)).toEqual(['您登记的手机号：138****5678']);
  });

  it('custom keywords from WECHATY_GROUP_KEYWORDS', async () => {
    await start({ WECHATY_GROUP_KEYWORDS: '小助手，问问' });
    await h.saysInRoom('问问 电工');
    await h.saysInRoom('助手 电工');
    expect(bot.turns.map((t) => t.text)).toEqual(['电工']);
  });
});

describe('wechaty push and broadcast', () => {
  it('push sends to a contact by id; an unknown contact fails', async () => {
    await start();
    const receipts = await h.channel.adapter.push(h.other.id, [{ text: '您报名的电工班明天开课。' }]);
    expect(receipts).toEqual([{ status: 'sent' }]);
    expect(h.sentTo(h.other.id)).toEqual(['您报名的电工班明天开课。']);
    expect((await h.channel.adapter.push('nobody', [{ text: 'x' }]))[0]!.status).toBe('failed');
  });

  it('broadcastToRooms says the text in rooms by topic (default WECHATY_BROADCAST_ROOMS)', async () => {
    await start({ WECHATY_BROADCAST_ROOMS: '安定区培训群,不存在的群' });
    const results = await h.channel.broadcastToRooms(undefined, '通知：本周六电工班开课。');
    expect(results).toEqual([
      { topic: '安定区培训群', rooms: 1 },
      { topic: '不存在的群', rooms: 0, error: 'room not found' },
    ]);
    expect(h.sentTo(h.room.id)).toEqual(['通知：本周六电工班开课。']);
  });
});

describe('stripKeyword', () => {
  it('strips the longest matching keyword and separators', () => {
    expect(stripKeyword('@技能助手 电工', ['助手', '@技能助手'])).toBe('电工');
    expect(stripKeyword('助手，电工', ['助手'])).toBe('电工');
    expect(stripKeyword('你好助手', ['助手'])).toBeNull();
  });
});

describe('wechaty channel wiring', () => {
  it('loads the puppet by package name from WECHATY_PUPPET and starts/stops', async () => {
    const { wechatyConfigSchema, createWechatyChannel, qrcodeUrl } = await import('../../../src/integrations/wechaty/index.js');
    const { silentLogger } = await import('../../../src/shared/logger.js');
    const { wechaty: config } = wechatyConfigSchema.parse({ WECHATY_PUPPET: 'wechaty-puppet-mock', WECHATY_NAME: 'contract-test' });
    const ch = createWechatyChannel({ config: config!, bot: new FakeBot(), log: silentLogger });
    await ch.start();
    expect(ch.wechaty.puppet.constructor.name).toMatch(/PuppetMock/);
    await ch.stop();
    expect(qrcodeUrl('https://login.weixin.qq.com/l/abc=')).toBe('https://wechaty.js.org/qrcode/https%3A%2F%2Flogin.weixin.qq.com%2Fl%2Fabc%3D');
    expect(wechatyConfigSchema.parse({}).wechaty).toBeNull();
    expect(wechatyConfigSchema.safeParse({ WECHATY_PUPPET: 'rm -rf' }).success).toBe(false);
  });

  it('POST /wechaty/broadcast (staff route) validates and broadcasts', async () => {
    await start({ WECHATY_BROADCAST_ROOMS: '安定区培训群' });
    const express = (await import('express')).default;
    const { errorHandler } = await import('../../../src/http/errors.js');
    const { silentLogger } = await import('../../../src/shared/logger.js');
    const { listen } = await import('../../helpers/http.js');
    const { groupBroadcastRoutes } = await import('../../../src/http/routes/group-broadcast.js');
    const app = express();
    app.use(express.json());
    app.use(groupBroadcastRoutes(h.channel));
    app.use(errorHandler(silentLogger));
    const server = await listen(app);
    try {
      const ok = await server.post('/wechaty/broadcast', { text: '本周六开课。' });
      expect(await ok.json()).toEqual({ results: [{ topic: '安定区培训群', rooms: 1 }] });
      expect((await server.post('/wechaty/broadcast', { text: '' })).status).toBe(400);
      expect(h.sentTo(h.room.id)).toEqual(['本周六开课。']);
    } finally {
      await server.close();
    }
  });
});
