/**
 * SMS channel: public API. `createSmsChannel` builds the provider named by the config, the
 * adapter (register it with the notifier) and the callback router (mount it on the app).
 */
import type { Router } from 'express';
import { Router as newRouter } from 'express';
import type { Logger } from 'pino';
import type { Bot } from '../../bot/pipeline.js';
import type { Clock } from '../../shared/clock.js';
import type { Db } from '../../db/client.js';
import { SmsChannel } from './channel.js';
import type { SmsConfig } from './config.js';
import type { SmsProvider } from './provider.js';
import { AliyunProvider } from './providers/aliyun.js';
import { ConsoleProvider } from './providers/console.js';
import { KannelProvider } from './providers/kannel.js';
import { TencentProvider } from './providers/tencent.js';
import { callbackPath, smsRoutes } from './routes.js';

export { SmsChannel, SMS_CHANNEL, SMS_SEGMENT_CHARS } from './channel.js';
export { smsConfigFragment, smsConfigSchema, smsEnvSchema, type SmsConfig, type SmsEnvConfig } from './config.js';
export { normalizeMobile, isMobile, maskMobile } from '../../shared/phone.js';
export type { SmsProvider, InboundSms, SmsStatusReport } from './provider.js';
export { paginate } from './segments.js';
export { SMS_TEMPLATE_KINDS, smsTemplatesSchema, type SmsKindTemplates, type SmsTemplate } from './templates.js';

export interface CreateSmsChannelDeps {
  config: SmsConfig;
  bot: Bot;
  db: Db;
  log: Logger;
  clock: Clock;
  /** Override the provider (tests). */
  provider?: SmsProvider;
  /** fetch used by the Kannel provider (tests). */
  fetch?: typeof fetch;
  /** Reference generator for outbound messages (tests). */
  newRef?: () => string;
}

export interface SmsChannelModule {
  adapter: SmsChannel;
  router: Router;
  /** Same as `router` (the app's ChannelModule shape). */
  routes: Router;
}

/** Builds the provider for `config` (console, Kannel, Aliyun or Tencent). */
export function createSmsProvider(config: SmsConfig, log: Logger, clock: Clock, fetchImpl?: typeof fetch): SmsProvider {
  switch (config.provider) {
    case 'console':
      return new ConsoleProvider(log);
    case 'kannel': {
      const dlrUrl =
        config.callbackBaseUrl && config.callbackSecret
          ? `${config.callbackBaseUrl}${callbackPath('kannel', config.callbackSecret, 'dlr')}`
          : undefined;
      return new KannelProvider({ ...config.kannel, ...(dlrUrl ? { dlrUrl } : {}), ...(fetchImpl ? { fetch: fetchImpl } : {}) }, clock);
    }
    case 'aliyun':
      return new AliyunProvider(config.aliyun, clock);
    case 'tencent':
      return new TencentProvider(config.tencent);
  }
}

/** The SMS channel: `{ adapter, router }`. Register the adapter with the notifier; mount the router. */
export function createSmsChannel(deps: CreateSmsChannelDeps): SmsChannelModule {
  const { config, bot, db, log, clock } = deps;
  const provider = deps.provider ?? createSmsProvider(config, log, clock, deps.fetch);
  const adapter = new SmsChannel({
    provider,
    bot,
    db,
    log,
    clock,
    maxSegments: config.maxSegments,
    ...(config.optOutText ? { optOutText: config.optOutText } : {}),
    ...(config.kindTemplates ? { kindTemplates: config.kindTemplates } : {}),
    ...(deps.newRef ? { newRef: deps.newRef } : {}),
  });
  const router =
    config.callbackSecret && provider.callbacks.length
      ? smsRoutes(adapter, { secret: config.callbackSecret, allowedIps: config.allowedIps })
      : newRouter();
  if (config.callbackSecret && provider.callbacks.length) {
    log.info(
      { provider: provider.name, callbacks: provider.callbacks.map((c) => callbackPath(provider.name, '<SMS_CALLBACK_SECRET>', c.path)) },
      'sms channel on',
    );
  } else {
    log.info({ provider: provider.name }, 'sms channel on (no callbacks)');
  }
  return { adapter, router, routes: router };
}
