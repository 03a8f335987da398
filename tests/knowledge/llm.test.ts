import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { llmConfigSchema } from '../../src/knowledge/config.js';
import { analyzeText } from '../../src/knowledge/ingest.js';
import { PolicyAnswerer } from '../../src/knowledge/knowledge-base.js';
import { defaultCorpusFile } from '../../src/knowledge/lexicon.js';
import type { ClauseRecord } from '../../src/knowledge/retriever.js';
import { fakeLlmConfig, offeredIds, startFakeOpenAi, type FakeOpenAi } from './fake-openai.js';

const { parsed } = analyzeText(readFileSync(defaultCorpusFile, 'utf8'));
const clauses: ClauseRecord[] = parsed.clauses.map((c, i) => ({ ...c, id: 100 + i, documentId: 1, document: parsed.title! }));
const QUESTION = '想开网店卖洋芋，有电商培训没';

let fake: FakeOpenAi;
const warnings: string[] = [];
const log = { info: () => {}, warn: (o: object) => void warnings.push(JSON.stringify(o)) };

function answerer(method: 'functionCalling' | 'jsonMode', timeoutMs = 2000): PolicyAnswerer {
  return new PolicyAnswerer(clauses, { llm: fakeLlmConfig(fake.baseUrl, method, timeoutMs), log });
}

beforeAll(async () => {
  fake = await startFakeOpenAi((req) => ({
    payload: { answer: '有。对想做电商的人，政策重点开展网络创业培训，教人会经营网店。', citedClauseIds: [offeredIds(req)[0]] },
  }));
});
afterAll(async () => {
  await fake?.close();
});

describe('LLM config', () => {
  it('is null unless base URL, key and model are all set', () => {
    expect(llmConfigSchema.parse({}).llm).toBeNull();
    expect(llmConfigSchema.parse({ LLM_BASE_URL: 'http://x', LLM_API_KEY: 'k' }).llm).toBeNull();
    const { llm } = llmConfigSchema.parse({ LLM_BASE_URL: 'http://x/v1', LLM_API_KEY: 'k', LLM_MODEL: 'qwen' });
    expect(llm).toMatchObject({ timeoutMs: 8000, structuredMethod: 'functionCalling' });
    expect(() => llmConfigSchema.parse({ LLM_STRUCTURED_METHOD: 'xml' })).toThrow();
  });
});

describe('grounded LLM rewrite (fake OpenAI-compatible server)', () => {
  it.each(['functionCalling', 'jsonMode'] as const)('uses the grounded answer (%s)', async (method) => {
    const a = await answerer(method).ask(QUESTION);
    expect(a.answered).toBe(true);
    expect(a.text).toContain('网络创业培训');
    expect(a.text).toMatch(/^有。/u);
    expect(a.text).toContain('四（一）6');
    expect(a.text).toContain('回复1看原文');
    const last = fake.requests[fake.requests.length - 1]!;
    expect(method === 'functionCalling' ? last.tools?.length : last.tools).toBe(method === 'functionCalling' ? 1 : undefined);
  });

  it('rejects an answer citing a clause that was not retrieved', async () => {
    fake.setBehaviour(() => ({ payload: { answer: '每人补贴3000元。', citedClauseIds: [99999] } }));
    const a = await answerer('functionCalling').ask(QUESTION);
    expect(a.answered).toBe(true);
    expect(a.text).not.toContain('3000');
    expect(a.text).toContain('网店');
    expect(warnings.some((w) => w.includes('ungrounded'))).toBe(true);
  });

  it('rejects invented numbers even with a valid citation', async () => {
    fake.setBehaviour((req) => ({ payload: { answer: '每人补贴3000元。', citedClauseIds: [offeredIds(req)[0]] } }));
    const a = await answerer('jsonMode').ask(QUESTION);
    expect(a.text).not.toContain('3000');
  });

  it('falls back to the extractive answer on timeout', async () => {
    fake.setBehaviour((req) => ({ payload: { answer: '慢回答', citedClauseIds: [offeredIds(req)[0]] }, delayMs: 1500 }));
    const started = Date.now();
    const a = await answerer('functionCalling', 300).ask(QUESTION);
    expect(Date.now() - started).toBeLessThan(1400);
    expect(a.text).not.toContain('慢回答');
    expect(a.text).toContain('网店');
    expect(warnings.some((w) => w.includes('timeout'))).toBe(true);
  });

  it('falls back on malformed output', async () => {
    fake.setBehaviour(() => ({ payload: { text: 'no schema' } }));
    const a = await answerer('jsonMode').ask(QUESTION);
    expect(a.answered).toBe(true);
    expect(a.text).toContain('网店');
  });

  it('is not called for abstains', async () => {
    const before = fake.requests.length;
    const a = await answerer('functionCalling').ask('明天兰州下雨不');
    expect(a.answered).toBe(false);
    expect(fake.requests.length).toBe(before);
  });
});
