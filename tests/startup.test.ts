/**
 * Start-up: `npm start` on a fresh, empty database file migrates it, loads the knowledge base,
 * creates the first admin (printing a generated password once) and answers /healthz.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, test } from 'vitest';
import { freePort } from './helpers/http.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'skills-bot-start-'));
let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});


test('a fresh empty database file is migrated on start and /healthz turns ok', async () => {
  const port = await freePort();
  const dbFile = path.join(dir, 'fresh.db');
  const started = Date.now();
  child = spawn(process.execPath, ['--import', 'tsx', 'src/bin/main.ts'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `file:${dbFile}`, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));

  let status = 0;
  while (Date.now() - started < 45_000 && status !== 200) {
    status = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status, () => 0);
    if (status !== 200) await new Promise((r) => setTimeout(r, 200));
  }
  expect(status, output).toBe(200);
  expect(output).toMatch(/password: \S{12,}/);

  const db = new Database(dbFile, { readonly: true });
  const migrations = db.prepare('SELECT migration_name, finished_at FROM _prisma_migrations').all() as { finished_at: unknown }[];
  expect(migrations.length).toBeGreaterThan(0);
  expect(migrations.every((m) => m.finished_at !== null)).toBe(true);
  expect((db.prepare('SELECT count(*) AS n FROM PolicyClause').get() as { n: number }).n).toBeGreaterThan(20);
  expect((db.prepare('SELECT count(*) AS n FROM StaffAccount').get() as { n: number }).n).toBe(1);
  db.close();

  const reply = await fetch(`http://127.0.0.1:${port}/api/sim/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: 'start-1', text: '你好' }),
  });
  expect(reply.status).toBe(200);
}, 60_000);
