/**
 * WeChat OA server API client: access_token (cached, refreshed 5 min before its expiry, one
 * refresh at a time, one retry after 40001/42001/40014), customer-service text messages,
 * template messages, mass-send by openid list and menu creation. The base URL is configurable so tests use a fake
 * WeChat API on 127.0.0.1; the clock is injected so expiry is testable without sleeping.
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Clock } from '../../shared/clock.js';
import type { WechatMenu } from './config.js';

/** Error codes that mean "the access_token is invalid or expired: fetch a new one". */
export const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
/** Customer-service message outside the 48 h window. */
export const ERR_OUT_OF_WINDOW = 45015;
/** Mass-send: a job with this clientmsgid exists (within 24 h); the answer carries its msg_id. */
export const ERR_CLIENTMSGID_EXISTS = 45065;
/** Mass-send: the same clientmsgid retried too fast (wait a minute). */
export const ERR_CLIENTMSGID_TOO_FAST = 45066;
/** Refresh this long before the token's stated expiry. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

export class WechatApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly path: string,
    /** The whole answer (e.g. 45065 carries the existing job's msg_id). */
    readonly data: Record<string, unknown> = {},
  ) {
    super(`WeChat API ${path} failed: ${errcode} ${errmsg}`);
    this.name = 'WechatApiError';
  }
}

const tokenResponse = z.object({ access_token: z.string().min(1), expires_in: z.number().int().positive() });
const apiResponse = z.object({ errcode: z.number().int().optional(), errmsg: z.string().optional() }).loose();

export interface WechatApiOptions {
  appId: string;
  appSecret: string;
  baseUrl: string;
  clock: Clock;
  log: Logger;
  fetch?: typeof fetch;
  /** Request timeout, ms. Default 10 s. */
  timeoutMs?: number;
}

/** Template message payload (`data` values are `{ value }`). */
export interface TemplateMessage {
  touser: string;
  template_id: string;
  data: Record<string, { value: string; color?: string }>;
  url?: string;
}

export class WechatApi {
  private token: { value: string; refreshAt: number } | null = null;
  private refreshing: Promise<string> | null = null;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: WechatApiOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** A valid access_token: the cached one, or one fresh fetch shared by all concurrent callers. */
  async accessToken(): Promise<string> {
    if (this.token && this.options.clock.now().getTime() < this.token.refreshAt) return this.token.value;
    this.refreshing ??= this.fetchToken().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** Drops the cached token if it is still `value` (so concurrent failures refresh once). */
  invalidate(value: string): void {
    if (this.token?.value === value) this.token = null;
  }

  private async fetchToken(): Promise<string> {
    const { appId, appSecret, baseUrl } = this.options;
    const query = new URLSearchParams({ grant_type: 'client_credential', appid: appId, secret: appSecret });
    const json = await this.request('GET', `/cgi-bin/token?${query}`, undefined, '/cgi-bin/token');
    const parsed = tokenResponse.safeParse(json);
    if (!parsed.success) {
      const err = apiResponse.safeParse(json);
      throw new WechatApiError(err.data?.errcode ?? -1, err.data?.errmsg ?? 'bad token response', `${baseUrl}/cgi-bin/token`);
    }
    const now = this.options.clock.now().getTime();
    const lifetime = parsed.data.expires_in * 1000;
    this.token = {
      value: parsed.data.access_token,
      refreshAt: now + Math.max(lifetime - REFRESH_MARGIN_MS, lifetime / 2),
    };
    this.options.log.info({ expiresIn: parsed.data.expires_in }, 'wechat access_token refreshed');
    return this.token.value;
  }

  private async request(method: 'GET' | 'POST', pathAndQuery: string, body: unknown, logPath: string): Promise<unknown> {
    const res = await this.fetch(`${this.options.baseUrl}${pathAndQuery}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
      // WeChat expects literal UTF-8 Chinese in the JSON body, which JSON.stringify produces.
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    if (!res.ok) throw new WechatApiError(-1, `HTTP ${res.status}`, logPath);
    return res.json();
  }

  /**
   * POSTs JSON to an API path with the access_token; on a token error, refreshes once and
   * retries once. Throws WechatApiError on any other non-zero errcode.
   */
  async call(path: string, body: unknown): Promise<Record<string, unknown>> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken();
      const json = await this.request('POST', `${path}?access_token=${encodeURIComponent(token)}`, body, path);
      const parsed = apiResponse.safeParse(json);
      if (!parsed.success) throw new WechatApiError(-1, 'response is not a JSON object', path);
      const errcode = parsed.data.errcode ?? 0;
      if (errcode === 0) return parsed.data;
      if (TOKEN_ERRORS.has(errcode) && attempt === 0) {
        this.options.log.warn({ errcode, path }, 'wechat access_token rejected; refreshing');
        this.invalidate(token);
        continue;
      }
      throw new WechatApiError(errcode, parsed.data.errmsg ?? '', path, parsed.data);
    }
  }

  /** Customer-service text message (allowed within 48 h of the user's last message). */
  async sendText(openId: string, content: string): Promise<void> {
    await this.call('/cgi-bin/message/custom/send', { touser: openId, msgtype: 'text', text: { content } });
  }

  /** Template message (reminders outside the 48 h window); returns WeChat's msgid. */
  async sendTemplate(message: TemplateMessage): Promise<string | undefined> {
    const res = await this.call('/cgi-bin/message/template/send', message);
    return res.msgid === undefined ? undefined : String(res.msgid);
  }

  /**
   * Mass-send of a text by openid list (/cgi-bin/message/mass/send; 2–10,000 openids). WeChat
   * refuses a `clientmsgid` it saw within 24 h with 45065 and the existing job's msg_id, which is
   * returned here as that job (`existing`): a re-send after a crash sends nothing twice.
   */
  async massSendText(openIds: string[], content: string, clientMsgId: string): Promise<{ msgId: string; existing: boolean }> {
    try {
      const res = await this.call('/cgi-bin/message/mass/send', { touser: openIds, msgtype: 'text', text: { content }, clientmsgid: clientMsgId });
      return { msgId: String(res.msg_id ?? ''), existing: false };
    } catch (err) {
      if (err instanceof WechatApiError && err.errcode === ERR_CLIENTMSGID_EXISTS && err.data.msg_id !== undefined) return { msgId: String(err.data.msg_id), existing: true };
      throw err;
    }
  }

  /** Replaces the account's custom menu. */
  async createMenu(menu: WechatMenu): Promise<void> {
    await this.call('/cgi-bin/menu/create', menu);
  }
}
