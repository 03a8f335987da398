import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/fake-channel.js';
import { listen, type Listening } from '../helpers/http.js';

let t: TestApp;
let http: Listening;
beforeAll(async () => {
  t = await createTestApp();
  http = await listen(t.app.http);
});
afterAll(async () => {
  await http.close();
  await t.destroy();
});

const stored = async () => ({
  users: await t.db.user.count(),
  messages: await t.db.messageLog.count(),
  processed: await t.db.processedMessage.count(),
});

describe('health', () => {
  test('GET /healthz → 200 {"status":"ok"}', async () => {
    const res = await http.get('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});

describe('POST /api/sim/messages', () => {
  test('text in, the turn’s replies out', async () => {
    const res = await http.post('/api/sim/messages', { userId: 'h1', text: '你好' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { replies: { text: string }[] };
    expect(body.replies.map((r) => r.text).join('\n')).toMatch(/1 问政策/);
  });

  test('a location message is accepted', async () => {
    const res = await http.post('/api/sim/messages', { userId: 'h1', location: { lat: 35.8, lng: 104.1, label: '榆中' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { replies: unknown[] }).replies.length).toBeGreaterThan(0);
  });

  test('a redelivered messageId is a no-op that returns the same replies', async () => {
    const first = await (await http.post('/api/sim/messages', { userId: 'h2', text: '你好', messageId: 'x-1' })).json();
    const before = await stored();
    const again = await (await http.post('/api/sim/messages', { userId: 'h2', text: '你好', messageId: 'x-1' })).json();
    expect((again as { replies: unknown }).replies).toEqual((first as { replies: unknown }).replies);
    expect(await stored()).toEqual(before);
  });

  test.each([
    ['bad JSON', '{"userId": "u1", "text": ', /JSON/],
    ['missing userId', { text: '你好' }, /userId/],
    ['missing text and location', { userId: 'u9' }, /text 或 location|需要/],
    ['over-long text', { userId: 'u9', text: '培'.repeat(2001) }, /2000/],
    ['wrong types', { userId: 'u9', text: 5 }, /text/],
    ['unknown field', { userId: 'u9', text: 'hi', admin: true }, /admin|Unrecognized|未/],
    ['bad location', { userId: 'u9', location: { lat: 200, lng: 104 } }, /lat/],
  ])('400 with a clear error on %s — and nothing stored', async (_name, body, message) => {
    const before = await stored();
    const res = await http.post('/api/sim/messages', body);
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: string; details?: unknown };
    expect(JSON.stringify(json)).toMatch(message);
    expect(await stored()).toEqual(before);
  });

  test('a body over the size limit is refused with 413', async () => {
    const res = await http.post('/api/sim/messages', { userId: 'u9', text: 'x'.repeat(100_000) });
    expect(res.status).toBe(413);
  });

  test('unknown routes are JSON 404s', async () => {
    const res = await http.get('/api/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toHaveProperty('error');
  });

  test('the web chat page is served at /', async () => {
    const res = await http.get('/');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('src="chat.js"');
    expect(html).toContain('name="viewport"');
    expect(await (await http.get('/chat.js')).text()).toContain('/api/chat/messages');
  });
});

describe('staff access', () => {
  beforeAll(async () => {
    await t.app.staff.ensureAdmin('admin', 'correct-horse-battery');
  });

  test('every /api/admin route needs a bearer token', async () => {
    expect((await http.get('/api/admin/me')).status).toBe(401);
    expect((await http.get('/api/admin/me', { authorization: 'Bearer not-a-real-token-aaaaaaaaaaaa' })).status).toBe(401);
  });

  test('login returns a token that opens /api/admin', async () => {
    const res = await http.post('/api/admin/login', { username: 'admin', password: 'correct-horse-battery' });
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    const me = await http.get('/api/admin/me', { authorization: `Bearer ${token}` });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { staff: { username: string } }).staff.username).toBe('admin');
    const account = await t.db.staffAccount.findUnique({ where: { username: 'admin' } });
    expect(account!.passwordHash).toMatch(/^scrypt\$/);
    expect(account!.passwordHash).not.toContain('correct-horse-battery');
  });

  test('wrong password → 401; repeated attempts are rate-limited (429)', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      codes.push((await http.post('/api/admin/login', { username: 'admin', password: 'wrong' })).status);
    }
    expect(codes[0]).toBe(401);
    expect(codes).toContain(429);
  });
});

describe('SIM_ENABLED=false', () => {
  test('a public deployment can switch the simulator and web chat off', async () => {
    const off = await createTestApp({ env: { SIM_ENABLED: 'false' } });
    const h = await listen(off.app.http);
    try {
      expect((await h.post('/api/sim/messages', { userId: 'x', text: '你好' })).status).toBe(404);
      expect((await h.get('/')).status).toBe(404);
      expect((await h.get('/healthz')).status).toBe(200);
    } finally {
      await h.close();
      await off.destroy();
    }
  });
});
