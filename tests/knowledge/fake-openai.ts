/** A fake OpenAI-compatible chat endpoint on 127.0.0.1 for LLM tests (no network, no keys). */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { llmConfigSchema, type LlmConfig } from '../../src/knowledge/config.js';

export interface FakeRequest {
  messages: Array<{ role: string; content: string }>;
  tools?: Array<{ function: { name: string } }>;
}

/** What the fake answers: a JSON payload, or a delay before answering. */
export type FakeBehaviour = (req: FakeRequest) => { payload: unknown; delayMs?: number };

export interface FakeOpenAi {
  baseUrl: string;
  requests: FakeRequest[];
  setBehaviour(b: FakeBehaviour): void;
  close(): Promise<void>;
}

export async function startFakeOpenAi(initial: FakeBehaviour): Promise<FakeOpenAi> {
  let behaviour = initial;
  let n = 0;
  const requests: FakeRequest[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const parsed = JSON.parse(body) as FakeRequest;
      requests.push(parsed);
      const { payload, delayMs } = behaviour(parsed);
      n += 1;
      const args = JSON.stringify(payload);
      const tool = parsed.tools?.[0]?.function.name;
      const message = tool
        ? { role: 'assistant', content: null, tool_calls: [{ id: `call_${n}`, type: 'function', function: { name: tool, arguments: args } }] }
        : { role: 'assistant', content: args };
      const reply = JSON.stringify({
        id: `chatcmpl-fake-${n}-${Date.now()}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: 'fake-model',
        choices: [{ index: 0, message, finish_reason: tool ? 'tool_calls' : 'stop' }],
        usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
      });
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(reply);
      }, delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    setBehaviour: (b) => (behaviour = b),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Clause ids offered to the model in the prompt (【条款12】…). */
export function offeredIds(req: FakeRequest): number[] {
  const text = req.messages.map((m) => m.content).join('\n');
  return [...text.matchAll(/【条款(\d+)】/gu)].map((m) => Number(m[1]));
}

/** LLM config pointing at a fake server (structured method and timeout as given). */
export function fakeLlmConfig(baseUrl: string, method: 'functionCalling' | 'jsonMode', timeoutMs: number): LlmConfig {
  const { llm } = llmConfigSchema.parse({
    LLM_BASE_URL: baseUrl,
    LLM_API_KEY: 'test-key',
    LLM_MODEL: 'fake-model',
    LLM_TIMEOUT_MS: String(timeoutMs),
    LLM_STRUCTURED_METHOD: method,
  });
  return llm!;
}
