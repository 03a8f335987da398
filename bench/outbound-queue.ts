/**
 * Outbound queue numbers: time to queue a 100k-recipient broadcast (goal ≤ 5 s) and its peak RSS
 * (goal ≤ 300 MB), measured in a fresh child process that only opens the database and queues the
 * broadcast (the fixture — 100k users with a channel each — is built beforehand by this process,
 * so its memory is not counted); then the sustained send rate of one sender to a loopback fake
 * gateway with throttling off (SEND rows).
 *   npx tsx bench/outbound-queue.ts [recipients=100000] [send=3000]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { ChannelAdapter } from '../src/bot/message.js';
import { SqliteOutboundQueue } from '../src/bot/sqlite-outbound-queue.js';
import { openDatabase } from '../src/db/client.js';
import { Broadcasts } from '../src/notifications/broadcasts.js';
import { defaultOutboundConfig } from '../src/notifications/config.js';
import { OutboundSender } from '../src/notifications/sender.js';
import { silentLogger } from '../src/shared/logger.js';
import { systemClock } from '../src/shared/clock.js';

/** Peak RSS of this process so far (the OS's high-water mark; timers cannot sample synchronous work). */
const peakRss = () => process.resourceUsage().maxRSS * 1024;
const mb = (bytes: number) => (bytes / 1e6).toFixed(0);
const config = { ...defaultOutboundConfig(), QUIET_HOURS: null, OUTBOUND_RATES: null, ANNOUNCEMENTS_PER_WEEK: 1000 };
const TEXT = '【通知】本县电工、焊工免费培训班下周开课，回复“找课程”报名。';

if (process.argv[2] === '--enqueue') {
  // Child: open the database the parent built, queue the broadcast, report time and peak RSS.
  const { db, close } = await openDatabase({ url: process.argv[3]!, migrate: false }); // the parent migrated it
  const queue = new SqliteOutboundQueue(db);
  const channels = { adapters: () => [] };
  const sender = new OutboundSender({ queue, db, clock: systemClock, log: silentLogger, channels, config });
  const broadcasts = new Broadcasts({ db, clock: systemClock, queue, channels, sender, places: { counties: () => [] }, config });
  const before = peakRss();
  const t0 = performance.now();
  const created = await broadcasts.create({ text: TEXT, audience: { all: true }, who: { id: 0, username: 'bench', role: 'admin', countyCode: null, institutionId: null } });
  console.log(JSON.stringify({ recipients: created.recipients, ms: performance.now() - t0, peak: peakRss(), before }));
  await close();
  process.exit(0);
}

const N = Number(process.argv[2] ?? 100_000);
const SEND = Number(process.argv[3] ?? 3000);
const dir = mkdtempSync(path.join(os.tmpdir(), 'outbound-bench-'));
const url = `file:${path.join(dir, 'bench.db')}`;
const { db, close } = await openDatabase({ url });
await db.$executeRawUnsafe(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${N}) INSERT INTO "User" (id, createdAt, updatedAt) SELECT i, '2026-01-01T00:00:00.000+00:00', '2026-01-01T00:00:00.000+00:00' FROM n`);
await db.$executeRawUnsafe(`INSERT INTO "ChannelIdentity" (channel, channelUserId, userId, createdAt, lastInboundAt, subscribed) SELECT 'gw', 'u' || id, id, '2026-01-01T00:00:00.000+00:00', '2026-01-01T00:00:00.000+00:00', 1 FROM "User"`);
console.log(`fixture: ${N} users with a channel each (this process, peak RSS ${mb(peakRss())} MB: not counted below)`);

const child = JSON.parse(
  execFileSync(process.execPath, [...process.execArgv, process.argv[1]!, '--enqueue', url], { encoding: 'utf8' }).trim().split('\n').at(-1)!,
) as { recipients: number; ms: number; peak: number; before: number };
console.log(
  `queue a ${child.recipients}-recipient broadcast: ${(child.ms / 1000).toFixed(2)} s (goal ≤ 5 s); peak RSS ${mb(child.peak)} MB (goal ≤ 300 MB; ${mb(child.before)} MB before it started)`,
);

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.end('{}'));
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const gateway = `http://127.0.0.1:${(server.address() as { port: number }).port}/send`;
const adapter: ChannelAdapter = {
  name: 'gw',
  capabilities: { maxTextLength: 600, maxSegments: 1, supportsLocation: false, canPush: true },
  async push(_to, messages) {
    const res = await fetch(gateway, { method: 'POST', body: messages[0]!.text });
    await res.text();
    return messages.map(() => ({ status: 'sent' as const }));
  },
};
const queue = new SqliteOutboundQueue(db);
const sender = new OutboundSender({ queue, db, clock: systemClock, log: silentLogger, channels: { adapters: () => [adapter] }, config, batch: 100 });

const t1 = performance.now();
let sent = 0;
while (sent < SEND) {
  const r = await sender.runOnce();
  if (!r.claimed) break;
  sent += r.sent;
}
const sendS = (performance.now() - t1) / 1000;
console.log(`send ${sent} rows to a loopback gateway, throttling off: ${(sent / sendS).toFixed(0)} messages/s (${sendS.toFixed(1)} s); peak RSS ${mb(peakRss())} MB`);
server.close();
await close();
rmSync(dir, { recursive: true, force: true });
