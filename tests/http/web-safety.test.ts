/**
 * Issue 12, part A over HTTP: the web chat's server-issued identity, the raw simulator API kept
 * to loopback (or a token), per-client rate limits with a Chinese 429, and security headers
 * with a CSP the web chat page passes.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { use } from '../../src/bot/feature.js';
import { createCourseServices, type CourseAdminServices } from '../../src/courses/index.js';
import { coursesFeature } from '../../src/features/courses.js';
import { CHAT_COOKIE } from '../../src/integrations/sim/web-chat.js';
import { silentLogger } from '../../src/shared/logger.js';
import { createTestApp, type TestApp } from '../helpers/fake-channel.js';
import { listen, type Listening } from '../helpers/http.js';

const TOKEN = 'sim-token-0123456789abcdefghij';
/** What a reverse proxy on this host adds: the request is not from this machine any more. */
const PROXIED = { 'x-forwarded-for': '203.0.113.9' };

let t: TestApp;
let http: Listening;
beforeAll(async () => {
  t = await createTestApp({ env: { SIM_API_TOKEN: TOKEN } });
  http = await listen(t.app.http);
});
afterAll(async () => {
  await http.close();
  await t.destroy();
});

function cookieOf(res: Response): string | undefined {
  const set = res.headers.getSetCookie().find((c) => c.startsWith(`${CHAT_COOKIE}=`));
  return set?.split(';')[0];
}

describe('web chat identity', () => {
  test('the first message sets an HttpOnly SameSite=Lax cookie; the next ones continue the same user', async () => {
    const first = await http.post('/api/chat/messages', { text: '你好' });
    expect(first.status).toBe(200);
    const setCookie = first.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(new RegExp(`${CHAT_COOKIE}=[A-Za-z0-9_-]{22}`));
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const cookie = cookieOf(first)!;

    const again = await http.post('/api/chat/messages', { text: '菜单' }, { cookie });
    expect(again.status).toBe(200);
    expect(again.headers.getSetCookie()).toEqual([]);
    const ids = await t.db.messageLog.findMany({ where: { channel: 'sim', direction: 'in' }, distinct: ['channelUserId'], select: { channelUserId: true } });
    expect(ids).toHaveLength(1);
    // The database keeps a hash, not the cookie itself.
    expect(ids[0]!.channelUserId).toMatch(/^web-/);
    expect(ids[0]!.channelUserId).not.toContain(cookie.split('=')[1]);
  });

  test('the page cannot choose a user: a userId in the body is refused', async () => {
    const res = await http.post('/api/chat/messages', { userId: 'victim', text: '我的报名' });
    expect(res.status).toBe(400);
  });

  test('pushed messages are read with the cookie only', async () => {
    const first = await http.post('/api/chat/messages', { text: '你好' });
    const cookie = cookieOf(first)!;
    const row = await t.db.messageLog.findFirst({ where: { channel: 'sim', direction: 'in' }, orderBy: { id: 'desc' } });
    await t.db.messageLog.create({ data: { userId: row!.userId, channel: 'sim', channelUserId: row!.channelUserId, direction: 'out', text: '候补转正通知', status: 'queued' } });
    expect(await (await http.get('/api/chat/messages/pending')).json()).toEqual({ messages: [] });
    expect(await (await http.get('/api/chat/messages/pending', { cookie: `${CHAT_COOKIE}=AAAAAAAAAAAAAAAAAAAAAA` })).json()).toEqual({ messages: [] });
    expect(await (await http.get('/api/chat/messages/pending', { cookie })).json()).toEqual({ messages: [{ text: '候补转正通知' }] });
  });
});

