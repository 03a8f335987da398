/**
 * Crash test of the outbound queue: a child process sends a 10k-recipient broadcast to a fake
 * gateway on 127.0.0.1 and is killed with SIGKILL at random points, then restarted, KILLS times;
 * the last run finishes. Prints: lost (must be 0), duplicates, and rows in flight at each kill
 * (leased, outcome not recorded) — duplicates must not exceed their sum.
 *   npx tsx bench/outbound-crash.ts [recipients=10000] [kills=6] [mass]
 * `mass`: the gateway is a batch route like WeChat's mass-send (one call per ≤ 500 recipients,
 * a batch key it has seen answers with the first job and sends nothing), so the bench measures
 * the batch path: a kill between the call and the record must not send anyone twice.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { SqliteOutboundQueue } from '../src/bot/sqlite-outbound-queue.js';
import { openDatabase } from '../src/db/client.js';

const N = Number(process.argv[2] ?? 10_000);
const KILLS = Number(process.argv[3] ?? 6);
const MASS = process.argv[4] === 'mass';
const dir = mkdtempSync(path.join(os.tmpdir(), 'outbound-crash-'));
const url = `file:${path.join(dir, 'crash.db')}`;
const { db, close } = await openDatabase({ url });

// Recipients: N users, each with a push identity on the fake gateway channel.
await db.$executeRawUnsafe(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${N}) INSERT INTO "User" (id, createdAt, updatedAt) SELECT i, '2026-01-01T00:00:00.000+00:00', '2026-01-01T00:00:00.000+00:00' FROM n`);
await db.$executeRawUnsafe(`INSERT INTO "ChannelIdentity" (channel, channelUserId, userId, createdAt, lastInboundAt, subscribed) SELECT 'gw', 'u' || id, id, '2026-01-01T00:00:00.000+00:00', '2026-01-01T00:00:00.000+00:00', 1 FROM "User"`);
const queue = new SqliteOutboundQueue(db);
const now = new Date();
const b = await db.broadcast.create({ data: { createdBy: 'bench', text: 'x', audience: '{}', sendAt: now } });
await queue.enqueue(Array.from({ length: N }, (_, i) => ({ userId: i + 1, kind: 'broadcast', priority: 'announcement' as const, body: MASS ? '同一条群发通知' : `m${i + 1}`, notBefore: now, idempotencyKey: `crash:${i + 1}`, broadcastId: b.id })));

const received = new Map<string, number>();
const jobs = new Map<string, number>();
let calls = 0;
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    calls++;
    if (req.url === '/batch') {
      // Like WeChat's mass-send: a key seen before answers with its job and sends nothing.
      const { to, key } = JSON.parse(body) as { to: string[]; key: string };
      if (!jobs.has(key)) {
        jobs.set(key, jobs.size + 1);
        for (const u of to) received.set(u, (received.get(u) ?? 0) + 1);
      }
      setTimeout(() => res.end(JSON.stringify({ id: jobs.get(key) })), 20);
      return;
    }
    const { text } = JSON.parse(body) as { text: string };
    received.set(text, (received.get(text) ?? 0) + 1);
    res.end('{}');
  });
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const gateway = `http://127.0.0.1:${(server.address() as { port: number }).port}/send`;

const child = path.join(import.meta.dirname, 'outbound', 'sender-child.ts');
const inFlight: number[] = [];
const started = Date.now();
for (let run = 0; run <= KILLS; run++) {
  const p = spawn(process.execPath, ['--import', 'tsx', child, url, gateway, String(run * 3600_000), MASS ? 'mass' : ''], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  p.stdout.on('data', (c) => (out += c));
  if (run < KILLS) {
    const at = 1500 + Math.random() * 2500; // after start-up (~1 s), somewhere in the sending
    const timer = setTimeout(() => p.kill('SIGKILL'), at);
    await new Promise((r) => p.on('exit', r));
    clearTimeout(timer);
    const sending = await db.outboxMessage.count({ where: { status: 'sending' } });
    inFlight.push(sending);
    const done = await db.outboxMessage.count({ where: { status: 'sent' } });
    console.log(`kill ${run + 1} at ${Math.round(at)} ms: ${done} sent so far, ${sending} rows in flight`);
  } else {
    await new Promise((r) => p.on('exit', r));
    console.log(`final run: ${out.trim()}`);
  }
}
const elapsed = Date.now() - started;
const rows = await db.outboxMessage.groupBy({ by: ['status'], _count: { _all: true } });
let lost = 0;
let duplicates = 0;
for (let i = 1; i <= N; i++) {
  const n = received.get(MASS ? `u${i}` : `m${i}`) ?? 0;
  if (n === 0) lost++;
  if (n > 1) duplicates += n - 1;
}
const inFlightTotal = inFlight.reduce((a, b) => a + b, 0);
console.log(JSON.stringify({ mode: MASS ? 'mass' : 'single', gatewayCalls: calls, ...(MASS ? { batchJobs: jobs.size } : {}), recipients: N, kills: KILLS, lost, duplicates, inFlightAtKills: inFlight, inFlightTotal, duplicatesWithinBound: duplicates <= inFlightTotal, rows: Object.fromEntries(rows.map((r) => [r.status, r._count._all])), seconds: elapsed / 1000 }));
server.close();
await close();
rmSync(dir, { recursive: true, force: true });
if (lost > 0 || duplicates > inFlightTotal) process.exitCode = 1;
