/**
 * wechaty: a user's private chat and a group chat are separate conversations (one dialog stack
 * each). Regression: with one stack per user, a question asked in a group in the middle of a
 * private sign-up landed in the sign-up form (which refuses group chats and ends), so the group
 * got a refusal instead of its answer and the next private message fell back to the main menu.
 *
 * The real app with the real course dialogs and services (createCourseTestApp) behind the
 * wechaty adapter on wechaty-puppet-mock.
 */
import { afterEach, beforeEach, expect, test } from 'vitest';
import { texts } from '../../../src/bot/texts.js';
import { createCourseTestApp, type CourseTestApp } from '../../dialogs/helpers/course-app.js';
import { startWechatyHarness, type WechatyHarness } from './harness.js';

const CONSENT = '为办理培训报名，我们会保存您的姓名和手机号，仅用于培训管理。同意请回复1';

let app: CourseTestApp;
let h: WechatyHarness;
beforeEach(async () => {
  app = await createCourseTestApp();
  await app.addCourse({ title: '测试：榆中县无人机驾驶员培训班', occupation: '无人机', capacity: 5 });
  h = await startWechatyHarness(app.t.app.bot);
  app.t.app.notifier.register(h.channel.adapter);
});
afterEach(async () => {
  await h.close();
  await app.destroy();
});

test('a question in a group mid-sign-up is answered there; the private sign-up form continues', async () => {
  // Private chat: find the course, open it, 1 报名, type the name.
  expect((await h.says('你好')).join('\n')).toContain(texts.welcome);
  expect((await h.says('榆中有无人机班吗')).join('\n')).toMatch(/测试：榆中县无人机驾驶员培训班/);
  expect((await h.says('1')).join('\n')).toMatch(/1 报名/);
  expect(await h.says('1')).toEqual(['报名「测试：榆中县无人机驾驶员培训班」，需要填几项信息。', '请输入您的姓名：']);
  expect(await h.says('张三')).toEqual(['请输入您的手机号：']);

  // In the group, the same user asks a policy question, mentioning the bot: the group gets the answer.
  const inRoom = await h.saysInRoom('@技能助手 残疾人培训有补贴吗', { mention: true });
  expect(inRoom.length).toBeGreaterThan(0);
  expect(inRoom[0]).toMatch(/^@张三/);
  expect(inRoom.join('\n')).toMatch(/残疾人职业技能提升计划/);
  expect(inRoom.join('\n')).toMatch(/四（一）3/);
  expect(inRoom.join('\n')).not.toContain('请私聊我报名');
  expect(inRoom.join('\n')).not.toContain('请输入您的手机号');
  // Nothing went to the private chat meanwhile.
  expect(h.sentTo(h.user.id).at(-1)).toBe('请输入您的手机号：');

  // Back in private: the phone number continues the form (consent next), not the main menu.
  const afterGroup = await h.says('13912345678');
  expect(afterGroup).toEqual([CONSENT]);
  expect(afterGroup.join('\n')).not.toContain('1 问政策');
  expect(await h.says('1')).toEqual([
    '请核对：\n课程：测试：榆中县无人机驾驶员培训班\n姓名：张三\n手机：13912345678\n1 确认报名\n2 修改\n3 取消',
  ]);
  expect((await h.says('1')).join('\n')).toMatch(/^报名成功！「测试：榆中县无人机驾驶员培训班」/);

  const identity = await app.t.db.channelIdentity.findFirstOrThrow({ where: { channel: 'wechaty', channelUserId: h.user.id } });
  const enrollment = await app.t.db.enrollment.findFirstOrThrow({ where: { name: '张三' } });
  expect(enrollment).toMatchObject({ phone: '13912345678', status: 'confirmed', userId: identity.userId });

  // One dialog stack per conversation: the private one and the room's.
  const states = await app.t.db.conversationState.findMany({ where: { userId: identity.userId }, orderBy: { conversationKey: 'asc' } });
  expect(states.map((s) => s.conversationKey)).toEqual(['private', `wechaty:group:${h.room.id}`]);
});

test('a form open in the group does not capture the private chat, and the other way round', async () => {
  await h.says('你好');
  await h.says('榆中有无人机班吗');
  await h.says('1');
  await h.says('1');
  expect(await h.says('张三')).toEqual(['请输入您的手机号：']);

  // In the group the user opens the course list; in private the form is still at the phone slot.
  const list = await h.saysInRoom('@技能助手 榆中有无人机班吗', { mention: true });
  expect(list.join('\n')).toMatch(/测试：榆中县无人机驾驶员培训班/);
  expect(await h.says('13912345678')).toEqual([CONSENT]);

  // The group's own stack is still at its list: "1" there opens the course details.
  const details = await h.saysInRoom('@技能助手 1', { mention: true });
  expect(details.join('\n')).toMatch(/名额：/);
  // And the private "1" is the consent, answered with the summary.
  expect((await h.says('1')).join('\n')).toMatch(/^请核对：/);
});
