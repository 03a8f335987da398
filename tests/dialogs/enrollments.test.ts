/** Transcripts: full course → waitlist → cancellation promotes and notifies; my sign-ups. */
import { describe, expect, test } from 'vitest';
import type { FakeUser } from '../helpers/fake-channel.js';
import { openCourse, type CourseTestApp, useCourseApp } from './helpers/course-app.js';

let app: CourseTestApp;
useCourseApp((a) => (app = a));

async function signUp(u: FakeUser, keyword: string, name: string, phone: string): Promise<string[]> {
  await openCourse(u, keyword);
  const first = await u.says('1');
  const replies = [...first];
  if (first.join().includes('名额已满')) replies.push(...(await u.says('1')));
  await u.says(name);
  await u.says(phone);
  await u.says('1');
  return [...replies, ...(await u.says('1'))];
}

describe('waitlist and my sign-ups', () => {
  test('full course → waitlist → a cancellation promotes the first waitlisted person and tells them', async () => {
    await app.addCourse({ title: '测试：榆中县无人机驾驶员培训班', occupation: '无人机', capacity: 1 });
    const a = app.user('a');
    const b = app.user('b');
    const c = app.user('c');
    for (const u of [a, b, c]) await u.says('你好');

    expect((await signUp(a, '无人机', '张三', '13900000001')).at(-1)).toMatch(/^报名成功/);

    await openCourse(b, '无人机');
    expect(await b.says('1')).toEqual(['这个课程名额已满。\n1 排候补（有人取消就自动转正）\n2 不了']);
    expect(await b.says('1')).toEqual(['请输入您的姓名：']);
    await b.says('李四');
    await b.says('13900000002');
    await b.says('1');
    expect(await b.says('1')).toEqual(['名额已满，已为您排候补第1位。有人取消时会自动转正并通知您。']);
    expect((await signUp(c, '无人机', '王五', '13900000003')).at(-1)).toMatch(/候补第2位/);

    expect(await c.says('我的报名')).toEqual([
      '您的报名：\n1 测试：榆中县无人机驾驶员培训班（12月28日开课）候补第2位\n回复数字取消该报名',
    ]);

    // A cancels: B is promoted and notified; C moves up.
    const [list] = await a.says('我的报名');
    expect(list).toMatch(/1 测试：榆中县无人机驾驶员培训班（12月28日开课）待开课/);
    expect(await a.says('1')).toEqual(['确定不参加「测试：榆中县无人机驾驶员培训班」了吗？\n1 确定不参加\n2 保留报名']);
    expect(await a.says('1')).toEqual(['已取消「测试：榆中县无人机驾驶员培训班」的报名。']);
    await app.t.deliver();
    expect(b.pushed().join()).toMatch(/有空位了/);
    expect(c.pushed()).toEqual([]);
    expect((await b.says('我的报名')).join()).toMatch(/待开课/);
    expect((await c.says('我的报名')).join()).toMatch(/候补第1位/);
    expect((await a.says('我的报名')).join()).toMatch(/已取消/);
  });

  test('declining the waitlist ends the form', async () => {
    await app.addCourse({ title: '测试：榆中县无人机驾驶员培训班', occupation: '无人机', capacity: 1 });
    const a = app.user('a');
    await a.says('你好');
    await signUp(a, '无人机', '张三', '13900000001');
    const b = app.user('b');
    await b.says('你好');
    await openCourse(b, '无人机');
    await b.says('1');
    expect(await b.says('2')).toEqual(['好的，可以回复“找课”看看其他课程。']);
  });

  test('my sign-ups: status labels, keep or cancel, nothing cancellable for finished ones', async () => {
    const id = await app.addCourse({ title: '测试：榆中县叉车司机培训班', occupation: '叉车' });
    const u = app.user('u1');
    await u.says('你好');
    expect(await u.says('3')).toEqual(['您还没有报名记录。回复“找课”找培训课程。']);
    await signUp(u, '叉车', '张三', '13900000001');
    expect(await u.says('我的报名')).toEqual(['您的报名：\n1 测试：榆中县叉车司机培训班（12月28日开课）待开课\n回复数字取消该报名']);
    await u.says('1');
    expect(await u.says('2')).toEqual(['好的，报名保留。']);

    await app.t.db.enrollment.updateMany({ where: { courseId: id }, data: { status: 'certified' } });
    expect(await u.says('取消报名')).toEqual(['您的报名：\n1 测试：榆中县叉车司机培训班（12月28日开课）已结业（取得证书）']);
    // Nothing to cancel: the list ended, so "1" is the menu's 问政策 again.
    expect((await u.says('1')).join()).toMatch(/请直接说您想问的政策/);
  });
});
