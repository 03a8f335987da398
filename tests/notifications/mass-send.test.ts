/**
 * Broadcasts to Official Account followers outside the 48 h window with no template for the kind:
 * WeChat's mass-send by openid list, in batches, each row with its own status and the job's msg_id
 * as receipt; WeChat's allowance (service: N per follower per month; subscription: one job a day);
 * a batch too small, a refusal or mass-send off → the next channel (SMS) or unreachable; a crash
 * between the call and the record re-sends under the same clientmsgid and nobody gets it twice.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSmsChannel } from '../../src/integrations/sms/index.js';
import { WechatApi } from '../../src/integrations/wechat-oa/api.js';
import { WechatOaAdapter } from '../../src/integrations/wechat-oa/adapter.js';
import { wechatOaConfigSchema } from '../../src/integrations/wechat-oa/config.js';
import { OutboundSender } from '../../src/notifications/sender.js';
import { silentLogger } from '../../src/shared/logger.js';
import { createTestApp, type TestApp } from '../helpers/fake-channel.js';
import { startFakeWechatApi, type FakeWechatApi } from '../helpers/fake-wechat-api.js';
import { listen, staffAuth } from '../helpers/http.js';
import { RecordingProvider } from '../integrations/sms/harness.js';

const MASS = '/cgi-bin/message/mass/send';
let t: TestApp;
let fake: FakeWechatApi;
let sms: RecordingProvider;
let n = 0;

async function setup(env: Record<string, string> = {}) {
  t = await createTestApp({ outbound: { ANNOUNCEMENTS_PER_WEEK: 50 } });
  t.clock.set('2026-11-28T02:00:00Z'); // 10:00 China time
  fake = await startFakeWechatApi();
  const { wechatOa } = wechatOaConfigSchema.parse({
    WECHAT_TOKEN: 'tok123', WECHAT_APPID: 'wx1', WECHAT_APPSECRET: 's1', WECHAT_API_BASE_URL: fake.url,
    WECHAT_OA_MASS_SEND: 'on', WECHAT_OA_MASS_BATCH: '3', ...env,
  });
  const api = new WechatApi({ appId: 'wx1', appSecret: 's1', baseUrl: fake.url, clock: t.clock, log: silentLogger });
  t.app.notifier.register(new WechatOaAdapter({ config: wechatOa!, api, db: t.db, clock: t.clock, log: silentLogger }));
  sms = new RecordingProvider();
  t.app.notifier.register(createSmsChannel({ config: { provider: 'console', maxSegments: 3, allowedIps: [] }, bot: t.app.bot, db: t.db, log: silentLogger, clock: t.clock, provider: sms }).adapter);
}
beforeEach(() => {
  n = 0;
});
afterEach(async () => {
  await fake.close();
  await t.destroy();
});

/** An OA follower whose last message was `hoursAgo` ago, optionally with a confirmed phone. */
async function follower(hoursAgo = 72, phone?: string) {
  const id = `oFollower${++n}`;
  const u = await t.db.user.create({
    data: {
      ...(phone ? { phone, phoneConfirmedAt: t.clock.now() } : {}),
      identities: { create: { channel: 'wechat-oa', channelUserId: id, lastInboundAt: new Date(t.clock.now().getTime() - hoursAgo * 3600_000) } },
    },
  });
  return { openId: id, userId: u.id };
}

async function broadcast(userIds: number[], text = '【通知】榆中县电工班下周开课，免费培训') {
  const b = await t.db.broadcast.create({ data: { createdBy: 'admin', text, audience: '{"all":true}', sendAt: t.clock.now(), recipients: userIds.length } });
  await t.queue.enqueue(userIds.map((userId) => ({ userId, kind: 'broadcast', priority: 'announcement' as const, body: text, notBefore: t.clock.now(), idempotencyKey: `broadcast:${b.id}:${userId}`, broadcastId: b.id })));
  return b.id;
}

