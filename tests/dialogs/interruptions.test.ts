/**
 * Transcripts: a question or an unrelated request in the middle of any screen is answered and the
 * same screen shown again (the engine stacks the screen); after "请直接说您想问的政策", other
 * requests, names and phone numbers are not taken for policy questions (issue 9).
 */
import { describe, expect, test } from 'vitest';
import { type CourseTestApp, useCourseApp } from './helpers/course-app.js';

let app: CourseTestApp;
useCourseApp((a) => (app = a));

describe('interruptions on every screen', () => {
  test('course list: a policy question is answered, the list shown again, and "第一个" still picks from it', async () => {
    await app.addCourse({ title: '测试：榆中县无人机驾驶员培训班', occupation: '无人机' });
    const u = app.user('u1');
    await u.says('你好');
    const list = (await u.says('榆中有无人机班吗')).join('\n');
    const replies = await u.says('残疾人能参加培训不');
    expect(replies.length).toBe(2);
    expect(replies[0]).not.toMatch(/回复1看原文/);
    expect(replies[1]).toBe(list);
    expect((await u.says('第一个')).join()).toMatch(/时间：/);
    // On the details, a question keeps the actions; "第一个" is then their option 1 (报名).
    expect((await u.says('俺68了 年纪大了人家收不收')).at(-1)).toMatch(/^回复：\n1 报名/);
    expect((await u.says('第一个')).at(-1)).toBe('请输入您的姓名：');
  });

  test('place prompt: a question is no place name — answered, the place asked again; a typo still resolves', async () => {
    await app.addCourse({ title: '测试：榆中县无人机驾驶员培训班', occupation: '无人机' });
    const u = app.user('u1');
    await u.says('你好');
    const ask = (await u.says('想学无人机')).at(-1)!;
    expect(ask).toMatch(/县区或乡镇/);
    const replies = await u.says('比亚迪工厂还招人不');
    expect(replies.join('\n')).not.toMatch(/您是说|没找到/);
    expect(replies.at(-1)).toMatch(/县区或乡镇/);
    expect((await u.says('于中')).join('\n')).toMatch(/无人机驾驶员培训班/);
  });

  test('eligibility question: a question is answered and the same question asked again', async () => {
    await app.addCourse({ title: '测试：榆中县退役军人无人机培训班', occupation: '无人机', eligibleGroups: ['veteran'] });
    const u = app.user('u1');
    await u.says('你好');
    await u.says('榆中有无人机班吗');
    await u.says('1');
    const ask = (await u.says('2')).at(-1)!;
    expect(ask).toMatch(/您是退役军人吗/);
    expect((await u.says('培训有补贴吗')).at(-1)).toBe(ask);
  });

  test('cancel confirmation: a question is answered and the confirmation asked again', async () => {
    await app.addCourse({ title: '测试：榆中县叉车司机培训班', occupation: '叉车' });
    const u = app.user('u1');
    await u.says('你好');
    await u.says('榆中有叉车班吗');
    await u.says('1');
    await u.says('报名');
    await u.says('张三');
    await u.says('13900000001');
    await u.says('同意');
    expect((await u.says('确认')).join()).toMatch(/报名成功/);
    await u.says('我的报名');
    const confirm = (await u.says('1')).at(-1)!;
    expect(confirm).toMatch(/确定不参加/);
    const replies = await u.says('取消了以后还能再报别的吗');
    expect(replies.length).toBe(2);
    expect(replies[0]).not.toBe(confirm);
    expect(replies.at(-1)).toBe(confirm);
    expect((await u.says('是的')).join()).toMatch(/已取消|取消成功|已为您取消/);
  });

  test('entrepreneurship: a question at the stage question is answered and the stages shown again', async () => {
    const u = app.user('u1');
    await u.says('你好');
    const stages = (await u.says('我想创业')).at(-1)!;
    expect(stages).toMatch(/您现在是哪种情况/);
    expect((await u.says('创业贷款咋申请')).at(-1)).toBe(stages);
    expect((await u.says('想做电商')).join()).toMatch(/网络创业/);
  });

  test('after "请直接说您想问的政策": 找课程, 我的报名, a name or a phone number are no policy questions', async () => {
    const u = app.user('u1');
    await u.says('你好');
    expect((await u.says('1')).join()).toMatch(/请直接说您想问的政策/);
    expect((await u.says('找课程')).join()).toMatch(/县区或乡镇|想学什么/);
    await u.says('菜单');
    await u.says('1');
    expect((await u.says('我的报名')).join()).toMatch(/报名记录|您的报名/);
    await u.says('菜单');
    await u.says('1');
    const phone = (await u.says('13912345678')).join();
    expect(phone).toMatch(/不用留姓名和电话/);
    expect(phone).not.toMatch(/政策文件里没有/);
    expect((await u.says('马秀兰')).join()).toMatch(/不用留姓名和电话/);
    expect((await u.says('两后生能免费学不')).join()).toMatch(/依据|四（一）/);
  });
});
