import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../../src/http/errors.js';
import { askRoutes } from '../../src/http/routes/ask.js';
import { createKnowledgeBase, ensureDefaultCorpus } from '../../src/knowledge/index.js';
import { createTestDb, type TestDb } from '../helpers/db.js';

let t: TestDb;
let server: Server;
let base: string;

beforeAll(async () => {
  t = await createTestDb();
  const log = pino({ level: 'silent' });
  await ensureDefaultCorpus(t.db, log);
  const kb = await createKnowledgeBase({ db: t.db, log });
  const app = express();
  app.use(express.json());
  app.use(askRoutes(kb));
  app.use(errorHandler(log));
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await t?.destroy();
});

const ask = (body: unknown) =>
  fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('POST /api/ask', () => {
  it('answers with citations, best first', async () => {
    const res = await ask({ question: '陇原工匠进校园是干啥的' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { answered: boolean; answer: string; citations: Array<{ document: string; heading: string; text: string }> };
    expect(body.answered).toBe(true);
    expect(body.answer).toContain('陇原工匠进校园');
    expect(body.citations.length).toBeGreaterThan(0);
    expect(body.citations.length).toBeLessThanOrEqual(3);
    expect(body.citations[0]).toMatchObject({
      document: '甘肃省中长期职业技能培训规划（2018-2025年）',
      heading: '四、重点任务 > （一）构建劳动者终身职业技能培训体系和工作机制 > 7',
    });
  });

  it('abstains with answered=false', async () => {
    const body = (await (await ask({ question: '考驾照咋报名' })).json()) as { answered: boolean; answer: string; citations: unknown[] };
    expect(body).toMatchObject({ answered: false, citations: [] });
    expect(body.answer).toContain('车管所');
  });

  it('asks back with choices and answers the picked clause', async () => {
    const first = (await (await ask({ question: '技能提升' })).json()) as { answer: string; choices?: Array<{ clauseId: number; label: string }> };
    expect(first.answer).toMatch(/^您是想问/u);
    expect(first.choices?.length).toBeGreaterThanOrEqual(2);
    const pick = first.choices![1]!;
    const second = (await (await ask({ question: '技能提升', clauseId: pick.clauseId })).json()) as { answered: boolean; choices?: unknown; citations: Array<{ heading: string }> };
    expect(second.answered).toBe(true);
    expect(second.choices).toBeUndefined();
    expect((second as { answer?: string }).answer).not.toMatch(/^您是想问/u);
  });

  it('rejects bad bodies with 400', async () => {
    expect((await ask({})).status).toBe(400);
    expect((await ask({ question: '' })).status).toBe(400);
    expect((await ask({ question: '问'.repeat(2001) })).status).toBe(400);
  });
});
