/**
 * The optional LLM step of the understanding, against the fake OpenAI-compatible server: it
 * classifies only low-confidence turns, its output is zod-validated, and a timeout or a bad
 * answer leaves the local result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { llmConfigSchema } from '../../src/knowledge/config.js';
import { createUnderstander, LlmIntents } from '../../src/nlu/index.js';
import type { IntentClassifier } from '../../src/nlu/classifier.js';
import { startFakeOpenAi, type FakeOpenAi } from '../knowledge/fake-openai.js';

let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi(() => ({ payload: { intent: 'other_service', confidence: 0.9 } }));
});
afterAll(async () => {
  await fake?.close();
});

function llm(timeoutMs = 2000): LlmIntents {
  const { llm } = llmConfigSchema.parse({ LLM_BASE_URL: fake.baseUrl, LLM_API_KEY: 'k', LLM_MODEL: 'fake-model', LLM_TIMEOUT_MS: String(timeoutMs) });
  return new LlmIntents(llm!);
}

/** A local classifier that is unsure (or sure) of everything. */
const local = (score: number): IntentClassifier => ({ classify: async () => [{ intent: 'chitchat', score }] });

describe('LLM intent step (fake OpenAI-compatible server)', () => {
  it('classifies a low-confidence turn; its answer leads, the local candidates follow', async () => {
    const u = createUnderstander({ classifier: local(0.3), llm: llm() });
    const r = await u.understand('那个钱到现在都没打过来');
    expect(r.intents[0]).toEqual({ intent: 'other_service', confidence: 0.9, source: 'llm' });
    expect(r.intents.slice(1).map((i) => i.intent)).toEqual(['chitchat']);
  });

  it('is not asked when the local result is confident or the channel has no time for it', async () => {
    const before = fake.requests.length;
    const sure = await createUnderstander({ classifier: local(0.95), llm: llm() }).understand('那个钱到现在都没打过来');
    expect(sure.intents[0]?.source).toBe('model');
    const hurried = await createUnderstander({ classifier: local(0.3), llm: llm() }).understand('那个钱到现在都没打过来', { allowSlow: false });
    expect(hurried.intents[0]?.source).toBe('model');
    expect(fake.requests.length).toBe(before);
  });

  it('an answer outside the schema or a timeout leaves the local result', async () => {
    fake.setBehaviour(() => ({ payload: { intent: 'buy_tractor', confidence: 3 } }));
    const bad = await createUnderstander({ classifier: local(0.3), llm: llm() }).understand('那个钱到现在都没打过来');
    expect(bad.intents[0]).toMatchObject({ intent: 'chitchat', source: 'model' });
    fake.setBehaviour(() => ({ payload: { intent: 'other_service', confidence: 0.9 }, delayMs: 500 }));
    const slow = await createUnderstander({ classifier: local(0.3), llm: llm(50) }).understand('那个钱到现在都没打过来');
    expect(slow.intents[0]).toMatchObject({ intent: 'chitchat', source: 'model' });
  });
});
