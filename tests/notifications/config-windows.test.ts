/**
 * FOLLOW_UP_CATCH_UP_DAYS and INTEREST_RADIUS_KM are configuration: parsed with zod at load,
 * and a changed value changes what the feature's jobs do.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { createCourseServices, type CourseAdminServices } from '../../src/courses/services.js';
import { outboundConfigSchema, type OutboundConfig } from '../../src/notifications/config.js';
import { silentLogger } from '../../src/shared/logger.js';
import { createTestApp, type TestApp } from '../helpers/fake-channel.js';
import { person } from './helpers.js';

let t: TestApp;
let courses: CourseAdminServices;
let n = 0;
afterEach(() => t?.destroy());

async function app(outbound: Partial<OutboundConfig>) {
  t = await createTestApp({ outbound, courses: ({ db, clock }) => (courses = createCourseServices({ db, clock, log: silentLogger })) });
}
const job = (name: string) => t.app.features.jobs.find((j) => j.name === name)!.run();
const later = () => new Promise((r) => setTimeout(r, 5)); // createdAt is the database's own time

describe('notification windows from the config', () => {
  it('defaults 7 days and 45 km; bad values are config errors naming the variable', () => {
    expect(outboundConfigSchema.parse({})).toMatchObject({ FOLLOW_UP_CATCH_UP_DAYS: 7, INTEREST_RADIUS_KM: 45 });
    expect(loadConfig({ FOLLOW_UP_CATCH_UP_DAYS: '14', INTEREST_RADIUS_KM: '60.5' }).outbound).toMatchObject({ FOLLOW_UP_CATCH_UP_DAYS: 14, INTEREST_RADIUS_KM: 60.5 });
    expect(() => loadConfig({ INTEREST_RADIUS_KM: '-3' })).toThrow(/INTEREST_RADIUS_KM/);
    expect(() => loadConfig({ FOLLOW_UP_CATCH_UP_DAYS: 'week' })).toThrow(/FOLLOW_UP_CATCH_UP_DAYS/);
  });

  for (const [radius, expected] of [[45, 0], [60, 1]] as const) {
    it(`INTEREST_RADIUS_KM=${radius}: a course 54 km away ${expected ? 'matches' : 'does not match'}`, async () => {
      await app({ INTEREST_RADIUS_KM: radius });
      t.clock.set('2026-11-28T02:00:00Z');
      const a = await person(t, 'i-r');
      await courses.addInterest(a.userId, { keyword: '电工', countyCode: '620123' }); // 榆中县
      await later();
      await t.db.course.create({
        data: { code: `R-${++n}`, title: '电工班', occupation: '电工', category: '就业技能培训', startDate: new Date('2026-12-20T00:00:00Z'), endDate: new Date('2026-12-30T00:00:00Z'), durationDays: 10, capacity: 30, countyCode: '621102' }, // 安定区, centres 54 km apart
      });
      await job('interest-notices');
      expect(await t.db.outboxMessage.count({ where: { kind: 'interest' } })).toBe(expected);
    });
  }

  for (const [days, expected] of [[7, 0], [14, 1]] as const) {
    it(`FOLLOW_UP_CATCH_UP_DAYS=${days}: a 30-day follow-up missed by 10 days is ${expected ? 'still asked' : 'not asked'}`, async () => {
      await app({ FOLLOW_UP_DAYS: [30], FOLLOW_UP_CATCH_UP_DAYS: days });
      t.clock.set('2026-11-01T02:00:00Z');
      const a = await person(t, 'f-c');
      const course = await t.db.course.create({
        data: { code: `F-${++n}`, title: '电工班', occupation: '电工', category: '就业技能培训', startDate: new Date('2026-11-10T00:00:00Z'), endDate: new Date('2026-11-20T00:00:00Z'), durationDays: 10, capacity: 30 },
      });
      await courses.enroll({ courseId: course.id, userId: a.userId, name: '某某', phone: '13900000041', groups: [], consent: true, via: 'self' });
      t.clock.set('2026-12-30T02:00:00Z'); // day 40: the day-30 run was missed by 10 days
      await job('follow-ups');
      expect(await t.db.outboxMessage.count({ where: { kind: 'follow-up' } })).toBe(expected);
    });
  }
});
