/**
 * createApp(deps): wires the pipeline, dialogs, HTTP routes and channels. Everything that
 * varies (database, clock, knowledge base, course services, logger, config) comes in as deps,
 * so tests build the same app with fakes; only src/main.ts builds the real ones.
 */
import express, { type Express, type Router } from 'express';
import type { Logger } from 'pino';
import { ChannelNotifier } from './bot/notifier.js';
import { createBot, type Bot } from './bot/pipeline.js';
import type { Clock, Services } from './bot/services.js';
import type { ChannelAdapter } from './bot/message.js';
import type { AppConfig } from './config.js';
import type { CourseServices } from './courses/types.js';
import type { Db } from './db/client.js';
import { askPolicyDialog } from './dialogs/ask-policy.js';
import { DialogEngine } from './dialogs/engine.js';
import { createIdleRouter } from './dialogs/router.js';
import type { Dialog, IntentMatcher } from './dialogs/types.js';
import { errorHandler, notFound } from './http/errors.js';
import { adminRoutes } from './http/routes/admin.js';
import { healthRoutes, type Readiness } from './http/routes/health.js';
import { simRoutes, SimChannel } from './integrations/sim/index.js';
import type { KnowledgeBase } from './knowledge/types.js';
import { StaffAuth } from './admin/auth.js';
import { askRoutes } from './http/routes/ask.js';

/** A feature module plugs dialogs, intents and routes into the app. */
export interface AppModule {
  dialogs?: Dialog<any, any>[];
  intents?: IntentMatcher[];
  /** Public routes (mounted at /). */
  routes?: Router;
  /** Staff routes (mounted under /api/admin, behind the staff login). */
  adminRoutes?: Router;
}

/**
 * A channel built once the bot exists (WeChat OA, wechaty, SMS): its adapter is registered with
 * the notifier, its routes are mounted at / and its admin routes under /api/admin.
 */
export interface ChannelModule {
  adapter?: ChannelAdapter;
  routes?: Router;
  adminRoutes?: Router;
}

export interface AppDeps {
  config: AppConfig;
  db: Db;
  log: Logger;
  clock: Clock;
  knowledge: KnowledgeBase;
  /** Builds the course services once the notifier exists (waitlist promotion notifies). */
  courses: (notifier: ChannelNotifier) => CourseServices;
  /** The notifier to use (default: a new one); pass it when services built before the app need it. */
  notifier?: ChannelNotifier;
  /** Feature modules, built from the services. */
  modules?: (services: Services) => AppModule[];
  /** Channels, built from the bot and services (see ChannelModule). */
  channels?: (ctx: { bot: Bot; services: Services }) => ChannelModule[];
  readiness?: Readiness;
}

export interface App {
  http: Express;
  bot: Bot;
  services: Services;
  notifier: ChannelNotifier;
  sim: SimChannel;
  staff: StaffAuth;
}

export function createApp(deps: AppDeps): App {
  const { db, log, clock, config } = deps;
  const notifier = deps.notifier ?? new ChannelNotifier(db, log);
  const services: Services = {
    db,
    log,
    clock,
    knowledge: deps.knowledge,
    courses: deps.courses(notifier),
    notifier,
  };
  const modules = deps.modules?.(services) ?? [];

  const dialogs: Dialog<any, any>[] = [askPolicyDialog, ...modules.flatMap((m) => m.dialogs ?? [])];
  const registry = new Map(dialogs.map((d) => [d.id, d] as const));
  const intents = modules.flatMap((m) => m.intents ?? []);
  const engine = new DialogEngine(registry, createIdleRouter({ intents, has: (id) => registry.has(id) }));
  const bot = createBot(services, engine);

  const sim = new SimChannel(db);
  notifier.register(sim);
  const channels = deps.channels?.({ bot, services }) ?? [];
  for (const c of channels) if (c.adapter) notifier.register(c.adapter);
  const staff = new StaffAuth(db, clock, { tokenTtlHours: config.ADMIN_TOKEN_TTL_HOURS });

  const http = express();
  http.disable('x-powered-by');
  http.set('trust proxy', 'loopback');
  http.use(healthRoutes(deps.readiness ?? { ready: () => true }));
  http.use(express.json({ limit: '64kb' }));
  if (config.SIM_ENABLED) http.use(simRoutes(bot, sim));
  http.use(askRoutes(services.knowledge));
  for (const m of modules) if (m.routes) http.use(m.routes);
  for (const c of channels) if (c.routes) http.use(c.routes);
  const admin = express.Router();
  // Login is public; everything after adminRoutes' guard (and every module's admin routes) needs a token.
  admin.use(adminRoutes(staff));
  for (const m of modules) if (m.adminRoutes) admin.use(m.adminRoutes);
  for (const c of channels) if (c.adminRoutes) admin.use(c.adminRoutes);
  http.use('/api/admin', admin);
  if (config.SIM_ENABLED) http.use(express.static(new URL('../public', import.meta.url).pathname, { index: 'index.html' }));
  http.use(notFound);
  http.use(errorHandler(log));

  return { http, bot, services, notifier, sim, staff };
}
