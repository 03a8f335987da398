/**
 * Spine benchmarks (issue 2):
 *   1. cold start: spawn `src/bin/main.ts` on a fresh database file, time until /healthz is 200;
 *   2. messages/s through POST /api/sim/messages (menu command, and a policy question), next to a
 *      bare express handler returning a constant — same process, same run, autocannon on loopback.
 * Usage: npx tsx bench/sim-throughput.ts [--seconds 5] [--connections 10]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import express from 'express';
import { buildRuntime } from '../src/app/runtime.js';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const seconds = arg('seconds', 5);
const connections = arg('connections', 10);
const root = path.resolve(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'skills-bot-bench-'));

async function coldStart(): Promise<number> {
  const port = 39000 + Math.floor(Math.random() * 1000);
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/bin/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `file:${path.join(dir, `cold-${port}.db`)}`, LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false);
      if (ok) return performance.now() - t0;
      if (performance.now() - t0 > 60_000) throw new Error('no /healthz within 60 s');
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    child.kill('SIGTERM');
  }
}

function listen(app: express.Express): Promise<{ url: string; close: () => void }> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() }),
    );
  });
}

async function load(url: string, body?: (i: number) => unknown) {
  let i = 0;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    method: body ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req) => (body ? { ...req, body: JSON.stringify(body(i++)) } : req),
      },
    ],
  });
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

const colds = [await coldStart(), await coldStart(), await coldStart()];
console.log(`cold start to /healthz ready (fresh DB, 3 runs): ${colds.map((c) => Math.round(c)).join(' / ')} ms`);

const runtime = await buildRuntime({ DATABASE_URL: `file:${path.join(dir, 'bench.db')}`, LOG_LEVEL: 'silent' });
runtime.markReady();
const bot = await listen(runtime.app.http);
const bare = express();
bare.post('/const', express.json(), (_req, res) => {
  res.json({ replies: [{ text: 'ok' }] });
});
const bareServer = await listen(bare);

const rows = [
  ['bare express constant (POST)', await load(`${bareServer.url}/const`, () => ({ userId: 'x', text: '菜单' }))],
  ['/api/sim/messages "菜单" (menu)', await load(`${bot.url}/api/sim/messages`, (i) => ({ userId: `b${i % 200}`, text: '菜单' }))],
  [
    '/api/sim/messages policy question',
    await load(`${bot.url}/api/sim/messages`, (i) => ({ userId: `q${i % 200}`, text: '俺是残疾人能参加培训不' })),
  ],
] as const;
console.log(`\nautocannon: ${connections} connections × ${seconds} s each, loopback, node ${process.version}`);
console.log('scenario'.padEnd(38), 'req/s'.padStart(7), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'errors'.padStart(7));
for (const [name, r] of rows) {
  console.log(name.padEnd(38), String(r.rps).padStart(7), String(r.p50).padStart(8), String(r.p99).padStart(8), String(r.errors).padStart(7));
}
bot.close();
bareServer.close();
await runtime.close();
rmSync(dir, { recursive: true, force: true });
