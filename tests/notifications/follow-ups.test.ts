/**
 * Follow-up questions N days after a course ends (fake clock): who is asked, once per enrollment
 * and round, and the answer stored on the enrollment.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCourseServices, type CourseAdminServices } from '../../src/courses/services.js';
import { queueFollowUps } from '../../src/notifications/follow-ups.js';
import { silentLogger } from '../../src/shared/logger.js';
import { createTestApp, type TestApp } from '../helpers/fake-channel.js';
import { person } from './helpers.js';

let t: TestApp;
let courses: CourseAdminServices;
let n = 0;

beforeEach(async () => {
  t = await createTestApp({ courses: ({ db, clock }) => (courses = createCourseServices({ db, clock, log: silentLogger })) });
  t.clock.set('2026-11-01T02:00:00Z');
});
afterEach(() => t.destroy());


async function endedCourse(end = '2026-11-20T00:00:00Z') {
  return t.db.course.create({
    data: { code: `F-${++n}`, title: '电工班', occupation: '电工', category: '就业技能培训', startDate: new Date('2026-11-10T00:00:00Z'), endDate: new Date(end), durationDays: 10, capacity: 30 },
  });
}

const enroll = (courseId: number, userId: number, phone: string) =>
  courses.enroll({ courseId, userId, name: '某某', phone, groups: [], consent: true, via: 'self' });
const run = () => queueFollowUps({ courses, queue: t.queue, clock: t.clock, log: silentLogger, days: [30, 90] });

describe('follow-up questions', () => {
  it('30 days after the end: asked once, "上班了" stored as employed; the 90-day round asks again', async () => {
    const a = await person(t, 'f-a');
    const course = await endedCourse();
    const e = await enroll(course.id, a.userId, '13900000011');
    t.clock.set('2026-12-19T02:00:00Z'); // day 29: not yet
    expect(await run()).toMatchObject({ queued: 0 });
    t.clock.set('2026-12-20T02:00:00Z'); // day 30, 10:00 China time
    expect(await run()).toMatchObject({ queued: 1 });
    expect(await run()).toMatchObject({ queued: 0 }); // re-run: nothing twice
    await t.deliver();
    expect(a.u.pushed()).toEqual([expect.stringMatching(/回复1已就业，2已创业，3还在找，4不方便说/)]);
    expect(await a.u.says('上班了')).toEqual([expect.stringMatching(/恭喜/)]);
    expect(await t.db.enrollment.findUniqueOrThrow({ where: { id: e.enrollmentId } })).toMatchObject({ outcome: 'employed', outcomeRound: 30 });
    t.clock.set('2026-12-21T02:00:00Z');
    expect(await run()).toMatchObject({ queued: 0 }); // still inside the catch-up window: already asked
    t.clock.set('2027-02-18T02:00:00Z'); // day 90
    expect(await run()).toMatchObject({ queued: 1 });
    await t.deliver();
    expect(await a.u.says('4')).toEqual(['好的，谢谢您。']);
    expect(await t.db.enrollment.findUniqueOrThrow({ where: { id: e.enrollmentId } })).toMatchObject({ outcome: 'undisclosed', outcomeRound: 90 });
  });

  it('asks the people marked attended/certified when staff marked any, else the confirmed ones', async () => {
    const a = await person(t, 'f-1');
    const b = await person(t, 'f-2');
    const c = await person(t, 'f-3');
    const marked = await endedCourse();
    const ea = await enroll(marked.id, a.userId, '13900000021');
    await enroll(marked.id, b.userId, '13900000022');
    await t.db.enrollment.update({ where: { id: ea.enrollmentId }, data: { status: 'certified' } });
    const unmarked = await endedCourse();
    await enroll(unmarked.id, c.userId, '13900000023');
    const cancelled = await endedCourse();
    await t.db.course.update({ where: { id: cancelled.id }, data: { status: 'cancelled' } });
    t.clock.set('2026-12-20T02:00:00Z');
    expect(await run()).toMatchObject({ queued: 2 });
    await t.deliver();
    expect(a.u.pushed()).toHaveLength(1);
    expect(b.u.pushed()).toEqual([]);
    expect(c.u.pushed()).toHaveLength(1);
    // "2" as the first thing said answers the question.
    expect(await c.u.says('2')).toEqual([expect.stringMatching(/创业顺利/)]);
  });

  it('a course that ended long before the job ran is not asked about', async () => {
    const a = await person(t, 'f-old');
    const course = await endedCourse('2026-09-01T00:00:00Z');
    await enroll(course.id, a.userId, '13900000031');
    t.clock.set('2026-12-20T02:00:00Z'); // 110 days later: outside both rounds' catch-up windows
    expect(await run()).toMatchObject({ queued: 0 });
  });
});
