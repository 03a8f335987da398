/**
 * Contract subject: the SMS channel with the Kannel provider over HTTP. Kannel's sendsms is a
 * loopback fake here (fast, per test); the real bearerbox/smsbox/fakesmsc loop is
 * tests/integrations/sms/kannel.test.ts. No signatures: the callback URL carries a shared secret,
 * so "bad signature" = wrong secret → 404 and no turn.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import express from 'express';
import type { Bot } from '../../../src/bot/pipeline.js';
import { errorHandler } from '../../../src/http/errors.js';
import { createSmsChannel, type SmsChannelModule } from '../../../src/integrations/sms/index.js';
import { KannelProvider } from '../../../src/integrations/sms/providers/kannel.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { createTestDb, type TestDb } from '../../helpers/db.js';
import { FakeSmsApi } from '../sms/fake-cloud.js';
import type { ChannelSubject } from './types.js';

export interface KannelMoRaw {
  query: Record<string, string>;
  contentType: string;
  body: string;
}

const SECRET = 'contract-secret-0123456789';
const mo = JSON.parse(readFileSync(new URL('../../fixtures/sms/kannel-mo.json', import.meta.url), 'utf8')) as KannelMoRaw;

let state: { db: TestDb; api: FakeSmsApi; server: Server; base: string; sms: SmsChannelModule } | null = null;
const s = () => {
  if (!state) throw new Error('sms subject: setup() first');
  return state;
};

/** Texts Kannel was asked to send to `to` since request index `from`. */
const sentTo = (to: string, from: number) =>
  s().api.requests.slice(from).filter((r) => r.headers['x-kannel-to'] === to).map((r) => r.body);

const post = (raw: KannelMoRaw, secret = SECRET) =>
  fetch(`${s().base}/sms/kannel/${secret}/mo?${new URLSearchParams(raw.query)}`, {
    method: 'POST',
    body: raw.body,
    headers: { 'content-type': raw.contentType },
  });

export const subject: ChannelSubject<KannelMoRaw> = {
  name: 'sms',
  fixtures: {
    text: { raw: mo, expect: { channel: 'sms', channelUserId: '13912345678', text: '我想学电工', messageId: `kannel:${mo.query.id}` } },
  },
  userId: '13800000000',
  async setup(bot: Bot) {
    const db = await createTestDb();
    const api = await new FakeSmsApi().start();
    const http = express();
    http.use((req, res, next) => s().sms.router(req, res, next));
    http.use(errorHandler(silentLogger));
    const server: Server = await new Promise((resolve) => {
      const srv = http.listen(0, '127.0.0.1', () => resolve(srv));
    });
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const provider = new KannelProvider({
      sendsmsUrl: `http://${api.host}/cgi-bin/sendsms`,
      username: 'bot',
      password: 'pw',
      from: '10690000',
      dlrUrl: `${base}/sms/kannel/${SECRET}/dlr`,
    });
    const sms = createSmsChannel({
      config: { provider: 'kannel', maxSegments: 3, allowedIps: [], callbackSecret: SECRET, kannel: { sendsmsUrl: '', username: '', password: '' } },
      bot,
      db: db.db,
      log: silentLogger,
      clock: { now: () => new Date() },
      provider,
    });
    state = { db, api, server, base, sms };
    return sms.adapter;
  },
  async teardown() {
    if (!state) return;
    const { server, api, db } = state;
    state = null;
    await new Promise((r) => server.close(r));
    await api.stop();
    await db.destroy();
  },
  async deliver(raw) {
    const from = s().api.requests.length;
    const res = await post(raw);
    if (res.status !== 200) throw new Error(`MO rejected: ${res.status} ${await res.text()}`);
    return sentTo(raw.query.from!, from);
  },
  withNewId(raw, id) {
    return { ...raw, query: { ...raw.query, id } };
  },
  async send(userId, text) {
    const from = s().api.requests.length;
    await s().sms.adapter.push(userId, [{ text }]);
    return sentTo(userId, from);
  },
  async badSignature(raw) {
    const res = await post(raw, 'wrong-secret-00000000000');
    return res.status === 404;
  },
};
