/**
 * Crash-safe turns (issue 12, finding 4): the real server in a child process is killed with
 * SIGKILL in the middle of turns; a new process on the same SQLite file gets the platform's
 * retries (same messageId). Every retried message is answered, no turn is lost and no sign-up
 * is made twice. Before the dedupe lease, a retry of a message whose turn died was answered with
 * nothing, forever.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, expect, test } from 'vitest';
import { startChildApp, type ChildApp } from './child-app.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'skills-bot-crash-'));
const running: ChildApp[] = [];
afterEach(async () => {
  for (const c of running.splice(0)) await c.kill9();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function start(dbFile: string, env: Record<string, string> = {}): Promise<ChildApp> {
  const app = await startChildApp(dbFile, { DEDUPE_LEASE_SECONDS: '1', ...env });
  running.push(app);
  return app;
}

/**
 * An OpenAI-compatible endpoint that takes the request and never answers (the turn blocks), or
 * with `failAfterMs` fails it after that long (the turn falls back to the extractive answer).
 */
async function hangingLlm(failAfterMs?: number, onRequest?: (n: number) => void): Promise<{ url: string; hit: Promise<void>; close(): void }> {
  let onHit!: () => void;
  const hit = new Promise<void>((r) => (onHit = r));
  let n = 0;
  const server = http.createServer((_req, res) => {
    onHit();
    onRequest?.(++n);
    if (failAfterMs !== undefined) setTimeout(() => res.writeHead(400).end('{"error":{"message":"no"}}'), failAfterMs);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    hit,
    close: () => server.closeAllConnections() ?? server.close(),
  };
}

function query<T>(dbFile: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

test('a turn killed -9 mid-turn is answered when the platform retries after the lease', async () => {
  const dbFile = path.join(dir, 'one.db');
  const llm = await hangingLlm();
  const first = await start(dbFile, { LLM_BASE_URL: llm.url, LLM_API_KEY: 'k', LLM_MODEL: 'm', LLM_TIMEOUT_MS: '120000' });
  await first.say('crash-1', '你好', 'hello-1');
  const pending = first.say('crash-1', '残疾人参加培训有补贴吗', 'turn-1').catch((err: unknown) => err);
  await llm.hit; // the turn is waiting for the LLM
  await first.kill9();
  expect(await pending).toBeInstanceOf(Error);
  llm.close();
  expect(query<{ status: string }>(dbFile, `SELECT status FROM ProcessedMessage WHERE channelMessageId = 'turn-1'`)).toEqual([{ status: 'processing' }]);

  const second = await start(dbFile); // starting takes longer than the 1 s lease
  const retry = await second.say('crash-1', '残疾人参加培训有补贴吗', 'turn-1');
  expect(retry.duplicate).toBeUndefined();
  expect(retry.replies.map((r) => r.text).join('\n')).toMatch(/残疾/);
  // A second retry is a plain duplicate with the same answer; the turn ran once more, not twice.
  const again = await second.say('crash-1', '残疾人参加培训有补贴吗', 'turn-1');
  expect(again).toEqual({ replies: retry.replies, duplicate: true });
  expect(query(dbFile, `SELECT status FROM ProcessedMessage WHERE channelMessageId = 'turn-1'`)).toEqual([{ status: 'done' }]);
  expect(query(dbFile, `SELECT count(*) AS n FROM MessageLog WHERE channelMessageId = 'turn-1' AND direction = 'in'`)).toEqual([{ n: 1 }]);
}, 120_000);

/** A rural user signing up for the sample 电工 course in 榆中, as typed words. */
function script(i: number): string[] {
  const phone = `1391234${String(1000 + i).padStart(4, '0')}`;
  const names = ['张三', '李四', '王五', '赵六', '马七', '杨八', '周九', '吴十'];
  return ['你好', '残疾人有补贴吗', '榆中有电工班吗', '1', '1', `我叫${names[i % names.length]}`, phone, '同意', '1', '我的报名', '农民工培训有补贴吗'];
}

test('kill -9 during a burst of chat turns with sign-ups: 0 lost turns, 0 duplicate sign-ups', async () => {
  const dbFile = path.join(dir, 'burst.db');
  const users = Array.from({ length: 8 }, (_, i) => ({ id: `burst-${i}`, script: script(i), next: 0, answered: new Map<string, string[]>() }));
  const total = users.reduce((n, u) => n + u.script.length, 0);
  // Policy turns wait 300 ms for a (failing) LLM. The server is killed when the 12th LLM request
  // arrives: the users are then at their last question, some turns in the middle (waiting for
  // the LLM), others just sent or just answered.
  let killed = false;
  let answered = 0;
  let answeredAtKill = 0;
  const llm = await hangingLlm(300, (n) => {
    if (n === users.length + 4 && !killed) {
      killed = true;
      answeredAtKill = answered;
      void app.kill9();
    }
  });
  let app = await start(dbFile, { LLM_BASE_URL: llm.url, LLM_API_KEY: 'k', LLM_MODEL: 'm', LLM_TIMEOUT_MS: '5000' });

  // Each user sends their next message once the previous one is answered.
  async function runUser(u: (typeof users)[number], target: () => ChildApp): Promise<void> {
    while (u.next < u.script.length) {
      const messageId = `${u.id}-m${u.next}`;
      try {
        const res = await target().say(u.id, u.script[u.next]!, messageId);
        u.answered.set(messageId, res.replies.map((r) => r.text));
        u.next += 1;
        answered += 1;
      } catch {
        return; // the server died: this message will be retried (same messageId) after restart
      }
    }
  }
  await Promise.all(users.map((u) => runUser(u, () => app)));
  expect(killed).toBe(true);
  const inFlight = users.filter((u) => u.next < u.script.length).map((u) => `${u.id}-m${u.next}`);
  const stuck = query<{ channelMessageId: string }>(dbFile, `SELECT channelMessageId FROM ProcessedMessage WHERE status = 'processing'`);
  expect(stuck.length, 'the kill should find turns in the middle').toBeGreaterThan(0);

  llm.close();
  app = await start(dbFile);
  await Promise.all(users.map((u) => runUser(u, () => app)));

  // Every message of every user was answered with something, each exactly once in the log.
  for (const u of users) {
    expect(u.next, u.id).toBe(u.script.length);
    for (let m = 0; m < u.script.length; m++) {
      const replies = u.answered.get(`${u.id}-m${m}`);
      expect(replies?.length, `${u.id}-m${m}`).toBeGreaterThan(0);
    }
  }
  for (const id of inFlight) expect(users.flatMap((u) => [...u.answered.keys()])).toContain(id);
  const logged = query<{ n: number }>(dbFile, `SELECT count(*) AS n FROM MessageLog WHERE direction = 'in' AND channel = 'sim' AND channelMessageId LIKE 'burst-%' GROUP BY channelMessageId HAVING n > 1`);
  expect(logged).toEqual([]);
  expect(query(dbFile, `SELECT count(*) AS n FROM ProcessedMessage WHERE status = 'processing'`)).toEqual([{ n: 0 }]);
  // One confirmed sign-up per user, none twice.
  const enrollments = query<{ phone: string; n: number }>(dbFile, `SELECT phone, count(*) AS n FROM Enrollment WHERE status != 'cancelled' AND phone LIKE '1391234%' GROUP BY phone`);
  expect(enrollments).toHaveLength(users.length);
  expect(enrollments.every((e) => e.n === 1)).toBe(true);
  console.log(`burst: ${total} messages, killed after ${answeredAtKill} replies, ${inFlight.length} in flight, ${stuck.length} claims left processing by the crash; all answered after restart`);
}, 180_000);
