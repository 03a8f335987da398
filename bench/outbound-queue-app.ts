/**
 * The 100k broadcast in the real server process: starts `src/bin/main.ts` the way `npm start`
 * does (node + tsx loader, the whole app: knowledge base, NLU, channels, scheduler) on a database
 * with RECIPIENTS users, waits until it is idle, then queues a broadcast to everyone through
 * `POST /api/admin/broadcasts` and prints the server's RSS: idle, peak during the request (the
 * kernel's high-water mark, reset after start-up through /proc/PID/clear_refs, so the start-up
 * peak is not counted), and the difference. Linux only (reads /proc).
 *
 * Why a second bench: bench/outbound-queue.ts measures the enqueue path in a process that holds
 * only what that path needs (tsx, Prisma, the notifications code); this one says what the same
 * broadcast costs where it really runs, next to everything else the server holds.
 *   npx tsx bench/outbound-queue-app.ts [recipients=100000]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/client.js';

const N = Number(process.argv[2] ?? 100_000);
if (process.platform !== 'linux') {
  console.log('outbound-queue-app: skipped (reads /proc; Linux only)');
  process.exit(0);
}
const mb = (kb: number) => (kb / 1000).toFixed(0);
const status = (pid: number) => {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? NaN);
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
};

const dir = mkdtempSync(path.join(os.tmpdir(), 'outbound-app-bench-'));
const url = `file:${path.join(dir, 'app.db')}`;
{
  const { db, close } = await openDatabase({ url });
  await db.$executeRawUnsafe(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${N}) INSERT INTO "User" (id, createdAt, updatedAt) SELECT i, '2026-01-01T00:00:00.000+00:00', '2026-01-01T00:00:00.000+00:00' FROM n`);
  await db.$executeRawUnsafe(`INSERT INTO "ChannelIdentity" (channel, channelUserId, userId, createdAt, lastInboundAt, subscribed) SELECT 'sim', 'u' || id, id, '2026-01-01T00:00:00.000+00:00', '2026-01-01T00:00:00.000+00:00', 1 FROM "User"`);
  await close();
}

const port = await new Promise<number>((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as AddressInfo;
    probe.close(() => resolve(port));
  });
});
const password = 'bench-password-0123456789';
const server = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, '..', 'src', 'bin', 'main.ts')], {
  env: { ...process.env, DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ADMIN_PASSWORD: password, QUIET_HOURS: 'off' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const base = `http://127.0.0.1:${port}`;
try {
  const t0 = performance.now();
  for (;;) {
    if (server.exitCode !== null) throw new Error(`server exited ${server.exitCode}`);
    if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const readyS = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 5000)); // start-up jobs and GC settle
  const login = (await (await fetch(`${base}/api/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) })).json()) as { token: string };
  const startup = status(server.pid!);
  writeFileSync(`/proc/${server.pid}/clear_refs`, '5'); // reset VmHWM to the current RSS
  const idle = status(server.pid!);

  const t1 = performance.now();
  const res = await fetch(`${base}/api/admin/broadcasts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${login.token}` },
    // Tomorrow, so the server's sender does not start delivering inside the measurement.
    body: JSON.stringify({ text: '【通知】本县电工、焊工免费培训班下周开课，回复“找课程”报名。', audience: { all: true }, sendAt: new Date(Date.now() + 86_400_000).toISOString() }),
  });
  const created = (await res.json()) as { recipients: number };
  const ms = performance.now() - t1;
  const after = status(server.pid!);
  console.log(`server (npm start): ready in ${readyS.toFixed(1)} s; RSS idle ${mb(idle.rss)} MB (start-up peak ${mb(startup.hwm)} MB)`);
  console.log(
    `queue a ${created.recipients}-recipient broadcast over HTTP: ${(ms / 1000).toFixed(2)} s; server peak RSS ${mb(after.hwm)} MB (+${mb(after.hwm - idle.rss)} MB over idle; goal ≤ 300 MB for the process)`,
  );
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
