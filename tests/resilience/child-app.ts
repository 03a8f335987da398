/**
 * The real server (`src/bin/main.ts`) in a child process on a given SQLite file, for crash tests:
 * start it, talk to it through the simulator API, kill it with SIGKILL, start another on the
 * same file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../helpers/http.js';

export interface ChildApp {
  port: number;
  output(): string;
  /** POST /api/sim/messages; rejects when the process dies before answering. */
  say(userId: string, text: string, messageId: string): Promise<{ replies: { text: string }[]; duplicate?: boolean }>;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

export { freePort } from '../helpers/http.js';

export async function startChildApp(dbFile: string, env: Record<string, string> = {}): Promise<ChildApp> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/bin/main.ts'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${dbFile}`,
      LOG_LEVEL: 'warn',
      ADMIN_PASSWORD: 'test-password-1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const started = Date.now();
  let status = 0;
  while (status !== 200) {
    if (child.exitCode !== null || Date.now() - started > 60_000) throw new Error(`child app did not start:\n${output}`);
    status = await fetch(`${base}/healthz`).then((r) => r.status, () => 0);
    if (status !== 200) await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    output: () => output,
    async say(userId, text, messageId) {
      const res = await fetch(`${base}/api/sim/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId, text, messageId }),
      });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
      return (await res.json()) as { replies: { text: string }[]; duplicate?: boolean };
    },
    async kill9() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
