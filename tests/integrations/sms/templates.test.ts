/**
 * Per-kind SMS templates (SMS_TEMPLATES) on the template-only gateways: validated at config load
 * (a forgotten kind is named), sent with the kind's template and variable through the real SDK to
 * the loopback fake, and a kind without a template is never sent as free text — the sender moves
 * on to the person's next channel, or records "unreachable".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { smsConfigFragment } from '../../../src/integrations/sms/config.js';
import { AliyunProvider } from '../../../src/integrations/sms/providers/aliyun.js';
import { TencentProvider } from '../../../src/integrations/sms/providers/tencent.js';
import { smsTemplatesSchema, type SmsKindTemplates } from '../../../src/integrations/sms/templates.js';
import { FakeSmsApi } from './fake-cloud.js';
import { startSmsHarness, type SmsHarness } from './harness.js';

const PHONE = '13912345678';
const all = {
  reminder: { code: 'SMS_REMIND', param: 'msg' },
  waitlist: 'SMS_WAIT',
  'course-change': 'SMS_CHANGE',
  interest: 'none',
  'follow-up': 'SMS_FOLLOW',
  'staff-reply': 'SMS_REPLY2',
  broadcast: 'none',
};
const aliyunEnv = (templates: unknown) => ({
  SMS_PROVIDER: 'aliyun',
  ALIYUN_ACCESS_KEY_ID: 'id',
  ALIYUN_ACCESS_KEY_SECRET: 'sec',
  ALIYUN_SMS_SIGN_NAME: '陇原技能',
  ALIYUN_SMS_TEMPLATE_CODE: 'SMS_1',
  SMS_CALLBACK_SECRET: 'a-long-enough-secret-123',
  SMS_TEMPLATES: JSON.stringify(templates),
});
const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) => (r.error?.issues ?? []).map((i) => i.message).join('\n');

describe('SMS_TEMPLATES at config load', () => {
  it('parses codes, {code, param} and "none" per kind', () => {
    const c = smsConfigFragment.parse(aliyunEnv(all));
    expect(c?.kindTemplates).toMatchObject({ reminder: { code: 'SMS_REMIND', param: 'msg' }, waitlist: { code: 'SMS_WAIT', param: 'content' }, broadcast: null, interest: null });
  });

  it('names a forgotten kind, an unknown kind and a bad code', () => {
    const { 'follow-up': _, ...missing } = all;
    expect(messages(smsConfigFragment.safeParse(aliyunEnv(missing)))).toMatch(/no entry for kind "follow-up"/);
    expect(messages(smsConfigFragment.safeParse(aliyunEnv({ ...all, reminders: 'SMS_9' })))).toMatch(/unknown kind "reminders"/);
    expect(messages(smsConfigFragment.safeParse(aliyunEnv({ ...all, waitlist: 'SMS 1' })))).toMatch(/SMS_TEMPLATES\.waitlist/);
    expect(messages(smsConfigFragment.safeParse({ ...aliyunEnv(all), SMS_TEMPLATES: '{reminder:' }))).toMatch(/not valid JSON/);
  });

  it('is refused for Kannel and the console, which send free text', () => {
    const kannel = smsConfigFragment.safeParse({
      SMS_PROVIDER: 'kannel', KANNEL_SENDSMS_URL: 'http://127.0.0.1:13013/cgi-bin/sendsms', KANNEL_USERNAME: 'u', KANNEL_PASSWORD: 'p',
      SMS_CALLBACK_BASE_URL: 'http://127.0.0.1:3000', SMS_CALLBACK_SECRET: 'a-long-enough-secret-123', SMS_TEMPLATES: JSON.stringify(all),
    });
    expect(messages(kannel)).toMatch(/SMS_TEMPLATES is for SMS_PROVIDER=aliyun or tencent \(kannel sends free text\)/);
    expect(smsConfigFragment.safeParse({ SMS_PROVIDER: 'console', SMS_TEMPLATES: JSON.stringify(all) }).success).toBe(false);
  });
});

let api: FakeSmsApi | undefined;
let h: SmsHarness | undefined;
afterEach(async () => {
  await h?.close();
  await api?.stop();
  h = api = undefined;
});

const kindTemplates = smsTemplatesSchema.parse(JSON.stringify(all)) as SmsKindTemplates;

async function aliyunHarness() {
  api = await new FakeSmsApi().start();
  const provider = new AliyunProvider({ accessKeyId: 'id', accessKeySecret: 'sec', signName: '陇原技能', templates: { reply: 'SMS_R', notice: 'SMS_N', code: 'SMS_C' }, endpoint: api.host, protocol: 'http' });
  h = await startSmsHarness({ provider, config: { provider: 'aliyun', kindTemplates } as never });
  return h;
}

const enqueue = (h: SmsHarness, kind: string, body: string, who: { userId: number | null; phone?: string }, priority: 'transactional' | 'announcement' = 'transactional') =>
  h.t.queue.enqueue([{ ...who, kind, priority, body, notBefore: h.t.clock.now(), idempotencyKey: `${kind}:${body}` }]);

describe('sending by kind on Aliyun', () => {
  it("a reminder goes in the reminder template with its variable; a broadcast (no template) is unreachable, not free text", async () => {
    const h = await aliyunHarness();
    await enqueue(h, 'reminder', '【开课提醒】明天开课', { userId: null, phone: PHONE });
    await enqueue(h, 'broadcast', '【新课程】电工班报名', { userId: null, phone: PHONE }, 'announcement');
    await enqueue(h, 'course-cancelled', '【课程取消】电工班取消', { userId: null, phone: PHONE });
    expect(await h.t.deliver()).toMatchObject({ sent: 2, skipped: 1 });
    expect(api!.requests.map((r) => [r.query.TemplateCode, r.query.TemplateParam])).toEqual([
      ['SMS_REMIND', JSON.stringify({ msg: '【开课提醒】明天开课' })],
      ['SMS_CHANGE', JSON.stringify({ content: '【课程取消】电工班取消' })],
    ]);
    expect(await h.t.db.outboxMessage.findFirstOrThrow({ where: { kind: 'broadcast' } })).toMatchObject({ status: 'skipped', skipReason: 'unreachable' });
  });

  it("a kind without a template goes to the person's next channel", async () => {
    const h = await aliyunHarness();
    const user = await h.t.db.user.create({
      data: {
        phone: PHONE,
        phoneConfirmedAt: h.t.clock.now(),
        identities: {
          create: [
            { channel: 'sms', channelUserId: PHONE, lastInboundAt: h.t.clock.now() }, // SMS first: the most recent
            { channel: 'test', channelUserId: 'chat-1', lastInboundAt: new Date(h.t.clock.now().getTime() - 3600_000) },
          ],
        },
      },
    });
    await enqueue(h, 'interest', '【新课程】您关注的电工班开班了', { userId: user.id }, 'announcement');
    await enqueue(h, 'follow-up', '您好！现在情况怎么样？', { userId: user.id });
    await h.t.deliver();
    expect(await h.t.db.outboxMessage.findFirstOrThrow({ where: { kind: 'interest' } })).toMatchObject({ status: 'sent', channel: 'test' });
    expect(await h.t.db.outboxMessage.findFirstOrThrow({ where: { kind: 'follow-up' } })).toMatchObject({ status: 'sent', channel: 'sms' });
    expect(api!.requests.map((r) => r.query.TemplateCode)).toEqual(['SMS_FOLLOW']);
    // Pushed directly (not through the sender): failed with the reason, nothing sent.
    expect(await h.sms.adapter.push(PHONE, [{ text: 'x' }], { kind: 'broadcast', priority: 'announcement' })).toEqual([
      { status: 'failed', error: 'no SMS template for kind broadcast (SMS_TEMPLATES)' },
    ]);
    expect(api!.requests).toHaveLength(1);
  });
});

describe('Tencent with a kind template', () => {
  it('sends the TemplateId of the kind with the text as {1}', async () => {
    api = await new FakeSmsApi().start();
    const p = new TencentProvider({ secretId: 'i', secretKey: 'k', sdkAppId: '1400000000', signName: '陇原技能', templates: { reply: '100', notice: '101', code: '102' }, region: 'ap-guangzhou', endpoint: api.host, protocol: 'http://' });
    await p.send(PHONE, '明天开课', { ref: 'r1', part: 0, kind: 'notice', template: { code: '2001', param: 'content' } });
    expect(JSON.parse(api.requests[0]!.body)).toMatchObject({ TemplateId: '2001', TemplateParamSet: ['明天开课'] });
  });
});
