/**
 * Replay protection and WECHAT_MODE on /wechat/oa: a ±5 minute timestamp window, a nonce seen
 * before with another request is refused (the nonce table is in the database), the platform's
 * own retry (same query and body) still gets its answer, and safe mode takes only encrypted
 * messages with a valid msg_signature.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { InboundMessage, OutboundMessage } from '../../../src/bot/message.js';
import type { Bot } from '../../../src/bot/pipeline.js';
import { wechatOaConfigSchema } from '../../../src/integrations/wechat-oa/config.js';
import { sha1Signature } from '../../../src/integrations/wechat-oa/crypto.js';
import { decodeReply, fixture, startOaHarness, TEST_TOKEN, withContent, withMsgId, type OaHarness } from './harness.js';

/** A bot with dedupe by message id, like the pipeline's. */
class EchoBot implements Bot {
  readonly turns: InboundMessage[] = [];
  private readonly done = new Map<string, OutboundMessage[]>();
  use(): void {}
  async handle(msg: InboundMessage) {
    const seen = this.done.get(msg.messageId);
    if (seen) return { replies: seen, duplicate: true };
    this.turns.push(msg);
    const replies = [{ text: `收到：${msg.text ?? ''}` }];
    this.done.set(msg.messageId, replies);
    return { replies, duplicate: false, userId: 1 };
  }
}

let h: OaHarness;
let bot: EchoBot;
async function start(env: Record<string, string> = {}) {
  bot = new EchoBot();
  h = await startOaHarness({ bot, env });
}
afterEach(async () => {
  await h?.close();
});

const nowSeconds = () => Math.floor(h.clock.now().getTime() / 1000);

/** POSTs a plaintext message signed with the given timestamp and nonce. */
async function postPlain(xml: string, timestamp: number, nonce: string) {
  const ts = String(timestamp);
  const q = new URLSearchParams({ signature: sha1Signature([TEST_TOKEN, ts, nonce]), timestamp: ts, nonce, openid: 'oUser_test_0001' });
  const res = await fetch(`${h.http.url}/wechat/oa?${q}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: xml });
  const body = await res.text();
  return { status: res.status, reply: decodeReply(body, h.crypto) };
}

describe('timestamp window', () => {
  it('accepts ±5 minutes, refuses older or newer requests with a valid signature (401, no turn)', async () => {
    await start();
    const xml = fixture('text');
    expect((await postPlain(withMsgId(xml, '1001'), nowSeconds() - 299, 'n-ok-old')).status).toBe(200);
    expect((await postPlain(withMsgId(xml, '1002'), nowSeconds() + 299, 'n-ok-new')).status).toBe(200);
    expect((await postPlain(withMsgId(xml, '1003'), nowSeconds() - 301, 'n-stale')).status).toBe(401);
    expect((await postPlain(withMsgId(xml, '1004'), nowSeconds() + 301, 'n-future')).status).toBe(401);
    expect(bot.turns.map((t) => t.messageId)).toEqual(['1001', '1002']);
  });

  it('a request captured yesterday is refused today', async () => {
    await start();
    const ts = nowSeconds();
    expect((await postPlain(withMsgId(fixture('text'), '2001'), ts, 'n-1')).status).toBe(200);
    h.clock.advance(24 * 3600 * 1000);
    expect((await postPlain(withMsgId(fixture('text'), '2002'), ts, 'n-1b')).status).toBe(401);
  });
});

describe('nonces', () => {
  it('the same nonce with another body is a replay (401, no turn); the platform retry gets its answer', async () => {
    await start();
    const ts = nowSeconds();
    const original = withContent(withMsgId(fixture('text'), '3001'), '我想学电工');
    const first = await postPlain(original, ts, 'nonce-A');
    expect(first.status).toBe(200);
    expect(first.reply).toBe('收到：我想学电工');

    const forged = withContent(withMsgId(fixture('text'), '3002'), '取消我的报名');
    expect((await postPlain(forged, ts, 'nonce-A')).status).toBe(401);

    const retry = await postPlain(original, ts, 'nonce-A');
    expect(retry.status).toBe(200);
    expect(retry.reply).toBe('收到：我想学电工');
    expect(bot.turns.map((t) => t.text)).toEqual(['我想学电工']);
  });

  it('nonces live in the database (another instance on the same database refuses the replay) and old rows are pruned', async () => {
    await start();
    const ts = nowSeconds();
    expect((await postPlain(withMsgId(fixture('text'), '4001'), ts, 'shared-nonce')).status).toBe(200);
    expect(await h.db.webhookNonce.count({ where: { nonce: 'shared-nonce' } })).toBe(1);

    const other = await startOaHarness({ bot: new EchoBot(), clock: h.clock, testDb: { db: h.db } as never });
    try {
      const q = new URLSearchParams({ signature: sha1Signature([TEST_TOKEN, String(ts), 'shared-nonce']), timestamp: String(ts), nonce: 'shared-nonce' });
      const res = await fetch(`${other.http.url}/wechat/oa?${q}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: withMsgId(fixture('text'), '4002') });
      expect(res.status).toBe(401);
    } finally {
      await other.close();
    }

    h.clock.advance(11 * 60 * 1000);
    expect((await postPlain(withMsgId(fixture('text'), '4003'), nowSeconds(), 'later-nonce')).status).toBe(200);
    expect(await h.db.webhookNonce.count({ where: { nonce: 'shared-nonce' } })).toBe(0);
  });
});