const sender = (owner = 'p1') =>
  new OutboundSender({ queue: t.queue, db: t.db, clock: t.clock, log: silentLogger, channels: t.app.notifier, config: t.outboundConfig(), owner });
const rows = (broadcastId: number) => t.db.outboxMessage.findMany({ where: { broadcastId }, orderBy: { id: 'asc' } });

describe('OA mass-send for broadcasts', () => {
  it('sends followers outside the window in batches of at most WECHAT_OA_MASS_BATCH (none below 2); the 48 h window still uses customer-service; a batch of one goes on the next route', async () => {
    await setup();
    const people = [];
    for (let i = 0; i < 6; i++) people.push(await follower());
    const last = await follower(72, '13900000007'); // 7 = 3 + 2 + 2, not 3 + 3 + 1
    const recent = await follower(2); // inside 48 h: customer-service message
    const id = await broadcast([...people, last, recent].map((p) => p.userId));
    const run = await sender().drain();
    expect(run).toMatchObject({ sent: 8, failed: 0, skipped: 0 });
    expect(fake.massJobs.map((j) => j.touser.length)).toEqual([3, 2, 2]);
    expect(fake.massJobs[0]!.touser).toEqual(people.slice(0, 3).map((p) => p.openId));
    expect(fake.massJobs[0]!.content).toBe('【通知】榆中县电工班下周开课，免费培训');
    expect(fake.massJobs.every((j) => j.clientMsgId && j.clientMsgId.length <= 64)).toBe(true);
    const out = await rows(id);
    const byUser = new Map(out.map((r) => [r.userId, r]));
    const jobOf = (openId: string) => String(fake.massJobs.find((j) => j.touser.includes(openId))!.msgId);
    for (const p of [...people, last]) {
      expect(byUser.get(p.userId)).toMatchObject({ status: 'sent', channel: 'wechat-oa', route: 'mass', providerMessageId: jobOf(p.openId) });
    }
    expect(byUser.get(recent.userId)).toMatchObject({ status: 'sent', route: 'cs' });
    expect(fake.texts(recent.openId)).toHaveLength(1);
    expect(await t.db.massSendJob.findMany({ select: { status: true, recipients: true, broadcastId: true } })).toEqual([3, 2, 2].map((recipients) => ({ status: 'submitted', recipients, broadcastId: id })));
    // Alone in a broadcast (WeChat needs 2 openids): by SMS when a phone is known, else unreachable (the staff call list).
    const lonely = await follower();
    const id2 = await broadcast([last.userId], '第二条');
    const id3 = await broadcast([lonely.userId], '第三条');
    await sender().drain();
    expect((await rows(id2))[0]).toMatchObject({ status: 'sent', channel: 'sms' });
    expect(sms.to('13900000007')).toEqual([expect.stringMatching(/^第二条.*拒收请回复R$/)]);
    expect((await rows(id3))[0]).toMatchObject({ status: 'skipped', skipReason: 'unreachable' });
    expect(fake.massJobs).toHaveLength(3);
  });

  it('a big broadcast claimed 100 rows at a time still goes in full batches (topped up from the same broadcast)', async () => {
    await setup({ WECHAT_OA_MASS_BATCH: '250' });
    const ids = [];
    for (let i = 0; i < 520; i++) ids.push((await follower()).userId);
    const id = await broadcast(ids);
    expect(await sender().drain()).toMatchObject({ sent: 520 });
    expect(fake.massJobs.map((j) => j.touser.length)).toEqual([250, 250, 20]);
    expect(new Set(fake.massJobs.flatMap((j) => j.touser)).size).toBe(520);
    expect((await rows(id)).every((r) => r.status === 'sent' && r.route === 'mass')).toBe(true);
    // Logged like single sends (the person's message history and export).
    expect(await t.db.messageLog.count({ where: { channel: 'wechat-oa', direction: 'out', kind: 'notice' } })).toBe(520);
  });

  it('off (the default): the same followers go by SMS or are unreachable', async () => {
    await setup({ WECHAT_OA_MASS_SEND: 'off' });
    const a = await follower(72, '13900000001');
    const b = await follower();
    const c = await follower();
    const id = await broadcast([a.userId, b.userId, c.userId]);
    await sender().drain();
    expect(fake.callsTo(MASS)).toHaveLength(0);
    expect((await rows(id)).map((r) => r.channel ?? r.skipReason)).toEqual(['sms', 'unreachable', 'unreachable']);
  });

  it('service account: WECHAT_OA_MASS_PER_MONTH per follower per calendar month (China time), then the next channel', async () => {
    await setup({ WECHAT_OA_MASS_PER_MONTH: '1' });
    const a = await follower(72, '13900000001');
    const b = await follower();
    const c = await follower();
    const all = [a.userId, b.userId, c.userId];
    await broadcast(all, '第一条');
    await sender().drain();
    expect(fake.massJobs).toHaveLength(1);
    const second = await broadcast(all, '第二条');
    await sender().drain();
    expect(fake.massJobs).toHaveLength(1);
    expect((await rows(second)).map((r) => r.channel ?? r.skipReason)).toEqual(['sms', 'unreachable', 'unreachable']);
    t.clock.set('2026-11-30T16:00:00Z'); // 00:00 on 1 December, China time
    await broadcast(all, '第三条');
    await sender().drain();
    expect(fake.massJobs.map((j) => j.content)).toEqual(['第一条', '第三条']);
  });

  it('subscription account: one mass job a day; the rest of the day goes on the next route', async () => {
    await setup({ WECHAT_OA_ACCOUNT_TYPE: 'subscription' });
    const people = [await follower(), await follower(), await follower(), await follower(72, '13900000004'), await follower(72, '13900000005')];
    const id = await broadcast(people.map((p) => p.userId));
    await sender().drain();
    expect(fake.massJobs.map((j) => j.touser.length)).toEqual([3]);
    expect((await rows(id)).map((r) => r.route ?? r.skipReason)).toEqual(['mass', 'mass', 'mass', 'direct', 'direct']);
    expect(sms.sent.map((s) => s.to)).toEqual(['13900000004', '13900000005']);
  });

  it('a refusal for good (45028, no quota left) sends each row on its next route at once; a transient error retries the same batch', async () => {
    await setup();
    const a = await follower(72, '13900000001');
    const b = await follower();
    fake.failNext(MASS, 45028, 'has no masssend quota');
    const id = await broadcast([a.userId, b.userId]);
    await sender().drain();
    expect((await rows(id)).map((r) => [r.status, r.channel ?? r.skipReason, r.providerMessageId === null || !r.providerMessageId.startsWith('batch:')])).toEqual([
      ['sent', 'sms', true],
      ['queued', null, true], // no other route: retried later, counted as an attempt
    ]);
    expect(await t.db.massSendJob.findFirstOrThrow()).toMatchObject({ status: 'failed', error: expect.stringContaining('45028') });

    const c = await follower();
    const d = await follower();
    fake.failNext(MASS, -1, 'system error');
    const id2 = await broadcast([c.userId, d.userId], '第二条');
    expect(await sender().drain()).toMatchObject({ retried: 2 });
    const keys = new Set((await rows(id2)).map((r) => r.providerMessageId));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^batch:sb[0-9a-f]{32}$/);
    t.clock.advance(31_000);
    await sender().drain();
    const calls = fake.callsTo(MASS).filter((c) => (c.body as { text: { content: string } }).text.content === '第二条');
    expect(calls.map((c) => (c.body as { clientmsgid: string }).clientmsgid)).toEqual([[...keys][0]!.slice(6), [...keys][0]!.slice(6)]);
    expect((await rows(id2)).every((r) => r.status === 'sent' && r.route === 'mass')).toBe(true);
  });

  it('a crash after WeChat accepted a batch but before the rows were recorded: the restarted sender re-sends under the same clientmsgid and nobody gets it twice', async () => {
    await setup();
    const people = [await follower(), await follower(), await follower()];
    const id = await broadcast(people.map((p) => p.userId));
    const completeMany = t.queue.completeMany.bind(t.queue);
    t.queue.completeMany = async () => {
      throw new Error('killed');
    };
    await expect(sender('p1').runOnce()).rejects.toThrow('killed');
    t.queue.completeMany = completeMany;
    expect(fake.massJobs).toHaveLength(1);
    expect((await rows(id)).map((r) => r.status)).toEqual(['sending', 'sending', 'sending']);
    await sender('p2').drain(); // lease not expired yet: nothing
    expect(fake.callsTo(MASS)).toHaveLength(1);
    t.clock.advance(61_000);
    const run = await sender('p2').drain();
    expect(run).toMatchObject({ sent: 3 });
    expect(fake.callsTo(MASS)).toHaveLength(2); // re-sent under the same key …
    expect(fake.massJobs).toHaveLength(1); // … and WeChat sent nothing twice (45065)
    expect((await rows(id)).map((r) => [r.status, r.providerMessageId])).toEqual(people.map(() => ['sent', String(fake.massJobs[0]!.msgId)]));
    for (const p of people) expect(fake.massTexts(p.openId)).toHaveLength(1);
  });
});

