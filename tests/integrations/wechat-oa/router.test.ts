/** The /wechat/oa routes: verification, parsing, safe mode, the 5-second rule and retries. */
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import type { InboundMessage, OutboundMessage } from '../../../src/bot/message.js';
import type { Bot } from '../../../src/bot/pipeline.js';
import { texts } from '../../../src/bot/texts.js';
import { sha1Signature } from '../../../src/integrations/wechat-oa/crypto.js';
import { fixture, OA_USER, startOaHarness, TEST_AES_KEY, TEST_APPID, TEST_TOKEN, withContent, withMsgId, type OaHarness } from './harness.js';

/** A fake bot with the pipeline's dedupe; `hold()` makes the next turns wait for `release()`. */
class GatedBot implements Bot {
  readonly calls: InboundMessage[] = [];
  readonly turns: InboundMessage[] = [];
  answer: (msg: InboundMessage) => OutboundMessage[] = (m) => [{ text: `收到：${m.text ?? ''}` }];
  fail = false;
  use(): void {}
  private gate: Promise<void> | null = null;
  private open: () => void = () => {};
  private readonly done = new Map<string, OutboundMessage[]>();
  hold() {
    this.gate = new Promise((r) => (this.open = r));
  }
  release() {
    this.open();
    this.gate = null;
  }
  async handle(msg: InboundMessage) {
    this.calls.push(msg);
    const seen = this.done.get(msg.messageId);
    if (seen) return { replies: seen, duplicate: true };
    this.turns.push(msg);
    if (this.gate) await this.gate;
    if (this.fail) throw new Error('database down');
    const replies = this.answer(msg);
    this.done.set(msg.messageId, replies);
    return { replies, duplicate: false, userId: 1 };
  }
}

const CUSTOM_SEND = '/cgi-bin/message/custom/send';
/** Budget for tests that hold the bot past it (each such request waits this long). */
const HOLD = { WECHAT_REPLY_BUDGET_MS: '400' };
let h: OaHarness;
let bot: GatedBot;

async function start(env: Record<string, string> = {}) {
  bot = new GatedBot();
  h = await startOaHarness({ bot, env: { WECHAT_REPLY_BUDGET_MS: '1500', ...env } });
}

afterEach(async () => {
  bot?.release();
  await h?.close();
});

