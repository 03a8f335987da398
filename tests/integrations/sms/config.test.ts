import { describe, expect, it } from 'vitest';
import { smsConfigFragment } from '../../../src/integrations/sms/config.js';

const secret = 'a-long-enough-secret-123';

describe('SMS config fragment', () => {
  it('is off (null) unless SMS_PROVIDER is set', () => {
    expect(smsConfigFragment.parse({})).toBeNull();
    expect(smsConfigFragment.parse({ SMS_PROVIDER: '' })).toBeNull();
  });

  it('console needs nothing else; SMS_MAX_SEGMENTS defaults to 3', () => {
    expect(smsConfigFragment.parse({ SMS_PROVIDER: 'console' })).toMatchObject({ provider: 'console', maxSegments: 3 });
    expect(smsConfigFragment.parse({ SMS_PROVIDER: 'console', SMS_MAX_SEGMENTS: '2' })).toMatchObject({ maxSegments: 2 });
  });

  it('names every missing Kannel variable', () => {
    const r = smsConfigFragment.safeParse({ SMS_PROVIDER: 'kannel', KANNEL_USERNAME: 'u' });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['KANNEL_SENDSMS_URL', 'KANNEL_PASSWORD', 'SMS_CALLBACK_BASE_URL', 'SMS_CALLBACK_SECRET']));
  });

  it('rejects a short or URL-unsafe callback secret and a bad provider', () => {
    expect(smsConfigFragment.safeParse({ SMS_PROVIDER: 'console', SMS_CALLBACK_SECRET: 'short' }).success).toBe(false);
    expect(smsConfigFragment.safeParse({ SMS_PROVIDER: 'console', SMS_CALLBACK_SECRET: 'has/slash/in/it/0123456789' }).success).toBe(false);
    expect(smsConfigFragment.safeParse({ SMS_PROVIDER: 'cmpp' }).success).toBe(false);
  });

  it('builds a Kannel section', () => {
    const c = smsConfigFragment.parse({
      SMS_PROVIDER: 'kannel',
      KANNEL_SENDSMS_URL: 'http://127.0.0.1:13013/cgi-bin/sendsms',
      KANNEL_USERNAME: 'bot',
      KANNEL_PASSWORD: 'pw',
      KANNEL_FROM: '10690000',
      SMS_CALLBACK_BASE_URL: 'https://bot.example.cn/',
      SMS_CALLBACK_SECRET: secret,
      SMS_CALLBACK_ALLOWED_IPS: '127.0.0.1, 10.0.0.2',
    });
    expect(c).toMatchObject({
      provider: 'kannel',
      callbackBaseUrl: 'https://bot.example.cn',
      allowedIps: ['127.0.0.1', '10.0.0.2'],
      kannel: { sendsmsUrl: 'http://127.0.0.1:13013/cgi-bin/sendsms', username: 'bot', password: 'pw', from: '10690000' },
    });
  });

  it('aliyun: templates default to the reply template; an http endpoint switches the protocol', () => {
    const c = smsConfigFragment.parse({
      SMS_PROVIDER: 'aliyun',
      ALIYUN_ACCESS_KEY_ID: 'id',
      ALIYUN_ACCESS_KEY_SECRET: 'sec',
      ALIYUN_SMS_SIGN_NAME: '陇原技能',
      ALIYUN_SMS_TEMPLATE_CODE: 'SMS_1',
      ALIYUN_SMS_CODE_TEMPLATE_CODE: 'SMS_3',
      ALIYUN_SMS_ENDPOINT: 'http://127.0.0.1:9999',
      SMS_CALLBACK_SECRET: secret,
    });
    expect(c).toMatchObject({
      provider: 'aliyun',
      aliyun: { templates: { reply: 'SMS_1', notice: 'SMS_1', code: 'SMS_3' }, endpoint: '127.0.0.1:9999', protocol: 'http' },
    });
  });

  it('tencent: defaults to the real endpoint over https', () => {
    const c = smsConfigFragment.parse({
      SMS_PROVIDER: 'tencent',
      TENCENT_SECRET_ID: 'id',
      TENCENT_SECRET_KEY: 'key',
      TENCENT_SMS_SDK_APP_ID: '1400000000',
      TENCENT_SMS_SIGN_NAME: '陇原技能',
      TENCENT_SMS_TEMPLATE_ID: '100',
      SMS_CALLBACK_SECRET: secret,
    });
    expect(c).toMatchObject({
      provider: 'tencent',
      tencent: { endpoint: 'sms.tencentcloudapi.com', protocol: 'https://', region: 'ap-guangzhou' },
    });
  });
});
