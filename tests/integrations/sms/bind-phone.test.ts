/** 绑定手机: a WeChat-side user confirms a phone by SMS code; SMS and WeChat become one user. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { use } from '../../../src/bot/feature.js';
import { identityFeature } from '../../../src/features/identity.js';
import { createTestApp, TEST_CHANNEL } from '../../helpers/fake-channel.js';
import { RecordingProvider, startSmsHarness, type SmsHarness } from './harness.js';

const PHONE = '13800000001';

describe('绑定手机', () => {
  let h: SmsHarness;
  let provider: RecordingProvider;
  const codes: string[] = [];

  beforeEach(async () => {
    codes.length = 0;
    provider = new RecordingProvider();
    const t = await createTestApp({
      features: [
        use(identityFeature, {
          sendCode: async (phone, code) => {
            codes.push(code);
            const r = await h.sms.adapter.sendCode(phone, code);
            return r.status !== 'failed';
          },
        }),
      ],
    });
    h = await startSmsHarness({ provider, testApp: t });
  });
  afterEach(async () => {
    await h.close();
  });

  const wechatUser = async () => {
    const u = h.t.chat.user('wx-openid-1');
    await u.says('你好');
    return u;
  };

  it('sends a code by SMS and links the phone when it is confirmed', async () => {
    const u = await wechatUser();
    expect((await u.says('绑定手机')).join()).toContain('手机号');
    expect((await u.says('+86 138-0000-0001')).join()).toContain('138****0001');
    expect(codes).toHaveLength(1);
    expect(provider.sent.at(-1)).toMatchObject({ to: PHONE, options: { kind: 'code', code: codes[0] } });
    expect(provider.sent.at(-1)!.text).toContain(codes[0]);

    const wrong = codes[0] === '000000' ? '111111' : '000000';
    expect((await u.says(wrong)).join()).toContain('不对');
    expect((await u.says(codes[0]!)).join()).toContain('绑定成功');

    const identity = await h.t.db.channelIdentity.findFirstOrThrow({ where: { channel: TEST_CHANNEL, channelUserId: 'wx-openid-1' } });
    const user = await h.t.db.user.findUniqueOrThrow({ where: { id: identity.userId } });
    expect(user.phone).toBe(PHONE);
    expect(user.phoneConfirmedAt).not.toBeNull();
    const stored = await h.t.db.phoneVerification.findFirstOrThrow();
    expect(stored.codeHash).not.toContain(codes[0]!);

    // The first SMS from that number is the same person.
    await h.sms.adapter.receive({ from: PHONE, text: '你好', messageId: 's1', receivedAt: new Date() });
    const sms = await h.t.db.channelIdentity.findFirstOrThrow({ where: { channel: 'sms', channelUserId: PHONE } });
    expect(sms.userId).toBe(user.id);
  });

  it('moves an existing SMS-only user over to the confirming user', async () => {
    await h.sms.adapter.receive({ from: PHONE, text: '你好', messageId: 's0', receivedAt: new Date() });
    const before = await h.t.db.channelIdentity.findFirstOrThrow({ where: { channel: 'sms', channelUserId: PHONE } });
    const u = await wechatUser();
    await u.says('绑定手机');
    await u.says(PHONE);
    await u.says(codes[0]!);
    const wx = await h.t.db.channelIdentity.findFirstOrThrow({ where: { channel: TEST_CHANNEL } });
    const after = await h.t.db.channelIdentity.findFirstOrThrow({ where: { channel: 'sms', channelUserId: PHONE } });
    expect(after.userId).toBe(wx.userId);
    expect(after.userId).not.toBe(before.userId);
  });

  it('rejects bad numbers, expired codes and too many codes', async () => {
    const u = await wechatUser();
    await u.says('绑定手机');
    expect((await u.says('12345')).join()).toContain('不对');
    await u.says(PHONE);
    h.t.clock.advance(11 * 60_000);
    expect((await u.says(codes[0]!)).join()).toContain('失效');
    await u.says('绑定手机');
    await u.says(PHONE);
    await u.says('绑定手机');
    await u.says(PHONE);
    await u.says('绑定手机');
    expect((await u.says(PHONE)).join()).toContain('频繁');
  });

  it('refuses in a group chat', async () => {
    const g = h.t.chat.user('wx-openid-2', { inGroup: true });
    await g.says('你好');
    expect((await g.says('绑定手机')).join()).toContain('私聊');
  });
});
