/**
 * Outbound queue numbers: time to queue a 100k-recipient broadcast (goal ≤ 5 s) and its peak RSS
 * (goal ≤ 300 MB), for an audience of everyone and for a county holding all of them (the
 * person-level filter path); then the sustained send rate of one sender to a loopback fake
 * gateway with throttling off (SEND rows).
 *   npx tsx bench/outbound-queue.ts [recipients=100000] [send=3000]
 *
 * What the RSS figure is, and why. Each enqueue runs in a fresh child process that holds only
 * what the enqueue path needs, run the way production runs it: node + the tsx loader (npm start
 * is `tsx src/bin/main.ts`; ~74 MB, bare node ~41), the Prisma client over better-sqlite3 and the
 * notifications code — ~150–165 MB before the broadcast. The fixture (100k users with a channel
 * each, each sent one announcement yesterday, so the weekly-cap check has a week of rows to look
 * at) is built beforehand by this process, so its memory is not counted. The goal is checked
 * against that child's peak; the line also prints peak − before, the broadcast's own cost, which
 * is what this code path controls. Not compiled JS: nothing runs a tsc build in production, so it
 * would measure a process nobody runs. Not the whole server either: `npm start` idles at
 * ~510–550 MB before any broadcast (knowledge base, NLU, channels) — that start-up footprint is
 * reported by bench/outbound-queue-app.ts (the same 100k broadcast inside the real server, over
 * HTTP), not hidden here.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { ChannelAdapter } from '../src/bot/message.js';
import { SqliteOutboundQueue } from '../src/bot/sqlite-outbound-queue.js';
import { openDatabase } from '../src/db/client.js';
import type { Place } from '../src/courses/types.js';
import { Broadcasts, type Audience } from '../src/notifications/broadcasts.js';
import { defaultOutboundConfig } from '../src/notifications/config.js';
import { OutboundSender } from '../src/notifications/sender.js';
import { silentLogger } from '../src/shared/logger.js';
import { systemClock } from '../src/shared/clock.js';

/** Peak RSS of this process so far (the OS's high-water mark; timers cannot sample synchronous work). */
const peakRss = () => process.resourceUsage().maxRSS * 1024;
const mb = (bytes: number) => (bytes / 1e6).toFixed(0);
const config = { ...defaultOutboundConfig(), QUIET_HOURS: null, OUTBOUND_RATES: null, ANNOUNCEMENTS_PER_WEEK: 1000 };
const TEXT = '【通知】本县电工、焊工免费培训班下周开课，回复“找课程”报名。';
/** Every fixture user lives here, so a county audience reaches all of them. */
const COUNTY = { countyCode: '620123', county: '榆中县', prefecture: '兰州市', lat: 35.84, lng: 104.11 } as Place;

if (process.argv[2] === '--enqueue') {
  // Child: open the database the parent built, queue the broadcast, report time and peak RSS.
  const { db, close } = await openDatabase({ url: process.argv[3]!, migrate: false }); // the parent migrated it
  const queue = new SqliteOutboundQueue(db);
  const channels = { adapters: () => [] };
  const sender = new OutboundSender({ queue, db, clock: systemClock, log: silentLogger, channels, config });
  const broadcasts = new Broadcasts({ db, clock: systemClock, queue, channels, sender, places: { counties: () => [COUNTY] }, config });
  const before = peakRss();
  const t0 = performance.now();
  const audience = JSON.parse(process.argv[4]!) as Audience;
  const created = await broadcasts.create({ text: TEXT, audience, who: { id: 0, username: 'bench', role: 'admin', countyCode: null, institutionId: null } });
  console.log(JSON.stringify({ recipients: created.recipients, ms: performance.now() - t0, peak: peakRss(), before }));
  await close();
  process.exit(0);
}

const N = Number(process.argv[2] ?? 100_000);
const SEND = Number(process.argv[3] ?? 3000);
const dir = mkdtempSync(path.join(os.tmpdir(), 'outbound-bench-'));
const url = `file:${path.join(dir, 'bench.db')}`;
const { db, close } = await openDatabase({ url });
await db.$executeRawUnsafe(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${N}) INSERT INTO "User" (id, createdAt, updatedAt, countyCode) SELECT i, '2026-01-01T00:00:00.000+00:00', '2026-01-01T00:00:00.000+00:00', '${COUNTY.countyCode}' FROM n`);
await db.$executeRawUnsafe(`INSERT INTO "ChannelIdentity" (channel, channelUserId, userId, createdAt, lastInboundAt, subscribed) SELECT 'gw', 'u' || id, id, '2026-01-01T00:00:00.000+00:00', '2026-01-01T00:00:00.000+00:00', 1 FROM "User"`);
// Last week's broadcast, already sent to everyone: the weekly-cap check must not cost a row each.
const sentAt = new Date(Date.now() - 86_400_000).toISOString().replace('Z', '+00:00');
await db.$executeRawUnsafe(
  `INSERT INTO "OutboxMessage" (createdAt, updatedAt, userId, kind, priority, body, notBefore, idempotencyKey, status, sentAt, channel, route) SELECT '${sentAt}', '${sentAt}', id, 'broadcast', 'announcement', 'x', '${sentAt}', 'earlier:' || id, 'sent', '${sentAt}', 'gw', 'direct' FROM "User"`,
);
console.log(`fixture: ${N} users with a channel each, each sent one announcement yesterday (this process, peak RSS ${mb(peakRss())} MB: not counted below)`);

for (const [label, audience] of [['everyone', { all: true }], ['one county', { counties: [COUNTY.county] }]] as const) {
  const child = JSON.parse(
    execFileSync(process.execPath, [...process.execArgv, process.argv[1]!, '--enqueue', url, JSON.stringify(audience)], { encoding: 'utf8' }).trim().split('\n').at(-1)!,
  ) as { recipients: number; ms: number; peak: number; before: number };
  console.log(
    `queue a ${child.recipients}-recipient broadcast (${label}): ${(child.ms / 1000).toFixed(2)} s (goal ≤ 5 s); peak RSS ${mb(child.peak)} MB (goal ≤ 300 MB; ${mb(child.before)} MB before it started, +${mb(child.peak - child.before)} MB)`,
  );
}

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
