/**
 * SMS config fragment. The channel is OFF unless SMS_PROVIDER is set; `console` logs instead of
 * sending (development, demos). Each provider requires its own variables; a missing one is a
 * clear start-up error naming it.
 */
import { z } from 'zod';
import { optionalString } from '../../shared/env-fields.js';
import { smsTemplatesSchema, type SmsKindTemplates } from './templates.js';

const secret = optionalString.refine((v) => v === undefined || /^[A-Za-z0-9_-]{16,128}$/.test(v), {
  message: 'SMS_CALLBACK_SECRET must be 16–128 characters of A–Z a–z 0–9 _ -',
});

export const smsEnvSchema = z.object({
  SMS_PROVIDER: z
    .enum(['kannel', 'aliyun', 'tencent', 'console', ''])
    .optional()
    .transform((v) => (v ? v : undefined)),
  /** Segments per page before "回复8看下一条" (each segment ≤ 70 characters). */
  SMS_MAX_SEGMENTS: z.coerce.number().int().min(1).max(10).default(3),
  /** Our public base URL, e.g. https://bot.example.cn (for Kannel dlr-url; printed for cloud consoles). */
  SMS_CALLBACK_BASE_URL: optionalString.refine((v) => v === undefined || /^https?:\/\/[^\s?#]+$/.test(v), {
    message: 'SMS_CALLBACK_BASE_URL must be an http(s) URL without query',
  }),
  /** Shared secret in the callback path: /sms/<provider>/<secret>/<route>. */
  SMS_CALLBACK_SECRET: secret,
  /** Optional comma-separated IPs allowed to call the callbacks (in addition to the secret). */
  SMS_CALLBACK_ALLOWED_IPS: optionalString,
  /** Appended to SMS announcements (carrier rules; default "拒收请回复R"). */
  SMS_OPT_OUT_TEXT: optionalString,
  /** Aliyun/Tencent: approved template per kind of proactive message, JSON (see templates.ts). */
  SMS_TEMPLATES: optionalString,

  KANNEL_SENDSMS_URL: optionalString.refine((v) => v === undefined || /^https?:\/\//.test(v), { message: 'must be an http(s) URL' }),
  KANNEL_USERNAME: optionalString,
  KANNEL_PASSWORD: optionalString,
  /** Sender number / service code shown to the user (e.g. 10690000…). */
  KANNEL_FROM: optionalString,
  KANNEL_SMSC_ID: optionalString,

  ALIYUN_ACCESS_KEY_ID: optionalString,
  ALIYUN_ACCESS_KEY_SECRET: optionalString,
  ALIYUN_SMS_SIGN_NAME: optionalString,
  /** Reply template with a ${content} variable. */
  ALIYUN_SMS_TEMPLATE_CODE: optionalString,
  /** Optional: reminder/announcement template with ${content} (default: the reply template). */
  ALIYUN_SMS_NOTICE_TEMPLATE_CODE: optionalString,
  /** Optional: verification-code template with ${code} (for 绑定手机). */
  ALIYUN_SMS_CODE_TEMPLATE_CODE: optionalString,
  ALIYUN_SMS_ENDPOINT: optionalString,

  TENCENT_SECRET_ID: optionalString,
  TENCENT_SECRET_KEY: optionalString,
  TENCENT_SMS_SDK_APP_ID: optionalString,
  TENCENT_SMS_SIGN_NAME: optionalString,
  /** Reply template whose single parameter {1} is the content. */
  TENCENT_SMS_TEMPLATE_ID: optionalString,
  TENCENT_SMS_NOTICE_TEMPLATE_ID: optionalString,
  TENCENT_SMS_CODE_TEMPLATE_ID: optionalString,
  TENCENT_SMS_REGION: optionalString,
  TENCENT_SMS_ENDPOINT: optionalString,
});

export type SmsEnv = z.infer<typeof smsEnvSchema>;

interface Common {
  maxSegments: number;
  callbackBaseUrl?: string;
  callbackSecret?: string;
  allowedIps: string[];
  optOutText?: string;
  /** Template-only gateways (aliyun, tencent) with SMS_TEMPLATES: the template per message kind. */
  kindTemplates?: SmsKindTemplates;
}

export type SmsConfig =
  | (Common & { provider: 'console' })
  | (Common & {
      provider: 'kannel';
      kannel: { sendsmsUrl: string; username: string; password: string; from?: string; smscId?: string };
    })
  | (Common & {
      provider: 'aliyun';
      aliyun: {
        accessKeyId: string;
        accessKeySecret: string;
        signName: string;
        templates: { reply: string; notice: string; code: string };
        endpoint: string;
        protocol: 'http' | 'https';
      };
    })
  | (Common & {
      provider: 'tencent';
      tencent: {
        secretId: string;
        secretKey: string;
        sdkAppId: string;
        signName: string;
        templates: { reply: string; notice: string; code: string };
        region: string;
        endpoint: string;
        protocol: 'http://' | 'https://';
      };
    });

function endpointParts(value: string | undefined, fallbackHost: string): { host: string; secure: boolean } {
  if (!value) return { host: fallbackHost, secure: true };
  const m = /^(https?):\/\/([^/]+)\/?$/.exec(value);
  if (m) return { host: m[2]!, secure: m[1] === 'https' };
  return { host: value, secure: true };
}

/** Env → SMS config, or null when SMS_PROVIDER is unset (channel off). */
export const smsConfigFragment = smsEnvSchema.transform((env, ctx): SmsConfig | null => {
  if (!env.SMS_PROVIDER) return null;
  const need = (names: (keyof SmsEnv)[]) => {
    for (const n of names) {
      if (!env[n]) ctx.addIssue({ code: 'custom', path: [n], message: `${n} is required when SMS_PROVIDER=${env.SMS_PROVIDER}` });
    }
  };
  const common: Common = {
    maxSegments: env.SMS_MAX_SEGMENTS,
    ...(env.SMS_CALLBACK_BASE_URL ? { callbackBaseUrl: env.SMS_CALLBACK_BASE_URL.replace(/\/+$/, '') } : {}),
    ...(env.SMS_CALLBACK_SECRET ? { callbackSecret: env.SMS_CALLBACK_SECRET } : {}),
    allowedIps: (env.SMS_CALLBACK_ALLOWED_IPS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    ...(env.SMS_OPT_OUT_TEXT ? { optOutText: env.SMS_OPT_OUT_TEXT } : {}),
  };
  if (env.SMS_TEMPLATES !== undefined) {
    if (env.SMS_PROVIDER === 'aliyun' || env.SMS_PROVIDER === 'tencent') {
      const parsed = smsTemplatesSchema.safeParse(env.SMS_TEMPLATES);
      if (parsed.success) common.kindTemplates = parsed.data;
      else for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: ['SMS_TEMPLATES'], message: issue.message });
    } else {
      ctx.addIssue({ code: 'custom', path: ['SMS_TEMPLATES'], message: `SMS_TEMPLATES is for SMS_PROVIDER=aliyun or tencent (${env.SMS_PROVIDER} sends free text)` });
    }
  }
  switch (env.SMS_PROVIDER) {
    case 'console':
      if (ctx.issues.length) return z.NEVER;
      return { ...common, provider: 'console' };
    case 'kannel':
      need(['KANNEL_SENDSMS_URL', 'KANNEL_USERNAME', 'KANNEL_PASSWORD', 'SMS_CALLBACK_BASE_URL', 'SMS_CALLBACK_SECRET']);
      if (ctx.issues.length) return z.NEVER;
      return {
        ...common,
        provider: 'kannel',
        kannel: {
          sendsmsUrl: env.KANNEL_SENDSMS_URL!,
          username: env.KANNEL_USERNAME!,
          password: env.KANNEL_PASSWORD!,
          ...(env.KANNEL_FROM ? { from: env.KANNEL_FROM } : {}),
          ...(env.KANNEL_SMSC_ID ? { smscId: env.KANNEL_SMSC_ID } : {}),
        },
      };
    case 'aliyun': {
      need(['ALIYUN_ACCESS_KEY_ID', 'ALIYUN_ACCESS_KEY_SECRET', 'ALIYUN_SMS_SIGN_NAME', 'ALIYUN_SMS_TEMPLATE_CODE', 'SMS_CALLBACK_SECRET']);
      if (ctx.issues.length) return z.NEVER;
      const ep = endpointParts(env.ALIYUN_SMS_ENDPOINT, 'dysmsapi.aliyuncs.com');
      const reply = env.ALIYUN_SMS_TEMPLATE_CODE!;
      return {
        ...common,
        provider: 'aliyun',
        aliyun: {
          accessKeyId: env.ALIYUN_ACCESS_KEY_ID!,
          accessKeySecret: env.ALIYUN_ACCESS_KEY_SECRET!,
          signName: env.ALIYUN_SMS_SIGN_NAME!,
          templates: {
            reply,
            notice: env.ALIYUN_SMS_NOTICE_TEMPLATE_CODE ?? reply,
            code: env.ALIYUN_SMS_CODE_TEMPLATE_CODE ?? reply,
          },
          endpoint: ep.host,
          protocol: ep.secure ? 'https' : 'http',
        },
      };
    }
    case 'tencent': {
      need(['TENCENT_SECRET_ID', 'TENCENT_SECRET_KEY', 'TENCENT_SMS_SDK_APP_ID', 'TENCENT_SMS_SIGN_NAME', 'TENCENT_SMS_TEMPLATE_ID', 'SMS_CALLBACK_SECRET']);
      if (ctx.issues.length) return z.NEVER;
      const ep = endpointParts(env.TENCENT_SMS_ENDPOINT, 'sms.tencentcloudapi.com');
      const reply = env.TENCENT_SMS_TEMPLATE_ID!;
      return {
        ...common,
        provider: 'tencent',
        tencent: {
          secretId: env.TENCENT_SECRET_ID!,
          secretKey: env.TENCENT_SECRET_KEY!,
          sdkAppId: env.TENCENT_SMS_SDK_APP_ID!,
          signName: env.TENCENT_SMS_SIGN_NAME!,
          templates: {
            reply,
            notice: env.TENCENT_SMS_NOTICE_TEMPLATE_ID ?? reply,
            code: env.TENCENT_SMS_CODE_TEMPLATE_ID ?? reply,
          },
          region: env.TENCENT_SMS_REGION ?? 'ap-guangzhou',
          endpoint: ep.host,
          protocol: ep.secure ? 'https://' : 'http://',
        },
      };
    }
  }
});

/** The fragment in the shape src/app/config.ts composes: `{ sms: SmsConfig | null }`. */
export const smsConfigSchema = smsConfigFragment.transform((sms) => ({ sms }));
export type SmsEnvConfig = z.infer<typeof smsConfigSchema>;
