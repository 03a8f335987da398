/**
 * Entry point: the only place that reads process.env and builds real clients.
 * `npm start` → migrate the SQLite file, load the knowledge base and sample catalog, serve HTTP.
 */
import type { Server } from 'node:http';
import { createApp } from './app.js';
import { systemClock } from './bot/services.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { createLogger } from './logger.js';
import { createKnowledgeBase, ensureDefaultCorpus } from './knowledge/index.js';

async function main(): Promise<void> {
  const startedAt = performance.now();
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const log = createLogger({ level: config.LOG_LEVEL });
  let ready = false;

  const { db, applied, close } = await openDatabase({ url: config.DATABASE_URL });
  if (applied.length) log.info({ applied }, 'database migrated');
  await ensureDefaultCorpus(db, log);
  const knowledge = await createKnowledgeBase({ db, log, llm: null });

  const app = createApp({
    config,
    db,
    log,
    clock: systemClock,
    knowledge,
    courses: () => ({}) as never,
    readiness: { ready: () => ready },
  });

  const admin = await app.staff.ensureAdmin(config.ADMIN_USERNAME ?? 'admin', config.ADMIN_PASSWORD);
  if (admin.generatedPassword) {
    // Printed once, to the console only (not to the structured log).
    console.log(
      `\n  First start: created staff admin "${config.ADMIN_USERNAME ?? 'admin'}" with password: ${admin.generatedPassword}\n` +
        '  Set ADMIN_USERNAME / ADMIN_PASSWORD to choose your own. This is shown only once.\n',
    );
  }

  const server: Server = app.http.listen(config.PORT, config.HOST, () => {
    ready = true;
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    log.info({ port, ms: Math.round(performance.now() - startedAt) }, `陇原技能助手 ready: http://localhost:${port}/`);
  });

  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    server.close();
    await close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  console.error('Failed to start:', err);
  process.exit(1);
});
