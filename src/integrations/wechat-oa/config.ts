/**
 * WeChat Official Account configuration fragment (composed by src/app/config.ts).
 * The channel is on only when WECHAT_TOKEN is set; then WECHAT_APPID and WECHAT_APPSECRET are
 * required too (safe mode and the customer-service API need them). `wechatOa` is null otherwise.
 */
import { z } from 'zod';
import { optionalString } from '../../shared/env-fields.js';

/** One WeChat menu button (the /cgi-bin/menu/create format, validated loosely). */
const buttonSchema: z.ZodType<WechatMenuButton> = z.lazy(() =>
  z
    .object({
      name: z.string().min(1).max(60),
      type: z.string().optional(),
      key: z.string().max(128).optional(),
      url: z.string().optional(),
      sub_button: z.array(buttonSchema).max(5).optional(),
    })
    .loose(),
);

export interface WechatMenuButton {
  name: string;
  type?: string | undefined;
  key?: string | undefined;
  url?: string | undefined;
  sub_button?: WechatMenuButton[] | undefined;
}

export const WECHAT_MODES = ['plain', 'compat', 'safe'] as const;
export type WechatMode = (typeof WECHAT_MODES)[number];

export const wechatMenuSchema = z.object({ button: z.array(buttonSchema).min(1).max(3) });
export type WechatMenu = z.infer<typeof wechatMenuSchema>;

export interface WechatOaConfig {
  token: string;
  appId: string;
  appSecret: string;
  /** 43-character EncodingAESKey; needed by the compat and safe modes. */
  encodingAesKey?: string;
  /**
   * The 消息加解密方式 set in the console: `plain` (明文: signature only), `compat` (兼容: plaintext
   * or encrypted accepted), `safe` (安全: only encrypted messages with a valid msg_signature).
   */
  mode: WechatMode;
  /** API base URL (tests point it at a fake on 127.0.0.1). */
  apiBaseUrl: string;
  /** A passive reply is returned only if the answer is ready within this many ms. */
  replyBudgetMs: number;
  /** Template id for reminders outside the 48 h customer-service window. */
  templateIdReminder?: string;
  /** Template ids per message kind (WECHAT_TEMPLATE_IDS="broadcast=…,follow-up=…"). */
  templateIds?: Record<string, string>;
  /** Template data field that carries the text (e.g. "content" for a "{{content.DATA}}" template). */
  templateField: string;
  /** Custom menu (WECHAT_MENU_JSON); null = the default menu built from the registered menu items. */
  menu: WechatMenu | null;
  /** Extra CLICK EventKey → menu item key (WECHAT_MENU_KEYS); MENU_<KEY> → <key> always works. */
  menuKeys: Record<string, string>;
  /** Mass-send by openid list for broadcasts outside the 48 h window (WECHAT_OA_MASS_SEND); null = off. */
  massSend: WechatMassSendConfig | null;
}

/**
 * WeChat's limits on mass messages: a (verified) service account may send each follower
 * `perUserPerMonth` (4) mass messages a calendar month; a subscription account one mass job a day.
 */
export interface WechatMassSendConfig {
  accountType: 'service' | 'subscription';
  perUserPerMonth: number;
  /** Openids per call (WeChat: 2 to 10,000). */
  batchMax: number;
}

/** The menu item key a CLICK EventKey stands for: WECHAT_MENU_KEYS first, then MENU_COURSES → courses. */
export function menuItemKeyOf(menuKeys: Record<string, string>, eventKey: string | undefined): string | undefined {
  if (!eventKey) return undefined;
  return menuKeys[eventKey] ?? /^MENU_([A-Z][A-Z0-9_]*)$/.exec(eventKey)?.[1]?.toLowerCase();
}

const menuKeysSchema = optionalString.transform((v, ctx) => {
  const map: Record<string, string> = {};
  for (const pair of (v ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const [key, item] = pair.split('=').map((s) => s.trim());
    if (!key || !item || !/^[a-z][a-z0-9_-]*$/.test(item)) {
      ctx.addIssue({ code: 'custom', message: `WECHAT_MENU_KEYS entry "${pair}" must be KEY=item (e.g. V1001=courses)` });
      return map;
    }
    map[key] = item;
  }
  return map;
});

const menuJsonSchema = optionalString.transform((v, ctx): WechatMenu | null => {
  if (v === undefined) return null;
  let json: unknown;
  try {
    json = JSON.parse(v);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'WECHAT_MENU_JSON is not valid JSON' });
    return null;
  }
  const parsed = wechatMenuSchema.safeParse(json);
  if (!parsed.success) {
    ctx.addIssue({ code: 'custom', message: `WECHAT_MENU_JSON: ${parsed.error.issues[0]?.message ?? 'invalid menu'}` });
    return null;
  }
  return parsed.data;
});

