/**
 * Transcripts: routing by the understanding's intent outside flows (issue 9). Life stories go to
 * the course search or the entrepreneurship advisor with what they already say filled in;
 * questions for other offices get the referral; thanks and chit-chat get a friendly prompt.
 */
import { describe, expect, test } from 'vitest';
import { type CourseTestApp, useCourseApp } from './helpers/course-app.js';

let app: CourseTestApp;
useCourseApp((a) => (app = a));

describe('routing by intent outside flows', () => {
  test('a returning migrant worker\'s story with a place and a trade lists courses there', async () => {
    const u = app.user('u1');
    await u.says('你好');
    const replies = (await u.says('我现在还在江苏打工 过年回甘肃 回来能参加培训不 我户口在通渭县 想学电工')).join('\n');
    expect(replies).toMatch(/通渭县附近的电工课程/);
    expect(replies).not.toMatch(/外地|落户/);
  });

  test('"在江苏打工" and "男人在新疆打工 能学啥" are no questions about other provinces', async () => {
    const u = app.user('u1');
    await u.says('你好');
    expect((await u.says('男人在新疆打工 我在家带娃 能学啥')).join('\n')).toMatch(/县区或乡镇|想学什么/);
    await u.says('菜单');
    expect((await u.says('我从外地打工回来了 想学个手艺')).join('\n')).toMatch(/县区或乡镇|想学什么/);
  });

  test('"想学个手艺 榆中的": the place is not taken for a trade; the trade is asked, the place kept', async () => {
    const u = app.user('u1');
    await u.says('你好');
    const replies = (await u.says('俺是残疾人 想学个手艺 榆中的')).join('\n');
    expect(replies).not.toMatch(/手艺榆中|没有.*榆中课程/);
    expect(replies).toMatch(/想学什么/);
    expect((await u.says('电工')).join('\n')).toMatch(/榆中县附近的电工课程/);
  });

  test('a question about what the government offers founders cites the plan first', async () => {
    const u = app.user('u1');
    await u.says('你好');
    const [overview, stages] = await u.says('打工回来想自己干点啥 政府对创业的有啥培训');
    expect(overview).toMatch(/依据：《.*》四（一）6/);
    expect(stages).toMatch(/^您现在是哪种情况？/);
  });

  test('the opening words may already say the stage: selling online → online-business courses', async () => {
    const u = app.user('u1');
    await u.says('你好');
    const replies = (await u.says('回老家了 想在网上卖自家苹果 有没有教开网店的')).join('\n');
    expect(replies).toMatch(/网络创业培训/);
    expect(replies).toMatch(/依据：《.*》四（一）6/);
    expect(replies).not.toMatch(/您现在是哪种情况/);
  });

  test('wages owed and pensions get the referral, not a course search', async () => {
    const u = app.user('u1');
    await u.says('你好');
    expect((await u.says('在工地干活包工头不给钱 咋办')).join('\n')).toMatch(/劳动保障监察|劳动监察|12333/);
    expect((await u.says('养老保险断交了 能补交不')).join('\n')).toMatch(/12333|社保/);
  });

  test('chit-chat gets a friendly prompt with the menu, thanks a short one', async () => {
    const u = app.user('u1');
    await u.says('你好');
    const chat = (await u.says('你是机器人吗')).join('\n');
    expect(chat).toMatch(/陇原技能助手/);
    expect(chat).toMatch(/找课程/);
    expect((await u.says('知道了 谢谢')).join()).toMatch(/不客气/);
  });

  test('"在家用手机就能学的" lists online courses only, without asking for a place', async () => {
    const u = app.user('u1');
    await u.says('你好');
    const replies = (await u.says('有没有在家用手机就能学的电商课')).join('\n');
    expect(replies).toMatch(/线上课程（在家就能学）/);
    expect(replies).not.toMatch(/县区或乡镇/);
    for (const line of replies.split('\n').filter((l) => /^\d /.test(l))) expect(line).toMatch(/线上/);
  });

  test('a name typed in traditional characters is stored in simplified ones', async () => {
    await app.addCourse({ title: '测试：榆中县无人机驾驶员培训班', occupation: '无人机' });
    const u = app.user('u1');
    await u.says('你好');
    await u.says('榆中有无人机班吗');
    await u.says('1');
    await u.says('報名');
    await u.says('陳淑芬');
    await u.says('13609310000');
    await u.says('是');
    expect((await u.says('是')).join()).toMatch(/报名成功/);
    const [e] = await app.t.db.enrollment.findMany({ where: { phone: { contains: '13609310000' } } });
    expect(e?.name).toBe('陈淑芬');
  });

  test('the first message\'s township and trade are used; "不要厨师了 要家政" replaces the trade', async () => {
    const u = app.user('u1');
    await u.says('你好');
    const first = (await u.says('俺想学厨师 夏官营的')).join('\n');
    expect(first).toMatch(/夏官营镇附近的厨师课程/);
    expect((await u.says('算了厨师太累了 不要厨师了 要家政')).join('\n')).toMatch(/夏官营镇附近的家政课程/);
  });

  test('a change of mind at the place question keeps the new trade', async () => {
    const u = app.user('u1');
    await u.says('你好');
    expect((await u.says('俺想学厨师')).join('\n')).toMatch(/县区或乡镇/);
    await u.says('不要厨师了 要家政');
    expect((await u.says('榆中')).join('\n')).toMatch(/家政课程/);
  });
});
