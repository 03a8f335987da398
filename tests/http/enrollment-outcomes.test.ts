/**
 * PATCH /api/admin/enrollments/:id: attendance and certification, validated, scoped by role.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { use } from '../../src/bot/feature.js';
import { createCourseServices } from '../../src/courses/index.js';
import { outcomesFeature } from '../../src/features/outcomes.js';
import { silentLogger } from '../../src/shared/logger.js';
import { makeCourse } from '../courses/helpers.js';
import { createTestApp, type TestApp } from '../helpers/fake-channel.js';
import { listen, type Listening } from '../helpers/http.js';

let t: TestApp;
let http: Listening;
const H: Record<string, Record<string, string>> = {};
let inYz: number;
let inAd: number;
let waitlisted: number;

const patch = (id: number | string, body: unknown, headers: Record<string, string>) =>
  fetch(`${http.url}/api/admin/enrollments/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

async function bearer(username: string) {
  const res = await http.post('/api/admin/login', { username, password: 'password-123' });
  return { authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
}

beforeAll(async () => {
  t = await createTestApp({ courses: ({ db, clock }) => createCourseServices({ db, clock, log: silentLogger }), features: [use(outcomesFeature)] });
  http = await listen(t.app.http);
  await t.app.staff.ensureAdmin('admin', 'password-123');
  H.admin = await bearer('admin');
  expect((await http.post('/api/admin/staff', { username: 'yz', password: 'password-123', role: 'county', county: '620123' }, H.admin)).status).toBe(201);
  H.yz = await bearer('yz');
  const yz = await makeCourse(t.db, { countyCode: '620123' });
  const ad = await makeCourse(t.db, { countyCode: '621102' });
  const mk = (courseId: number, status = 'confirmed') => t.db.enrollment.create({ data: { courseId, name: '某某', phone: '13900000001', status } }).then((e) => e.id);
  inYz = await mk(yz.id);
  inAd = await mk(ad.id);
  waitlisted = await mk(yz.id, 'waitlisted');
});
afterAll(async () => {
  await http.close();
  await t.destroy();
});

describe('PATCH /api/admin/enrollments/:id', () => {
  it('marks attended, then certified; un-marking attended clears the certificate', async () => {
    let res = await patch(inYz, { attended: true }, H.yz);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: inYz, status: 'attended', attended: true, certified: false });
    const first = (await t.db.enrollment.findUniqueOrThrow({ where: { id: inYz } })).attendedAt;
    expect(first).toBeInstanceOf(Date);
    res = await patch(inYz, { certified: true }, H.yz);
    expect(await res.json()).toMatchObject({ status: 'certified', attended: true, certified: true });
    expect(await t.db.enrollment.findUniqueOrThrow({ where: { id: inYz } })).toMatchObject({ attendedAt: first, certifiedAt: expect.any(Date) });
    res = await patch(inYz, { attended: false }, H.yz);
    expect(await res.json()).toMatchObject({ status: 'confirmed', attended: false, certified: false });
    expect(await t.db.enrollment.findUniqueOrThrow({ where: { id: inYz } })).toMatchObject({ attendedAt: null, certifiedAt: null });
    expect(await t.db.auditLog.count({ where: { action: 'enrollment.marks' } })).toBe(3);
  });

  it('a county account does not reach another county\'s sign-ups (404), admin does', async () => {
    expect((await patch(inAd, { attended: true }, H.yz)).status).toBe(404);
    expect((await t.db.enrollment.findUniqueOrThrow({ where: { id: inAd } })).status).toBe('confirmed');
    expect((await patch(inAd, { certified: true }, H.admin)).status).toBe(200);
    expect((await t.db.enrollment.findUniqueOrThrow({ where: { id: inAd } })).status).toBe('certified');
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    for (const body of [{}, { attended: 'yes' }, { attended: true, extra: 1 }, { attended: false, certified: true }]) {
      const res = await patch(inYz, body, H.admin);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(((await res.json()) as { error: string }).error).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect((await patch(waitlisted, { attended: true }, H.admin)).status).toBe(400);
    expect((await patch('abc', { attended: true }, H.admin)).status).toBe(404);
    expect((await patch(inYz, { attended: true }, {})).status).toBe(401);
    expect((await t.db.enrollment.findUniqueOrThrow({ where: { id: waitlisted } })).status).toBe('waitlisted');
  });
});