/** Parses the WECHAT_* variables of an env object into `{ wechatOa: WechatOaConfig | null }`. */
export const wechatOaConfigSchema = z
  .object({
    WECHAT_TOKEN: optionalString.refine((v) => v === undefined || /^[A-Za-z0-9]{3,32}$/.test(v), {
      message: 'WECHAT_TOKEN must be 3–32 letters or digits (as set in the WeChat admin console)',
    }),
    WECHAT_APPID: optionalString,
    WECHAT_APPSECRET: optionalString,
    WECHAT_ENCODING_AES_KEY: optionalString.refine((v) => v === undefined || /^[A-Za-z0-9+/]{43}$/.test(v), {
      message: 'WECHAT_ENCODING_AES_KEY must be 43 letters/digits',
    }),
    WECHAT_MODE: z.enum(WECHAT_MODES, { message: 'WECHAT_MODE must be plain, compat or safe' }).optional(),
    WECHAT_API_BASE_URL: optionalString.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), {
      message: 'WECHAT_API_BASE_URL must be an http(s) URL',
    }),
    WECHAT_REPLY_BUDGET_MS: z.coerce.number().int().min(100).max(4800).default(4000),
    WECHAT_TEMPLATE_ID_REMINDER: optionalString,
    WECHAT_TEMPLATE_IDS: optionalString.refine((v) => v === undefined || v.split(',').every((p) => /^[\w-]+=[\w-]+$/.test(p.trim())), {
      message: 'WECHAT_TEMPLATE_IDS must be kind=templateId,kind2=templateId2',
    }),
    WECHAT_TEMPLATE_FIELD: optionalString,
    WECHAT_MENU_JSON: menuJsonSchema,
    WECHAT_MENU_KEYS: menuKeysSchema,
    WECHAT_OA_MASS_SEND: z
      .enum(['on', 'off', ''], { message: 'WECHAT_OA_MASS_SEND must be on or off' })
      .optional()
      .transform((v) => v === 'on'),
    WECHAT_OA_ACCOUNT_TYPE: z
      .enum(['service', 'subscription', ''], { message: 'WECHAT_OA_ACCOUNT_TYPE must be service (服务号) or subscription (订阅号)' })
      .optional()
      .transform((v) => (v ? v : 'service')),
    WECHAT_OA_MASS_PER_MONTH: z.coerce.number().int().min(1).max(31).default(4),
    WECHAT_OA_MASS_BATCH: z.coerce.number().int().min(2).max(10_000).default(10_000),
  })
  .superRefine((env, ctx) => {
    if (env.WECHAT_TOKEN === undefined) return;
    for (const name of ['WECHAT_APPID', 'WECHAT_APPSECRET'] as const) {
      if (env[name] === undefined) ctx.addIssue({ code: 'custom', path: [name], message: `${name} is required when WECHAT_TOKEN is set` });
    }
    if ((env.WECHAT_MODE === 'compat' || env.WECHAT_MODE === 'safe') && env.WECHAT_ENCODING_AES_KEY === undefined) {
      ctx.addIssue({ code: 'custom', path: ['WECHAT_ENCODING_AES_KEY'], message: `WECHAT_ENCODING_AES_KEY is required when WECHAT_MODE=${env.WECHAT_MODE}` });
    }
  })
  .transform((env) => ({
    wechatOa:
      env.WECHAT_TOKEN && env.WECHAT_APPID && env.WECHAT_APPSECRET
        ? ({
            token: env.WECHAT_TOKEN,
            appId: env.WECHAT_APPID,
            appSecret: env.WECHAT_APPSECRET,
            ...(env.WECHAT_ENCODING_AES_KEY ? { encodingAesKey: env.WECHAT_ENCODING_AES_KEY } : {}),
            mode: env.WECHAT_MODE ?? (env.WECHAT_ENCODING_AES_KEY ? 'compat' : 'plain'),
            apiBaseUrl: (env.WECHAT_API_BASE_URL ?? 'https://api.weixin.qq.com').replace(/\/+$/, ''),
            replyBudgetMs: env.WECHAT_REPLY_BUDGET_MS,
            ...(env.WECHAT_TEMPLATE_ID_REMINDER ? { templateIdReminder: env.WECHAT_TEMPLATE_ID_REMINDER } : {}),
            ...(env.WECHAT_TEMPLATE_IDS
              ? { templateIds: Object.fromEntries(env.WECHAT_TEMPLATE_IDS.split(',').map((p) => p.trim().split('=') as [string, string])) }
              : {}),
            templateField: env.WECHAT_TEMPLATE_FIELD ?? 'content',
            menu: env.WECHAT_MENU_JSON,
            menuKeys: env.WECHAT_MENU_KEYS,
            massSend: env.WECHAT_OA_MASS_SEND
              ? { accountType: env.WECHAT_OA_ACCOUNT_TYPE, perUserPerMonth: env.WECHAT_OA_MASS_PER_MONTH, batchMax: env.WECHAT_OA_MASS_BATCH }
              : null,
          } satisfies WechatOaConfig)
        : null,
  }));

export type WechatOaEnvConfig = z.infer<typeof wechatOaConfigSchema>;
