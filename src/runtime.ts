/**
 * Builds the real running system from an env object: config → logger → database (migrated) →
 * knowledge base → course catalog → app with its channels. Used by the entry points
 * (src/main.ts for the server, src/integrations/cli/chat.ts for the terminal chat); they are
 * the only places that pass process.env.
 */
import type { Logger } from 'pino';
import { createApp, type App } from './app.js';
import { systemClock } from './bot/services.js';
import { loadConfig, type AppConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { createKnowledgeBase, ensureDefaultCorpus } from './knowledge/index.js';
import { createLogger } from './logger.js';
import { startScheduler } from './scheduler/index.js';

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

  const app = createApp({
    config,
    db,
    log,
    clock,
    knowledge,
    courses: () => ({}) as never,
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
    },
    async close() {
      for (const stop of stoppers.reverse()) await stop().catch((err) => log.warn({ err }, 'stop failed'));
      await closeDb();
    },
  };
}
