/**
 * Entry point of the server (`npm start`); like every entry point in src/bin/, it passes
 * process.env to the runtime. Migrates the SQLite file, loads the knowledge base and sample
 * catalog, serves HTTP, and only once the port is bound starts the channels and jobs.
 *
 * Fails fast: a bad config exits 78, an unusable database or a port that cannot be bound exits 1
 * with a message naming the file or host:port — and the scheduler never runs in that case.
 * SIGTERM/SIGINT: stop accepting, let in-flight requests and turns finish (at most
 * SHUTDOWN_TIMEOUT_MS), stop jobs and channels, close the database, exit 0.
 */
import type { Server } from 'node:http';
import { ConfigError } from '../app/config.js';
import { buildRuntime, type Runtime } from '../app/runtime.js';
import { DatabaseOpenError } from '../db/client.js';

/** Binds the server; rejects with the listen error (EADDRINUSE, EADDRNOTAVAIL, EACCES …). */
function listen(runtime: Runtime): Promise<Server> {
  const { config, app } = runtime;
  return new Promise((resolve, reject) => {
    const server = app.http.listen(config.PORT, config.HOST);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

/** Closes the server: no new connections, idle keep-alives dropped, in-flight requests awaited up to `timeoutMs`. */
function closeServer(server: Server, timeoutMs: number): Promise<'drained' | 'timeout'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.closeAllConnections();
      resolve('timeout');
    }, timeoutMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve('drained');
    });
    server.closeIdleConnections();
  });
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const runtime = await buildRuntime(process.env).catch((err: unknown) => {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    if (err instanceof DatabaseOpenError) {
      console.error(`Failed to start: ${err.message}`);
      process.exit(1);
    }
    throw err;
  });
  const { config, log, app } = runtime;

  const adminName = config.ADMIN_USERNAME ?? 'admin';
  const admin = await app.staff.ensureAdmin(adminName, config.ADMIN_PASSWORD);
  if (admin.generatedPassword) {
    // One block on stderr, never on stdout: stdout carries only JSON log lines. The log gets an
    // event saying so, without the password.
    process.stderr.write(
      `\n  First start: created staff account "${adminName}" with password: ${admin.generatedPassword}\n` +
        '  Set ADMIN_USERNAME / ADMIN_PASSWORD to choose your own. This is shown only once.\n\n',
    );
    log.warn({ username: adminName }, 'first start: generated staff password printed once to stderr');
  }
  if (admin.applied) {
    // ADMIN_PASSWORD is applied on every start (the way to recover a lost admin password); say so.
    log.warn(
      { username: config.ADMIN_USERNAME ?? 'admin' },
      'ADMIN_PASSWORD applied: the account is an enabled admin with the password from the environment (its sessions were ended if the password changed). Unset ADMIN_PASSWORD to manage this password in the console.',
    );
  }

  let server: Server;
  try {
    server = await listen(runtime);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    const message = `cannot listen on ${config.HOST}:${config.PORT} (${code}: ${(err as Error).message})`;
    log.fatal({ host: config.HOST, port: config.PORT, code }, message);
    console.error(`Failed to start: ${message}`);
    await runtime.close().catch(() => {});
    process.exit(1);
  }
  runtime.markReady();
  await runtime.start();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  log.info({ host: config.HOST, port, startupMs: Math.round(performance.now() - startedAt) }, `陇原技能助手 ready on http://localhost:${port}/`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    runtime.markNotReady();
    const drained = await closeServer(server, config.SHUTDOWN_TIMEOUT_MS);
    if (drained === 'timeout') log.warn({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'in-flight requests cut off at the shutdown timeout');
    await runtime.close();
    log.info({ signal }, 'stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  console.error('Failed to start:', err);
  process.exit(1);
});