describe('raw simulator API', () => {
  test('works from loopback exactly as before', async () => {
    const res = await http.post('/api/sim/messages', { userId: 'loop-1', text: '你好' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { replies: unknown[] }).replies.length).toBeGreaterThan(0);
    expect((await http.get('/api/sim/messages/pending?userId=loop-1')).status).toBe(200);
  });

  test('refused (403, nothing stored) for a caller that is not this machine', async () => {
    const before = await t.db.messageLog.count();
    const res = await http.post('/api/sim/messages', { userId: 'loop-1', text: '我的报名' }, PROXIED);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toMatch(/本机/);
    expect((await http.get('/api/sim/messages/pending?userId=loop-1', PROXIED)).status).toBe(403);
    expect((await http.post('/api/sim/messages', { userId: 'x', text: '你好' }, { ...PROXIED, authorization: 'Bearer wrong-token-0123456789abcdef' })).status).toBe(403);
    expect(await t.db.messageLog.count()).toBe(before);
  });

  test('allowed from elsewhere with the SIM_API_TOKEN bearer', async () => {
    const res = await http.post('/api/sim/messages', { userId: 'remote-1', text: '你好' }, { ...PROXIED, authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(200);
  });

  test('without a token configured, only loopback', async () => {
    const off = await createTestApp();
    const h = await listen(off.app.http);
    try {
      expect((await h.post('/api/sim/messages', { userId: 'x', text: '你好' }, { ...PROXIED, authorization: 'Bearer ' })).status).toBe(403);
      expect((await h.post('/api/sim/messages', { userId: 'x', text: '你好' })).status).toBe(200);
    } finally {
      await h.close();
      await off.destroy();
    }
  });
});

describe('per-client rate limits', () => {
  let limited: TestApp;
  let h: Listening;
  beforeAll(async () => {
    limited = await createTestApp({
      env: { RATE_LIMIT_CHAT_PER_MIN: '3', RATE_LIMIT_API_PER_MIN: '3' },
      courses: ({ db, clock }) => createCourseServices({ db, clock, log: silentLogger }),
      features: (services) => [use(coursesFeature, { http: services.courses as CourseAdminServices })],
    });
    h = await listen(limited.app.http);
  });
  afterAll(async () => {
    await h.close();
    await limited.destroy();
  });

  const clientA = { 'x-forwarded-for': '198.51.100.1' };
  const clientB = { 'x-forwarded-for': '198.51.100.2' };

  test.each([
    ['web chat', (headers: Record<string, string>) => h.post('/api/chat/messages', { text: '你好' }, headers)],
    ['/api/ask', (headers: Record<string, string>) => h.post('/api/ask', { question: '培训补贴' }, { ...headers, 'x-forwarded-for': `${headers['x-forwarded-for']}0` })],
    ['course search', (headers: Record<string, string>) => h.get(`/api/courses?q=${encodeURIComponent('电工')}`, { ...headers, 'x-forwarded-for': `${headers['x-forwarded-for']}1` })],
  ])('%s: the 4th request a minute from one client gets a Chinese 429; another client is not affected', async (_name, call) => {
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await call(clientA)).status);
    expect(codes.slice(0, 3).every((c) => c !== 429)).toBe(true);
    const res = await call(clientA);
    expect(res.status).toBe(429);
    const body = (await res.json()) as { error: string; retryAfterSeconds: number };
    expect(body.error).toBe('请求太频繁，请稍后再试');
    expect(body.retryAfterSeconds).toBeGreaterThan(0);
    expect((await call(clientB)).status).not.toBe(429);
  });

  test('fake web-chat users cost requests too: new identities from one address are limited', async () => {
    const c = { 'x-forwarded-for': '198.51.100.77' };
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await h.post('/api/chat/messages', { text: '你好' }, c)).status);
    expect(codes.filter((s) => s === 200)).toHaveLength(3);
  });
});

describe('security headers', () => {
  test('every response carries CSP, frame-ancestors none, nosniff and a referrer policy', async () => {
    for (const path of ['/', '/chat.js', '/healthz', '/api/nope']) {
      const res = await http.get(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toMatch(/frame-ancestors 'none'/);
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  test('the web chat page passes its CSP: no inline script, style or handler; its files are served', async () => {
    const html = await (await http.get('/')).text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style/);
    expect(html).not.toMatch(/\sstyle=|\son[a-z]+=/);
    for (const m of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
      expect((await http.get(`/${m[1]!.replace(/^\//, '')}`)).status, m[1]).toBe(200);
    }
  });
});
