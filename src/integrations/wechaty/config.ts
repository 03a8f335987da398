/**
 * wechaty configuration fragment (composed by src/app/config.ts). The channel starts only when
 * WECHATY_PUPPET names a puppet package (e.g. wechaty-puppet-wechat4u, wechaty-puppet-service,
 * wechaty-puppet-padlocal); `wechaty` is null otherwise.
 */
import { z } from 'zod';
import { optionalString } from '../../shared/env-fields.js';


/** Comma-separated list (ASCII or Chinese commas), blanks dropped. */
const list = optionalString.transform((v) =>
  (v ?? '')
    .split(/[,，]/)
    .map((s) => s.trim())
    .filter(Boolean),
);

export interface WechatyConfig {
  /** Puppet package name, loaded by wechaty (must be installed). */
  puppet: string;
  /** Puppet token (wechaty-puppet-service, padlocal); not needed by wechat4u. */
  puppetToken?: string;
  /** Session name: wechaty keeps the login in `<name>.memory-card.json` in the working directory. */
  name: string;
  /** In groups the bot answers only when @-mentioned or when a message starts with one of these. */
  groupKeywords: string[];
  /** Room topics that staff broadcasts go to by default. */
  broadcastRooms: string[];
}

/** Parses the WECHATY_* variables of an env object into `{ wechaty: WechatyConfig | null }`. */
export const wechatyConfigSchema = z
  .object({
    WECHATY_PUPPET: optionalString.refine((v) => v === undefined || /^(@[\w.-]+\/)?wechaty-puppet-[\w.-]+$/.test(v), {
      message: 'WECHATY_PUPPET must be a puppet package name like wechaty-puppet-wechat4u',
    }),
    WECHATY_PUPPET_TOKEN: optionalString,
    WECHATY_NAME: optionalString.refine((v) => v === undefined || /^[\w.-]{1,64}$/.test(v), {
      message: 'WECHATY_NAME may contain letters, digits, "_", "." and "-"',
    }),
    WECHATY_GROUP_KEYWORDS: optionalString.transform((v) =>
      (v ?? '助手,@技能助手')
        .split(/[,，]/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
    WECHATY_BROADCAST_ROOMS: list,
  })
  .transform((env) => ({
    wechaty: env.WECHATY_PUPPET
      ? ({
          puppet: env.WECHATY_PUPPET,
          ...(env.WECHATY_PUPPET_TOKEN ? { puppetToken: env.WECHATY_PUPPET_TOKEN } : {}),
          name: env.WECHATY_NAME ?? 'skills-bot',
          groupKeywords: env.WECHATY_GROUP_KEYWORDS,
          broadcastRooms: env.WECHATY_BROADCAST_ROOMS,
        } satisfies WechatyConfig)
      : null,
  }));

export type WechatyEnvConfig = z.infer<typeof wechatyConfigSchema>;
