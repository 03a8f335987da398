/**
 * The one place an OpenAI-compatible chat model is built and called under a deadline (knowledge-base
 * answer rewriting and re-ranking and the understanding step's intent classification all use it). langchain is imported lazily:
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

/**
 * Runs one model call with an abort signal and a deadline: `timeout` when the deadline passes
 * (the call is aborted), `error` when it throws. Never throws.
 */
export async function invokeWithTimeout<T>(
  run: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
): Promise<{ ok: true; value: T } | { ok: false; reason: 'timeout' | 'error' }> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve('timeout');
    }, timeoutMs);
  });
  try {
    const value = await Promise.race([run(controller.signal), timeout]);
    return value === 'timeout' ? { ok: false, reason: 'timeout' } : { ok: true, value };
  } catch {
    return { ok: false, reason: controller.signal.aborted ? 'timeout' : 'error' };
  } finally {
    clearTimeout(timer);
  }
}
