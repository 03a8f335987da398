/** WeChat API client against the fake WeChat API; adapter.push and its 48 h window. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WechatApi, WechatApiError } from '../../../src/integrations/wechat-oa/api.js';
import { WechatOaAdapter } from '../../../src/integrations/wechat-oa/adapter.js';
import { wechatOaConfigSchema } from '../../../src/integrations/wechat-oa/config.js';
import { createMenu, defaultMenu } from '../../../src/integrations/wechat-oa/menu.js';
import { menuItemKeyOf } from '../../../src/integrations/wechat-oa/config.js';
import { MENU_ITEMS } from '../../helpers/menu.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { FakeClock } from '../../helpers/clock.js';
import { createTestDb, type TestDb } from '../../helpers/db.js';
import { startFakeWechatApi, type FakeWechatApi } from '../../helpers/fake-wechat-api.js';

const CUSTOM_SEND = '/cgi-bin/message/custom/send';
let fake: FakeWechatApi;
let clock: FakeClock;
let api: WechatApi;

beforeEach(async () => {
  fake = await startFakeWechatApi();
  clock = new FakeClock();
  api = new WechatApi({ appId: 'wx1', appSecret: 's1', baseUrl: fake.url, clock, log: silentLogger });
});
afterEach(() => fake.close());

describe('WechatApi access_token', () => {
  it('fetches once and caches; refreshes 5 minutes before the 7200 s expiry', async () => {
    expect(await api.accessToken()).toBe('TOKEN_1');
    clock.advance(7200_000 - 5 * 60_000 - 1000);
    expect(await api.accessToken()).toBe('TOKEN_1');
    clock.advance(2000);
    expect(await api.accessToken()).toBe('TOKEN_2');
    expect(fake.callsTo('/cgi-bin/token')[0]!.query).toMatchObject({ grant_type: 'client_credential', appid: 'wx1', secret: 's1' });
  });

  it('one refresh at a time: concurrent callers share one token request', async () => {
    fake.tokenDelayMs = 30;
    const tokens = await Promise.all(Array.from({ length: 10 }, () => api.accessToken()));
    expect(new Set(tokens)).toEqual(new Set(['TOKEN_1']));
    expect(fake.tokensIssued).toBe(1);
  });

  it('retries once with a new token after 40001 / 42001 / 40014', async () => {
    for (const code of [40001, 42001, 40014]) {
      fake.failNext(CUSTOM_SEND, code);
      await api.sendText('o1', `hi ${code}`);
    }
    expect(fake.texts('o1')).toEqual(['hi 40001', 'hi 42001', 'hi 40014']);
    expect(fake.tokensIssued).toBe(4);
  });

  it('refreshes when WeChat revoked the token, concurrently only once', async () => {
    await api.sendText('o1', 'a');
    fake.revokeTokens();
    await Promise.all([api.sendText('o1', 'b'), api.sendText('o1', 'c')]);
    expect(fake.texts('o1').sort()).toEqual(['a', 'b', 'c']);
    expect(fake.tokensIssued).toBe(2);
  });

  it('gives up after the second token error and reports other errors as WechatApiError', async () => {
    fake.failNext(CUSTOM_SEND, 40001);
    fake.failNext(CUSTOM_SEND, 40001);
    await expect(api.sendText('o1', 'x')).rejects.toMatchObject({ errcode: 40001 });
    fake.failNext(CUSTOM_SEND, 45015, 'response out of time limit');
    const err = await api.sendText('o1', 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatApiError);
    expect(err).toMatchObject({ errcode: 45015 });
  });

  it('a token endpoint error is reported', async () => {
    fake.failNext('/cgi-bin/token', 40125, 'invalid appsecret');
    await expect(api.accessToken()).rejects.toMatchObject({ errcode: 40125 });
  });
});

describe('WechatApi messages and menu', () => {
  it('custom/send sends {touser, msgtype: text, text: {content}}', async () => {
    await api.sendText('o1', '你好');
    expect(fake.callsTo(CUSTOM_SEND)[0]!.body).toEqual({ touser: 'o1', msgtype: 'text', text: { content: '你好' } });
  });

  it('template send returns msgid', async () => {
    const id = await api.sendTemplate({ touser: 'o1', template_id: 'T1', data: { content: { value: 'x' } } });
    expect(id).toBe('1001');
  });

  it('createMenu uploads the default menu (3 top buttons, keys mapped back by config)', async () => {
    const { wechatOa } = wechatOaConfigSchema.parse({
      WECHAT_TOKEN: 'tok123',
      WECHAT_APPID: 'wx1',
      WECHAT_APPSECRET: 's1',
      WECHAT_API_BASE_URL: fake.url,
    });
    const menu = await createMenu(wechatOa!, MENU_ITEMS, { log: silentLogger, clock });
    expect(menu).toEqual(defaultMenu(MENU_ITEMS));
    const body = fake.callsTo('/cgi-bin/menu/create')[0]!.body as { button: { name: string; key?: string }[] };
    expect(body.button.map((b) => b.name)).toEqual(['问政策', '找课程', '更多']);
    expect(menuItemKeyOf(wechatOa!.menuKeys, body.button[0]!.key!)).toBe('policy');
  });
});

describe('WechatOaAdapter.push (48 h window)', () => {
  let testDb: TestDb;
  beforeAll(async () => {
    testDb = await createTestDb();
    await testDb.db.channelIdentity.create({
      data: { channel: 'wechat-oa', channelUserId: 'oActive', lastInboundAt: new Date('2026-11-28T00:00:00Z'), user: { create: {} } },
    });
  });
  afterAll(() => testDb.destroy());

  function adapter(env: Record<string, string> = {}) {
    const { wechatOa } = wechatOaConfigSchema.parse({
      WECHAT_TOKEN: 'tok123',
      WECHAT_APPID: 'wx1',
      WECHAT_APPSECRET: 's1',
      WECHAT_API_BASE_URL: fake.url,
      ...env,
    });
    return new WechatOaAdapter({ config: wechatOa!, api, db: testDb.db, clock, log: silentLogger });
  }

  it('inside the window: customer-service messages, long ones split', async () => {
    clock.set('2026-11-29T12:00:00Z'); // 36 h later
    const receipts = await adapter().push('oActive', [{ text: '提醒：明天上课。' }, { text: '好。'.repeat(400) }]);
    expect(receipts).toEqual([{ status: 'sent' }, { status: 'sent' }]);
    const texts = fake.texts('oActive');
    expect(texts[0]).toBe('提醒：明天上课。');
    expect(texts.length).toBe(3);
    expect(texts.slice(1).join('')).toBe('好。'.repeat(400));
  });

  it('outside the window: the reminder template when configured, else failed', async () => {
    clock.set('2026-11-30T00:00:01Z'); // 48 h + 1 s
    const withTemplate = await adapter({ WECHAT_TEMPLATE_ID_REMINDER: 'TPL_REMIND' }).push('oActive', [{ text: '提醒：明天上课。' }]);
    expect(withTemplate).toEqual([{ status: 'sent', providerMessageId: '1001' }]);
    expect(fake.callsTo('/cgi-bin/message/template/send')[0]!.body).toEqual({
      touser: 'oActive',
      template_id: 'TPL_REMIND',
      data: { content: { value: '提醒：明天上课。' } },
    });
    const without = await adapter().push('oActive', [{ text: 'x' }]);
    expect(without[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/48 h/) });
    expect(fake.callsTo(CUSTOM_SEND)).toHaveLength(0);
    // Unknown users have no window either.
    expect((await adapter().push('oNobody', [{ text: 'x' }]))[0]!.status).toBe('failed');
  });

  it('falls back to the template when WeChat answers 45015 (window closed)', async () => {
    clock.set('2026-11-28T01:00:00Z');
    fake.failNext(CUSTOM_SEND, 45015, 'response out of time limit');
    const receipts = await adapter({ WECHAT_TEMPLATE_ID_REMINDER: 'TPL_REMIND' }).push('oActive', [{ text: 'a' }]);
    expect(receipts[0]!.status).toBe('sent');
    expect(fake.callsTo('/cgi-bin/message/template/send')).toHaveLength(1);
  });
});

describe('wechatOaConfigSchema', () => {
  it('is null without WECHAT_TOKEN and requires appid/secret with it', () => {
    expect(wechatOaConfigSchema.parse({}).wechatOa).toBeNull();
    expect(wechatOaConfigSchema.safeParse({ WECHAT_TOKEN: 'tok123' }).success).toBe(false);
    expect(wechatOaConfigSchema.safeParse({ WECHAT_TOKEN: 'tok123', WECHAT_APPID: 'a', WECHAT_APPSECRET: 'b', WECHAT_ENCODING_AES_KEY: 'short' }).success).toBe(false);
    expect(wechatOaConfigSchema.safeParse({ WECHAT_TOKEN: 'tok123', WECHAT_APPID: 'a', WECHAT_APPSECRET: 'b', WECHAT_MENU_JSON: '{' }).success).toBe(false);
    const ok = wechatOaConfigSchema.parse({ WECHAT_TOKEN: 'tok123', WECHAT_APPID: 'a', WECHAT_APPSECRET: 'b' }).wechatOa!;
    expect(ok).toMatchObject({ apiBaseUrl: 'https://api.weixin.qq.com', replyBudgetMs: 4000, menu: null });
  });
});
