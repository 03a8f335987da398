/**
 * Fail fast and shut down cleanly (`npm start` as a child process): a port in use, an empty
 * PORT, a corrupted database and an unwritable database directory each stop the start with a
 * message naming what is wrong (and no scheduler runs); SIGTERM lets an in-flight request
 * finish and exits 0; stdout carries only JSON log lines (the generated password goes to stderr).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { freePort } from './helpers/http.js';

const root = path.resolve(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'skills-bot-failfast-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});


interface Started {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/bin/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function waitHealthy(port: number, s: Started): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < 45_000) {
    const status = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status, () => 0);
    if (status === 200) return;
    if (s.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`not healthy:\n${s.stdout()}\n${s.stderr()}`);
}

describe('start-up fails fast', () => {
  test.concurrent('a port in use: exit 1 naming host:port, never ready, no scheduler', async () => {
    const port = await freePort();
    const blocker: Server = await new Promise((resolve) => {
      const s = createServer().listen(port, '127.0.0.1', () => resolve(s));
    });
    try {
      const s = start({ PORT: String(port), DATABASE_URL: `file:${path.join(dir, 'inuse.db')}` });
      const code = await s.exited;
      expect(code, s.stdout() + s.stderr()).toBe(1);
      expect(s.stderr()).toContain(`127.0.0.1:${port}`);
      expect(s.stderr()).toMatch(/EADDRINUSE/);
      expect(s.stdout()).not.toMatch(/ready on/);
      expect(s.stdout()).not.toMatch(/scheduler started/);
    } finally {
      blocker.close();
    }
  }, 60_000);

  test.concurrent('an unbindable HOST: exit 1 naming it', async () => {
    const port = await freePort();
    const s = start({ PORT: String(port), HOST: '203.0.113.7', DATABASE_URL: `file:${path.join(dir, 'host.db')}` });
    expect(await s.exited).toBe(1);
    expect(s.stderr()).toContain(`203.0.113.7:${port}`);
    expect(s.stdout()).not.toMatch(/scheduler started/);
  }, 60_000);

  test.concurrent.each([[''], ['abc'], ['0']])('PORT=%j is a config error (exit 78)', async (value) => {
    const s = start({ PORT: value, DATABASE_URL: `file:${path.join(dir, `port-${value || 'empty'}.db`)}` });
    expect(await s.exited).toBe(78);
    expect(s.stderr()).toMatch(/PORT/);
  }, 60_000);

  test.concurrent('a corrupted database is refused with a clear message', async () => {
    const file = path.join(dir, 'corrupt.db');
    const db = new Database(file);
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); CREATE INDEX t_v ON t (v);');
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    for (let i = 0; i < 2000; i++) insert.run(`row ${i} ${'x'.repeat(50)}`);
    db.close();
    // Scribble over a page in the middle of the file (not the header).
    const fd = await import('node:fs').then((fs) => fs.openSync(file, 'r+'));
    const { writeSync, closeSync } = await import('node:fs');
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 4096 * 5);
    closeSync(fd);
    const s = start({ PORT: String(await freePort()), DATABASE_URL: `file:${file}` });
    expect(await s.exited).toBe(1);
    expect(s.stderr()).toMatch(/corrupted/);
    expect(s.stderr()).toContain(file);
  }, 60_000);

  test.concurrent('an unwritable database directory is named', async () => {
    const notADir = path.join(dir, 'plain-file');
    writeFileSync(notADir, 'x');
    const s = start({ PORT: String(await freePort()), DATABASE_URL: `file:${path.join(notADir, 'sub', 'bot.db')}` });
    expect(await s.exited).toBe(1);
    expect(s.stderr()).toContain(`database directory ${path.join(notADir, 'sub')} is not writable`);
  }, 60_000);
});

describe('a healthy start and a graceful stop', () => {
  test('stdout is JSON lines only; SIGTERM lets an in-flight request finish and exits 0', async () => {
    const port = await freePort();
    const s = start({ PORT: String(port), DATABASE_URL: `file:${path.join(dir, 'ok.db')}` });
    await waitHealthy(port, s);

    // The generated password is one block on stderr; every stdout line parses as JSON.
    expect(s.stderr()).toMatch(/password: \S{12,}/);
    const lines = s.stdout().split('\n').filter((l) => l.trim());
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(s.stdout()).not.toMatch(/password: /);
    expect(s.stdout()).toMatch(/scheduler started/);

    // An in-flight request: headers sent, the body still coming when SIGTERM arrives.
    const body = JSON.stringify({ userId: 'inflight-1', text: '你好' });
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/api/sim/messages', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      req.flushHeaders();
      // Once the server has the request, signal; once it says it is shutting down, finish the body.
      const signal = setInterval(() => {
        if (s.child.signalCode === null && !s.stdout().includes('shutting down')) s.child.kill('SIGTERM');
        if (s.stdout().includes('shutting down')) {
          clearInterval(signal);
          req.end(body.slice(10));
        }
      }, 100);
    });
    const res = await response;
    expect(res.status, res.text).toBe(200);
    expect(JSON.parse(res.text).replies.length).toBeGreaterThan(0);
    expect(await s.exited).toBe(0);
    expect(s.stdout()).toMatch(/"msg":"stopped"/);
  }, 60_000);
});
