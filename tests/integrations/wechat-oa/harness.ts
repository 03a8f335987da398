/**
 * Test harness for the Official Account channel: the channel around a given Bot, a test DB,
 * a fake WeChat API and an HTTP server on 127.0.0.1; `post` signs (plain) or encrypts (safe /
 * compatibility mode) a fixture the way WeChat does and decodes the reply.
 */
import { readFileSync } from 'node:fs';
import express from 'express';
import type { Bot } from '../../../src/bot/pipeline.js';
import { errorHandler } from '../../../src/http/errors.js';
import { createWechatOaChannel, type WechatOaChannel } from '../../../src/integrations/wechat-oa/index.js';
import { wechatOaConfigSchema, type WechatOaConfig } from '../../../src/integrations/wechat-oa/config.js';
import { sha1Signature, WechatCrypto } from '../../../src/integrations/wechat-oa/crypto.js';
import { parseXmlRoot } from '../../../src/integrations/wechat-oa/xml.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { FakeClock } from '../../helpers/clock.js';
import { createTestDb, type TestDb } from '../../helpers/db.js';
import { startFakeWechatApi, type FakeWechatApi } from '../../helpers/fake-wechat-api.js';
import { listen, type Listening } from '../../helpers/http.js';

export const TEST_TOKEN = 'skillsbot2026';
export const TEST_APPID = 'wx0123456789abcdef';
export const TEST_AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
export const OA_USER = 'oUser_test_0001';

const FIXTURES = new URL('../../fixtures/wechat-oa/', import.meta.url);

/** A raw fixture, e.g. fixture('text'). */
export function fixture(name: string): string {
  return readFileSync(new URL(`${name}.xml`, FIXTURES), 'utf8');
}

/** The same payload with another MsgId. */
export function withMsgId(xml: string, id: string): string {
  return xml.replace(/<MsgId>\d+<\/MsgId>/, `<MsgId>${id}</MsgId>`);
}

/** The same text payload with other content. */
export function withContent(xml: string, content: string): string {
  return xml.replace(/<Content><!\[CDATA\[[^\]]*\]\]><\/Content>/, `<Content><![CDATA[${content}]]></Content>`);
}

export type PostMode = 'plain' | 'aes' | 'compat';

export interface PostResult {
  status: number;
  body: string;
  /** Content of the passive text reply (decrypted in safe mode); null for "success"/empty. */
  reply: string | null;
}

export interface OaHarness {
  channel: WechatOaChannel;
  config: WechatOaConfig;
  api: FakeWechatApi;
  db: TestDb['db'];
  clock: FakeClock;
  http: Listening;
  crypto: WechatCrypto;
  post(xml: string, options?: { mode?: PostMode; badSignature?: boolean }): Promise<PostResult>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  bot: Bot;
  env?: Record<string, string>;
  /**
   * Record ChannelIdentity.lastInboundAt before each turn (what the real pipeline's identify
   * stage does), so push() sees an open 48 h window with a fake bot. Default true.
   */
  touchIdentity?: boolean;
  testDb?: TestDb;
  clock?: FakeClock;
}

export async function startOaHarness(options: HarnessOptions): Promise<OaHarness> {
  const api = await startFakeWechatApi();
  const testDb = options.testDb ?? (await createTestDb());
  const clock = options.clock ?? new FakeClock();
  const { wechatOa } = wechatOaConfigSchema.parse({
    WECHAT_TOKEN: TEST_TOKEN,
    WECHAT_APPID: TEST_APPID,
    WECHAT_APPSECRET: 'secret0123456789',
    WECHAT_ENCODING_AES_KEY: TEST_AES_KEY,
    WECHAT_API_BASE_URL: api.url,
    WECHAT_REPLY_BUDGET_MS: '2000', // generous: tests that need a late answer hold the bot instead
    ...options.env,
  });
  const config = wechatOa!;
  const db = testDb.db;
  const bot: Bot =
    options.touchIdentity === false
      ? options.bot
      : {
          async handle(msg, adapter, handleOptions) {
            const key = { channel: msg.channel, channelUserId: msg.channelUserId };
            await db.channelIdentity.upsert({
              where: { channel_channelUserId: key },
              update: { lastInboundAt: clock.now() },
              create: { ...key, lastInboundAt: clock.now(), user: { create: {} } },
            });
            return options.bot.handle(msg, adapter, handleOptions);
          },
          use: (mw) => options.bot.use(mw),
        };
  const channel = createWechatOaChannel({ config, bot, db, log: silentLogger, clock });
  const app = express();
  app.use(channel.router);
  app.use(errorHandler(silentLogger));
  const http = await listen(app);
  const crypto = new WechatCrypto(TEST_TOKEN, TEST_AES_KEY, TEST_APPID);

  async function post(xml: string, opts: { mode?: PostMode; badSignature?: boolean } = {}): Promise<PostResult> {
    const mode = opts.mode ?? 'plain';
    const timestamp = String(Math.floor(clock.now().getTime() / 1000));
    const nonce = `n${Math.floor(Math.random() * 1e9)}`;
    const q = new URLSearchParams({ timestamp, nonce, openid: OA_USER });
    let signature = sha1Signature([TEST_TOKEN, timestamp, nonce]);
    let body = xml;
    if (mode !== 'plain') {
      const enc = crypto.encrypt(xml);
      const inner = xml.trim().replace(/^<xml>/, '').replace(/<\/xml>$/, '');
      const to = /<ToUserName>(.*?)<\/ToUserName>/.exec(xml)?.[1] ?? '';
      body =
        mode === 'aes'
          ? `<xml><ToUserName>${to}</ToUserName><Encrypt><![CDATA[${enc}]]></Encrypt></xml>`
          : `<xml>${inner}<Encrypt><![CDATA[${enc}]]></Encrypt></xml>`;
      let msgSignature = crypto.signature(timestamp, nonce, enc);
      if (opts.badSignature) msgSignature = msgSignature.replace(/^./, (c) => (c === '0' ? '1' : '0'));
      q.set('encrypt_type', 'aes');
      q.set('msg_signature', msgSignature);
    } else if (opts.badSignature) {
      signature = signature.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    }
    q.set('signature', signature);
    const res = await fetch(`${http.url}/wechat/oa?${q}`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body,
    });
    const text = await res.text();
    return { status: res.status, body: text, reply: decodeReply(text, crypto) };
  }

  return {
    channel,
    config,
    api,
    db,
    clock,
    http,
    crypto,
    post,
    async close() {
      await channel.idle();
      await http.close();
      await api.close();
      if (!options.testDb) await testDb.destroy();
    },
  };
}

/** The text content of a passive reply, decrypting (and checking MsgSignature) in safe mode. */
export function decodeReply(body: string, crypto: WechatCrypto): string | null {
  if (!body.startsWith('<xml>')) return null;
  let root = parseXmlRoot(body);
  if (typeof root.Encrypt === 'string') {
    const expected = crypto.signature(String(root.TimeStamp), String(root.Nonce), root.Encrypt);
    if (expected !== root.MsgSignature) throw new Error('reply MsgSignature does not match');
    root = parseXmlRoot(crypto.decrypt(root.Encrypt));
  }
  return typeof root.Content === 'string' ? root.Content : null;
}
