/** Staff broadcasts through HTTP: preview (skips, channels, SMS cost), create, status, cancel, CSV. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourseServices } from '../../src/courses/index.js';
import { silentLogger } from '../../src/shared/logger.js';
import { createTestApp, type TestApp } from '../helpers/fake-channel.js';
import { listen, staffAuth, type Listening } from '../helpers/http.js';

let t: TestApp;
let http: Listening;
let auth: Record<string, string>;
const ids: Record<string, number> = {};

const post = (path: string, body: unknown) => http.post(path, body, auth);

beforeAll(async () => {
  t = await createTestApp({ courses: ({ db, clock }) => createCourseServices({ db, clock, log: silentLogger }) });
  http = await listen(t.app.http);
  auth = await staffAuth(t.app.staff, http);
  // Four people: two in 榆中县 (one opted out), one in 会宁县, one in 榆中县 already at the weekly cap.
  for (const [name, county] of [['yz1', '620123'], ['yz2', '620123'], ['hn', '620422'], ['yz3', '620123']] as const) {
    const u = t.chat.user(name);
    await u.says('你好');
    const { userId } = await t.db.channelIdentity.findFirstOrThrow({ where: { channelUserId: name } });
    await t.db.user.update({ where: { id: userId }, data: { countyCode: county } });
    ids[name] = userId;
  }
  await t.chat.user('yz2').says('退订');
  for (const n of [1, 2]) {
    await t.db.outboxMessage.create({
      data: { userId: ids.yz3!, kind: 'broadcast', priority: 'announcement', body: `旧${n}`, notBefore: t.clock.now(), idempotencyKey: `old${n}`, status: 'sent', sentAt: t.clock.now() },
    });
  }
});
afterAll(async () => {
  await http.close();
  await t.destroy();
});

describe('broadcasts', () => {
  it('preview counts only the people who will be sent it, with why the others are skipped', async () => {
    const res = await post('/api/admin/broadcasts/preview', { text: '榆中县电工班下周开课，免费培训，回复“找课程”报名。', audience: { counties: ['榆中县'] } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ recipients: 1, byChannel: { test: 1 }, skipped: { optedOut: 1, unreachable: 0, capped: 1 } });
    expect(body.samples.sms).toMatchObject({ segments: 1, text: expect.stringMatching(/拒收请回复R$/) });
  });

  it('rejects an unknown county and an empty audience with a clear 400', async () => {
    expect((await post('/api/admin/broadcasts/preview', { text: 'x', audience: { counties: ['不存在县'] } })).status).toBe(400);
    const res = await post('/api/admin/broadcasts/preview', { text: 'x', audience: {} });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/发送对象/);
  });

  it('create → 201, delivered by the sender, status counts, per-recipient CSV; cancel stops the rest', async () => {
    const res = await post('/api/admin/broadcasts', { text: '会宁县和榆中县的新课程开始报名啦', audience: { prefectures: ['兰州市', '白银市'] } });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: number; recipients: number; status: string };
    expect(created).toMatchObject({ recipients: 2, status: 'queued' });
    await t.deliver();
    const status = (await (await http.get(`/api/admin/broadcasts/${created.id}`, auth)).json()) as any;
    expect(status).toMatchObject({ status: 'done', counts: { queued: 0, sent: 2, delivered: 0, failed: 0, skipped: 2 } });
    expect(t.chat.user('hn').pushed()).toEqual(['会宁县和榆中县的新课程开始报名啦']);
    expect(t.chat.user('yz2').pushed()).toEqual([]);
    const csv = await (await http.get(`/api/admin/broadcasts/${created.id}/recipients?format=csv`, auth)).text();
    expect(csv.split('\r\n')[0]).toMatch(/^\ufeff?id,userId,phone,status,skipReason/);
    expect(csv).toMatch(/"skipped","opted-out"/);
    expect(csv).toMatch(/"skipped","capped"/);

    const later = await post('/api/admin/broadcasts', { text: '明天的通知', audience: { all: true }, sendAt: new Date(t.clock.now().getTime() + 86_400_000).toISOString() });
    const { id } = (await later.json()) as { id: number };
    expect(((await (await post(`/api/admin/broadcasts/${id}/cancel`, {})).json()) as { cancelled: number }).cancelled).toBe(4);
    expect(((await (await http.get(`/api/admin/broadcasts/${id}`, auth)).json()) as any).status).toBe('cancelled');
    t.clock.advance(2 * 86_400_000);
    await t.deliver();
    expect(t.chat.user('hn').pushed()).toHaveLength(1);
  });

  it('needs a staff token', async () => {
    expect((await http.post('/api/admin/broadcasts/preview', { text: 'x', audience: { all: true } })).status).toBe(401);
  });
});
