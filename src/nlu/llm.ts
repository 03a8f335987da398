/**
 * Optional LLM classification of a low-confidence turn: the model picks one of the known intents
 * (output validated with zod). A timeout, an error or an invalid answer returns null, and the
 * local result stands.
 */
import type { ChatOpenAI } from '@langchain/openai';
import { z } from 'zod';
import { INTENTS, type Intent, type IntentCandidate } from '../bot/understanding.js';
import type { LlmConfig } from '../knowledge/config.js';
import { invokeWithTimeout, lazyChatModel } from '../shared/llm-client.js';

export const llmIntentSchema = z.object({
  intent: z.enum(INTENTS).describe('用户这句话的意图'),
  confidence: z.number().min(0).max(1).describe('把握，0到1'),
});

export interface LlmIntentClassifier {
  classify(text: string, local: IntentCandidate[]): Promise<{ intent: Intent; confidence: number } | null>;
}

const SYSTEM = [
  '你是甘肃职业技能培训助手的意图分类器。用户多是农民工，常用方言、错别字、语音转文字。',
  `从这些意图中选一个：${INTENTS.join(', ')}。`,
  'find_courses=找培训课程；sign_up=报名某个课程；my_enrollments=查自己的报名；cancel_enrollment=取消报名；',
  'policy_question=问培训政策/补贴/条件；entrepreneurship=创业；handoff=找人工；other_service=工资、社保、养老等非培训的事；',
  'chitchat=闲聊或看不懂；thanks_ack=谢谢/好的；其他按字面。只返回 JSON。',
].join('\n');

export class LlmIntents implements LlmIntentClassifier {
  private readonly model: Promise<ChatOpenAI>;

  constructor(private readonly config: LlmConfig) {
    this.model = lazyChatModel(config);
  }

  /** Never throws. */
  async classify(text: string, local: IntentCandidate[]): Promise<{ intent: Intent; confidence: number } | null> {
    const hint = local.map((c) => `${c.intent}:${c.confidence.toFixed(2)}`).join(' ');
    const call = await invokeWithTimeout(async (signal) => {
      const structured = (await this.model).withStructuredOutput(llmIntentSchema, { name: 'intent', method: this.config.structuredMethod });
      return structured.invoke(
        [
          { role: 'system', content: SYSTEM },
          { role: 'user', content: `用户说：${text}\n本地分类器的猜测：${hint}\n以 JSON 返回 {"intent": "...", "confidence": 0.0}` },
        ],
        { signal },
      );
    }, this.config.timeoutMs);
    if (!call.ok) return null;
    const parsed = llmIntentSchema.safeParse(call.value);
    return parsed.success ? parsed.data : null;
  }
}
