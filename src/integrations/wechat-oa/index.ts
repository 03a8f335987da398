/**
 * WeChat Official Account channel: public API of src/integrations/wechat-oa/.
 * `createWechatOaChannel` builds the API client, the adapter (push = customer-service / template
 * messages) and the express router for /wechat/oa. Register `adapter` with the notifier and
 * mount `router` on the app.
 */
import type { Router } from 'express';
import type { Logger } from 'pino';
import type { Bot } from '../../bot/pipeline.js';
import type { Clock } from '../../shared/clock.js';
import type { Db } from '../../db/client.js';
import { WechatApi } from './api.js';
import { WechatOaAdapter } from './adapter.js';
import type { WechatOaConfig } from './config.js';
import { PendingTurns } from './pending.js';
import { ReplayGuard } from './replay.js';
import { wechatOaRouter } from './router.js';

export { WechatApi, WechatApiError } from './api.js';
export { WechatOaAdapter, packSegments, wechatOaCapabilities, WECHAT_MAX_TEXT } from './adapter.js';
export { wechatOaConfigSchema, type WechatOaConfig, type WechatMode } from './config.js';
export { WechatCrypto, sha1Signature } from './crypto.js';
export { WECHAT_OA_CHANNEL } from './inbound.js';
export { createMenu, defaultMenu } from './menu.js';
export { WECHAT_OA_PATH } from './router.js';

export interface WechatOaChannelDeps {
  config: WechatOaConfig;
  bot: Bot;
  db: Db;
  log: Logger;
  clock: Clock;
  /** HTTP client for the WeChat API (tests may pass their own). */
  fetch?: typeof fetch;
}

export interface WechatOaChannel {
  adapter: WechatOaAdapter;
  router: Router;
  api: WechatApi;
  /** The in-memory 5-second-rule bookkeeping (see pending.ts). */
  pending: PendingTurns;
  /** Resolves when running turns and late deliveries have finished (tests, shutdown). */
  idle(): Promise<void>;
}

/** Builds the Official Account channel. */
export function createWechatOaChannel(deps: WechatOaChannelDeps): WechatOaChannel {
  const { config, bot, db, clock } = deps;
  const log = deps.log.child({ channel: 'wechat-oa' });
  const api = new WechatApi({
    appId: config.appId,
    appSecret: config.appSecret,
    baseUrl: config.apiBaseUrl,
    clock,
    log,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  const adapter = new WechatOaAdapter({ config, api, db, clock, log });
  const pending = new PendingTurns({
    onError: (err, id) => log.error({ err, messageId: id }, 'wechat turn failed'),
  });
  const replay = new ReplayGuard({ db, clock, channel: 'wechat-oa' });
  const router = wechatOaRouter({ config, bot, adapter, pending, replay, log, clock });
  return { adapter, router, api, pending, idle: () => pending.idle() };
}