describe('GET /wechat/oa (URL verification)', () => {
  it('echoes echostr for a good signature, 401 for a bad one, 400 without parameters', async () => {
    await start();
    const ts = String(Math.floor(h.clock.now().getTime() / 1000));
    const q = new URLSearchParams({ timestamp: ts, nonce: 'abc', echostr: '4711' });
    const signature = sha1Signature([TEST_TOKEN, ts, 'abc']);
    const ok = await fetch(`${h.http.url}/wechat/oa?${q}&signature=${signature}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('4711');
    const bad = await fetch(`${h.http.url}/wechat/oa?${q}&signature=${'0'.repeat(40)}`);
    expect(bad.status).toBe(401);
    expect((await fetch(`${h.http.url}/wechat/oa`)).status).toBe(400);
  });
});

describe('POST /wechat/oa: parsing', () => {
  it('text → a turn; the answer comes back as a passive XML reply', async () => {
    await start();
    const res = await h.post(fixture('text'));
    expect(res.status).toBe(200);
    expect(res.body).toContain('<ToUserName><![CDATA[oUser_test_0001]]></ToUserName>');
    expect(res.body).toContain('<FromUserName><![CDATA[gh_0123456789ab]]></FromUserName>');
    expect(res.reply).toBe('收到：残疾人能参加培训吗？');
    expect(bot.turns[0]).toMatchObject({
      channel: 'wechat-oa',
      channelUserId: OA_USER,
      messageId: '24412345678901234',
      text: '残疾人能参加培训吗？',
      conversation: { kind: 'private' },
    });
    expect(h.api.callsTo(CUSTOM_SEND)).toHaveLength(0);
  });

  it('voice: Recognition becomes text; without it the message is flagged unrecognized', async () => {
    await start();
    await h.post(fixture('voice'));
    await h.post(fixture('voice-unrecognized'));
    expect(bot.turns[0]).toMatchObject({ text: '我想学电工' });
    expect(bot.turns[1]).toMatchObject({ unrecognizedVoice: true });
    expect(bot.turns[1]!.text).toBeUndefined();
  });

  it('location: Location_X = lat, Location_Y = lng, Label', async () => {
    await start();
    await h.post(fixture('location'));
    expect(bot.turns[0]!.location).toEqual({ lat: 36.061089, lng: 103.834304, label: '甘肃省兰州市城关区东岗西路' });
  });

  it('events: subscribe with qrscene source, unsubscribe, CLICK → menu key, LOCATION → location-report', async () => {
    await start();
    await h.post(fixture('subscribe-qrscene'));
    await h.post(fixture('unsubscribe'));
    await h.post(fixture('click'));
    await h.post(fixture('location-event'));
    expect(bot.turns.map((t) => t.event)).toEqual([
      { type: 'subscribe', source: 'qrscene_dingxi_anding' },
      { type: 'unsubscribe' },
      { type: 'menu', key: 'courses' },
      { type: 'location-report' },
    ]);
    expect(bot.turns[0]!.messageId).toBe('event:oUser_test_0002:1764295440:subscribe');
  });

  it('custom CLICK keys come from WECHAT_MENU_KEYS; unknown keys and VIEW are acknowledged without a turn', async () => {
    await start({ WECHAT_MENU_KEYS: 'BTN_A=policy' });
    await h.post(fixture('click').replace('MENU_COURSES', 'BTN_A'));
    const unknown = await h.post(fixture('click').replace('MENU_COURSES', 'NOPE').replace('1764295560', '1764295561'));
    const view = await h.post(fixture('view'));
    expect(bot.turns.map((t) => t.event)).toEqual([{ type: 'menu', key: 'policy' }]);
    expect(unknown.body).toBe('success');
    expect(view.body).toBe('success');
  });

  it('image and other types become a turn marked unsupported (the pipeline answers with a hint)', async () => {
    await start();
    await h.post(fixture('image'));
    expect(bot.turns.map((t) => t.unsupported)).toEqual(['image']);
  });

  it('rejects a bad signature (401), bad XML and invalid fields (400) without a turn', async () => {
    await start();
    expect((await h.post(fixture('text'), { badSignature: true })).status).toBe(401);
    expect((await h.post('<xml><ToUserName>x</ToUserName')).status).toBe(400);
    expect((await h.post('not xml')).status).toBe(400);
    const bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' + fixture('text').replace('残疾人', '&a;');
    expect((await h.post(bomb)).status).toBe(400);
    expect((await h.post(fixture('location').replace('36.061089', '936.1'))).status).toBe(400);
    expect((await h.post(fixture('text').replace('<MsgId>24412345678901234</MsgId>', ''))).status).toBe(400);
    expect(bot.calls).toHaveLength(0);
  });

  it('escapes "]]>" in reply content', async () => {
    await start();
    bot.answer = () => [{ text: 'a]]>b' }];
    const res = await h.post(fixture('text'));
    expect(res.reply).toBe('a]]>b');
  });
});

describe('POST /wechat/oa: safe mode (encrypt_type=aes)', () => {
  it('decrypts, checks msg_signature and encrypts the reply (readable by wechat-crypto)', async () => {
    await start();
    const res = await h.post(fixture('text'), { mode: 'aes' });
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/^<xml><Encrypt>.*<\/Encrypt><MsgSignature>.*<TimeStamp>\d+<\/TimeStamp><Nonce>/);
    expect(res.reply).toBe('收到：残疾人能参加培训吗？');
    const require = createRequire(import.meta.url);
    const Legacy = require('wechat-crypto') as new (t: string, k: string, id: string) => { decrypt(s: string): { message: string; id: string } };
    const enc = /<Encrypt><!\[CDATA\[(.*?)\]\]><\/Encrypt>/.exec(res.body)![1]!;
    const { message, id } = new Legacy(TEST_TOKEN, TEST_AES_KEY, TEST_APPID).decrypt(enc);
    expect(id).toBe(TEST_APPID);
    expect(message).toContain('<Content><![CDATA[收到：残疾人能参加培训吗？]]></Content>');
  });

  it('rejects a bad msg_signature with 401', async () => {
    await start();
    expect((await h.post(fixture('text'), { mode: 'aes', badSignature: true })).status).toBe(401);
    expect(bot.calls).toHaveLength(0);
  });

  it('compatibility mode (plaintext and Encrypt) uses the encrypted part', async () => {
    await start();
    const res = await h.post(fixture('location'), { mode: 'compat' });
    expect(res.status).toBe(200);
    expect(res.reply).toBe('收到：');
    expect(bot.turns[0]!.location?.lat).toBeCloseTo(36.061089);
  });

  it('without a configured key, compatibility mode falls back to the plaintext and its signature', async () => {
    await start({ WECHAT_ENCODING_AES_KEY: '' });
    const res = await h.post(fixture('text'), { mode: 'compat' });
    expect(res.status).toBe(200);
    expect(res.reply).toBe('收到：残疾人能参加培训吗？');
    expect((await h.post(withMsgId(fixture('text'), '1'), { mode: 'aes' })).status).toBe(400);
  });
});

describe('POST /wechat/oa: the 5-second rule and retries', () => {
  it('a slow answer: "success" at once, then the answer through custom/send', async () => {
    await start(HOLD);
    bot.hold();
    const res = await h.post(fixture('text'));
    expect(res.body).toBe('success');
    bot.release();
    await h.channel.idle();
    expect(h.api.texts(OA_USER)).toEqual(['收到：残疾人能参加培训吗？']);
  });

  it('a retry while the turn runs does not run it twice and gets the answer passively (no custom/send)', async () => {
    await start({ WECHAT_REPLY_BUDGET_MS: '1500' });
    bot.hold();
    expect((await h.post(fixture('text'))).body).toBe('success');
    const retry = h.post(fixture('text'));
    // Release the turn only once the retry is waiting for it (no timing assumptions).
    while (h.channel.pending.waiting('24412345678901234') === 0) await new Promise((r) => setTimeout(r, 5));
    bot.release();
    expect((await retry).reply).toBe('收到：残疾人能参加培训吗？');
    await h.channel.idle();
    expect(bot.turns).toHaveLength(1);
    expect(h.api.callsTo(CUSTOM_SEND)).toHaveLength(0);
  });

  it('a retry after the answer was pushed gets "success" (never sent twice)', async () => {
    await start(HOLD);
    bot.hold();
    await h.post(fixture('text'));
    bot.release();
    await h.channel.idle();
    const retry = await h.post(fixture('text'));
    expect(retry.body).toBe('success');
    expect(h.api.texts(OA_USER)).toHaveLength(1);
    expect(bot.turns).toHaveLength(1);
  });

  it('a retry after a passive answer gets the same answer again, one turn', async () => {
    await start();
    const a = await h.post(fixture('text'));
    const b = await h.post(fixture('text'));
    expect(b.reply).toBe(a.reply);
    expect(bot.turns).toHaveLength(1);
    expect(h.api.callsTo(CUSTOM_SEND)).toHaveLength(0);
  });

  it('when the late push fails, a retry still gets the answer passively', async () => {
    await start(HOLD);
    h.api.failNext(CUSTOM_SEND, 45009, 'reach max api daily quota limit');
    bot.hold();
    await h.post(fixture('text'));
    bot.release();
    await h.channel.idle();
    expect(h.api.texts(OA_USER)).toHaveLength(0);
    expect((await h.post(fixture('text'))).reply).toBe('收到：残疾人能参加培训吗？');
  });

  it('a turn that throws is forgotten, so the retry runs it', async () => {
    await start(HOLD);
    bot.fail = true;
    expect((await h.post(fixture('text'))).body).toBe('success');
    await h.channel.idle();
    bot.fail = false;
    const turnsBefore = bot.turns.length;
    // The fake bot recorded the failed attempt as a turn but stored no replies: it runs again.
    expect((await h.post(fixture('text'))).reply).toBe('收到：残疾人能参加培训吗？');
    expect(bot.turns.length).toBe(turnsBefore + 1);
  });
});

describe('POST /wechat/oa: long and multiple replies', () => {
  it('splits at sentence boundaries: first part passive (≤ 600), the rest via custom/send', async () => {
    await start();
    const sentence = '甘肃省职业技能培训补贴按培训后取得证书的等级给予相应补贴。';
    const long = sentence.repeat(45); // ~1300 characters
    bot.answer = () => [{ text: long }];
    const res = await h.post(fixture('text'));
    await h.channel.idle();
    const pushed = h.api.texts(OA_USER);
    const all = [res.reply!, ...pushed];
    expect(all.length).toBeGreaterThanOrEqual(3);
    for (const part of all) {
      expect([...part].length).toBeLessThanOrEqual(600);
      expect(part.endsWith('。')).toBe(true);
    }
    expect(all.join('')).toBe(long);
  });

  it('packs short replies (welcome + menu) into one passive message', async () => {
    await start();
    const menuText = '请回复数字：\n1 问政策\n2 找课程\n随时回复“菜单”回到这里';
    bot.answer = () => [{ text: texts.welcome }, { text: menuText }];
    const res = await h.post(withContent(fixture('text'), '你好'));
    await h.channel.idle();
    expect(res.reply).toBe(`${texts.welcome}\n\n${menuText}`);
    expect(h.api.callsTo(CUSTOM_SEND)).toHaveLength(0);
  });
});
