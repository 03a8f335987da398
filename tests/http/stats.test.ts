/** GET /api/admin/stats: the figures and their definitions, scoped by role (id guessing → 404). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { use } from '../../src/bot/feature.js';
import { createCourseServices, type CourseAdminServices } from '../../src/courses/index.js';
import { consoleFeature } from '../../src/features/console.js';
import { silentLogger } from '../../src/shared/logger.js';
import { makeCourse } from '../courses/helpers.js';
import { createTestApp, type TestApp } from '../helpers/fake-channel.js';
import { listen, type Listening } from '../helpers/http.js';

let t: TestApp;
let http: Listening;
const YUZHONG = '620123';
const ANDING = '621102';
const H: Record<string, Record<string, string>> = {};
let courseYz: number;
let courseInst: number;
let courseAd: number;
let instId: number;

const stats = async (who: string, query = '') => {
  const res = await http.get(`/api/admin/stats${query}`, H[who]);
  return { status: res.status, body: (await res.json()) as any };
};

beforeAll(async () => {
  t = await createTestApp({
    courses: ({ db, clock }) => createCourseServices({ db, clock, log: silentLogger }),
    features: (services, app) => [use(consoleFeature, { courses: services.courses as CourseAdminServices, queue: app.queue })],
  });
  http = await listen(t.app.http);
  await t.app.staff.ensureAdmin('admin', 'password-123');
  const inst = await t.db.institution.create({ data: { code: 'I1', name: '榆中职校', type: '职业院校', countyCode: YUZHONG } });
  instId = inst.id;
  courseYz = (await makeCourse(t.db, { countyCode: YUZHONG })).id;
  courseInst = (await makeCourse(t.db, { countyCode: YUZHONG, institutionId: inst.id })).id;
  courseAd = (await makeCourse(t.db, { countyCode: ANDING })).id;
  await t.app.staff.createStaff({ username: 'yz', password: 'password-123', role: 'county', countyCode: YUZHONG });
  await t.app.staff.createStaff({ username: 'ad', password: 'password-123', role: 'county', countyCode: ANDING });
  await t.app.staff.createStaff({ username: 'inst', password: 'password-123', role: 'institution', institutionId: inst.id });
  for (const u of ['admin', 'yz', 'ad', 'inst']) {
    const res = await http.post('/api/admin/login', { username: u, password: 'password-123' });
    H[u] = { authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
  }
  // 榆中县 course: 5 sign-ups (1 cancelled), 3 attended of which 2 certified; follow-ups: employed, entrepreneur, seeking.
  const rows: [string, string | null][] = [
    ['cancelled', null],
    ['confirmed', null],
    ['attended', 'seeking'],
    ['certified', 'employed'],
    ['certified', 'entrepreneur'],
  ];
  for (const [i, [status, outcome]] of rows.entries()) {
    await t.db.enrollment.create({ data: { courseId: courseYz, name: `学员${i}`, phone: `1380000000${i}`, status, outcome } });
  }
  await t.db.enrollment.create({ data: { courseId: courseInst, name: '机构学员', phone: '13800000010', status: 'attended' } });
  await t.db.enrollment.create({ data: { courseId: courseAd, name: '安定学员', phone: '13800000011', status: 'certified', outcome: 'employed' } });
  // People: two in 榆中县 (one asks a question, one only says "1"), one in 安定区.
  for (const [name, county, text] of [['p1', YUZHONG, '培训补贴怎么领'], ['p2', YUZHONG, '1'], ['p3', ANDING, '焊工培训什么时候开始']] as const) {
    await t.chat.user(name).says(text);
    const { userId } = await t.db.channelIdentity.findFirstOrThrow({ where: { channelUserId: name } });
    await t.db.user.update({ where: { id: userId }, data: { countyCode: county } });
  }
  const p1 = (await t.db.channelIdentity.findFirstOrThrow({ where: { channelUserId: 'p1' } })).userId;
  await t.db.handoffRequest.create({ data: { userId: p1, channel: 'test', question: '培训补贴怎么领', kind: 'abstain', countyCode: YUZHONG } });
  await t.db.notificationOptOut.create({ data: { userId: p1, keyword: '退订', channel: 'test' } });
  await t.db.broadcast.create({ data: { createdBy: 'yz', text: '通知', audience: '{}', sendAt: t.clock.now(), countyCode: YUZHONG } });
  await t.db.broadcast.create({ data: { createdBy: 'ad', text: '通知', audience: '{}', sendAt: t.clock.now(), countyCode: ANDING } });
});
afterAll(async () => {
  await http.close();
  await t.destroy();
});

describe('GET /api/admin/stats', () => {
  it('a county account gets its county: sign-ups, 合格率, 就业创业成功率, people, broadcasts', async () => {
    const { status, body } = await stats('yz');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      signUps: 5, // 4 of courseYz (not the cancelled one) + 1 of the institution's course in 榆中县
      attended: 4,
      certified: 2,
      passRate: 0.5,
      followUps: { answered: 3, employed: 1, entrepreneur: 1, seeking: 1 },
      employmentRate: 0.667,
      broadcasts: 1,
      people: { reached: 2, asked: 1, questions: 1, abstained: 1, abstainRate: 1, optOuts: 1 },
    });
  });

  it('admin sees the province and breaks it down by county, institution or course', async () => {
    const { body } = await stats('admin', '?groupBy=county');
    expect(body).toMatchObject({ signUps: 6, certified: 3, broadcasts: 2, people: { reached: 3, asked: 2 } });
    expect(body.rows.map((r: { key: string; label: string; signUps: number }) => [r.key, r.label, r.signUps])).toEqual([
      [YUZHONG, '榆中县', 5],
      [ANDING, '安定区', 1],
    ]);
    const byCourse = (await stats('admin', `?county=${YUZHONG}&groupBy=course`)).body;
    expect(byCourse.rows.map((r: { key: string }) => Number(r.key))).toEqual([courseYz, courseInst]);
    const one = (await stats('admin', `?courseId=${courseYz}`)).body;
    expect(one).toMatchObject({ signUps: 4, passRate: 0.667, people: null });
  });

  it('scope: other counties → 403, their courses and institutions by id → 404, institutions see only their own', async () => {
    expect((await stats('yz', `?county=${ANDING}`)).status).toBe(403);
    expect((await stats('yz', `?courseId=${courseAd}`)).status).toBe(404);
    expect((await stats('ad', `?courseId=${courseYz}`)).status).toBe(404);
    expect((await stats('inst', `?courseId=${courseYz}`)).status).toBe(404);
    expect((await stats('inst', `?institutionId=${instId + 1}`)).status).toBe(404);
    const inst = await stats('inst');
    expect(inst.body).toMatchObject({ signUps: 1, attended: 1, certified: 0, passRate: 0, people: null, broadcasts: 0 });
    const ad = await stats('ad');
    expect(ad.body).toMatchObject({ signUps: 1, people: { reached: 1 } });
    expect((await stats('yz', '?courseId=abc')).status).toBe(400);
  });
});
