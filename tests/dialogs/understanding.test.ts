/** Transcripts for issue 9: words instead of numbers, natural yes/no, interruptions, noise, handoff words. */
import { describe, expect, test } from 'vitest';
import { openCourse, type CourseTestApp, useCourseApp } from './helpers/course-app.js';

let app: CourseTestApp;
useCourseApp((a) => (app = a));

describe('understanding people as they write', () => {
  test('"0" on the confirm screen does not silently discard the form', async () => {
    await app.addCourse({ title: '测试：榆中县无人机驾驶员培训班', occupation: '无人机' });
    const u = app.user('u1');
    await u.says('你好');
    await openCourse(u, '无人机');
    await u.says('报名');
    await u.says('张三');
    await u.says('13912345678');
    expect((await u.says('嗯')).join()).toMatch(/请核对/);
    expect((await u.says('0')).join()).toMatch(/要放弃「测试：榆中县无人机驾驶员培训班」的报名吗/);
    expect((await u.says('2')).join()).toMatch(/请核对/);
    expect((await u.says('好的')).join()).toMatch(/报名成功/);
  });

  test('"要带身份证不" at the phone prompt is answered and the phone asked again; junk is no name', async () => {
    await app.addCourse({ title: '测试：榆中县无人机驾驶员培训班', occupation: '无人机' });
    const u = app.user('u1');
    await u.says('你好');
    await openCourse(u, '无人机');
    await u.says('1');
    expect((await u.says('返回')).join()).toMatch(/姓名需要/);
    expect((await u.says('下一步')).join()).toMatch(/姓名需要/);
    await u.says('马秀兰');
    const replies = await u.says('要带身份证不');
    expect(replies.at(-1)).toBe('请输入您的手机号：');
    expect(replies.join()).not.toMatch(/手机号不对/);
  });

  test('words and ordinals on a list; out-of-range numbers say the range', async () => {
    const u = app.user('u1');
    await u.says('你好');
    const list = (await u.says('榆中有电工班吗')).join();
    expect(list).toMatch(/^.*\n1 /m);
    expect((await u.says('99')).join()).toMatch(/请回复1～\d之间的数字/);
    expect((await u.says('第一个')).join()).toMatch(/时间：/);
    expect((await u.says('管吃住不')).at(-1)).toMatch(/回复：\n/);
  });

  test('traditional characters, emoji, voice placeholders and thanks get a friendly prompt', async () => {
    const u = app.user('u1');
    await u.says('你好');
    expect((await u.says('菜單')).join()).toMatch(/找课程/);
    for (const t of ['[语音]5"', '😂', '???']) expect((await u.says(t)).join(), t).toMatch(/请打字告诉我/);
    expect((await u.says('好的谢谢')).join()).toMatch(/不客气/);
  });

  test('handoff words are broad and the stored question is the last real one', async () => {
    const u = app.user('u1');
    await u.says('你好');
    await u.says('俺娃初中毕业没考上 上技校要钱不');
    expect((await u.says('有没有人工客服')).join()).toMatch(/转给工作人员/);
    const [h] = await app.t.db.handoffRequest.findMany();
    expect(h?.question).toBe('俺娃初中毕业没考上 上技校要钱不');
  });
});
