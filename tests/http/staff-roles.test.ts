/**
 * Role boundaries of the staff API (admin / county / institution), id guessing, CSRF on cookie
 * writes, failed-login limits (per username, per address, spoofed X-Forwarded-For), audit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { use } from '../../src/bot/feature.js';
import { createCourseServices, type CourseAdminServices } from '../../src/courses/index.js';
import { consoleFeature } from '../../src/features/console.js';
import { coursesFeature } from '../../src/features/courses.js';
import { silentLogger } from '../../src/shared/logger.js';
import { makeCourse } from '../courses/helpers.js';
import { createTestApp, type TestApp } from '../helpers/fake-channel.js';
import { listen, type Listening } from '../helpers/http.js';

let t: TestApp;
let http: Listening;
const YUZHONG = '620123'; // 榆中县 (兰州市)
const CHENGGUAN = '620102'; // 城关区 (兰州市)
const ANDING = '621102'; // 安定区 (定西市)
let courseYz: number;
let courseAd: number;
let courseInst: number;
let instId: number;
const H: Record<string, Record<string, string>> = {};

async function login(username: string, password = 'password-123', headers: Record<string, string> = {}): Promise<Response> {
  return http.post('/api/admin/login', { username, password }, headers);
}
async function bearerOf(username: string): Promise<Record<string, string>> {
  const res = await login(username);
  expect(res.status).toBe(200);
  return { authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
}
const req = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  fetch(http.url + path, { method, headers: { 'content-type': 'application/json', ...headers }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });

beforeAll(async () => {
  t = await createTestApp({
    courses: ({ db, clock }) => createCourseServices({ db, clock, log: silentLogger }),
    features: (services, app) => [
      use(coursesFeature, { http: services.courses as CourseAdminServices }),
      use(consoleFeature, { courses: services.courses as CourseAdminServices, queue: app.queue }),
    ],
  });
  http = await listen(t.app.http);
  await t.app.staff.ensureAdmin('admin', 'password-123');
  const inst = await t.db.institution.create({ data: { code: 'I1', name: '榆中职校', type: '职业院校', countyCode: YUZHONG } });
  instId = inst.id;
  courseYz = (await makeCourse(t.db, { countyCode: YUZHONG })).id;
  courseAd = (await makeCourse(t.db, { countyCode: ANDING })).id;
  courseInst = (await makeCourse(t.db, { countyCode: YUZHONG, institutionId: inst.id })).id;
  H.admin = await bearerOf('admin');
  const mk = (body: object) => http.post('/api/admin/staff', { password: 'password-123', ...body }, H.admin);
  expect((await mk({ username: 'yz', role: 'county', county: YUZHONG })).status).toBe(201);
  expect((await mk({ username: 'lz', role: 'county', county: '620100' })).status).toBe(201); // 兰州市 (prefecture)
  expect((await mk({ username: 'ad', role: 'county', county: ANDING })).status).toBe(201);
  expect((await mk({ username: 'inst', role: 'institution', institutionId: inst.id })).status).toBe(201);
  for (const u of ['yz', 'lz', 'ad', 'inst']) H[u] = await bearerOf(u);
});
afterAll(async () => {
  await http.close();
  await t.destroy();
});

describe('staff accounts', () => {
  it('only admin creates, lists, disables and resets; bad input is refused', async () => {
    expect((await http.post('/api/admin/staff', { username: 'x1', password: 'password-123', role: 'admin' }, H.yz)).status).toBe(403);
    expect((await http.get('/api/admin/staff', H.inst)).status).toBe(403);
    expect((await http.post('/api/admin/staff', { username: 'x2', password: 'short', role: 'county', county: YUZHONG }, H.admin)).status).toBe(400);
    expect((await http.post('/api/admin/staff', { username: 'x3', password: 'password-123', role: 'county' }, H.admin)).status).toBe(400);
    expect((await http.post('/api/admin/staff', { username: 'yz', password: 'password-123', role: 'county', county: YUZHONG }, H.admin)).status).toBe(409);
    const list = (await (await http.get('/api/admin/staff', H.admin)).json()) as { staff: { username: string; id: number }[] };
    expect(list.staff.map((s) => s.username)).toEqual(['admin', 'yz', 'lz', 'ad', 'inst']);
    expect(JSON.stringify(list)).not.toContain('scrypt');

    expect((await http.post('/api/admin/staff', { username: 'temp', password: 'password-123', role: 'county', county: ANDING }, H.admin)).status).toBe(201);
    const temp = await bearerOf('temp');
    const tempId = (await t.db.staffAccount.findUniqueOrThrow({ where: { username: 'temp' } })).id;
    expect((await http.post(`/api/admin/staff/${tempId}/disable`, { disabled: true }, H.admin)).status).toBe(200);
    expect((await http.get('/api/admin/me', temp)).status).toBe(401);
    expect((await login('temp')).status).toBe(401);
    expect((await http.post(`/api/admin/staff/${tempId}/disable`, { disabled: false }, H.admin)).status).toBe(200);
    expect((await http.post(`/api/admin/staff/${tempId}/password`, { password: 'new-password-1' }, H.admin)).status).toBe(200);
    expect((await login('temp', 'new-password-1')).status).toBe(200);
    expect((await http.post('/api/admin/staff/99999/password', { password: 'new-password-1' }, H.admin)).status).toBe(404);
  });

  it('staff change their own password with the current one', async () => {
    await http.post('/api/admin/staff', { username: 'own', password: 'password-123', role: 'county', county: ANDING }, H.admin);
    const own = await bearerOf('own');
    expect((await http.post('/api/admin/me/password', { current: 'wrong-one', password: 'another-pass-1' }, own)).status).toBe(400);
    expect((await http.post('/api/admin/me/password', { current: 'password-123', password: 'another-pass-1' }, own)).status).toBe(200);
    expect((await http.get('/api/admin/me', own)).status).toBe(200); // this session stays
    expect((await login('own', 'another-pass-1')).status).toBe(200);
  });

  it('the audit log records who did what; only admin reads it', async () => {
    expect((await http.get('/api/admin/audit', H.yz)).status).toBe(403);
    const body = (await (await http.get('/api/admin/audit', H.admin)).json()) as { entries: { username: string; action: string; target: string }[] };
    expect(body.entries).toEqual(expect.arrayContaining([expect.objectContaining({ username: 'admin', action: 'staff.create' })]));
    expect(JSON.stringify(body)).not.toContain('password-123');
  });
});

describe('scope: courses and sign-ups', () => {
  const listIds = async (h: Record<string, string>) =>
    ((await (await http.get('/api/admin/courses?limit=100', h)).json()) as { courses: { id: number }[] }).courses.map((c) => c.id).sort();

  it('lists only the account scope (county, prefecture, institution)', async () => {
    expect(await listIds(H.admin)).toEqual([courseYz, courseAd, courseInst].sort());
    expect(await listIds(H.yz)).toEqual([courseYz, courseInst].sort());
    expect(await listIds(H.lz)).toEqual([courseYz, courseInst].sort()); // 兰州市 covers 榆中县
    expect(await listIds(H.ad)).toEqual([courseAd]);
    expect(await listIds(H.inst)).toEqual([courseInst]);
  });

  it('another county\'s course by id guessing: 404 on every route', async () => {
    for (const [who, id] of [['ad', courseYz], ['yz', courseAd], ['inst', courseYz]] as const) {
      const h = H[who]!;
      expect((await http.get(`/api/admin/courses/${id}/enrollments`, h)).status).toBe(404);
      expect((await http.post(`/api/admin/courses/${id}/enrollments`, { name: '张三', phone: '13800000009', consent: true }, h)).status).toBe(404);
      expect((await req('PATCH', `/api/admin/courses/${id}`, h, { title: '改名了' })).status).toBe(404);
      expect((await http.post(`/api/admin/courses/${id}/status`, { status: 'cancelled' }, h)).status).toBe(404);
      expect((await http.get(`/api/admin/courses/${id}/roster.xlsx`, h)).status).toBe(404);
    }
    const e = (await (await http.post(`/api/admin/courses/${courseYz}/enrollments`, { name: '张三', phone: '13800000009', consent: true }, H.yz)).json()) as { enrollmentId: number };
    for (const h of [H.ad, H.inst]) {
      expect((await http.post(`/api/admin/enrollments/${e.enrollmentId}/mark`, { mark: 'attended' }, h!)).status).toBe(404);
      expect((await http.post(`/api/admin/enrollments/${e.enrollmentId}/promote`, {}, h!)).status).toBe(404);
      expect((await req('DELETE', `/api/admin/enrollments/${e.enrollmentId}`, h!)).status).toBe(404);
    }
    expect((await http.post(`/api/admin/enrollments/${e.enrollmentId}/mark`, { mark: 'certified' }, H.lz)).status).toBe(200);
    expect((await t.db.course.findUniqueOrThrow({ where: { id: courseYz } })).title).not.toBe('改名了');
  });

  it('creating a course outside the scope is refused; institution courses stay theirs', async () => {
    const body = { code: 'NEW-1', title: '新电工班', occupation: '电工', category: '就业技能培训', startDate: '2026-12-20', endDate: '2026-12-30', capacity: 30, countyCode: ANDING };
    expect((await http.post('/api/admin/courses', body, H.yz)).status).toBe(403);
    expect((await http.post('/api/admin/courses', { ...body, countyCode: YUZHONG }, H.yz)).status).toBe(201);
    const r = await http.post('/api/admin/courses', { ...body, code: 'NEW-2', countyCode: YUZHONG, institutionId: 9999 }, H.inst);
    expect(r.status).toBe(403);
    const ok = await http.post('/api/admin/courses', { ...body, code: 'NEW-3', countyCode: YUZHONG }, H.inst);
    expect(ok.status).toBe(201);
    const created = await t.db.course.findUniqueOrThrow({ where: { id: ((await ok.json()) as { id: number }).id } });
    expect(created.institutionId).toBe(instId);
  });

  it('county import: rows of another county are reported as errors; institutions cannot import', async () => {
    const csv = '课程编码,课程名称,工种,培训类别,开班日期,结束日期,名额,县区\nIMP-1,焊工班,焊工,就业技能培训,2026-12-20,2026-12-30,20,安定区\nIMP-2,焊工班,焊工,就业技能培训,2026-12-20,2026-12-30,20,榆中县\n';
    const post = (h: Record<string, string>) => fetch(`${http.url}/api/admin/courses/import?dryRun=true`, { method: 'POST', headers: { ...h, 'content-type': 'text/csv' }, body: csv });
    const report = (await (await post(H.yz!)).json()) as { errors: { line: number; reasons: string[] }[] };
    expect(report.errors).toEqual([{ line: 2, code: 'IMP-1', reasons: ['「县区」不在您的管辖范围内'] }]);
    expect((await post(H.inst!)).status).toBe(403);
    expect(((await (await post(H.admin!)).json()) as { errors: unknown[] }).errors).toEqual([]);
  });
});

describe('scope: inbox', () => {
  it('county staff see only their county\'s requests; institutions have no inbox', async () => {
    const u1 = await t.db.user.create({ data: { countyCode: YUZHONG } });
    const u2 = await t.db.user.create({ data: { countyCode: ANDING } });
    const h1 = await t.db.handoffRequest.create({ data: { userId: u1.id, channel: 'test', question: '榆中的问题', countyCode: YUZHONG } });
    const h2 = await t.db.handoffRequest.create({ data: { userId: u2.id, channel: 'test', question: '安定的问题', countyCode: ANDING } });
    const ids = async (h: Record<string, string>) =>
      ((await (await http.get('/api/admin/handoffs', h)).json()) as { handoffs: { id: number }[] }).handoffs.map((x) => x.id);
    expect(await ids(H.yz!)).toEqual([h1.id]);
    expect(await ids(H.ad!)).toEqual([h2.id]);
    expect((await ids(H.admin!)).sort()).toEqual([h1.id, h2.id].sort());
    expect((await http.get('/api/admin/handoffs', H.inst)).status).toBe(403);
    expect((await http.post(`/api/admin/handoffs/${h2.id}/close`, {}, H.yz)).status).toBe(404);
    expect((await http.post(`/api/admin/handoffs/${h2.id}/reply`, { text: '你好' }, H.yz)).status).toBe(404);
    expect((await http.post(`/api/admin/handoffs/${h2.id}/claim`, {}, H.yz)).status).toBe(404);
    expect((await t.db.handoffRequest.findUniqueOrThrow({ where: { id: h2.id } })).status).toBe('open');
    expect((await http.post('/api/admin/kb/qa', { question: '问题问题', answer: '答案答案' }, H.inst)).status).toBe(403);
    expect((await http.post('/api/admin/kb/documents', { key: 'x.txt', text: '一、总则 这是一段足够长的政策文本内容。' }, H.yz)).status).toBe(403);
  });
});

describe('console cookie session and CSRF', () => {
  const origin = () => http.url;
  async function cookieLogin(): Promise<{ cookie: string; csrf: string }> {
    const res = await http.post('/api/admin/session', { username: 'yz', password: 'password-123' }, { origin: origin() });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    return { cookie: setCookie.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
  }

  it('reads work with the cookie; writes need the CSRF token and our origin', async () => {
    const { cookie, csrf } = await cookieLogin();
    expect((await http.get('/api/admin/me', { cookie })).status).toBe(200);
    const write = (headers: Record<string, string>) => http.post('/api/admin/kb/qa', { question: '问题一二', answer: '答案一二' }, { cookie, ...headers });
    expect((await write({})).status).toBe(403);
    expect((await write({ 'x-csrf-token': 'forged-token' })).status).toBe(403);
    expect((await write({ 'x-csrf-token': csrf, origin: 'https://evil.example' })).status).toBe(403);
    expect((await write({ 'x-csrf-token': csrf, origin: origin() })).status).toBe(201);
    // GET /me hands the token to a reloaded page.
    const me = (await (await http.get('/api/admin/me', { cookie })).json()) as { csrfToken: string };
    expect(me.csrfToken).toBe(csrf);
  });

  it('a cross-site login form is refused; a bearer token never needs CSRF', async () => {
    expect((await http.post('/api/admin/session', { username: 'yz', password: 'password-123' }, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await http.post('/api/admin/kb/qa', { question: '问题三四', answer: '答案三四' }, H.yz)).status).toBe(201);
  });

  it('logout ends the cookie session', async () => {
    const { cookie, csrf } = await cookieLogin();
    expect((await req('DELETE', '/api/admin/session', { cookie, 'x-csrf-token': csrf })).status).toBe(200);
    expect((await http.get('/api/admin/me', { cookie })).status).toBe(401);
  });
});

describe('failed-login limits', () => {
  it('one person\'s typos lock only their username, not the office address', async () => {
    await http.post('/api/admin/staff', { username: 'typo', password: 'password-123', role: 'county', county: CHENGGUAN }, H.admin);
    await http.post('/api/admin/staff', { username: 'colleague', password: 'password-123', role: 'county', county: CHENGGUAN }, H.admin);
    const codes = [];
    for (let i = 0; i < 7; i++) codes.push((await login('typo', 'wrong-password')).status);
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(codes.slice(5)).toEqual([429, 429]);
    expect((await login('typo')).status).toBe(429); // even the right password waits
    expect((await login('colleague')).status).toBe(200); // same address, other person
  });

  it('per address: many usernames from one address are limited; a forged X-Forwarded-For does not reset it', async () => {
    // trust proxy = loopback: the test client is the "proxy", the rightmost forwarded address is the client.
    const codes: number[] = [];
    for (let i = 0; i < 32; i++) {
      codes.push((await login(`nobody${i}`, 'wrong-password', { 'x-forwarded-for': `10.9.${i}.1, 203.0.113.7` })).status);
    }
    expect(codes.slice(0, 30).every((c) => c === 401)).toBe(true);
    expect(codes.slice(30)).toEqual([429, 429]);
    expect((await login('nobody-else', 'wrong-password', { 'x-forwarded-for': '203.0.113.7' })).status).toBe(429);
    expect((await login('nobody-else', 'wrong-password', { 'x-forwarded-for': '198.51.100.2' })).status).toBe(401);
  });
});

describe('ADMIN_PASSWORD on a later start', () => {
  it('is applied (and reported) when it differs, re-enabling the admin', async () => {
    expect(await t.app.staff.ensureAdmin('admin', 'password-123')).toEqual({ created: false, applied: false });
    expect(await t.app.staff.ensureAdmin('admin', 'rotated-pass-9')).toEqual({ created: false, applied: true });
    expect((await login('admin', 'rotated-pass-9')).status).toBe(200);
    expect((await http.get('/api/admin/me', H.admin)).status).toBe(401); // old sessions ended
  });
});
