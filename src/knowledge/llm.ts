/**
 * Optional LLM rewrite of an answer, strictly grounded in the retrieved clauses: the model
 * returns `{ answer, citedClauseIds }` (validated with zod); citing a clause that was not
 * retrieved, an empty answer, a timeout or any error means "use the extractive answer".
 */
import type { ChatOpenAI } from '@langchain/openai';
import { z } from 'zod';
import { invokeWithTimeout, lazyChatModel } from '../shared/llm-client.js';
import type { LlmConfig } from './config.js';

export const llmAnswerSchema = z.object({
  answer: z.string().min(1).max(2000).describe('给提问者的简短中文回答，只用所给条款里的内容'),
  citedClauseIds: z.array(z.number().int()).min(1).describe('回答所依据的条款编号'),
});
export type LlmAnswer = z.infer<typeof llmAnswerSchema>;

export interface GroundingClause {
  id: number;
  label: string;
  text: string;
}

export type RewriteOutcome =
  | { ok: true; answer: string; citedClauseIds: number[] }
  | { ok: false; reason: 'timeout' | 'error' | 'invalid' | 'ungrounded' };

const SYSTEM = [
  '你是甘肃省职业技能培训政策咨询助手，回答农民工等群众的问题。',
  '只能使用下面给出的政策条款内容回答，不得编造金额、日期、电话、条件或其他省份的政策。',
  '用通俗、简短的中文（不超过{max}个字），不要复述条款编号。',
  '在 citedClauseIds 中列出你用到的条款编号（只能是给出的编号）。',
].join('\n');

/** Rewrites answers with an OpenAI-compatible chat model. */
export class LlmRewriter {
  private readonly model: Promise<ChatOpenAI>;

  constructor(private readonly config: LlmConfig) {
    this.model = lazyChatModel(config); // a failed import surfaces in rewrite(), which falls back
  }

  /** Asks the model; never throws. */
  async rewrite(question: string, clauses: GroundingClause[], maxChars: number): Promise<RewriteOutcome> {
    const context = clauses.map((c) => `【条款${c.id}】（${c.label}）${c.text}`).join('\n');
    const prompt = [
      { role: 'system', content: SYSTEM.replace('{max}', String(maxChars)) },
      {
        role: 'user',
        content: `政策条款：\n${context}\n\n问题：${question}\n请以 JSON 返回 {"answer": "...", "citedClauseIds": [...]}。`,
      },
    ];
    // Getting the model is inside the deadline too: a failed import is an 'error', never a throw.
    const call = await invokeWithTimeout(async (signal) => {
      const structured = (await this.model).withStructuredOutput(llmAnswerSchema, { name: 'policy_answer', method: this.config.structuredMethod });
      return structured.invoke(prompt, { signal });
    }, this.config.timeoutMs);
    if (!call.ok) return call;
    const parsed = llmAnswerSchema.safeParse(call.value);
    if (!parsed.success) return { ok: false, reason: 'invalid' };
    const allowed = new Set(clauses.map((c) => c.id));
    if (!parsed.data.citedClauseIds.every((id) => allowed.has(id))) return { ok: false, reason: 'ungrounded' };
    // Every number in the answer must come from a cited clause (no invented amounts or dates).
    const source = clauses.filter((c) => parsed.data.citedClauseIds.includes(c.id)).map((c) => c.text).join('\n');
    const numbers = parsed.data.answer.normalize('NFKC').match(/\d+(?:\.\d+)?/gu) ?? [];
    if (!numbers.every((n) => source.normalize('NFKC').includes(n))) return { ok: false, reason: 'ungrounded' };
    return { ok: true, answer: parsed.data.answer.trim(), citedClauseIds: parsed.data.citedClauseIds };
  }
}
