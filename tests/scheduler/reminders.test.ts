import { afterEach, beforeEach, expect, test } from 'vitest';
import { createCourseServices } from '../../src/courses/services.js';
import { queueClassReminders } from '../../src/notifications/reminders.js';
import { startOfChinaDay } from '../../src/shared/china-time.js';
import { silentLogger } from '../../src/shared/logger.js';
import { createTestApp, type TestApp } from '../helpers/fake-channel.js';

let t: TestApp;
beforeEach(async () => {
  // 2026-11-28 10:00 in China.
  t = await createTestApp();
  t.clock.set('2026-11-28T02:00:00Z');
});
afterEach(() => t.destroy());

function reminderDeps() {
  const courses = createCourseServices({ db: t.db, clock: t.clock, log: silentLogger });
  return { courses, queue: t.queue, clock: t.clock, log: silentLogger };
}

async function courseStarting(startDate: Date, code: string) {
  return t.db.course.create({
    data: {
      code,
      title: '电工（初级）示例班',
      occupation: '电工',
      category: '就业技能培训',
      startDate,
      endDate: new Date(startDate.getTime() + 15 * 86_400_000),
      durationDays: 15,
      capacity: 30,
      address: '榆中县城关镇示例路1号',
      contact: '榆中县就业服务中心',
    },
  });
}

test('the day before class, confirmed participants get one reminder on their channel', async () => {
  const u = t.chat.user('wx-1');
  await u.says('你好');
  const user = await t.db.user.findFirstOrThrow();
  const tomorrow = new Date(startOfChinaDay(t.clock.now(), 1).getTime() + 9 * 3600_000); // 09:00 CST tomorrow
  const soon = await courseStarting(tomorrow, 'C-1');
  const later = await courseStarting(new Date(tomorrow.getTime() + 3 * 86_400_000), 'C-2');
  for (const [course, status] of [[soon, 'confirmed'], [later, 'confirmed'], [soon, 'waitlisted']] as const) {
    await t.db.enrollment.create({ data: { courseId: course.id, userId: user.id, name: '张三', phone: '13912345678', status } });
  }

  const deps = reminderDeps();
  expect(await queueClassReminders(deps)).toEqual({ due: 1, queued: 1 });
  expect(u.pushed()).toHaveLength(0); // producers only enqueue
  expect(await t.deliver()).toMatchObject({ sent: 1 });
  expect(u.pushed()).toHaveLength(1);
  expect(u.pushed()[0]).toMatch(/开课提醒.*电工.*11月29日开课.*榆中县城关镇.*身份证.*回复1确认参加，2请假，3取消报名/);

  // Running again (the 20:00 retry, a restart, a second process) queues nothing twice.
  expect(await queueClassReminders(deps)).toEqual({ due: 0, queued: 0 });
  await t.deliver();
  expect(u.pushed()).toHaveLength(1);
});

test('a proxy sign-up with no chat user and no SMS channel ends on the call list as unreachable', async () => {
  const tomorrow = startOfChinaDay(t.clock.now(), 1);
  const course = await courseStarting(tomorrow, 'C-3');
  await t.db.enrollment.create({ data: { courseId: course.id, name: '李四', phone: '13800000000', status: 'confirmed', via: 'proxy' } });
  expect(await queueClassReminders(reminderDeps())).toEqual({ due: 1, queued: 1 });
  expect(await t.deliver()).toMatchObject({ skipped: 1 });
  expect(await t.db.outboxMessage.findFirstOrThrow()).toMatchObject({ status: 'skipped', skipReason: 'unreachable', phone: '13800000000' });
});

test('startOfChinaDay uses UTC+8 calendar days', () => {
  expect(startOfChinaDay(new Date('2026-11-28T17:00:00Z')).toISOString()).toBe('2026-11-28T16:00:00.000Z');
  expect(startOfChinaDay(new Date('2026-11-28T15:59:00Z'), 1).toISOString()).toBe('2026-11-28T16:00:00.000Z');
});
