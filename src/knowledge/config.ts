/**
 * LLM configuration fragment (composed by src/app/config.ts). All three of LLM_BASE_URL,
 * LLM_API_KEY and LLM_MODEL must be set to enable the LLM; otherwise `llm` is null.
 */
import { z } from 'zod';
import { optionalString } from '../shared/env-fields.js';


/** How structured output is requested: many Chinese endpoints lack `json_schema`. */
export const structuredMethods = ['functionCalling', 'jsonMode', 'jsonSchema'] as const;
export type StructuredMethod = (typeof structuredMethods)[number];

export interface LlmConfig {
  baseUrl: string;
  apiKey: string;
  model: string;
  timeoutMs: number;
  structuredMethod: StructuredMethod;
}

/** Parses the LLM_* variables of an env object into `{ llm: LlmConfig | null }`. */
export const llmConfigSchema = z
  .object({
    LLM_BASE_URL: optionalString.refine((v) => v === undefined || /^https?:\/\//u.test(v), {
      message: 'LLM_BASE_URL must be an http(s) URL',
    }),
    LLM_API_KEY: optionalString,
    LLM_MODEL: optionalString,
    LLM_TIMEOUT_MS: z.coerce.number().int().positive().max(120_000).default(8000),
    LLM_STRUCTURED_METHOD: z.enum(structuredMethods).default('functionCalling'),
  })
  .transform((env) => ({
    llm:
      env.LLM_BASE_URL && env.LLM_API_KEY && env.LLM_MODEL
        ? ({
            baseUrl: env.LLM_BASE_URL,
            apiKey: env.LLM_API_KEY,
            model: env.LLM_MODEL,
            timeoutMs: env.LLM_TIMEOUT_MS,
            structuredMethod: env.LLM_STRUCTURED_METHOD,
          } satisfies LlmConfig)
        : null,
  }));

export type LlmEnvConfig = z.infer<typeof llmConfigSchema>;