describe('WECHAT_MODE', () => {
  it('defaults: compat with an AES key, plain without; compat/safe need the key', () => {
    const base = { WECHAT_TOKEN: TEST_TOKEN, WECHAT_APPID: 'wx0123456789abcdef', WECHAT_APPSECRET: 's' };
    expect(wechatOaConfigSchema.parse(base).wechatOa!.mode).toBe('plain');
    expect(wechatOaConfigSchema.parse({ ...base, WECHAT_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' }).wechatOa!.mode).toBe('compat');
    expect(wechatOaConfigSchema.safeParse({ ...base, WECHAT_MODE: 'safe' }).success).toBe(false);
    expect(wechatOaConfigSchema.safeParse({ ...base, WECHAT_MODE: 'loose' }).success).toBe(false);
  });

  it('safe: plaintext is refused even with a valid signature; encrypted with a valid msg_signature is answered', async () => {
    await start({ WECHAT_MODE: 'safe' });
    const plain = await h.post(withMsgId(fixture('text'), '5001'), { mode: 'plain' });
    expect(plain.status).toBe(401);
    const compat = await h.post(withMsgId(fixture('text'), '5002'), { mode: 'compat', badSignature: true });
    expect(compat.status).toBe(401);
    const enc = await h.post(withContent(withMsgId(fixture('text'), '5003'), '你好'), { mode: 'aes' });
    expect(enc.status).toBe(200);
    expect(enc.reply).toBe('收到：你好');
    expect(bot.turns.map((t) => t.messageId)).toEqual(['5003']);
  });

  it('compat: both plaintext and encrypted are accepted', async () => {
    await start({ WECHAT_MODE: 'compat' });
    expect((await h.post(withMsgId(fixture('text'), '6001'), { mode: 'plain' })).status).toBe(200);
    expect((await h.post(withMsgId(fixture('text'), '6002'), { mode: 'aes' })).status).toBe(200);
  });

  it('plain: an encrypted-only envelope is not decrypted', async () => {
    await start({ WECHAT_MODE: 'plain' });
    expect((await h.post(withMsgId(fixture('text'), '7001'), { mode: 'plain' })).status).toBe(200);
    expect((await h.post(withMsgId(fixture('text'), '7002'), { mode: 'aes' })).status).toBe(400);
    expect(bot.turns.map((t) => t.messageId)).toEqual(['7001']);
  });
});
