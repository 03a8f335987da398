/**
 * Interest notices: a new course matching a stored interest (place within range, trade or
 * category) tells the person once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCourseServices, type CourseAdminServices } from '../../src/courses/services.js';
import { notifyInterests } from '../../src/notifications/interests.js';
import { silentLogger } from '../../src/shared/logger.js';
import { createTestApp, type TestApp } from '../helpers/fake-channel.js';
import { person } from './helpers.js';

let t: TestApp;
let courses: CourseAdminServices;
let n = 0;

beforeEach(async () => {
  t = await createTestApp({ courses: ({ db, clock }) => (courses = createCourseServices({ db, clock, log: silentLogger })) });
  t.clock.set('2026-11-28T02:00:00Z');
});
afterEach(() => t.destroy());

const course = (over: Record<string, unknown>) =>
  t.db.course.create({
    data: { code: `I-${++n}`, title: '电工培训班', occupation: '电工', category: '就业技能培训', startDate: new Date('2026-12-20T00:00:00Z'), endDate: new Date('2026-12-30T00:00:00Z'), durationDays: 10, capacity: 30, countyCode: '620123', ...over },
  });
const run = () => notifyInterests({ db: t.db, queue: t.queue, clock: t.clock, log: silentLogger, places: courses.gazetteer });
const later = () => new Promise((r) => setTimeout(r, 5)); // createdAt is the database's own time

describe('interest notices', () => {
  it('a matching new course in the same county tells the person once', async () => {
    const a = await person(t, 'i-a');
    await course({ title: '早就有的电工班' }); // older than the interest: not "new"
    await later();
    await courses.addInterest(a.userId, { keyword: '电工', countyCode: '620123' });
    await later();
    expect(await run()).toMatchObject({ matched: 0 });
    await course({ title: '焊工班', occupation: '焊工' }); // another trade
    await course({ countyCode: '621102' }); // 安定区: centres 54 km apart
    await course({ status: 'cancelled' });
    expect(await run()).toMatchObject({ matched: 0 });
    const c = await course({ title: '高压电工班' });
    expect(await run()).toMatchObject({ matched: 1, queued: 1 });
    await t.deliver();
    expect(a.u.pushed()).toEqual([expect.stringMatching(/^【新课程】.*高压电工班.*榆中县.*12月20日开课/)]);
    expect(await t.db.courseInterest.findFirstOrThrow({ where: { userId: a.userId } })).toMatchObject({ notifiedAt: expect.any(Date) });
    // Once: another matching course does not notify again.
    await course({ title: '电工二班' });
    expect(await run()).toMatchObject({ matched: 0 });
    expect(await t.db.outboxMessage.count({ where: { kind: 'interest' } })).toBe(1);
    expect(c.id).toBeGreaterThan(0);
  });

  it('a nearby county and a category interest match; an online course matches any place', async () => {
    const a = await person(t, 'i-near');
    const b = await person(t, 'i-cat');
    await courses.addInterest(a.userId, { keyword: '电工', countyCode: '620102' }); // 城关区: centres 35 km from 榆中
    await courses.addInterest(b.userId, { keyword: '', category: '创业培训', countyCode: '621102' });
    await later();
    await course({});
    await course({ title: 'SYB创业培训', occupation: '创业', category: '创业培训', countyCode: '620123', online: true });
    expect(await run()).toMatchObject({ matched: 2 });
    await t.deliver();
    expect(a.u.pushed()).toEqual([expect.stringMatching(/电工培训班/)]);
    expect(b.u.pushed()).toEqual([expect.stringMatching(/SYB创业培训.*线上/)]);
  });

  it('an opted-out person is not told (checked at send time)', async () => {
    const a = await person(t, 'i-out');
    await courses.addInterest(a.userId, { keyword: '电工', countyCode: '620123' });
    await a.u.says('退订');
    await later();
    await course({});
    await run();
    await t.deliver();
    expect(a.u.pushed()).toEqual([]);
    expect(await t.db.outboxMessage.findFirstOrThrow({ where: { kind: 'interest' } })).toMatchObject({ status: 'skipped', skipReason: 'opted-out' });
  });
});
