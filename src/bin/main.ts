/**
 * Entry point of the server (`npm start`); like every entry point in src/bin/, it passes
 * process.env to the runtime. Migrates the SQLite file, loads the knowledge base and sample
 * catalog, starts the channels and jobs, serves HTTP.
 */
import type { Server } from 'node:http';
import { ConfigError } from '../app/config.js';
import { buildRuntime } from '../app/runtime.js';

async function main(): Promise<void> {
  const startedAt = performance.now();
  const runtime = await buildRuntime(process.env).catch((err: unknown) => {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  });
  const { config, log, app } = runtime;

  const admin = await app.staff.ensureAdmin(config.ADMIN_USERNAME ?? 'admin', config.ADMIN_PASSWORD);
  if (admin.generatedPassword) {
    // Printed once, to the console only (never to the structured log).
    console.log(
      `\n  First start: created staff account "${config.ADMIN_USERNAME ?? 'admin'}" with password: ${admin.generatedPassword}\n` +
        '  Set ADMIN_USERNAME / ADMIN_PASSWORD to choose your own. This is shown only once.\n',
    );
  }
  if (admin.applied) {
    // ADMIN_PASSWORD is applied on every start (the way to recover a lost admin password); say so.
    log.warn(
      { username: config.ADMIN_USERNAME ?? 'admin' },
      'ADMIN_PASSWORD applied: the account is an enabled admin with the password from the environment (its sessions were ended if the password changed). Unset ADMIN_PASSWORD to manage this password in the console.',
    );
  }

  await runtime.start();
  const server: Server = app.http.listen(config.PORT, config.HOST, () => {
    runtime.markReady();
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    log.info({ port, startupMs: Math.round(performance.now() - startedAt) }, `陇原技能助手 ready on http://localhost:${port}/`);
  });

  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    server.close();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  console.error('Failed to start:', err);
  process.exit(1);
});
