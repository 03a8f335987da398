/**
 * Personal data (issue 12, finding 7): numbers masked and form answers not kept in stored chat
 * text; a cancelled form keeps nothing; 删除我的信息/注销 erases (keeping only attended training
 * for subsidy audits); a staff export; the retention job.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { use } from '../../src/bot/feature.js';
import { createCourseServices, ensureSampleCatalog, type CourseAdminServices } from '../../src/courses/index.js';
import { coursesFeature } from '../../src/features/courses.js';
import { privacyFeature } from '../../src/features/privacy.js';
import { waitlistNotices } from '../../src/notifications/waitlist.js';
import { silentLogger } from '../../src/shared/logger.js';
import { createTestApp, type FakeUser, type TestApp } from '../helpers/fake-channel.js';
import { listen, staffAuth } from '../helpers/http.js';

let t: TestApp;
let courses: CourseAdminServices;
beforeEach(async () => {
  t = await createTestApp({
    courses: ({ db, queue, clock }) => (courses = createCourseServices({ db, clock, log: silentLogger, events: waitlistNotices(queue, clock) })),
    features: [use(coursesFeature, {}), use(privacyFeature, {})],
  });
  await ensureSampleCatalog(t.db, t.clock, silentLogger);
  courses.catalogChanged();
});
afterEach(() => t.destroy());

const NAME = '张秀兰';
const PHONE = '13912345678';

/** Everything stored about conversations, as one string. */
async function storedChat(): Promise<string> {
  const logs = await t.db.messageLog.findMany();
  const dedupe = await t.db.processedMessage.findMany();
  const states = await t.db.conversationState.findMany();
  return [...logs.map((l) => l.text), ...dedupe.map((d) => d.replies), ...states.map((s) => s.data)].join('\n');
}

/** Up to the summary of a self sign-up for the first 电工 course near 榆中. */
async function fillForm(u: FakeUser, name = NAME, phone = PHONE): Promise<void> {
  await u.says('你好');
  await u.says('榆中有电工班吗');
  await u.says('1');
  let form = (await u.says('1')).join();
  if (/名额已满/.test(form)) form = (await u.says('1')).join();
  expect(form).toMatch(/姓名/);
  await u.says(`我叫${name}`);
  await u.says(phone);
  expect((await u.says('同意')).join()).toMatch(new RegExp(`姓名：${name}`));
}

describe('stored chat text', () => {
  test('a cancelled form keeps neither the name nor the phone anywhere in the chat records', async () => {
    const u = t.chat.user('u1');
    await fillForm(u);
    // Discarding a filled form asks once first (issue 9), then keeps nothing.
    expect((await u.says('3')).join()).toMatch(/确定不报/);
    expect(await u.says('1')).toEqual(['好的，已取消，没有保存任何信息。']);
    const stored = await storedChat();
    expect(stored).not.toContain(NAME);
    expect(stored).not.toContain(PHONE);
    expect(await t.db.enrollment.count({ where: { phone: PHONE } })).toBe(0);
    expect((await t.db.user.findFirstOrThrow({ where: { identities: { some: { channelUserId: 'u1' } } } })).name).toBeNull();
  });

  test('leaving the form with 取消 keeps nothing either', async () => {
    const u = t.chat.user('u1');
    await u.says('你好');
    await u.says('榆中有电工班吗');
    await u.says('1');
    await u.says('1');
    await u.says(NAME);
    await u.says(PHONE);
    expect((await u.says('取消')).join()).toMatch(/要放弃/);
    await u.says('1');
    const stored = await storedChat();
    expect(stored).not.toContain(NAME);
    expect(stored).not.toContain(PHONE);
  });

  test('phone and ID numbers typed anywhere are masked in the message log and dedupe records', async () => {
    const u = t.chat.user('u2');
    await u.says('你好');
    await u.says('我身份证620102199003151234，手机13812345678，能领补贴吗');
    const stored = await storedChat();
    expect(stored).not.toMatch(/620102199003151234|13812345678/);
    expect(stored).toContain('620102********4');
    expect(stored).toContain('138****5678');
  });

  test('a finished sign-up keeps what staff need in the enrollment', async () => {
    const u = t.chat.user('u1');
    await fillForm(u);
    expect((await u.says('1')).join()).toMatch(/报名成功/);
    expect(await t.db.enrollment.findFirstOrThrow({ where: { phone: PHONE } })).toMatchObject({ name: NAME, status: 'confirmed' });
    expect(await storedChat()).not.toContain(PHONE);
  });
});

