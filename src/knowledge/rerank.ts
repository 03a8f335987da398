/**
 * Optional LLM re-rank of the top candidate clauses, used when the local ranking is unsure: the
 * model reads the question and the (at most three) clauses and returns `{ bestClauseId,
 * noneFits }` (validated with zod). A clause id that was not offered, malformed output, a
 * timeout or any error means "keep the local ranking". The model only picks among clauses the
 * retriever found; it never adds one.
 */
import type { ChatOpenAI } from '@langchain/openai';
import { z } from 'zod';
import { invokeWithTimeout, lazyChatModel } from '../shared/llm-client.js';
import type { LlmConfig } from './config.js';

export const rerankSchema = z.object({
  bestClauseId: z.number().int().nullable().describe('最能回答问题的条款编号；都不能回答时为 null'),
  noneFits: z.boolean().describe('给出的条款都回答不了这个问题时为 true'),
});
export type RerankReply = z.infer<typeof rerankSchema>;

export interface RerankCandidate {
  id: number;
  /** Plain words for the clause (the paraphrase bank's topic), when there is one. */
  topic?: string;
  text: string;
}

export type RerankOutcome =
  | { ok: true; best: number | null; noneFits: boolean }
  | { ok: false; reason: 'timeout' | 'error' | 'invalid' | 'ungrounded' };

const SYSTEM = [
  '你是甘肃省职业技能培训政策咨询助手。下面是检索到的几条政策条款和群众的一个问题。',
  '请判断哪一条条款最能回答这个问题，只能从给出的编号里选。',
  '如果这些条款都回答不了这个问题（问的是别的部门管的事，或政策里没写），noneFits 为 true，bestClauseId 为 null。',
].join('\n');

/** Longest clause excerpt put in the prompt (characters). */
const EXCERPT = 400;

/** Re-ranks candidate clauses with an OpenAI-compatible chat model. */
export class LlmReranker {
  private readonly model: Promise<ChatOpenAI>;

  constructor(private readonly config: LlmConfig) {
    this.model = lazyChatModel(config); // a failed import surfaces in rerank(), which falls back
  }

  /** Asks the model; never throws. */
  async rerank(question: string, candidates: RerankCandidate[]): Promise<RerankOutcome> {
    const context = candidates.map((c) => `【条款${c.id}】${c.topic ? `（${c.topic}）` : ''}${c.text.slice(0, EXCERPT)}`).join('\n');
    const prompt = [
      { role: 'system', content: SYSTEM },
      {
        role: 'user',
        content: `政策条款：\n${context}\n\n问题：${question}\n请以 JSON 返回 {"bestClauseId": 编号或null, "noneFits": true或false}。`,
      },
    ];
    const call = await invokeWithTimeout(async (signal) => {
      const structured = (await this.model).withStructuredOutput(rerankSchema, { name: 'rerank_clauses', method: this.config.structuredMethod });
      return structured.invoke(prompt, { signal });
    }, this.config.timeoutMs);
    if (!call.ok) return call;
    const parsed = rerankSchema.safeParse(call.value);
    if (!parsed.success) return { ok: false, reason: 'invalid' };
    const { bestClauseId, noneFits } = parsed.data;
    if (noneFits) return { ok: true, best: null, noneFits: true };
    if (bestClauseId === null) return { ok: false, reason: 'invalid' };
    if (!candidates.some((c) => c.id === bestClauseId)) return { ok: false, reason: 'ungrounded' };
    return { ok: true, best: bestClauseId, noneFits: false };
  }
}
