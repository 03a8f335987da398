/**
 * Builds the real running system from an env object: config → logger → database (migrated) →
 * knowledge base → course catalog → app with its channels. Used by the entry points
 * (src/main.ts for the server, src/integrations/cli/chat.ts for the terminal chat); they are
 * the only places that pass process.env.
 */
import type { Logger } from 'pino';
import { createApp, type App, type ChannelModule } from './app.js';
import { systemClock } from './bot/services.js';
import { loadConfig, type AppConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { createKnowledgeBase, ensureDefaultCorpus } from './knowledge/index.js';
import { createLogger } from './logger.js';
import { createWechatOaChannel, type WechatOaChannel } from './integrations/wechat-oa/index.js';
import type { WechatyChannel } from './integrations/wechaty/index.js';
import { bindPhoneModule, createSmsChannel, type SmsChannelModule } from './integrations/sms/index.js';
import { startScheduler } from './scheduler/index.js';
import { adminCourseRoutes, courseRoutes, createCourseServices, ensureSampleCatalog } from './courses/index.js';
import { ChannelNotifier } from './bot/notifier.js';
import { coursesModule } from './dialogs/courses-module.js';

export interface Runtime {
  config: AppConfig;
  log: Logger;
  app: App;
  /** Set once the HTTP server listens (readiness for /healthz). */
  markReady(): void;
  /** Starts background work (channels that connect out, schedulers). */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function buildRuntime(
  env: Record<string, string | undefined>,
  options: { logLevel?: string } = {},
): Promise<Runtime> {
  const config = loadConfig(env);
  const log = createLogger({ level: options.logLevel ?? config.LOG_LEVEL });
  const clock = systemClock;
  let ready = false;

  const { db, applied, close: closeDb } = await openDatabase({ url: config.DATABASE_URL });
  if (applied.length) log.info({ applied }, 'database migrated');
  await ensureDefaultCorpus(db, log);
  const knowledge = await createKnowledgeBase({ db, log, llm: config.llm });
  if (config.llm) log.info({ model: config.llm.model }, 'LLM answer rewriting on');
  if (config.SEED_SAMPLE_CATALOG) await ensureSampleCatalog(db, clock, log);
  const notifier = new ChannelNotifier(db, log);
  const courses = createCourseServices({ db, clock, log, notifier });

  // wechaty is large: loaded only when WECHATY_PUPPET is set.
  const wechatyModule = config.wechaty ? await import('./integrations/wechaty/index.js') : null;
  let wechatOa: WechatOaChannel | null = null;
  let wechaty: WechatyChannel | null = null;
  let sms: SmsChannelModule | null = null;

  const app = createApp({
    config,
    db,
    log,
    clock,
    knowledge,
    channels: ({ bot }) => {
      const list: ChannelModule[] = [];
      if (config.wechatOa) {
        wechatOa = createWechatOaChannel({ config: config.wechatOa, bot, db, log, clock });
        list.push({ adapter: wechatOa.adapter, routes: wechatOa.router });
        log.info({ path: '/wechat/oa', safeMode: Boolean(config.wechatOa.encodingAesKey) }, 'WeChat Official Account channel on');
      }
      if (config.wechaty && wechatyModule) {
        wechaty = wechatyModule.createWechatyChannel({ config: config.wechaty, bot, log });
        list.push({ adapter: wechaty.adapter, adminRoutes: wechaty.adminRoutes });
      }
      if (config.sms) {
        sms = createSmsChannel({ config: config.sms, bot, db, log, clock });
        list.push({ adapter: sms.adapter, routes: sms.routes });
      }
      return list;
    },
    // 绑定手机 (link a phone by SMS code) exists only when an SMS provider is configured.
    modules: (services) => [
      ...(config.sms ? [bindPhoneModule(async (phone, code) => (await sms!.adapter.sendCode(phone, code)).status !== 'failed')] : []),
      // Catalog HTTP API (public search + staff import/sign-up).
      { routes: courseRoutes(courses), adminRoutes: adminCourseRoutes(courses) },
      // Course chat dialogs (find, details, eligibility, sign-up, my sign-ups, entrepreneurship) and their intents.
      coursesModule(services),
    ],
    notifier,
    courses: () => courses,
    readiness: { ready: () => ready },
  });

  const stoppers: (() => Promise<void>)[] = [];
  return {
    config,
    log,
    app,
    markReady: () => {
      ready = true;
    },
    async start() {
      const scheduler = startScheduler({ db, notifier: app.notifier, clock, log });
      stoppers.push(() => scheduler.stop());
      if (sms) {
        const ch: SmsChannelModule = sms;
        stoppers.push(() => ch.adapter.idle());
      }
      if (wechatOa) {
        const oa: WechatOaChannel = wechatOa;
        stoppers.push(() => oa.idle());
      }
      if (wechaty) {
        const ch: WechatyChannel = wechaty;
        // A puppet that fails to start must not take the other channels down.
        await ch.start().then(
          () => stoppers.push(() => ch.stop()),
          (err: unknown) => log.error({ err }, 'wechaty failed to start'),
        );
      }
    },
    async close() {
      for (const stop of stoppers.reverse()) await stop().catch((err) => log.warn({ err }, 'stop failed'));
      await closeDb();
    },
  };
}
