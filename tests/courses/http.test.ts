import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { use } from '../../src/bot/feature.js';
import { createCourseServices, ensureSampleCatalog, type CourseAdminServices } from '../../src/courses/index.js';
import { coursesFeature } from '../../src/features/courses.js';
import { silentLogger } from '../../src/shared/logger.js';
import { createTestApp, type TestApp } from '../helpers/fake-channel.js';
import { listen, staffAuth, type Listening } from '../helpers/http.js';
import { makeCourse } from './helpers.js';

let t: TestApp;
let http: Listening;
let auth: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({
    courses: ({ db, clock }) => createCourseServices({ db, clock, log: silentLogger }),
    features: (services) => [use(coursesFeature, { http: services.courses as CourseAdminServices })],
  });
  await ensureSampleCatalog(t.db, t.clock, silentLogger);
  http = await listen(t.app.http);
  auth = await staffAuth(t.app.staff, http);
});
afterAll(async () => {
  await http.close();
  await t.destroy();
});

describe('GET /api/courses', () => {
  it('near a place name: nearest first with distanceKm and seatsLeft', async () => {
    const res = await http.get(`/api/courses?near=${encodeURIComponent('榆中')}&q=${encodeURIComponent('电工')}&limit=3`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { courses: { distanceKm: number; seatsLeft: number; county: string }[]; place: { county: string } };
    expect(body.place.county).toBe('榆中县');
    expect(body.courses.length).toBeGreaterThan(0);
    expect(body.courses[0]).toMatchObject({ county: '榆中县', seatsLeft: expect.any(Number) });
    const d = body.courses.map((c) => c.distanceKm);
    expect(d).toEqual([...d].sort((a, b) => a - b));
  });

  it('near a point', async () => {
    const res = await http.get('/api/courses?lat=35.69&lng=105.05&limit=2');
    const body = (await res.json()) as { courses: { county: string; distanceKm: number }[] };
    expect(body.courses[0]!.county).toBe('会宁县');
  });

  it('unknown place → 400 with suggestions; ambiguous → 400 with options', async () => {
    const unknown = await http.get(`/api/courses?near=${encodeURIComponent('临挑')}`);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { details: { suggestions: string[] } }).details.suggestions).toContain('临洮县');
    const amb = await http.get(`/api/courses?near=${encodeURIComponent('临夏')}`);
    expect(amb.status).toBe(400);
    expect(((await amb.json()) as { details: { options: string[] } }).details.options.slice(0, 2)).toEqual(['临夏市', '临夏县']);
    expect((await http.get('/api/courses?lat=35')).status).toBe(400);
    expect((await http.get('/api/courses?category=xx')).status).toBe(400);
  });

  it('GET /api/courses/:id and 404', async () => {
    const [first] = ((await (await http.get('/api/courses?limit=1')).json()) as { courses: { id: number }[] }).courses;
    const one = await http.get(`/api/courses/${first!.id}`);
    expect(one.status).toBe(200);
    expect(((await one.json()) as { id: number }).id).toBe(first!.id);
    expect((await http.get('/api/courses/999999')).status).toBe(404);
    expect((await http.get('/api/courses/abc')).status).toBe(400);
  });
});

