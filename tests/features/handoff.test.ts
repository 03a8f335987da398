/** Handoff as a feature: 人工 from chat (even mid-flow, and by menu number) reaches the staff list. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/fake-channel.js';
import { listen, staffAuth, type Listening } from '../helpers/http.js';

let t: TestApp;
let http: Listening;
let auth: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  http = await listen(t.app.http);
  auth = await staffAuth(t.app.staff, http);
});
afterAll(async () => {
  await http.close();
  await t.destroy();
});

type Listed = { handoffs: { id: number; question: string; channel: string; status: string }[] };

describe('handoff feature', () => {
  it('staff see the request with the last real question, and can close it', async () => {
    const u = t.chat.user('h1');
    await u.says('你好');
    await u.says('电焊证咋考');
    // 找人工 is a menu item: its number works outside a flow, and the words anywhere.
    const item = t.app.features.menu.items().find((i) => i.key === 'human')!;
    expect((await u.says(item.n)).join()).toMatch(/工作人员/);

    const anon = await http.get('/api/admin/handoffs');
    expect(anon.status).toBe(401);
    const listed = (await (await http.get('/api/admin/handoffs?status=open&kind=request', auth)).json()) as Listed;
    expect(listed.handoffs).toEqual([expect.objectContaining({ question: '电焊证咋考', channel: 'test', status: 'open' })]);

    const closed = await http.post(`/api/admin/handoffs/${listed.handoffs[0]!.id}/close`, {}, auth);
    expect(await closed.json()).toEqual({ id: listed.handoffs[0]!.id, status: 'closed' });
    const open = (await (await http.get('/api/admin/handoffs?status=open&kind=request', auth)).json()) as Listed;
    expect(open.handoffs).toEqual([]);
    expect((await http.post('/api/admin/handoffs/99999/close', {}, auth)).status).toBe(404);
    expect((await http.get('/api/admin/handoffs?status=weird', auth)).status).toBe(400);
  });

  it('a staff reply goes through the outbound queue: queued once, delivered by the sender', async () => {
    const u = t.chat.user('h2');
    await u.says('补贴多久到账');
    await u.says('人工');
    const listed = (await (await http.get('/api/admin/handoffs?status=open&kind=request', auth)).json()) as Listed;
    const id = listed.handoffs.find((h) => h.question === '补贴多久到账')!.id;
    const reply = () => http.post(`/api/admin/handoffs/${id}/reply`, { text: '一般一个月内到账。' }, auth);
    expect(await (await reply()).json()).toEqual({ queued: true });
    expect(u.pushed()).toEqual([]); // queued, not sent inside the request
    expect(await (await reply()).json()).toEqual({ queued: false }); // a double click
    expect(await t.deliver()).toMatchObject({ sent: 1 });
    expect(u.pushed()).toEqual(['【工作人员答复】一般一个月内到账。']);
    expect(await t.db.outboxMessage.findFirstOrThrow({ where: { kind: 'handoff-reply' } })).toMatchObject({ priority: 'transactional', status: 'sent' });
  });
});
