/** The wechaty channel on the real pipeline (createApp, test DB, fake knowledge base). */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { texts } from '../../../src/bot/texts.js';
import { use } from '../../../src/bot/feature.js';
import { coursesFeature } from '../../../src/features/courses.js';
import { createTestApp, type TestApp } from '../../helpers/fake-channel.js';
import { startWechatyHarness, type WechatyHarness } from './harness.js';

let t: TestApp;
let h: WechatyHarness;
beforeEach(async () => {
  // The course feature's menu items (its dialogs are not used here).
  t = await createTestApp({ features: [use(coursesFeature, {})] });
  h = await startWechatyHarness(t.app.bot);
  t.app.notifier.register(h.channel.adapter);
});
afterEach(async () => {
  await h.close();
  await t.destroy();
});

it('a private "你好" gets the welcome and menu; a room mention is answered in the room', async () => {
  const replies = await h.says('你好');
  expect(replies.join('\n')).toContain(texts.welcome);
  expect(replies.join('\n')).toContain('1 问政策');
  const inRoom = await h.saysInRoom('@技能助手 菜单', { mention: true });
  expect(inRoom[0]).toMatch(/^@张三/);
  expect(inRoom.join('\n')).toContain('2 找课程');
  const identity = await t.db.channelIdentity.findFirstOrThrow({ where: { channel: 'wechaty', channelUserId: h.user.id } });
  expect(await t.app.notifier.notify(identity.userId, [{ text: '电工班明天开课。' }])).toEqual({ delivered: true, channel: 'wechaty' });
  expect(h.sentTo(h.user.id).at(-1)).toBe('电工班明天开课。');
});
