/**
 * Import safety (issue 12): zip bombs are refused before exceljs expands them, the documented
 * JSON import works past the global 64 KB JSON limit, and capacity changes on re-import follow
 * the rule (lowering below the seats taken is blocked unless forced; raising promotes the
 * waitlist in order first, and those promoted are told).
 */
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { use } from '../../src/bot/feature.js';
import { createCourseServices, type CourseAdminServices } from '../../src/courses/index.js';
import type { WaitlistPromotion } from '../../src/courses/enrollment.js';
import { coursesFeature } from '../../src/features/courses.js';
import { silentLogger } from '../../src/shared/logger.js';
import { createTestApp, type TestApp } from '../helpers/fake-channel.js';
import { listen, staffAuth, type Listening } from '../helpers/http.js';

/** A zip: each entry's data deflated, with `declaredSize` written into the headers (default: the true size). */
function zip(entries: { name: string; data: Buffer; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const body = deflateRawSync(e.data);
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const HEADER = 'code,title,occupation,category,level,start_date,end_date,capacity,county,township,eligible_groups,online';
const row = (code: string, capacity: number) => `${code},电工培训班${code},电工,就业技能培训,初级,2027-03-01,2027-03-20,${capacity},榆中县,,,否`;
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');

let t: TestApp;
let http: Listening;
let auth: Record<string, string>;
let services: CourseAdminServices;
const promoted: WaitlistPromotion[] = [];

beforeAll(async () => {
  t = await createTestApp({
    courses: ({ db, clock }) =>
      (services = createCourseServices({ db, clock, log: silentLogger, events: { waitlistPromoted: async (p) => void promoted.push(p) } })),
    features: (s) => [use(coursesFeature, { http: s.courses as CourseAdminServices })],
  });
  http = await listen(t.app.http);
  auth = await staffAuth(t.app.staff, http);
});
afterAll(async () => {
  await http.close();
  await t.destroy();
});

const importFile = (query: string, body: string | Buffer, type: string) =>
  fetch(`${http.url}/api/admin/courses/import${query}`, { method: 'POST', headers: { ...auth, 'content-type': type }, body: typeof body === 'string' ? body : new Uint8Array(body) });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('zip bombs', () => {
  it('an entry that inflates past its declared size → 413, before exceljs', async () => {
    const bomb = zip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(20 * 1024 * 1024), declaredSize: 1024 }]);
    expect(bomb.length).toBeLessThan(100_000);
    const res = await importFile('', bomb, XLSX);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toMatch(/解压/);
  });

  it('a declared total over the limit → 413', async () => {
    const bomb = zip([{ name: 'a.xml', data: Buffer.from('x'), declaredSize: 200 * 1024 * 1024 }]);
    expect((await importFile('', bomb, XLSX)).status).toBe(413);
  });

  it('too many entries → 413', async () => {
    const many = zip(Array.from({ length: 1001 }, (_, i) => ({ name: `f${i}.xml`, data: Buffer.from('<a/>') })));
    const res = await importFile('', many, XLSX);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toMatch(/部件太多/);
  });

  it('a corrupt directory → 400', async () => {
    const broken = zip([{ name: 'a.xml', data: Buffer.from('hello') }]);
    broken.writeUInt32LE(0xdeadbeef, broken.length - 22 - 46 - 5);
    expect((await importFile('', broken, XLSX)).status).toBe(400);
  });
});

describe('body limits', () => {
  it('the documented JSON import works past 64 KB; other JSON routes keep the 64 KB limit', async () => {
    const rows = Array.from({ length: 900 }, (_, i) => row(`BIG-${i}`, 30));
    const content = Buffer.from(csv(...rows)).toString('base64');
    expect(content.length).toBeGreaterThan(64 * 1024);
    const res = await http.post('/api/admin/courses/import?dryRun=true', { filename: 'big.csv', contentBase64: content }, auth);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, totalRows: 900, created: 900 });
    expect((await http.post('/api/ask', { question: 'x'.repeat(70 * 1024) })).status).toBe(413);
  });

  it('the import still needs a staff token before its body is read', async () => {
    expect((await http.post('/api/admin/courses/import', { filename: 'a.csv', contentBase64: 'YQ==' })).status).toBe(401);
  });
});

describe('capacity on re-import', () => {
  const signUp = (courseId: number, i: number) =>
    services.enroll({ courseId, name: `学员${'甲乙丙丁戊己庚辛'[i]}`, phone: `1391234000${i}`, groups: [], consent: true, via: 'proxy', proxyBy: 'staff' });

  it('lowering below the confirmed count is reported and not applied unless forced; raising promotes the waitlist in order first', async () => {
    expect((await importFile('', csv(row('CAP-1', 3)), 'text/csv')).status).toBe(200);
    const course = await t.db.course.findUniqueOrThrow({ where: { code: 'CAP-1' } });
    const outcomes = [];
    for (let i = 0; i < 6; i++) outcomes.push((await signUp(course.id, i)).status);
    expect(outcomes).toEqual(['confirmed', 'confirmed', 'confirmed', 'waitlisted', 'waitlisted', 'waitlisted']);

    // Lower 3 → 1: the dry run says so, the import keeps 3.
    const dry = await (await importFile('?dryRun=true', csv(row('CAP-1', 1)), 'text/csv')).json();
    expect(dry.capacityChanges).toEqual([{ code: 'CAP-1', from: 3, to: 1, taken: 3, waitlisted: 3, action: 'blocked', promoted: 0 }]);
    const blocked = await (await importFile('', csv(row('CAP-1', 1)), 'text/csv')).json();
    expect(blocked.capacityChanges[0].action).toBe('blocked');
    expect((await t.db.course.findUniqueOrThrow({ where: { id: course.id } })).capacity).toBe(3);

    // Raise 3 → 5: two waitlisted, first come first served, get the seats and are told.
    const dryRaise = await (await importFile('?dryRun=true', csv(row('CAP-1', 5)), 'text/csv')).json();
    expect(dryRaise.capacityChanges).toEqual([{ code: 'CAP-1', from: 3, to: 5, taken: 3, waitlisted: 3, action: 'promote', promoted: 2 }]);
    expect(await t.db.enrollment.count({ where: { courseId: course.id, status: 'confirmed' } })).toBe(3);
    await importFile('', csv(row('CAP-1', 5)), 'text/csv');
    const rows = await t.db.enrollment.findMany({ where: { courseId: course.id }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => r.status)).toEqual(['confirmed', 'confirmed', 'confirmed', 'confirmed', 'confirmed', 'waitlisted']);
    expect(promoted.map((p) => p.enrollmentId)).toEqual([rows[3]!.id, rows[4]!.id]);
    // A newcomer does not jump the queue: the course is full.
    expect((await signUp(course.id, 6)).status).toBe('waitlisted');

    // Forced lowering applies it; nobody loses a seat.
    const forced = await (await importFile('?force=true', csv(row('CAP-1', 2)), 'text/csv')).json();
    expect(forced.capacityChanges[0]).toMatchObject({ action: 'forced', from: 5, to: 2, taken: 5 });
    const after = await t.db.course.findUniqueOrThrow({ where: { id: course.id } });
    expect(after).toMatchObject({ capacity: 2, status: 'full' });
    expect(await t.db.enrollment.count({ where: { courseId: course.id, status: 'confirmed' } })).toBe(5);
  });
});
