/**
 * A course changed or cancelled by staff (console routes): everyone signed up is told through the
 * queue, and their reminders are rescheduled or cancelled.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { use } from '../../src/bot/feature.js';
import { createCourseServices, type CourseAdminServices } from '../../src/courses/services.js';
import { consoleFeature } from '../../src/features/console.js';
import { queueClassReminders } from '../../src/notifications/reminders.js';
import { silentLogger } from '../../src/shared/logger.js';
import { createTestApp, type TestApp } from '../helpers/fake-channel.js';
import { listen, staffAuth, type Listening } from '../helpers/http.js';

let t: TestApp;
let http: Listening;
let courses: CourseAdminServices;
let H: Record<string, string>;

beforeEach(async () => {
  t = await createTestApp({
    courses: ({ db, clock }) => (courses = createCourseServices({ db, clock, log: silentLogger })),
    features: (services, app) => [use(consoleFeature, { courses: services.courses as CourseAdminServices, queue: app.queue, dist: '/nonexistent' })],
  });
  t.clock.set('2026-11-28T10:00:00Z'); // 18:00 China time, the day before class
  http = await listen(t.app.http);
  H = await staffAuth(t.app.staff, http);
});
afterEach(async () => {
  await http.close();
  await t.destroy();
});

async function signedUp(ids: string[]) {
  const course = await t.db.course.create({
    data: { code: 'CH-1', title: '电工班', occupation: '电工', category: '就业技能培训', startDate: new Date('2026-11-29T00:00:00Z'), endDate: new Date('2026-12-10T00:00:00Z'), durationDays: 12, capacity: 30, address: '城关镇示例路1号', contact: '0931-0000000', countyCode: '620123' },
  });
  const users = [];
  for (const [i, id] of ids.entries()) {
    const u = t.chat.user(id);
    await u.says('你好');
    const { userId } = await t.db.channelIdentity.findFirstOrThrow({ where: { channelUserId: id } });
    await courses.enroll({ courseId: course.id, userId, name: '某某', phone: `1390000010${i}`, groups: [], consent: true, via: 'self' });
    users.push(u);
  }
  return { course, users };
}
const remind = () => queueClassReminders({ courses, queue: t.queue, clock: t.clock, log: silentLogger });
const patchCourse = (id: number, body: unknown) =>
  fetch(`${http.url}/api/admin/courses/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...H }, body: JSON.stringify(body) });

describe('course changed or cancelled by staff', () => {
  it('a new start date tells everyone, drops the queued reminder and reminds again before the new date', async () => {
    const { course, users } = await signedUp(['cc-1', 'cc-2']);
    expect(await remind()).toMatchObject({ queued: 2 }); // queued, not yet sent
    expect((await patchCourse(course.id, { startDate: '2026-12-05', endDate: '2026-12-15' })).status).toBe(200);
    await t.deliver();
    for (const u of users) expect(u.pushed()).toEqual([expect.stringMatching(/^【课程变更】.*12月5日开课/)]);
    expect(await t.db.outboxMessage.count({ where: { kind: 'reminder', status: 'cancelled' } })).toBe(2);
    // The same request again (a retry) tells nobody twice; an edit of the title tells nobody.
    await patchCourse(course.id, { startDate: '2026-12-05' });
    await patchCourse(course.id, { title: '电工班（初级）' });
    await t.deliver();
    expect(users[0]!.pushed()).toHaveLength(1);
    t.clock.set('2026-12-04T10:00:00Z'); // 18:00 the day before the new start
    expect(await remind()).toMatchObject({ queued: 2 });
    await t.deliver();
    expect(users[0]!.pushed().at(-1)).toMatch(/^【开课提醒】.*12月5日开课/);
  });

  it('a new place tells everyone; the reminder stays', async () => {
    const { course, users } = await signedUp(['cp-1']);
    await remind();
    await patchCourse(course.id, { address: '县职校二楼' });
    await t.deliver();
    expect(users[0]!.pushed()).toEqual(expect.arrayContaining([expect.stringMatching(/^【课程变更】.*县职校二楼/), expect.stringMatching(/^【开课提醒】/)]));
  });

  it('cancelled: everyone is told, with the contact, and queued reminders are cancelled', async () => {
    const { course, users } = await signedUp(['cx-1', 'cx-2']);
    await remind();
    const res = await http.post(`/api/admin/courses/${course.id}/status`, { status: 'cancelled' }, H);
    expect(await res.json()).toMatchObject({ notified: 2 });
    await t.deliver();
    for (const u of users) expect(u.pushed()).toEqual([expect.stringMatching(/^【课程取消】.*0931-0000000/)]);
    expect(await t.db.outboxMessage.count({ where: { kind: 'reminder', status: 'cancelled' } })).toBe(2);
  });
});
