/**
 * Aliyun SMS (dysmsapi 2017-05-25) through the official SDK.
 *  - send: SendSms with SignName, TemplateCode (reply / notice / code template, or the kind's
 *    template from SMS_TEMPLATES) and TemplateParam JSON ({"content": …} — or the kind template's
 *    variable — or {"code": …}); OutId = our ref, so status reports
 *    (which echo `out_id`) match MessageLog.providerMessageId.
 *  - Callbacks (console → 通用设置 → HTTP 批量推送): JSON arrays.
 *      SmsUp (上行)    POST <base>/sms/aliyun/<secret>/up      → answer {"code":0,"msg":"接收成功"}
 *      SmsReport (回执) POST <base>/sms/aliyun/<secret>/report  → same answer
 *    Aliyun does not sign these pushes: the secret path segment (and optionally an IP allow-list)
 *    is the verification.
 */
import { z } from 'zod';
import type { CallbackRequest, CallbackResult, SmsCallback, SmsKind, SmsProvider, SmsSendOptions, SmsSendResult } from '../provider.js';
import { parseChinaTime, parseJsonBody } from './http-body.js';
import { systemClock, type Clock } from '../../../shared/clock.js';

export interface AliyunOptions {
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  templates: Record<SmsKind, string>;
  endpoint: string;
  protocol: 'http' | 'https';
}

const upItem = z.object({
  phone_number: z.string().min(1).max(32),
  send_time: z.string().max(32).optional(),
  content: z.string().max(2000),
  sign_name: z.string().max(64).optional(),
  dest_code: z.string().max(32).optional(),
  sequence_id: z.union([z.number(), z.string()]),
});

const reportItem = z.object({
  phone_number: z.string().max(32).optional(),
  send_time: z.string().max(32).optional(),
  report_time: z.string().max(32).optional(),
  success: z.union([z.boolean(), z.enum(['true', 'false'])]).transform((v) => v === true || v === 'true'),
  err_code: z.string().max(64).optional(),
  err_msg: z.string().max(200).optional(),
  sms_size: z.union([z.string(), z.number()]).optional(),
  biz_id: z.string().max(128).optional(),
  out_id: z.string().max(128).optional(),
});

export function parseAliyunUp(req: CallbackRequest, now: Date): CallbackResult {
  const items = parseJsonBody(req.body, req.headers, z.array(upItem).max(1000));
  return {
    inbound: items.map((i) => ({
      from: i.phone_number,
      ...(i.dest_code ? { to: i.dest_code } : {}),
      text: i.content,
      messageId: `aliyun:${i.sequence_id}`,
      receivedAt: parseChinaTime(i.send_time, now),
    })),
  };
}

export function parseAliyunReport(req: CallbackRequest): CallbackResult {
  const items = parseJsonBody(req.body, req.headers, z.array(reportItem).max(1000));
  return {
    reports: items.flatMap((i) => {
      const id = i.out_id || i.biz_id;
      if (!id) return [];
      return [{ providerMessageId: id, status: i.success ? ('delivered' as const) : ('failed' as const), detail: `aliyun ${i.err_code ?? ''}`.trim() }];
    }),
  };
}

type AliyunClient = { sendSms(request: unknown): Promise<{ body?: { code?: string; message?: string; bizId?: string } }> };
type AliyunSdk = { newClient(): AliyunClient; request(init: Record<string, string>): unknown };

/**
 * Loads the SDK on first send (it costs ~0.3 s at start-up and only Aliyun deployments need it).
 * In ESM the SDK's client class sits on `.default` of the CommonJS export.
 */
async function loadAliyunSdk(options: AliyunOptions): Promise<AliyunSdk> {
  const AliyunSms = (await import('@alicloud/dysmsapi20170525')) as unknown as Record<string, unknown> & { default: Record<string, unknown> };
  const OpenApi = (await import('@alicloud/openapi-client')) as unknown as { default?: { Config?: unknown }; Config?: unknown };
  const ClientClass = ((AliyunSms.default as { default?: unknown }).default ?? AliyunSms.default) as new (config: unknown) => AliyunClient;
  const SendSmsRequest = (AliyunSms.default.SendSmsRequest ?? AliyunSms.SendSmsRequest) as new (init: Record<string, string>) => unknown;
  const ConfigClass = (OpenApi.Config ?? OpenApi.default?.Config) as new (init: Record<string, string>) => unknown;
  const config = new ConfigClass({
    accessKeyId: options.accessKeyId,
    accessKeySecret: options.accessKeySecret,
    endpoint: options.endpoint,
    protocol: options.protocol,
  });
  return { newClient: () => new ClientClass(config), request: (init) => new SendSmsRequest(init) };
}

export class AliyunProvider implements SmsProvider {
  readonly name = 'aliyun' as const;
  readonly callbacks: SmsCallback[];
  private sdk: Promise<{ client: AliyunClient; request: AliyunSdk['request'] }> | undefined;

  constructor(
    private readonly options: AliyunOptions,
    clock: Clock = systemClock,
  ) {
    const ack = { contentType: 'json' as const, body: { code: 0, msg: '接收成功' } };
    this.callbacks = [
      { path: 'up', method: 'post', parse: (req) => parseAliyunUp(req, clock.now()), ack, handleBeforeAck: false },
      { path: 'report', method: 'post', parse: parseAliyunReport, ack, handleBeforeAck: true },
    ];
  }

  async send(to: string, text: string, options: SmsSendOptions): Promise<SmsSendResult> {
    const param = options.kind === 'code' && options.code ? { code: options.code } : { [options.template?.param ?? 'content']: text };
    try {
      this.sdk ??= loadAliyunSdk(this.options).then((sdk) => ({ client: sdk.newClient(), request: sdk.request }));
      const { client, request } = await this.sdk;
      const res = await client.sendSms(
        request({
          phoneNumbers: to,
          signName: this.options.signName,
          templateCode: options.template?.code ?? this.options.templates[options.kind],
          templateParam: JSON.stringify(param),
          outId: options.ref,
        }),
      );
      const body = res.body ?? {};
      if (body.code === 'OK') return { providerMessageId: options.ref, status: 'sent' };
      return { providerMessageId: options.ref, status: 'failed', error: `aliyun ${body.code ?? '?'}: ${body.message ?? ''}` };
    } catch (err) {
      return { providerMessageId: options.ref, status: 'failed', error: `aliyun: ${(err as Error).message}`.slice(0, 300) };
    }
  }
}
