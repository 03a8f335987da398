/**
 * The one place an OpenAI-compatible chat model is built (knowledge-base answer rewriting and
 * the understanding step's intent classification both use it). langchain is imported lazily:
 * it costs ~1 s at start-up and most deployments run without an LLM.
 */
import type { ChatOpenAI } from '@langchain/openai';

/** What building a chat model needs (a subset of the LLM_* config). */
export interface ChatModelConfig {
  baseUrl: string;
  apiKey: string;
  model: string;
  timeoutMs: number;
}

/**
 * A chat model with no retries (the callers fall back to their local result instead), the
 * config's timeout and temperature 0. A failed import rejects the promise; callers catch it.
 */
export function lazyChatModel(config: ChatModelConfig): Promise<ChatOpenAI> {
  const model = import('@langchain/openai').then(
    ({ ChatOpenAI }) =>
      new ChatOpenAI({
        model: config.model,
        apiKey: config.apiKey,
        maxRetries: 0,
        timeout: config.timeoutMs,
        temperature: 0,
        configuration: { baseURL: config.baseUrl },
      }),
  );
  model.catch(() => {}); // surfaces where the model is awaited, which falls back
  return model;
}
