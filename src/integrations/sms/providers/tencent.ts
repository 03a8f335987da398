/**
 * Tencent Cloud SMS (sms 2021-01-11) through the official SDK.
 *  - send: SendSms with SmsSdkAppId, SignName, TemplateId (reply / notice / code, or the kind's
 *    template from SMS_TEMPLATES) and
 *    TemplateParamSet [content] (or [code]); the SerialNo is the providerMessageId (Tencent's
 *    status callback carries it as `sid`).
 *  - Callbacks (console → 事件回调配置), JSON:
 *      回复短信 (上行)  POST <base>/sms/tencent/<secret>/reply   → answer {"result":0,"errmsg":"OK"}
 *      状态报告        POST <base>/sms/tencent/<secret>/status  → same answer
 *    Tencent does not sign callbacks: the secret path segment (and optionally an IP allow-list)
 *    is the verification.
 */
import { createHash } from 'node:crypto';
import type * as TencentSdk from 'tencentcloud-sdk-nodejs-sms';
import { z } from 'zod';
import type { CallbackRequest, CallbackResult, SmsCallback, SmsKind, SmsProvider, SmsSendOptions, SmsSendResult } from '../provider.js';
import { parseJsonBody } from './http-body.js';

export interface TencentOptions {
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  signName: string;
  templates: Record<SmsKind, string>;
  region: string;
  endpoint: string;
  protocol: 'http://' | 'https://';
}

const replyItem = z.object({
  mobile: z.string().min(1).max(32),
  nationcode: z.string().max(8).optional(),
  text: z.string().max(2000),
  sign: z.string().max(64).optional(),
  extend: z.string().max(32).optional(),
  time: z.coerce.number().int().nonnegative(),
});

const statusItem = z.object({
  user_receive_time: z.string().max(32).optional(),
  nationcode: z.string().max(8).optional(),
  mobile: z.string().max(32).optional(),
  report_status: z.enum(['SUCCESS', 'FAIL']),
  errmsg: z.string().max(200).optional(),
  description: z.string().max(200).optional(),
  sid: z.string().min(1).max(128),
});

const oneOrMany = <T extends z.ZodType>(item: T) => z.union([z.array(item).max(1000), item.transform((i) => [i])]);

export function parseTencentReply(req: CallbackRequest): CallbackResult {
  const items = parseJsonBody(req.body, req.headers, oneOrMany(replyItem)) as z.infer<typeof replyItem>[];
  return {
    inbound: items.map((i) => ({
      from: i.mobile,
      ...(i.extend ? { to: i.extend } : {}),
      text: i.text,
      // No message id in the payload: sender + time + text identify a retry.
      messageId: `tencent:${createHash('sha256').update(`${i.mobile}|${i.time}|${i.text}`).digest('hex').slice(0, 32)}`,
      receivedAt: new Date(i.time * 1000),
    })),
  };
}

export function parseTencentStatus(req: CallbackRequest): CallbackResult {
  const items = parseJsonBody(req.body, req.headers, oneOrMany(statusItem)) as z.infer<typeof statusItem>[];
  return {
    reports: items.map((i) => ({
      providerMessageId: i.sid,
      status: i.report_status === 'SUCCESS' ? ('delivered' as const) : ('failed' as const),
      detail: `tencent ${i.errmsg ?? ''}`.trim(),
    })),
  };
}

type SmsClient = InstanceType<typeof TencentSdk.sms.v20210111.Client>;

export class TencentProvider implements SmsProvider {
  readonly name = 'tencent' as const;
  readonly callbacks: SmsCallback[];
  /** Created on first send: the SDK costs ~0.2 s at start-up and only Tencent deployments need it. */
  private client: Promise<SmsClient> | undefined;

  constructor(private readonly options: TencentOptions) {
    const ack = { contentType: 'json' as const, body: { result: 0, errmsg: 'OK' } };
    this.callbacks = [
      { path: 'reply', method: 'post', parse: parseTencentReply, ack, handleBeforeAck: false },
      { path: 'status', method: 'post', parse: parseTencentStatus, ack, handleBeforeAck: true },
    ];
  }

  async send(to: string, text: string, options: SmsSendOptions): Promise<SmsSendResult> {
    try {
      const account = this.options;
      this.client ??= import('tencentcloud-sdk-nodejs-sms').then(
        (sdk) =>
          new sdk.sms.v20210111.Client({
            credential: { secretId: account.secretId, secretKey: account.secretKey },
            region: account.region,
            profile: { httpProfile: { endpoint: account.endpoint, protocol: account.protocol, reqTimeout: 10 } },
          }),
      );
      const res = await (await this.client).SendSms({
        PhoneNumberSet: [`+86${to}`],
        SmsSdkAppId: this.options.sdkAppId,
        SignName: this.options.signName,
        TemplateId: options.template?.code ?? this.options.templates[options.kind],
        TemplateParamSet: [options.kind === 'code' && options.code ? options.code : text],
        SessionContext: options.ref,
      });
      const s = res.SendStatusSet?.[0];
      const id = s?.SerialNo || options.ref;
      if (s && s.Code === 'Ok') return { providerMessageId: id, status: 'sent' };
      return { providerMessageId: id, status: 'failed', error: `tencent ${s?.Code ?? '?'}: ${s?.Message ?? ''}` };
    } catch (err) {
      return { providerMessageId: options.ref, status: 'failed', error: `tencent: ${(err as Error).message}`.slice(0, 300) };
    }
  }
}
