/**
 * Configuration: one zod schema over the environment. Only the entry points (src/bin/) pass process.env in;
 * everything else receives the typed Config. Channel and LLM sections are composed from the
 * fragments their modules export.
 */
import { z } from 'zod';
import { DEFAULT_DATABASE_URL } from '../db/client.js';
import { optionalString } from '../shared/env-fields.js';
import { llmConfigSchema, type LlmEnvConfig } from '../knowledge/config.js';
import { wechatOaConfigSchema, type WechatOaEnvConfig } from '../integrations/wechat-oa/config.js';
import { wechatyConfigSchema, type WechatyEnvConfig } from '../integrations/wechaty/config.js';
import { smsConfigSchema, type SmsEnvConfig } from '../integrations/sms/config.js';
import { retentionConfigSchema, type RetentionConfig } from '../privacy/index.js';
import { outboundConfigSchema, type OutboundEnvConfig } from '../notifications/config.js';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;


export const coreConfigSchema = z.object({
  /** An empty or non-numeric PORT is an error (a silent random port would hide a typo). */
  PORT: z
    .string()
    .default('3000')
    .refine((v) => /^\d{1,5}$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 65535, {
      message: 'PORT must be a port number 1–65535',
    })
    .transform((v) => Number(v)),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^file:/, `DATABASE_URL must be a SQLite URL like ${DEFAULT_DATABASE_URL}`)
    .default(DEFAULT_DATABASE_URL),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  ADMIN_USERNAME: optionalString,
  ADMIN_PASSWORD: optionalString.refine((v) => v === undefined || v.length >= 8, {
    message: 'ADMIN_PASSWORD must be at least 8 characters',
  }),
  /** Graceful shutdown: how long to wait for in-flight requests and turns before closing anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  /** Lifetime of a staff login token, hours. */
  ADMIN_TOKEN_TTL_HOURS: z.coerce.number().positive().default(12),
  /** The local simulator channel and web chat (/api/sim/*, /). Turn off on a public deployment. */
  SIM_ENABLED: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  /**
   * Lets callers other than this machine use the raw simulator API (caller-chosen userId) with
   * `Authorization: Bearer <token>`; unset = loopback only. At least 24 characters.
   */
  SIM_API_TOKEN: optionalString.refine((v) => v === undefined || v.length >= 24, {
    message: 'SIM_API_TOKEN must be at least 24 characters',
  }),
  /**
   * Express `trust proxy`: which peers may set X-Forwarded-For (the client address used by the
   * rate limits, the login limits and SMS IP allow-lists). `loopback` (a proxy on the same host),
   * `false` (none: the app faces clients directly), a hop count, or addresses/subnets.
   */
  TRUST_PROXY: z
    .string()
    .default('loopback')
    .transform((v): boolean | number | string => (v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v)),
  /** Web chat (and token callers of the raw sim API): requests a minute per client address; 0 = off. */
  RATE_LIMIT_CHAT_PER_MIN: z.coerce.number().int().min(0).default(30),
  /** Public read APIs (/api/ask, /api/courses): requests a minute per client address; 0 = off. */
  RATE_LIMIT_API_PER_MIN: z.coerce.number().int().min(0).default(120),
  /**
   * How long a turn's dedupe claim holds: a redelivery of a message whose turn is still
   * "processing" after this (its process crashed) runs the turn again.
   */
  DEDUPE_LEASE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** Load the sample course catalog on first start (off = start with an empty catalog). */
  SEED_SAMPLE_CATALOG: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
});

export type CoreConfig = z.infer<typeof coreConfigSchema>;

/** Turns zod issues into one readable message per variable. */
export function formatConfigError(error: z.ZodError): string {
  const lines = error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
  return `Invalid configuration:\n${lines.join('\n')}`;
}


export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Parses one schema over the env, throwing a ConfigError that names every bad variable. */
export function parseSection<T extends z.ZodType>(schema: T, env: Record<string, string | undefined>): z.infer<T> {
  const result = schema.safeParse(env);
  if (!result.success) throw new ConfigError(formatConfigError(result.error));
  return result.data;
}

/** The whole configuration. Channel and LLM sections are null when not configured. */
export type AppConfig = CoreConfig & LlmEnvConfig & WechatOaEnvConfig & WechatyEnvConfig & SmsEnvConfig & RetentionConfig & OutboundEnvConfig;

/** Builds the typed configuration from an env object (only the entry points in src/bin/ pass process.env). */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const core = parseSection(coreConfigSchema, env);
  const llm = parseSection(llmConfigSchema, env);
  const wechatOa = parseSection(wechatOaConfigSchema, env);
  const wechaty = parseSection(wechatyConfigSchema, env);
  const sms = parseSection(smsConfigSchema, env);
  const retention = parseSection(retentionConfigSchema, env);
  const outbound = parseSection(outboundConfigSchema, env);
  return { ...core, ...llm, ...wechatOa, ...wechaty, ...sms, ...retention, outbound };
}

/** For the CLI entry points: the configuration, or (when it is invalid) the reasons printed and exit 78 (EX_CONFIG). */
export function loadConfigOrExit(env: Record<string, string | undefined>): AppConfig {
  try {
    return loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    return process.exit(78);
  }
}