describe('admin', () => {
  it('requires a staff token', async () => {
    expect((await http.post('/api/admin/courses/1/enrollments', { name: 'x' })).status).toBe(401);
  });

  it('proxy sign-up → 201 confirmed / waitlisted with position; list; cancel promotes', async () => {
    const c = await makeCourse(t.db, { capacity: 1 });
    const body = (phone: string) => ({ name: '李四', phone, groups: [], consent: true });
    const r1 = await http.post(`/api/admin/courses/${c.id}/enrollments`, body('13800000001'), auth);
    expect(r1.status).toBe(201);
    const o1 = (await r1.json()) as { status: string; enrollmentId: number };
    expect(o1.status).toBe('confirmed');
    const r2 = await http.post(`/api/admin/courses/${c.id}/enrollments`, body('13800000002'), auth);
    expect(await r2.json()).toMatchObject({ status: 'waitlisted', position: 1 });
    const dup = await http.post(`/api/admin/courses/${c.id}/enrollments`, body('138-0000-0002'), auth);
    expect(dup.status).toBe(409);
    const noConsent = await http.post(`/api/admin/courses/${c.id}/enrollments`, { ...body('13800000003'), consent: false }, auth);
    expect(noConsent.status).toBe(400);
    const badPhone = await http.post(`/api/admin/courses/${c.id}/enrollments`, body('12345678'), auth);
    expect(badPhone.status).toBe(400);

    const e = await t.db.enrollment.findUniqueOrThrow({ where: { id: o1.enrollmentId } });
    expect(e).toMatchObject({ via: 'proxy', proxyBy: 'admin' });

    const del = await fetch(`${http.url}/api/admin/enrollments/${o1.enrollmentId}`, { method: 'DELETE', headers: auth });
    expect(del.status).toBe(200);
    const list = (await (await http.get(`/api/admin/courses/${c.id}/enrollments`, auth)).json()) as { enrollments: { status: string; phone: string }[] };
    expect(list.enrollments.map((x) => [x.status, x.phone])).toEqual([['confirmed', '13800000002'], ['cancelled', '13800000001']]);
    expect((await fetch(`${http.url}/api/admin/enrollments/999999`, { method: 'DELETE', headers: auth })).status).toBe(404);
  });

  it('not eligible → 422', async () => {
    const c = await makeCourse(t.db, { eligibleGroups: '["veteran"]' });
    const r = await http.post(`/api/admin/courses/${c.id}/enrollments`, { name: '王五', phone: '13900001111', groups: [], consent: true }, auth);
    expect(r.status).toBe(422);
    const ok = await http.post(`/api/admin/courses/${c.id}/enrollments`, { name: '王五', phone: '13900001111', groups: ['退役军人'], consent: true }, auth);
    expect(ok.status).toBe(201);
  });

  it('imports CSV (raw) with dry run, and xlsx as JSON base64', async () => {
    const csv = '课程编码,课程名称,工种,培训类别,开班日期,结束日期,名额,县区\nH-1,古浪县电工班,电工,就业技能培训,2027-05-01,2027-05-20,30,古浪县\nH-2,坏行,电工,就业技能培训,2027-05-01,2027-04-20,-1,古浪县\n';
    const post = (query: string, body: BodyInit, type: string) =>
      fetch(`${http.url}/api/admin/courses/import${query}`, { method: 'POST', headers: { ...auth, 'content-type': type }, body });
    const dry = await post('?dryRun=true', csv, 'text/csv');
    expect(dry.status).toBe(422);
    const report = (await dry.json()) as { errors: { line: number; reasons: string[] }[]; written: boolean };
    expect(report.written).toBe(false);
    expect(report.errors.map((e) => e.line)).toEqual([3]);
    const valid = await post('?validOnly=true', csv, 'text/csv');
    expect(valid.status).toBe(200);
    expect(await valid.json()).toMatchObject({ written: true, created: 1 });
    const search = (await (await http.get(`/api/courses?near=${encodeURIComponent('古浪')}&q=${encodeURIComponent('电工')}`)).json()) as { courses: { code: string }[] };
    expect(search.courses.map((c) => c.code)).toContain('H-1');

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow(['code', 'title', 'occupation', 'category', 'start_date', 'end_date', 'capacity', 'county']);
    ws.addRow(['H-3', '卓尼县养殖培训', '牛羊养殖', '农业实用技术', new Date(Date.UTC(2027, 5, 1)), new Date(Date.UTC(2027, 5, 2)), 60, '卓尼县']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const json = await http.post('/api/admin/courses/import', { filename: 'c.xlsx', contentBase64: xlsx.toString('base64') }, auth);
    expect(await json.json()).toMatchObject({ ok: true, format: 'xlsx', created: 1 });
    const empty = await post('', '', 'text/csv');
    expect(empty.status).toBe(400);
  });
});
