/**
 * Role scope of the broadcast routes: county accounts reach and see only their county (or
 * prefecture), institutions only their own courses' sign-ups, admin everything; other scopes'
 * broadcasts by id guessing → 404 on every route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourseServices } from '../../src/courses/index.js';
import { silentLogger } from '../../src/shared/logger.js';
import { makeCourse } from '../courses/helpers.js';
import { createTestApp, type TestApp } from '../helpers/fake-channel.js';
import { listen, type Listening } from '../helpers/http.js';

let t: TestApp;
let http: Listening;
const YUZHONG = '620123'; // 榆中县 (兰州市)
const ANDING = '621102'; // 安定区 (定西市)
const H: Record<string, Record<string, string>> = {};
const ids: Record<string, number> = {};
let courseInst: number;
let courseAd: number;

const post = (who: string, path: string, body: unknown) => http.post(path, body, H[who]);
const get = (who: string, path: string) => http.get(path, H[who]);

beforeAll(async () => {
  t = await createTestApp({ courses: ({ db, clock }) => createCourseServices({ db, clock, log: silentLogger }) });
  http = await listen(t.app.http);
  await t.app.staff.ensureAdmin('admin', 'password-123');
  const inst = await t.db.institution.create({ data: { code: 'I1', name: '榆中职校', type: '职业院校', countyCode: YUZHONG } });
  courseInst = (await makeCourse(t.db, { countyCode: YUZHONG, institutionId: inst.id })).id;
  courseAd = (await makeCourse(t.db, { countyCode: ANDING })).id;
  await t.app.staff.createStaff({ username: 'yz', password: 'password-123', role: 'county', countyCode: YUZHONG });
  await t.app.staff.createStaff({ username: 'lz', password: 'password-123', role: 'county', countyCode: '620100' });
  await t.app.staff.createStaff({ username: 'ad', password: 'password-123', role: 'county', countyCode: ANDING });
  await t.app.staff.createStaff({ username: 'inst', password: 'password-123', role: 'institution', institutionId: inst.id });
  for (const u of ['admin', 'yz', 'lz', 'ad', 'inst']) {
    const res = await http.post('/api/admin/login', { username: u, password: 'password-123' });
    H[u] = { authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
  }
  for (const [name, county] of [['yz1', YUZHONG], ['yz2', YUZHONG], ['ad1', ANDING], ['hn1', '620422']] as const) {
    await t.chat.user(name).says('你好');
    const { userId } = await t.db.channelIdentity.findFirstOrThrow({ where: { channelUserId: name } });
    await t.db.user.update({ where: { id: userId }, data: { countyCode: county } });
    ids[name] = userId;
  }
  await t.db.enrollment.create({ data: { courseId: courseInst, userId: ids.yz1!, name: '张三', phone: '13800000001', status: 'confirmed' } });
  await t.db.enrollment.create({ data: { courseId: courseAd, userId: ids.ad1!, name: '李四', phone: '13800000002', status: 'confirmed' } });
});
afterAll(async () => {
  await http.close();
  await t.destroy();
});

describe('broadcast scope', () => {
  it('a county account without a county filter reaches only its own county; `all` does not widen it', async () => {
    for (const audience of [{ all: true }, {}, { groups: [] }]) {
      const res = await post('yz', '/api/admin/broadcasts/preview', { text: '通知', audience });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { recipients: number }).recipients).toBe(2);
    }
    const res = await post('admin', '/api/admin/broadcasts/preview', { text: '通知', audience: { all: true } });
    expect(((await res.json()) as { recipients: number }).recipients).toBe(4);
  });

  it('a county outside the account is refused (403); a prefecture account covers its counties', async () => {
    const out = await post('yz', '/api/admin/broadcasts/preview', { text: '通知', audience: { counties: ['安定区'] } });
    expect(out.status).toBe(403);
    expect(((await out.json()) as { error: string }).error).toMatch(/本县区/);
    expect((await post('yz', '/api/admin/broadcasts', { text: '通知', audience: { prefectures: ['兰州市'] } })).status).toBe(403);
    expect((await post('lz', '/api/admin/broadcasts/preview', { text: '通知', audience: { counties: ['榆中县'] } })).status).toBe(200);
    expect((await post('ad', '/api/admin/broadcasts/preview', { text: '通知', audience: { courseId: courseInst } })).status).toBe(404);
  });

  it('institutions send only to their own courses\' sign-ups', async () => {
    expect((await post('inst', '/api/admin/broadcasts/preview', { text: '通知', audience: { all: true } })).status).toBe(403);
    expect((await post('inst', '/api/admin/broadcasts/preview', { text: '通知', audience: { courseId: courseAd } })).status).toBe(404);
    const res = await post('inst', '/api/admin/broadcasts', { text: '明天上课带身份证', audience: { courseId: courseInst } });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { recipients: number }).recipients).toBe(1);
  });

  it('sends to the county only, and other scopes\' broadcasts are 404 on every route (id guessing)', async () => {
    const res = await post('yz', '/api/admin/broadcasts', { text: '榆中县新课开班', audience: { all: true } });
    expect(res.status).toBe(201);
    const { id: yzId } = (await res.json()) as { id: number };
    const adRes = await post('ad', '/api/admin/broadcasts', { text: '安定区新课开班', audience: {} });
    const { id: adId } = (await adRes.json()) as { id: number };
    const provRes = await post('admin', '/api/admin/broadcasts', { text: '全省通知', audience: { all: true } });
    const { id: provId } = (await provRes.json()) as { id: number };
    await t.deliver();
    expect(t.chat.user('yz2').pushed()).toEqual(['榆中县新课开班', '全省通知']);
    expect(t.chat.user('ad1').pushed()).toEqual(['安定区新课开班', '全省通知']);
    expect(t.chat.user('hn1').pushed()).toEqual(['全省通知']);

    for (const [who, bid] of [['ad', yzId], ['yz', adId], ['inst', yzId], ['yz', provId], ['lz', adId]] as const) {
      expect((await get(who, `/api/admin/broadcasts/${bid}`)).status).toBe(404);
      expect((await get(who, `/api/admin/broadcasts/${bid}/recipients?format=csv`)).status).toBe(404);
      expect((await post(who, `/api/admin/broadcasts/${bid}/cancel`, {})).status).toBe(404);
    }
    expect((await get('yz', `/api/admin/broadcasts/${yzId}`)).status).toBe(200);
    expect((await get('lz', `/api/admin/broadcasts/${yzId}`)).status).toBe(200); // the prefecture oversees its counties
    expect((await get('admin', `/api/admin/broadcasts/${adId}`)).status).toBe(200);

    const list = async (who: string) => ((await (await get(who, '/api/admin/broadcasts')).json()) as { broadcasts: { id: number }[] }).broadcasts.map((b) => b.id);
    expect(await list('yz')).toEqual(expect.arrayContaining([yzId]));
    expect(await list('yz')).not.toContain(adId);
    expect(await list('yz')).not.toContain(provId);
    expect(await list('ad')).toEqual([adId]);
    expect((await list('inst')).length).toBe(1); // its course broadcast only
    expect(await list('admin')).toEqual(expect.arrayContaining([yzId, adId, provId]));
  });
});