describe('删除我的信息 / 注销', () => {
  async function signedUp(u: FakeUser, name: string, phone: string): Promise<number> {
    await fillForm(u, name, phone);
    expect((await u.says('1')).join()).toMatch(/报名成功|候补/);
    return (await t.db.enrollment.findFirstOrThrow({ where: { phone } })).id;
  }

  test('asks once, cancels pending sign-ups (waitlist promoted), erases, keeps attended training', async () => {
    const u = t.chat.user('u1');
    const mine = await signedUp(u, NAME, PHONE);
    const course = (await t.db.enrollment.findUniqueOrThrow({ where: { id: mine } })).courseId;
    // Make the course full behind us: one more person waits.
    const taken = await t.db.enrollment.count({ where: { courseId: course, status: 'confirmed' } });
    await t.db.course.update({ where: { id: course }, data: { capacity: taken, status: 'full' } });
    const other = t.chat.user('u9');
    const waiting = await signedUp(other, '李建国', '13700001111');
    expect((await t.db.enrollment.findUniqueOrThrow({ where: { id: waiting } })).status).toBe('waitlisted');
    // An earlier training the person attended (subsidy audits need it).
    const userId = (await t.db.enrollment.findUniqueOrThrow({ where: { id: mine } })).userId!;
    const oldCourse = await t.db.course.findFirstOrThrow({ where: { id: { not: course } } });
    const attended = await t.db.enrollment.create({
      data: { courseId: oldCourse.id, userId, name: NAME, phone: PHONE, status: 'attended', attendedAt: t.clock.now() },
    });
    await u.says('人工'); // a handoff with their last question
    await u.says('菜单');

    const [confirm] = await u.says('请删除我的个人信息');
    expect(confirm).toMatch(/1个未开课的报名将取消/);
    expect(confirm).toMatch(/已参加过的培训记录按补贴审计要求保留/);
    expect(confirm).toMatch(/回复1/);
    const [done] = await u.says('是');
    expect(done).toMatch(/已注销/);
    expect(done).toMatch(/已取消1个报名/);
    expect(done).toMatch(/保留了您1条已参加培训的记录/);

    expect(await t.db.user.findUniqueOrThrow({ where: { id: userId } })).toMatchObject({ name: null, phone: null, countyCode: null });
    expect(await t.db.channelIdentity.count({ where: { userId } })).toBe(0);
    expect(await t.db.enrollment.findUniqueOrThrow({ where: { id: mine } })).toMatchObject({ status: 'cancelled', name: '（已注销）', phone: '' });
    expect(await t.db.enrollment.findUniqueOrThrow({ where: { id: attended.id } })).toMatchObject({ status: 'attended', name: NAME, phone: PHONE });
    expect(await t.db.enrollment.findUniqueOrThrow({ where: { id: waiting } })).toMatchObject({ status: 'confirmed' });
    await t.deliver(); // the promotion notice goes out through the outbound queue
    expect(other.pushed().join()).toMatch(/有空位了/);
    expect(await t.db.handoffRequest.count({ where: { userId } })).toBe(0);
    const logs = await t.db.messageLog.findMany({ where: { OR: [{ userId }, { channelUserId: 'u1' }] } });
    expect(logs.map((l) => l.text)).toEqual([done]);
    const state = await t.db.conversationState.findMany({ where: { userId } });
    expect(state.map((s) => JSON.parse(s.data).lastText)).toEqual([undefined]);
    expect(await storedChat()).not.toContain(NAME);

    // The same WeChat/web address is a new person now.
    expect((await u.says('你好')).join()).toMatch(/您好！我是陇原技能助手/);
    expect((await t.db.channelIdentity.findFirstOrThrow({ where: { channelUserId: 'u1' } })).userId).not.toBe(userId);
  });

  test('注销 then 不: nothing is deleted; close variants are understood', async () => {
    const u = t.chat.user('u1');
    await signedUp(u, NAME, PHONE);
    expect((await u.says('注销')).join()).toMatch(/确认注销请回复1/);
    expect(await u.says('不了')).toEqual(['好的，没有删除任何信息。']);
    expect(await t.db.enrollment.findFirstOrThrow({ where: { phone: PHONE } })).toMatchObject({ status: 'confirmed', name: NAME });
    for (const words of ['删除我的信息', '我要注销账号', '帮我删掉我的资料。']) {
      expect((await u.says(words)).join(), words).toMatch(/确认注销请回复1/);
      await u.says('2');
    }
  });
});