describe('the broadcast preview says which route reaches whom', () => {
  async function preview(text = '【通知】电工班开课') {
    const http = await listen(t.app.http);
    const auth = await staffAuth(t.app.staff, http);
    const res = await http.post('/api/admin/broadcasts/preview', { text, audience: { all: true } }, auth);
    await http.close();
    expect(res.status).toBe(200);
    return (await res.json()) as { recipients: number; byChannel: Record<string, number>; routes: Record<string, number>; skipped: Record<string, number> };
  }

  it('customer-service, template, mass-send, SMS, and the unreachable in skipped', async () => {
    await setup();
    await follower(2); // inside 48 h
    for (let i = 0; i < 3; i++) await follower(); // outside: mass-send
    await t.db.user.create({ data: { phone: '13900000009', phoneConfirmedAt: t.clock.now() } }); // a phone only
    await t.db.user.create({ data: {} }); // nothing known
    const body = await preview();
    expect(body.routes).toEqual({ oa_customer_service: 1, oa_template: 0, oa_mass_send: 3, sms: 1, wechaty: 0, sim: 0 });
    expect(body.byChannel).toEqual({ 'wechat-oa:cs': 1, 'wechat-oa:mass': 3, sms: 1 });
    expect(body).toMatchObject({ recipients: 5, skipped: { optedOut: 0, unreachable: 1, capped: 0 } });
  });

  it('a template for broadcasts wins over mass-send; a lone mass-send recipient counts on their next route', async () => {
    await setup({ WECHAT_TEMPLATE_IDS: 'broadcast=TPL_B' });
    await follower();
    await follower();
    expect((await preview()).routes).toMatchObject({ oa_template: 2, oa_mass_send: 0 });
    await fake.close();
    await t.destroy();
    await setup();
    await follower(72, '13900000001');
    const body = await preview();
    expect(body.routes).toMatchObject({ oa_mass_send: 0, sms: 1 });
    expect(body.byChannel).toEqual({ sms: 1 });
  });

  it('the broadcast status lists its mass-send jobs', async () => {
    await setup();
    const people = [await follower(), await follower()];
    const id = await broadcast(people.map((p) => p.userId));
    await sender().drain();
    const http = await listen(t.app.http);
    const auth = await staffAuth(t.app.staff, http);
    const status = (await (await http.get(`/api/admin/broadcasts/${id}`, auth)).json()) as { counts: Record<string, number>; massJobs: unknown[] };
    await http.close();
    expect(status.counts).toMatchObject({ sent: 2 });
    expect(status.massJobs).toEqual([expect.objectContaining({ channel: 'wechat-oa', status: 'submitted', recipients: 2, msgId: String(fake.massJobs[0]!.msgId) })]);
  });
});
