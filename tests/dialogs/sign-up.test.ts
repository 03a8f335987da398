/** Transcripts: sign-up form (happy path, validation, interruption, restart, prefill, proxy, group chat). */
import { beforeEach, describe, expect, test } from 'vitest';
import { openCourse, type CourseTestApp, useCourseApp } from './helpers/course-app.js';

let app: CourseTestApp;
useCourseApp((a) => (app = a));
beforeEach(async () => {
  await app.addCourse({ title: '测试：榆中县无人机驾驶员培训班', occupation: '无人机', capacity: 5 });
});

const CONSENT = '为办理培训报名，我们会保存您的姓名和手机号，仅用于培训管理。同意请回复1';

describe('sign-up', () => {
  test('happy path: name, phone (+86 and dashes), consent, summary, confirm', async () => {
    const u = app.user('u1');
    await u.says('你好');
    await openCourse(u, '无人机');
    expect(await u.says('1')).toEqual(['报名「测试：榆中县无人机驾驶员培训班」，需要填几项信息。', '请输入您的姓名：']);
    expect(await u.says('1')).toEqual(['姓名需要2～20个字（汉字或字母），请重新输入：']);
    expect(await u.says('我叫张三')).toEqual(['请输入您的手机号：']);
    expect(await u.says('12345')).toEqual(['手机号不对，请输入11位手机号码（如13912345678）：']);
    expect(await u.says('+86 139-1234-5678')).toEqual([CONSENT]);
    // Issue 9: a natural yes (好/是/嗯) to the consent notice is consent (it used to be refused).
    expect(await u.says('好')).toEqual([
      '请核对：\n课程：测试：榆中县无人机驾驶员培训班\n姓名：张三\n手机：13912345678\n1 确认报名\n2 修改\n3 取消',
    ]);
    const [done] = await u.says('1');
    expect(done).toMatch(/^报名成功！「测试：榆中县无人机驾驶员培训班」，12月28日开课/);

    const e = await app.t.db.enrollment.findFirstOrThrow({ where: { name: '张三' } });
    expect(e).toMatchObject({ phone: '13912345678', status: 'confirmed', via: 'self', userId: 1 });
    const consent = await app.t.db.consent.findUniqueOrThrow({ where: { id: e.consentId! } });
    expect(consent).toMatchObject({ purpose: 'enrollment-data', via: 'self', userId: 1 });
  });

  test('the summary with personal data is flagged personal', async () => {
    const u = app.user('u1');
    await u.says('你好');
    await openCourse(u, '无人机');
    await u.says('1');
    await u.says('李四');
    await u.says('13912345678');
    const result = await app.t.app.bot.handle(
      { channel: 'test', channelUserId: 'u1', messageId: 'consent-1', text: '1', receivedAt: app.t.clock.now() },
      app.t.channel,
    );
    expect(result.replies).toEqual([expect.objectContaining({ personal: true, text: expect.stringMatching(/姓名：李四/) })]);
  });

  test('a question mid-form is answered, then the SAME slot is asked again', async () => {
    const u = app.user('u1');
    await u.says('你好');
    await openCourse(u, '无人机');
    await u.says('1');
    await u.says('张三');
    // A course question: answered from the catalog.
    expect(await u.says('这个班要钱吗？')).toEqual(['费用：免费参加（测试课程）。', '请输入您的手机号：']);
    // A policy question: answered from the knowledge base with its citation.
    const [answer, again] = await u.says('残疾人学技术有补贴吗');
    expect(answer).toMatch(/残疾人职业技能提升计划/);
    expect(answer).toMatch(/四（一）3/);
    // Its "回复1看原文" hint is dropped: inside a form, 1 means 同意/确认.
    expect(answer).not.toMatch(/回复1/);
    expect(again).toBe('请输入您的手机号：');
    // The form continues where it was: the name is kept.
    await u.says('13912345678');
    expect((await u.says('1')).join()).toMatch(/姓名：张三/);
  });

  test('restart mid-form: after closing and reopening the database the form continues at the same slot', async () => {
    const u = app.user('u1');
    await u.says('你好');
    await openCourse(u, '无人机');
    await u.says('1');
    await u.says('王五');
    await app.t.restart();
    const again = app.user('u1');
    expect(await again.says('13812345678')).toEqual([CONSENT]);
    await again.says('1');
    expect((await again.says('1')).join()).toMatch(/^报名成功/);
    expect(await app.t.db.enrollment.count({ where: { name: '王五', status: 'confirmed' } })).toBe(1);
  });

  test('修改 changes one field and returns to the summary; 3 cancels without saving', async () => {
    const u = app.user('u1');
    await u.says('你好');
    await openCourse(u, '无人机');
    await u.says('1');
    await u.says('张三');
    await u.says('13912345678');
    await u.says('1');
    expect(await u.says('2')).toEqual(['改哪一项？\n1 姓名\n2 手机号']);
    expect(await u.says('2')).toEqual(['请输入您的手机号：']);
    expect((await u.says('13700001111')).join()).toMatch(/姓名：张三\n手机：13700001111/);
    // Issue 9: discarding the form is asked once, naming what is lost.
    expect((await u.says('3')).join()).toMatch(/确定不报「测试：榆中县无人机驾驶员培训班」了吗/);
    expect(await u.says('1')).toEqual(['好的，已取消，没有保存任何信息。']);
    expect(await app.t.db.enrollment.count({ where: { name: '张三' } })).toBe(0);
  });

  test('取消 mid-form leaves the form (router) and nothing is saved', async () => {
    const u = app.user('u1');
    await u.says('你好');
    await openCourse(u, '无人机');
    await u.says('1');
    await u.says('张三');
    // Issue 9: leaving a form with answers asks once first.
    expect((await u.says('取消')).join()).toMatch(/要放弃「测试：榆中县无人机驾驶员培训班」的报名吗/);
    expect((await u.says('1')).join()).toMatch(/已退出/);
    expect(await app.t.db.enrollment.count({ where: { name: '张三' } })).toBe(0);
  });

  test('a second sign-up prefills name and phone (asks to confirm, phone masked)', async () => {
    await app.addCourse({ title: '测试：榆中县叉车司机培训班', occupation: '叉车' });
    const u = app.user('u1');
    await u.says('你好');
    await openCourse(u, '无人机');
    await u.says('1');
    await u.says('张三');
    await u.says('13912345678');
    await u.says('1');
    await u.says('1');
    await openCourse(u, '叉车');
    expect(await u.says('1')).toEqual(['报名「测试：榆中县叉车司机培训班」，需要填几项信息。', '报名姓名用“张三”吗？\n1 是\n2 换一个']);
    expect(await u.says('1')).toEqual(['手机号用 139****5678 吗？\n1 是\n2 换一个']);
    expect(await u.says('1')).toEqual([CONSENT]);
    await u.says('1');
    expect((await u.says('1')).join()).toMatch(/^报名成功/);
  });

  test('duplicate sign-up for the same course is refused', async () => {
    const u = app.user('u1');
    await u.says('你好');
    await openCourse(u, '无人机');
    await u.says('1');
    await u.says('张三');
    await u.says('13912345678');
    await u.says('1');
    await u.says('1');
    await openCourse(u, '无人机');
    expect(await u.says('1')).toEqual(['您已经报名了这个课程（待开课），不用重复报名。回复“我的报名”查看。']);
  });

  test('group chat: personal data is never collected', async () => {
    const g = app.user('g-member', { inGroup: true });
    await g.says('你好');
    await openCourse(g, '无人机');
    expect(await g.says('1')).toEqual(['报名需要填写个人信息，请私聊我报名。']);
    expect(await app.t.db.enrollment.count({ where: { userId: { not: null } } })).toBe(0);
  });

  test('a course limited to groups asks only those; "no" to all ends with the reason', async () => {
    await app.addCourse({ title: '测试：榆中县脱贫劳动力月嫂培训班', occupation: '月嫂', eligibleGroups: ['poverty', 'women'] });
    const u = app.user('u1');
    await u.says('你好');
    await openCourse(u, '月嫂');
    await u.says('1');
    await u.says('张三');
    expect(await u.says('13912345678')).toEqual(['这个课程面向建档立卡/脱贫户。您是建档立卡/脱贫户吗？\n1 是\n2 不是']);
    expect(await u.says('2')).toEqual(['这个课程面向妇女。您是妇女吗？\n1 是\n2 不是']);
    expect((await u.says('2')).join()).toMatch(/^这个课程只面向建档立卡\/脱贫户、妇女，暂时不能报名/);

    const v = app.user('u2');
    await v.says('你好');
    await openCourse(v, '月嫂');
    await v.says('1');
    await v.says('李梅');
    await v.says('13912340000');
    await v.says('2');
    await v.says('是');
    expect((await v.says('1')).join()).toMatch(/身份：妇女/);
    expect((await v.says('1')).join()).toMatch(/^报名成功/);
  });

  test('代报名: a cadre signs up another person; consent recorded via proxy', async () => {
    const cadre = app.user('cadre');
    await cadre.says('你好');
    const [list] = await cadre.says('帮村民代报名无人机');
    expect(list).toMatch(/您在哪个县区或乡镇/);
    expect((await cadre.says('榆中')).join()).toMatch(/^榆中县附近的无人机课程/);
    await cadre.says('1');
    expect(await cadre.says('1')).toEqual(['帮别人报名「测试：榆中县无人机驾驶员培训班」，请填写对方的信息。', '请输入对方的姓名：']);
    expect(await cadre.says('赵大爷')).toEqual(['请输入对方的手机号：']);
    expect(await cadre.says('13598765432')).toEqual([
      '请确认对方已同意：为办理培训报名，我们会保存其姓名和手机号，仅用于培训管理。对方已同意请回复1',
    ]);
    expect((await cadre.says('1')).join()).toMatch(/^请核对（代报名）：/);
    expect((await cadre.says('1')).join()).toMatch(/^已为对方报名成功/);
    const e = await app.t.db.enrollment.findFirstOrThrow({ where: { name: '赵大爷' } });
    expect(e).toMatchObject({ via: 'proxy', proxyBy: '1', userId: null });
    const consent = await app.t.db.consent.findUniqueOrThrow({ where: { id: e.consentId! } });
    expect(consent).toMatchObject({ via: 'proxy', recordedBy: '1' });
  });

  test('代报名 twice for the same person is refused as a duplicate', async () => {
    const cadre = app.user('cadre');
    await cadre.says('你好');
    for (let i = 0; i < 2; i++) {
      await openCourse(cadre, '无人机');
      await cadre.says('4');
      await cadre.says('赵大爷');
      await cadre.says('135 9876 5432');
      await cadre.says('1');
      const [last] = await cadre.says('1');
      if (i === 0) expect(last).toMatch(/^已为对方报名成功/);
      else expect(last).toBe('这个手机号已经报过这个课程了，不用重复报名。');
    }
  });

  test('a course closed while the form was open: the confirmation says so, nothing saved', async () => {
    const u = app.user('u1');
    await u.says('你好');
    await openCourse(u, '无人机');
    await u.says('1');
    await u.says('张三');
    await u.says('13912345678');
    await u.says('1');
    await app.t.db.course.updateMany({ where: { occupation: '无人机' }, data: { status: 'closed' } });
    expect(await u.says('1')).toEqual(['这个课程已停止报名']);
    expect(await app.t.db.enrollment.count({ where: { name: '张三' } })).toBe(0);
  });
});
