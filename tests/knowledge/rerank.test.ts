/**
 * Optional LLM re-rank of the top three clauses when the local ranking is unsure, against the
 * fake OpenAI-compatible server: the pick moves first, "none fits" abstains, and bad output,
 * an id that was not offered or a timeout keep the local ranking.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeText } from '../../src/knowledge/ingest.js';
import { PolicyAnswerer } from '../../src/knowledge/knowledge-base.js';
import { defaultCorpusFile } from '../../src/knowledge/lexicon.js';
import type { ClauseRecord } from '../../src/knowledge/retriever.js';
import { fakeLlmConfig, offeredIds, startFakeOpenAi, type FakeOpenAi, type FakeRequest } from './fake-openai.js';

const { parsed } = analyzeText(readFileSync(defaultCorpusFile, 'utf8'));
const clauses: ClauseRecord[] = parsed.clauses.map((c, i) => ({ ...c, id: 100 + i, documentId: 1, document: parsed.title! }));
/** Locally unsure: the words fit two or three clauses alike (the bot asks back without an LLM). */
const UNSURE = '技能提升';
/** Locally sure: one clause clearly fits. */
const SURE = '想开网店卖洋芋，有电商培训没';

let fake: FakeOpenAi;
const warnings: string[] = [];
const log = { info: () => {}, warn: (o: object) => void warnings.push(JSON.stringify(o)) };
const isRerank = (req: FakeRequest): boolean =>
  req.tools?.[0]?.function.name === 'rerank_clauses' || req.messages.some((m) => m.content.includes('最能回答'));
const reranks = (): FakeRequest[] => fake.requests.filter(isRerank);
/** Rewrites answer with the clause the prompt offers first (the re-ranked one). */
const rewrite = (req: FakeRequest) => ({ payload: { answer: '按政策可以参加相应的技能提升培训。', citedClauseIds: [offeredIds(req)[0]] } });

function answerer(timeoutMs = 2000, method: 'functionCalling' | 'jsonMode' = 'functionCalling'): PolicyAnswerer {
  return new PolicyAnswerer(clauses, { llm: fakeLlmConfig(fake.baseUrl, method, timeoutMs), log });
}
const local = new PolicyAnswerer(clauses);

beforeAll(async () => {
  fake = await startFakeOpenAi(rewrite);
});
afterAll(async () => {
  await fake?.close();
});

describe('LLM re-rank of the top three (fake OpenAI-compatible server)', () => {
  it.each(['functionCalling', 'jsonMode'] as const)('puts the clause the model picks first and does not ask back (%s)', async (method) => {
    const without = await local.ask(UNSURE);
    expect(without.choices?.length).toBeGreaterThanOrEqual(2);
    const second = without.citations[1]!.clauseId;
    fake.setBehaviour((req) => (isRerank(req) ? { payload: { bestClauseId: offeredIds(req)[1], noneFits: false } } : rewrite(req)));
    const a = await answerer(2000, method).ask(UNSURE);
    expect(a.answered).toBe(true);
    expect(a.choices).toBeUndefined();
    expect(a.citations[0]!.clauseId).toBe(second);
    expect(offeredIds(reranks().at(-1)!)).toEqual(without.citations.map((c) => c.clauseId));
  });

  it('abstains with the referral when the model says no clause answers', async () => {
    fake.setBehaviour((req) => (isRerank(req) ? { payload: { bestClauseId: null, noneFits: true } } : rewrite(req)));
    const a = await answerer().ask(UNSURE);
    expect(a.answered).toBe(false);
    expect(a.text).toContain('12333');
  });

  it.each([
    ['an id that was not offered', { bestClauseId: 99999, noneFits: false }, /ungrounded/u],
    // langchain validates structured output itself and throws: reported as an error.
    ['malformed output', { pick: 'the second' }, /invalid|error/u],
  ])('keeps the local ranking on %s', async (_name, payload, reason) => {
    fake.setBehaviour((req) => (isRerank(req) ? { payload } : rewrite(req)));
    warnings.length = 0;
    const a = await answerer().ask(UNSURE);
    const without = await local.ask(UNSURE);
    expect(a.citations.map((c) => c.clauseId)).toEqual(without.citations.map((c) => c.clauseId));
    expect(a.choices?.map((c) => c.clauseId)).toEqual(without.choices?.map((c) => c.clauseId));
    expect(warnings.some((w) => reason.test(w))).toBe(true);
  });

  it('keeps the local ranking on timeout', async () => {
    fake.setBehaviour((req) => (isRerank(req) ? { payload: { bestClauseId: offeredIds(req)[1], noneFits: false }, delayMs: 1500 } : rewrite(req)));
    const kb = answerer(200);
    warnings.length = 0;
    const a = await kb.ask(UNSURE);
    expect(a.choices?.length).toBeGreaterThanOrEqual(2);
    expect(warnings.some((w) => w.includes('timeout'))).toBe(true);
  });

  it('is not asked when the local ranking is sure', async () => {
    fake.setBehaviour((req) => (isRerank(req) ? { payload: { bestClauseId: offeredIds(req)[1], noneFits: false } } : rewrite(req)));
    const before = reranks().length;
    const a = await answerer().ask(SURE);
    expect(a.citations[0]!.label).toBe('四（一）6');
    expect(reranks().length).toBe(before);
  });
});
