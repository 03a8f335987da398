/**
 * Builds the real running system from an env object: config → logger → database (migrated) →
 * knowledge base → course catalog → notifier → app (features + channels) → scheduler. Used by
 * the entry points in src/bin/; they are the only places that pass process.env.
 */
import type { Logger } from 'pino';
import { createCronScheduler } from '../bot/cron-scheduler.js';
import { createCourseServices, defaultGazetteer, ensureSampleCatalog } from '../courses/index.js';
import { openDatabase } from '../db/client.js';
import type { Services } from '../dialogs/types.js';
import type { SmsChannelModule } from '../integrations/sms/index.js';
import { createSmsChannel } from '../integrations/sms/index.js';
import { createWechatOaChannel, type WechatOaChannel } from '../integrations/wechat-oa/index.js';
import type { WechatyChannel } from '../integrations/wechaty/index.js';
import { createKnowledgeBase, ensureDefaultCorpus } from '../knowledge/index.js';
import { ChannelNotifier } from '../notifications/notifier.js';
import { waitlistNotices } from '../notifications/waitlist.js';
import { SqliteOutboundQueue } from '../bot/sqlite-outbound-queue.js';
import { systemClock } from '../shared/clock.js';
import { collectGarbage } from '../shared/gc.js';
import { createLogger } from '../shared/logger.js';
import { loadConfig, type AppConfig } from './config.js';
import { createApp, type App, type ChannelModule } from './create-app.js';
import { createUnderstander, LlmIntents } from '../nlu/index.js';
import { defaultFeatures } from './features.js';
import { retentionPolicyOf } from '../privacy/index.js';

export interface Runtime {
  config: AppConfig;
  log: Logger;
  app: App<Services>;
  /** Set once the HTTP server listens (readiness for /healthz). */
  markReady(): void;
  /** Cleared when shutting down (/healthz answers 503 so a balancer stops sending). */
  markNotReady(): void;
  /** Starts background work (channels that connect out, scheduled jobs); call only once the server listens. */
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
  const queue = new SqliteOutboundQueue(db);
  const courses = createCourseServices({
    db,
    clock,
    log,
    events: waitlistNotices(queue, clock),
    offerHoldHours: config.outbound.WAITLIST_CONFIRM_HOURS,
  });

  // wechaty is large: loaded only when WECHATY_PUPPET is set.
  const wechatyModule = config.wechaty ? await import('../integrations/wechaty/index.js') : null;
  let wechatOa: WechatOaChannel | null = null;
  let wechaty: WechatyChannel | null = null;
  let sms: SmsChannelModule | null = null;

  // Train the intent classifier before the first message arrives (a few seconds, once).
  // With an LLM configured, it classifies the turns the local classifier is unsure of.
  const understander = createUnderstander({ places: defaultGazetteer(), ...(config.llm ? { llm: new LlmIntents(config.llm) } : {}) });
  await understander.ready();

  const app = await createApp<Services>({
    understander,
    config,
    db,
    log,
    clock,
    services: { db, clock, log, knowledge, courses },
    notifier,
    features: defaultFeatures({
      courses,
      notifier,
      retention: retentionPolicyOf(config),
      queue,
      outbound: config.outbound,
      // The channels are built after the features (they need the bot): reach them lazily.
      ...(config.sms ? { sendCode: async (phone: string, code: string) => (await sms!.adapter.sendCode(phone, code)).status !== 'failed' } : {}),
      ...(config.wechaty ? { groups: { broadcastToRooms: (topics: string[] | undefined, text: string) => wechaty!.broadcastToRooms(topics, text) } } : {}),
    }),
    channels: ({ bot }) => {
      const list: ChannelModule[] = [];
      if (config.wechatOa) {
        wechatOa = createWechatOaChannel({ config: config.wechatOa, bot, db, log, clock });
        list.push({ adapter: wechatOa.adapter, routes: wechatOa.router });
        log.info({ path: '/wechat/oa', mode: config.wechatOa.mode }, 'WeChat Official Account channel on');
      }
      if (config.wechaty && wechatyModule) {
        wechaty = wechatyModule.createWechatyChannel({ config: config.wechaty, bot, log });
        list.push({ adapter: wechaty.adapter });
      }
      if (config.sms) {
        sms = createSmsChannel({ config: config.sms, bot, db, log, clock });
        list.push({ adapter: sms.adapter, routes: sms.routes });
      }
      return list;
    },
    readiness: { ready: () => ready },
  });

  // Start-up garbage (classifier training, index building) is dead now: free it before serving.
  collectGarbage();

  const stoppers: (() => Promise<void>)[] = [() => app.features.dispose()];
  return {
    config,
    log,
    app,
    markReady: () => {
      ready = true;
    },
    markNotReady: () => {
      ready = false;
    },
    async start() {
      const scheduler = createCronScheduler(log);
      for (const job of app.features.jobs) scheduler.add(job);
      scheduler.start();
      log.info({ jobs: app.features.jobs.map((j) => j.name) }, 'scheduler started');
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
