/**
 * Fake-clock transcripts of the outbound queue's rules: opt-out everywhere, quiet hours, the
 * frequency cap, reminder replies, waitlist confirm-or-pass, two senders on one database, a
 * failing gateway.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCourseServices, type CourseAdminServices } from '../../src/courses/services.js';
import { openDatabase } from '../../src/db/client.js';
import { queueClassReminders } from '../../src/notifications/reminders.js';
import { OutboundSender } from '../../src/notifications/sender.js';
import { waitlistNotices } from '../../src/notifications/waitlist.js';
import { SqliteOutboundQueue } from '../../src/bot/sqlite-outbound-queue.js';
import { silentLogger } from '../../src/shared/logger.js';
import { createTestApp, type TestApp } from '../helpers/fake-channel.js';

let t: TestApp;
let courses: CourseAdminServices;
let key = 0;

beforeEach(async () => {
  t = await createTestApp({
    outbound: { QUIET_HOURS: { startMin: 21 * 60, endMin: 8 * 60 }, ANNOUNCEMENTS_PER_WEEK: 2 },
    courses: ({ db, clock, queue }) => (courses = createCourseServices({ db, clock, log: silentLogger, events: waitlistNotices(queue, clock), offerHoldHours: 24 })),
  });
  t.clock.set('2026-11-28T02:00:00Z'); // 10:00 China time
});
afterEach(() => t.destroy());

const announce = (userId: number, text = '【新课程】电工班开始报名') =>
  t.queue.enqueue([{ userId, kind: 'broadcast', priority: 'announcement', body: text, notBefore: t.clock.now(), idempotencyKey: `b${++key}` }]);
const remind = (userId: number, text = '【开课提醒】明天开课') =>
  t.queue.enqueue([{ userId, kind: 'reminder', priority: 'transactional', body: text, notBefore: t.clock.now(), idempotencyKey: `r${++key}` }]);

async function userOf(id: string) {
  const u = t.chat.user(id);
  await u.says('你好');
  const identity = await t.db.channelIdentity.findFirstOrThrow({ where: { channelUserId: id } });
  return { u, userId: identity.userId };
}

async function courseTomorrow(capacity = 30) {
  return t.db.course.create({
    data: {
      code: `C-${++key}`,
      title: '电工班',
      occupation: '电工',
      category: '就业技能培训',
      startDate: new Date('2026-11-29T01:00:00Z'),
      endDate: new Date('2026-12-10T00:00:00Z'),
      durationDays: 10,
      capacity,
      address: '榆中县城关镇示例路1号',
      contact: '0931-0000000',
    },
  });
}

describe('opt-out everywhere', () => {
  for (const word of ['R', 'TD', '退订', 'T', 'N', '取消订阅', 'STOP', '拒收', '别发了', '不要再发了']) {
    it(`"${word}" stops announcements but not the person's own reminders`, async () => {
      const { u, userId } = await userOf(`w-${word}`);
      expect(await u.says(word)).toEqual([expect.stringMatching(/^已退订/)]);
      await announce(userId);
      await remind(userId);
      await t.deliver();
      expect(u.pushed()).toEqual(['【开课提醒】明天开课']);
    });
  }

  it('订阅 restores announcements; 全部退订 stops reminders too; the list is read at send time', async () => {
    const { u, userId } = await userOf('w-1');
    await announce(userId, '公告1'); // queued before the opt-out …
    await u.says('别发了');
    await t.deliver();
    expect(u.pushed()).toEqual([]); // … still skipped: checked at send time
    expect(await u.says('订阅')).toEqual([expect.stringMatching(/已恢复通知/)]);
    await announce(userId, '公告2');
    await t.deliver();
    expect(u.pushed()).toEqual(['公告2']);
    expect(await u.says('全部退订')).toEqual([expect.stringMatching(/已全部退订/)]);
    await remind(userId, '提醒');
    await t.deliver();
    expect(u.pushed()).toEqual(['公告2']);
    expect(await u.says('恢复通知')).toEqual([expect.stringMatching(/已恢复通知/)]);
  });

  it('opt-out words in a group chat are chatter, not an opt-out', async () => {
    const g = t.chat.user('w-g', { inGroup: true });
    await g.says('你好');
    await g.says('别发了');
    expect(await t.db.notificationOptOut.count()).toBe(0);
  });
});

describe('quiet hours and the frequency cap', () => {
  it('holds an announcement until 08:00 but not a reminder', async () => {
    const { u, userId } = await userOf('q-1');
    t.clock.set('2026-11-28T14:00:00Z'); // 22:00 China time
    await announce(userId, '公告');
    await remind(userId, '提醒');
    await t.deliver();
    expect(u.pushed()).toEqual(['提醒']);
    t.clock.set('2026-11-28T23:59:00Z'); // 07:59
    await t.deliver();
    expect(u.pushed()).toEqual(['提醒']);
    t.clock.set('2026-11-29T00:00:00Z'); // 08:00
    await t.deliver();
    expect(u.pushed()).toEqual(['提醒', '公告']);
  });

  it('caps announcements at 2 a week per person; reminders are not counted', async () => {
    const { u, userId } = await userOf('c-1');
    for (const n of [1, 2, 3]) await announce(userId, `公告${n}`);
    await remind(userId, '提醒');
    await t.deliver();
    expect(u.pushed().sort()).toEqual(['公告1', '公告2', '提醒']);
    expect(await t.db.outboxMessage.findFirstOrThrow({ where: { body: '公告3' } })).toMatchObject({ status: 'skipped', skipReason: 'capped' });
    t.clock.advance(7 * 86_400_000 + 60_000);
    await announce(userId, '公告4');
    await t.deliver();
    expect(u.pushed()).toContain('公告4');
  });
});

describe('reminders and waitlist in context', () => {
  it('sign-up → reminder → "请假" is recorded on the enrollment', async () => {
    const { u, userId } = await userOf('r-1');
    const course = await courseTomorrow();
    const e = await courses.enroll({ courseId: course.id, userId, name: '张三', phone: '13912345678', groups: [], consent: true, via: 'self' });
    await queueClassReminders({ courses, queue: t.queue, clock: t.clock, log: silentLogger });
    await t.deliver();
    expect(u.pushed()).toEqual([expect.stringMatching(/回复1确认参加，2请假，3取消报名/)]);
    expect(await u.says('请假')).toEqual([expect.stringMatching(/已记录您请假/)]);
    expect(await t.db.enrollment.findUniqueOrThrow({ where: { id: e.enrollmentId } })).toMatchObject({ reminderReply: 'leave', status: 'confirmed' });
    // Answered: a later "3" is the menu's again, not a cancellation.
    await u.says('3');
    expect((await t.db.enrollment.findUniqueOrThrow({ where: { id: e.enrollmentId } })).status).toBe('confirmed');
  });

  it('reminders run at REMINDER_TIME and again at 20:00 for later sign-ups, nobody twice', async () => {
    const jobs = t.app.features.jobs.filter((j) => j.name.startsWith('class-reminders'));
    expect(jobs.map((j) => [j.name, j.cron])).toEqual([
      ['class-reminders', '0 0 18 * * *'],
      ['class-reminders-late', '0 0 20 * * *'],
    ]);
    const early = await userOf('r-early');
    const late = await userOf('r-late');
    const course = await courseTomorrow();
    await courses.enroll({ courseId: course.id, userId: early.userId, name: '张三', phone: '13912345671', groups: [], consent: true, via: 'self' });
    t.clock.set('2026-11-28T10:00:00Z'); // 18:00
    await jobs[0]!.run();
    await t.deliver();
    await courses.enroll({ courseId: course.id, userId: late.userId, name: '李四', phone: '13912345672', groups: [], consent: true, via: 'self' });
    t.clock.set('2026-11-28T12:00:00Z'); // 20:00
    await jobs[1]!.run();
    await t.deliver();
    expect(early.u.pushed()).toEqual([expect.stringMatching(/^【开课提醒】/)]);
    expect(late.u.pushed()).toEqual([expect.stringMatching(/^【开课提醒】/)]);
  });

  it('"3" right after the reminder cancels and promotes the next waitlisted person, who must confirm', async () => {
    const a = await userOf('r-a');
    const b = await userOf('r-b');
    const c = await userOf('r-c');
    const course = await courseTomorrow(1);
    const enroll = (userId: number, phone: string) => courses.enroll({ courseId: course.id, userId, name: '某某', phone, groups: [], consent: true, via: 'self' });
    await enroll(a.userId, '13900000001');
    const eb = await enroll(b.userId, '13900000002');
    const ec = await enroll(c.userId, '13900000003');
    await queueClassReminders({ courses, queue: t.queue, clock: t.clock, log: silentLogger });
    await t.deliver();
    expect(await a.u.says('3')).toEqual(['已为您取消这次报名。']);
    await t.deliver();
    expect(b.u.pushed()).toEqual([expect.stringMatching(/有空位了.*24小时内回复1确认参加，回复2放弃/)]);
    // B does not answer within 24 h: the seat passes to C, both are told.
    t.clock.advance(24 * 3600_000 + 1000);
    expect(await courses.expireOffers()).toBe(1);
    await t.deliver();
    expect(b.u.pushed().at(-1)).toMatch(/已让给下一位/);
    expect(c.u.pushed()).toEqual([expect.stringMatching(/有空位了/)]);
    expect(await t.db.enrollment.findUniqueOrThrow({ where: { id: eb.enrollmentId } })).toMatchObject({ status: 'cancelled' });
    expect(await c.u.says('好')).toEqual([expect.stringMatching(/已确认/)]);
    expect(await t.db.enrollment.findUniqueOrThrow({ where: { id: ec.enrollmentId } })).toMatchObject({ status: 'confirmed', offerExpiresAt: null });
    t.clock.advance(48 * 3600_000);
    expect(await courses.expireOffers()).toBe(0);
  });
});

describe('senders', () => {
  it('two sender processes on one database: every recipient gets exactly one message', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) ids.push((await userOf(`s-${i}`)).userId);
    for (const id of ids) await remind(id, `提醒${id}`);
    // A second connection to the same file, as another process would have.
    const other = await openDatabase({ url: t.testDb.url });
    const mk = (db: typeof t.db, owner: string) =>
      new OutboundSender({ queue: new SqliteOutboundQueue(db), db, clock: t.clock, log: silentLogger, channels: t.app.notifier, config: t.outboundConfig(), owner, batch: 5 });
    await Promise.all([mk(t.db, 'p1').drain(), mk(other.db, 'p2').drain()]);
    await other.close();
    const counts = new Map<string, number>();
    for (const p of t.channel.pushed) if (p.text.startsWith('提醒')) counts.set(p.text, (counts.get(p.text) ?? 0) + 1);
    expect(counts.size).toBe(40);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('a failing gateway for some recipients: failures recorded and retried with backoff, others unaffected', async () => {
    const good = await userOf('g-ok');
    const bad = await userOf('g-bad');
    const push = t.channel.push.bind(t.channel);
    t.channel.push = async (to, messages) => (to === 'g-bad' ? messages.map(() => ({ status: 'failed' as const, error: 'gateway 500' })) : push(to, messages));
    await remind(good.userId, 'A');
    await remind(bad.userId, 'B');
    expect(await t.deliver()).toMatchObject({ sent: 1, retried: 1 });
    expect(await t.db.outboxMessage.findFirstOrThrow({ where: { body: 'B' } })).toMatchObject({ status: 'queued', attempts: 1, lastError: 'gateway 500' });
    await t.deliver(); // not due yet (30 s backoff)
    expect(await t.db.outboxMessage.findFirstOrThrow({ where: { body: 'B' } })).toMatchObject({ attempts: 1 });
    for (let i = 0; i < 10; i++) {
      t.clock.advance(3600_000);
      await t.deliver();
    }
    expect(await t.db.outboxMessage.findFirstOrThrow({ where: { body: 'B' } })).toMatchObject({ status: 'failed', attempts: 6, lastError: 'gateway 500' });
    expect(good.u.pushed()).toEqual(['A']);
  });
});
