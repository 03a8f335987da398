/** The Official Account channel on the real pipeline (createApp, test DB, fake knowledge base). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { texts } from '../../../src/bot/texts.js';
import { use } from '../../../src/bot/feature.js';
import { coursesFeature } from '../../../src/features/courses.js';
import { createTestApp, type TestApp } from '../../helpers/fake-channel.js';
import { fixture, OA_USER, startOaHarness, withContent, withMsgId, type OaHarness } from './harness.js';

let t: TestApp;
let h: OaHarness;
beforeEach(async () => {
  // The course feature's menu items (its dialogs are not used here).
  t = await createTestApp({ features: [use(coursesFeature, {})] });
  h = await startOaHarness({
    bot: t.app.bot,
    testDb: t.testDb,
    clock: t.clock,
    touchIdentity: false,
    env: { WECHAT_REPLY_BUDGET_MS: '4500' }, // the real pipeline's first turn can be slow on a busy CI machine
  });
  t.app.notifier.register(h.channel.adapter);
});
afterEach(async () => {
  await h.close();
  await t.destroy();
});

describe('wechat-oa through the real pipeline', () => {
  it('subscribe via a QR code: welcome + menu in one passive reply, source recorded', async () => {
    const res = await h.post(fixture('subscribe-qrscene'), { mode: 'aes' });
    expect(res.reply).toContain(texts.welcome);
    expect(res.reply).toContain('1 问政策');
    const identity = await t.db.channelIdentity.findFirst({ where: { channel: 'wechat-oa', channelUserId: 'oUser_test_0002' } });
    expect(identity?.source).toBe('qrscene_dingxi_anding');
  });

  it('"菜单" gets the menu; a WeChat retry of the same MsgId runs no second turn', async () => {
    await h.post(withMsgId(withContent(fixture('text'), '你好'), '1'));
    const a = await h.post(withMsgId(withContent(fixture('text'), '菜单'), '2'));
    const b = await h.post(withMsgId(withContent(fixture('text'), '菜单'), '2'));
    expect(a.reply).toContain('2 找课程');
    expect(b.reply).toBe(a.reply);
    const inbound = await t.db.messageLog.count({ where: { channel: 'wechat-oa', direction: 'in' } });
    expect(inbound).toBe(2);
  });

  it('an image gets the short hint through the pipeline: logged, with a user record', async () => {
    const res = await h.post(fixture('image'));
    expect(res.reply).toBe(texts.unsupported);
    const logged = await t.db.messageLog.findFirst({ where: { channel: 'wechat-oa', direction: 'in' } });
    expect(logged?.text).toBe('[image]');
    expect(logged?.userId).not.toBeNull();
  });

  it('unrecognized voice: the user is told and offered the menu', async () => {
    const res = await h.post(fixture('voice-unrecognized'));
    expect(res.reply).toContain(texts.voiceNotUnderstood);
  });

  it('unsubscribe is recorded and answered with nothing', async () => {
    await h.post(fixture('subscribe-qrscene'));
    const res = await h.post(fixture('unsubscribe'));
    expect(res.body).toBe('success');
    const identity = await t.db.channelIdentity.findFirst({ where: { channelUserId: 'oUser_test_0002' } });
    expect(identity?.subscribed).toBe(false);
  });

  it('the notifier pushes through custom/send within 48 h of the last message', async () => {
    await h.post(withContent(fixture('text'), '你好'));
    const identity = await t.db.channelIdentity.findFirstOrThrow({ where: { channelUserId: OA_USER } });
    t.clock.advance(47 * 3600_000);
    expect(await t.app.notifier.notify(identity.userId, [{ text: '电工班明天开课。' }])).toEqual({ delivered: true, channel: 'wechat-oa' });
    expect(h.api.texts(OA_USER)).toEqual(['电工班明天开课。']);
    t.clock.advance(2 * 3600_000);
    expect((await t.app.notifier.notify(identity.userId, [{ text: '再次提醒。' }])).delivered).toBe(false);
  });
});