test('staff export of one person: everything we hold, behind the login', async () => {
  const u = t.chat.user('u1');
  await fillForm(u);
  await u.says('1');
  const userId = (await t.db.enrollment.findFirstOrThrow({ where: { phone: PHONE } })).userId!;
  const http = await listen(t.app.http);
  try {
    expect((await http.get(`/api/admin/people/${userId}/export`)).status).toBe(401);
    const auth = await staffAuth(t.app.staff, http);
    const res = await http.get(`/api/admin/people/${userId}/export`, auth);
    expect(res.status).toBe(200);
    const data = (await res.json()) as Record<string, any>;
    expect(data.channelIdentities).toEqual([expect.objectContaining({ channel: 'test', channelUserId: 'u1' })]);
    expect(data.enrollments).toEqual([expect.objectContaining({ name: NAME, phone: PHONE, status: 'confirmed' })]);
    expect(data.consents).toHaveLength(1);
    expect(data.messages.length).toBeGreaterThan(10);
    expect(data.conversations).toHaveLength(1);
    expect((await http.get('/api/admin/people/99999/export', auth)).status).toBe(404);
    expect((await http.get('/api/admin/people/abc/export', auth)).status).toBe(404);
  } finally {
    await http.close();
  }
});

test('the retention job deletes old chat text, dedupe records and stale states, and nothing recent', async () => {
  const u = t.chat.user('u1');
  await u.says('你好');
  await u.says('榆中有电工班吗');
  const job = t.app.features.jobs.find((j) => j.name === 'retention')!;
  expect(job.cron).toBe('0 30 3 * * *');
  // Nothing is old yet.
  expect(await job.run()).toEqual({ messages: 0, processedMessages: 0, conversations: 0, phoneVerifications: 0 });
  const logs = await t.db.messageLog.count();
  // 4 days later: dedupe records go, chat text stays; 31 days: the untouched state goes too.
  t.clock.advance(4 * 86_400_000);
  await t.db.processedMessage.updateMany({ data: { createdAt: new Date(t.clock.now().getTime() - 4 * 86_400_000) } });
  await t.db.conversationState.updateMany({ data: { updatedAt: new Date(t.clock.now().getTime() - 31 * 86_400_000) } });
  expect(await job.run()).toEqual({ messages: 0, processedMessages: 2, conversations: 1, phoneVerifications: 0 });
  await t.db.messageLog.updateMany({ data: { createdAt: new Date(t.clock.now().getTime() - 181 * 86_400_000) } });
  expect(await job.run()).toMatchObject({ messages: logs });
  expect(await t.db.messageLog.count()).toBe(0);
});
