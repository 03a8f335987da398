/**
 * Kannel, Aliyun and Tencent providers against loopback fakes, and their callback routes end
 * to end through the SMS channel (secret check, zod validation, MO → bot → reply, reports).
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { AliyunProvider } from '../../../src/integrations/sms/providers/aliyun.js';
import { ConsoleProvider } from '../../../src/integrations/sms/providers/console.js';
import { KannelProvider, kannelDlrStatus } from '../../../src/integrations/sms/providers/kannel.js';
import { TencentProvider } from '../../../src/integrations/sms/providers/tencent.js';
import { createLogger } from '../../../src/shared/logger.js';
import { createSmsChannel } from '../../../src/integrations/sms/index.js';
import { createTestApp } from '../../helpers/fake-channel.js';
import { FakeSmsApi } from './fake-cloud.js';
import { SECRET, startSmsHarness, type SmsHarness } from './harness.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/sms/${name}`, import.meta.url), 'utf8');
const PHONE = '13912345678';

let api: FakeSmsApi;
let h: SmsHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await api?.stop();
});

const waitRows = async (h: SmsHarness, where: object, n = 1) => {
  for (let i = 0; i < 200; i++) {
    const rows = await h.t.db.messageLog.findMany({ where: { channel: 'sms', ...where } });
    if (rows.length >= n) return rows;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('rows did not appear');
};

describe('Kannel provider', () => {
  it('maps %d delivery codes', () => {
    expect([1, 2, 4, 8, 16].map(kannelDlrStatus)).toEqual(['delivered', 'failed', null, 'sent', 'failed']);
  });

  it('sends UCS-2 through sendsms with a dlr-url, and takes MO + DLR callbacks', async () => {
    api = await new FakeSmsApi().start();
    const provider = () =>
      new KannelProvider({
        sendsmsUrl: `http://${api.host}/cgi-bin/sendsms`,
        username: 'bot',
        password: 'pw',
        from: '10690000',
        dlrUrl: `http://127.0.0.1:1/sms/kannel/${SECRET}/dlr`,
      });
    h = await startSmsHarness({ provider: provider() });
    const mo = JSON.parse(fixture('kannel-mo.json')) as { query: Record<string, string>; body: string; contentType: string };
    const url = `${h.baseUrl}/sms/kannel/${SECRET}/mo?${new URLSearchParams(mo.query)}`;

    // Wrong secret: 404, nothing handled.
    const bad = await fetch(url.replace(SECRET, 'wrong-secret-0000000000'), { method: 'POST', body: mo.body, headers: { 'content-type': mo.contentType } });
    expect(bad.status).toBe(404);
    // Missing sender: 400.
    const noFrom = await fetch(`${h.baseUrl}/sms/kannel/${SECRET}/mo?to=1`, { method: 'POST', body: 'x' });
    expect(noFrom.status).toBe(400);
    expect(api.requests).toHaveLength(0);

    const res = await fetch(url, { method: 'POST', body: mo.body, headers: { 'content-type': mo.contentType } });
    expect(res.status).toBe(200);
    expect(api.requests.length).toBeGreaterThan(0);
    const sent = api.requests[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.headers).toMatchObject({
      'x-kannel-username': 'bot',
      'x-kannel-password': 'pw',
      'x-kannel-to': PHONE,
      'x-kannel-from': '10690000',
      'x-kannel-coding': '2',
      'x-kannel-dlr-mask': '31',
      'x-kannel-dlr-url': `http://127.0.0.1:1/sms/kannel/${SECRET}/dlr?ref=ref-1&status=%d`,
    });
    expect(sent.url).toBe('/cgi-bin/sendsms'); // nothing personal in the URL
    expect(sent.body).toContain('陇原技能助手');
    const [inbound] = await waitRows(h, { direction: 'in' });
    expect(inbound).toMatchObject({ channelUserId: PHONE, text: '我想学电工', channelMessageId: `kannel:${mo.query.id}` });

    // The same MO again (Kannel retry) runs no second turn.
    const before = api.requests.length;
    await fetch(url, { method: 'POST', body: mo.body, headers: { 'content-type': mo.contentType } });
    expect(api.requests.length).toBe(before);

    // Delivery reports.
    const dlr = JSON.parse(fixture('kannel-dlr.json')) as { reports: { query: Record<string, string> }[] };
    for (const r of dlr.reports) {
      const ok = await fetch(`${h.baseUrl}/sms/kannel/${SECRET}/dlr?${new URLSearchParams(r.query)}`);
      expect(ok.status).toBe(200);
    }
    const outs = await h.t.db.messageLog.findMany({ where: { channel: 'sms', direction: 'out', providerMessageId: 'ref-1' } });
    expect(outs.length).toBeGreaterThan(0);
    expect(outs.every((o) => o.status === 'delivered')).toBe(true);
    expect((await fetch(`${h.baseUrl}/sms/kannel/${SECRET}/dlr?ref=bad%20ref&status=1`)).status).toBe(400);
  });

  it('decodes a UCS-2 (UTF-16BE) body when Kannel does not recode', async () => {
    api = await new FakeSmsApi().start();
    h = await startSmsHarness({
      provider: new KannelProvider({ sendsmsUrl: `http://${api.host}/cgi-bin/sendsms`, username: 'u', password: 'p' }),
    });
    const res = await fetch(`${h.baseUrl}/sms/kannel/${SECRET}/mo?from=%2B8613912345678&id=abc`, {
      method: 'POST',
      body: new Uint8Array(iconv.encode('你好', 'utf-16be')),
      headers: { 'content-type': 'text/plain; charset=UTF-16BE' },
    });
    expect(res.status).toBe(200);
    const [inbound] = await waitRows(h, { direction: 'in' });
    expect(inbound).toMatchObject({ channelUserId: PHONE, text: '你好' });
  });

  it('reports an unreachable or refusing Kannel as failed', async () => {
    api = await new FakeSmsApi().start();
    api.respond = () => ({ status: 403, body: 'Authorization failed for sendsms' });
    const p = new KannelProvider({ sendsmsUrl: `http://${api.host}/cgi-bin/sendsms`, username: 'u', password: 'p' });
    expect(await p.send(PHONE, '你好', { ref: 'r1', part: 0, kind: 'reply' })).toMatchObject({ status: 'failed', error: expect.stringContaining('403') });
    const down = new KannelProvider({ sendsmsUrl: 'http://127.0.0.1:1/cgi-bin/sendsms', username: 'u', password: 'p' });
    expect(await down.send(PHONE, '你好', { ref: 'r2', part: 0, kind: 'reply' })).toMatchObject({ status: 'failed' });
  });
});

const aliyunOptions = (host: string) => ({
  accessKeyId: 'test-id',
  accessKeySecret: 'test-secret',
  signName: '陇原技能',
  templates: { reply: 'SMS_REPLY', notice: 'SMS_NOTICE', code: 'SMS_CODE' },
  endpoint: host,
  protocol: 'http' as const,
});

describe('Aliyun provider', () => {
  it('sends SignName, TemplateCode, TemplateParam and OutId through the official SDK', async () => {
    api = await new FakeSmsApi().start();
    const p = new AliyunProvider(aliyunOptions(api.host));
    expect(await p.send(PHONE, '电工班下周开课', { ref: 'ref-9', part: 0, kind: 'notice' })).toEqual({ providerMessageId: 'ref-9', status: 'sent' });
    expect(api.requests[0]!.query).toMatchObject({
      PhoneNumbers: PHONE,
      SignName: '陇原技能',
      TemplateCode: 'SMS_NOTICE',
      TemplateParam: JSON.stringify({ content: '电工班下周开课' }),
      OutId: 'ref-9',
    });
    expect(String(api.requests[0]!.headers.authorization)).toMatch(/^ACS3-HMAC-SHA256 Credential=test-id/);
    await p.send(PHONE, '验证码', { ref: 'ref-10', part: 0, kind: 'code', code: '123456' });
    expect(api.requests[1]!.query).toMatchObject({ TemplateCode: 'SMS_CODE', TemplateParam: '{"code":"123456"}' });

    api.respond = () => ({ body: { RequestId: 'r', Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发分钟级流控' } });
    expect(await p.send(PHONE, '你好', { ref: 'ref-11', part: 0, kind: 'reply' })).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('isv.BUSINESS_LIMIT_CONTROL'),
    });
  });

  it('takes 上行 (SmsUp) and 回执 (SmsReport) pushes', async () => {
    api = await new FakeSmsApi().start();
    h = await startSmsHarness({ provider: new AliyunProvider(aliyunOptions(api.host)) });
    const up = await fetch(`${h.baseUrl}/sms/aliyun/${SECRET}/up`, {
      method: 'POST',
      body: fixture('aliyun-up.json'),
      headers: { 'content-type': 'application/json' },
    });
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ code: 0, msg: '接收成功' });
    await h.sms.adapter.idle(); // answered at once, handled in the background
    const [inbound] = await waitRows(h, { direction: 'in' });
    expect(inbound).toMatchObject({ channelUserId: PHONE, text: '我想学电工', channelMessageId: 'aliyun:1234567890' });
    expect(api.requests.length).toBeGreaterThan(0);
    expect(api.requests[0]!.query).toMatchObject({ TemplateCode: 'SMS_REPLY', OutId: 'ref-1' });

    const report = await fetch(`${h.baseUrl}/sms/aliyun/${SECRET}/report`, {
      method: 'POST',
      body: fixture('aliyun-report.json'),
      headers: { 'content-type': 'application/json' },
    });
    expect(report.status).toBe(200);
    const outs = await h.t.db.messageLog.findMany({ where: { channel: 'sms', direction: 'out', providerMessageId: 'ref-1' } });
    expect(outs.length).toBeGreaterThan(0);
    expect(outs.every((o) => o.status === 'delivered')).toBe(true);

    const bad = await fetch(`${h.baseUrl}/sms/aliyun/${SECRET}/up`, {
      method: 'POST',
      body: JSON.stringify([{ phone_number: PHONE }]),
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    const wrong = await fetch(`${h.baseUrl}/sms/aliyun/not-the-secret-000000/up`, { method: 'POST', body: '[]', headers: { 'content-type': 'application/json' } });
    expect(wrong.status).toBe(404);
  });
});

const tencentOptions = (host: string) => ({
  secretId: 'test-id',
  secretKey: 'test-key',
  sdkAppId: '1400000000',
  signName: '陇原技能',
  templates: { reply: '100', notice: '101', code: '102' },
  region: 'ap-guangzhou',
  endpoint: host,
  protocol: 'http://' as const,
});

describe('Tencent provider', () => {
  it('sends SmsSdkAppId, SignName, TemplateId and TemplateParamSet through the official SDK', async () => {
    api = await new FakeSmsApi().start();
    const p = new TencentProvider(tencentOptions(api.host));
    const r = await p.send(PHONE, '电工班下周开课', { ref: 'ref-1', part: 0, kind: 'reply' });
    expect(r).toEqual({ providerMessageId: 'sn-1', status: 'sent' });
    expect(JSON.parse(api.requests[0]!.body)).toEqual({
      PhoneNumberSet: ['+8613912345678'],
      SmsSdkAppId: '1400000000',
      SignName: '陇原技能',
      TemplateId: '100',
      TemplateParamSet: ['电工班下周开课'],
      SessionContext: 'ref-1',
    });
    expect(String(api.requests[0]!.headers.authorization)).toMatch(/^TC3-HMAC-SHA256 Credential=test-id/);

    api.respond = () => ({
      body: { Response: { SendStatusSet: [{ SerialNo: '', PhoneNumber: '+8613912345678', Code: 'LimitExceeded.PhoneNumberDailyLimit', Message: '单个手机号日下发条数超过设定的上限' }], RequestId: 'r' } },
    });
    expect(await p.send(PHONE, '你好', { ref: 'ref-2', part: 0, kind: 'reply' })).toMatchObject({ status: 'failed', error: expect.stringContaining('LimitExceeded') });
  });

  it('takes 回复短信 and 状态报告 callbacks', async () => {
    api = await new FakeSmsApi().start();
    h = await startSmsHarness({ provider: new TencentProvider(tencentOptions(api.host)) });
    const reply = await fetch(`${h.baseUrl}/sms/tencent/${SECRET}/reply`, {
      method: 'POST',
      body: fixture('tencent-reply.json'),
      headers: { 'content-type': 'application/json' },
    });
    expect(await reply.json()).toEqual({ result: 0, errmsg: 'OK' });
    await h.sms.adapter.idle();
    const [inbound] = await waitRows(h, { direction: 'in' });
    expect(inbound).toMatchObject({ channelUserId: PHONE, text: '我想学电工' });
    const out = (await waitRows(h, { direction: 'out' }))[0]!;
    expect(out.providerMessageId).toBe('sn-1');

    const status = await fetch(`${h.baseUrl}/sms/tencent/${SECRET}/status`, {
      method: 'POST',
      body: fixture('tencent-status.json'),
      headers: { 'content-type': 'application/json' },
    });
    expect(status.status).toBe(200);
    expect((await h.t.db.messageLog.findUniqueOrThrow({ where: { id: out.id } })).status).toBe('delivered');

    // A single object (older callback format) is accepted too; a retry is deduped.
    const single = JSON.stringify(JSON.parse(fixture('tencent-reply.json'))[0]);
    await fetch(`${h.baseUrl}/sms/tencent/${SECRET}/reply`, { method: 'POST', body: single, headers: { 'content-type': 'application/json' } });
    await h.sms.adapter.idle();
    expect(await h.t.db.messageLog.count({ where: { direction: 'in' } })).toBe(1);

    const bad = await fetch(`${h.baseUrl}/sms/tencent/${SECRET}/status`, { method: 'POST', body: '{"sid":1}', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
  });
});

describe('Console provider', () => {
  it('logs with the number masked and keeps an outbox; the pipeline records MessageLog', async () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', destination: { write: (s: string) => void lines.push(s) } });
    const t = await createTestApp();
    try {
      const sms = createSmsChannel({ config: { provider: 'console', maxSegments: 3, allowedIps: [] }, bot: t.app.bot, db: t.db, log, clock: t.clock });
      expect(sms.adapter.provider).toBeInstanceOf(ConsoleProvider);
      await sms.adapter.receive({ from: PHONE, text: '你好', messageId: 'c1', receivedAt: new Date() });
      const outbox = (sms.adapter.provider as ConsoleProvider).outbox;
      expect(outbox.length).toBeGreaterThan(0);
      expect(outbox[0]!.to).toBe(PHONE);
      const smsLines = lines.filter((l) => l.includes('SMS (console)'));
      expect(smsLines.length).toBe(outbox.length);
      expect(smsLines.join('')).toContain('139****5678');
      expect(smsLines.join('')).not.toContain(PHONE);
      expect(await t.db.messageLog.count({ where: { channel: 'sms', direction: 'out', status: 'sent' } })).toBeGreaterThan(0);
    } finally {
      await t.destroy();
    }
  });
});
