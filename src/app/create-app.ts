/**
 * createApp(deps): the composition of one running bot. It installs the features (which register
 * dialogs, intents, menu items, commands, routes and jobs through the Feature contract), builds
 * the dialog engine, the router and the pipeline over the session/dedupe/lock ports, registers
 * the channels, and mounts the HTTP routes. Everything that varies comes in as deps, so tests
 * build the same app with fakes; only the entry points (src/bin/) build the real ones.
 */
import express, { type Express, type Router } from 'express';
import type { Logger } from 'pino';
import type { KernelServices } from '../bot/dialog.js';
import { DialogEngine } from '../bot/engine.js';
import { installFeatures, type FeatureUse, type InstalledFeatures } from '../bot/feature.js';
import { createIdleRouter } from '../bot/idle-router.js';
import type { ChannelAdapter } from '../bot/message.js';
import { createBot, type Bot } from '../bot/pipeline.js';
import type { DedupeStore, SessionStore, TurnLock } from '../bot/ports.js';
import { createRouter } from '../bot/route.js';
import { SqliteDedupeStore } from '../bot/sqlite-dedupe-store.js';
import { SqliteSessionStore } from '../bot/sqlite-session-store.js';
import type { Db } from '../db/client.js';
import { errorHandler, notFound } from '../http/errors.js';
import { adminRoutes } from '../http/routes/admin.js';
import { healthRoutes, type Readiness } from '../http/routes/health.js';
import { simRoutes, SimChannel } from '../integrations/sim/index.js';
import { webChatRoutes } from '../integrations/sim/web-chat.js';
import { perClientLimit, securityHeaders } from '../http/security.js';
import { ChannelNotifier } from '../notifications/notifier.js';
import type { Clock } from '../shared/clock.js';
import { KeyedLock } from '../shared/keyed-lock.js';
import type { Understander } from '../bot/understanding.js';
import { defaultGazetteer } from '../courses/services.js';
import { createUnderstander } from '../nlu/index.js';
import { StaffAuth } from '../staff/auth.js';
import type { AppConfig } from './config.js';

/**
 * A channel built once the bot exists (WeChat OA, wechaty, SMS): its adapter is registered with
 * the notifier and its webhook routes are mounted at /.
 */
export interface ChannelModule {
  adapter?: ChannelAdapter;
  routes?: Router;
}

/** Paths whose routes bring their own body parser and limit (the global 64 KB JSON parser skips them). */
const OWN_BODY_PARSER = new Set(['/api/admin/courses/import']);

export interface AppDeps<S extends KernelServices> {
  config: AppConfig;
  db: Db;
  log: Logger;
  clock: Clock;
  /** The services dialogs use (db, clock, log and the domains). */
  services: S;
  /** The features, in menu/intent order of registration. */
  features: FeatureUse<S>[];
  /** The channel registry (built before the app: the features' outbound sender and broadcasts deliver through it). */
  notifier?: ChannelNotifier;
  /** Channels, built from the bot (see ChannelModule). */
  channels?: (ctx: { bot: Bot }) => ChannelModule[];
  /** Port implementations; default: SQLite sessions and dedupe, an in-process lock. */
  stores?: { sessions?: SessionStore; dedupe?: DedupeStore; lock?: TurnLock };
  readiness?: Readiness;
  /** The understanding stage; default: src/nlu over the default gazetteer, no LLM. */
  understander?: Understander;
}

export interface App<S extends KernelServices = KernelServices> {
  http: Express;
  bot: Bot;
  services: S;
  notifier: ChannelNotifier;
  features: InstalledFeatures;
  sim: SimChannel;
  staff: StaffAuth;
}

export async function createApp<S extends KernelServices>(deps: AppDeps<S>): Promise<App<S>> {
  const { db, log, clock, config, services } = deps;
  const notifier = deps.notifier ?? new ChannelNotifier(db, log);
  const features = await installFeatures(deps.features, services);

  const registry = new Map(features.dialogs.map((d) => [d.id, d] as const));
  const engine = new DialogEngine(
    registry,
    createIdleRouter({ menu: features.menu, intents: features.intents, fallback: features.fallback }),
  );
  const bot = createBot({
    services,
    router: createRouter(engine, features.menu, features.commands),
    menu: features.menu,
    sessions: deps.stores?.sessions ?? new SqliteSessionStore(db),
    dedupe: deps.stores?.dedupe ?? new SqliteDedupeStore(db, clock, { leaseMs: config.DEDUPE_LEASE_SECONDS * 1000 }),
    lock: deps.stores?.lock ?? new KeyedLock(),
    understander: deps.understander ?? createUnderstander({ places: defaultGazetteer() }),
  });
  // The features' middleware first, then the channels' own (added as they are built below).
  for (const mw of features.middleware) bot.use(mw);

  const sim = new SimChannel(db);
  notifier.register(sim);
  const channels = deps.channels?.({ bot }) ?? [];
  for (const c of channels) if (c.adapter) notifier.register(c.adapter);
  const staff = new StaffAuth(db, clock, { tokenTtlHours: config.ADMIN_TOKEN_TTL_HOURS });

  const http = express();
  http.disable('x-powered-by');
  http.set('trust proxy', config.TRUST_PROXY);
  http.use(securityHeaders());
  http.use(healthRoutes(deps.readiness ?? { ready: () => true }));
  http.use(['/api/ask', '/api/courses'], perClientLimit(config.RATE_LIMIT_API_PER_MIN));
  // JSON bodies up to 64 KB, except on routes that parse their own larger bodies after their
  // guard (the catalog import: 15 MB JSON / 10 MB files).
  const json = express.json({ limit: '64kb' });
  http.use((req, res, next) => (OWN_BODY_PARSER.has(req.path.toLowerCase().replace(/\/+$/, '')) ? next() : json(req, res, next)));
  if (config.SIM_ENABLED) {
    http.use(simRoutes(bot, sim, { apiToken: config.SIM_API_TOKEN, perMinute: config.RATE_LIMIT_CHAT_PER_MIN }));
    http.use(webChatRoutes(bot, sim, { perMinute: config.RATE_LIMIT_CHAT_PER_MIN }));
  }
  for (const r of features.routes) http.use(r);
  for (const c of channels) if (c.routes) http.use(c.routes);
  const admin = express.Router();
  // Login is public; everything after adminRoutes' guard (every feature's staff routes) needs a token.
  admin.use(adminRoutes(staff, { db, clock, tokenTtlHours: config.ADMIN_TOKEN_TTL_HOURS }));
  for (const r of features.staffRoutes) admin.use(r);
  http.use('/api/admin', admin);
  if (config.SIM_ENABLED) http.use(express.static(new URL('../../public', import.meta.url).pathname, { index: 'index.html' }));
  http.use(notFound);
  http.use(errorHandler(log));

  return { http, bot, services, notifier, features, sim, staff };
}
