/**
 * Approved SMS templates per kind of proactive message (SMS_TEMPLATES), for the template-only
 * gateways (Aliyun, Tencent): China's carriers deliver only pre-approved templates, so a message
 * of a kind without one is never sent there as free text — `reach` says the SMS channel cannot
 * carry it, and the outbound sender tries the person's next channel or records "unreachable".
 * Kannel sends free text and takes no templates.
 *
 * SMS_TEMPLATES is a JSON object with an entry for EVERY kind below (a forgotten kind is a start-up
 * error naming it): the template code (Aliyun `SMS_…`, Tencent the numeric id), or
 * `{"code", "param"}` where `param` names the template variable that carries the message text
 * (Aliyun `${content}` by default; Tencent fills `{1}`), or `"none"` for a kind that has no
 * approved template. Without SMS_TEMPLATES every proactive message uses the notice template
 * (ALIYUN_SMS_NOTICE_TEMPLATE_CODE / TENCENT_SMS_NOTICE_TEMPLATE_ID), as before.
 */
import { z } from 'zod';

/** The configurable kinds and the outbound queue kinds each covers. */
export const SMS_TEMPLATE_KINDS = {
  reminder: ['reminder'],
  waitlist: ['waitlist-offer', 'waitlist-promoted', 'waitlist-passed'],
  'course-change': ['course-changed', 'course-cancelled'],
  interest: ['interest'],
  'follow-up': ['follow-up'],
  'staff-reply': ['handoff-reply'],
  broadcast: ['broadcast'],
} as const satisfies Record<string, readonly string[]>;

export type SmsTemplateKind = keyof typeof SMS_TEMPLATE_KINDS;

/** One approved template: its code and the variable that carries the text. */
export interface SmsTemplate {
  code: string;
  param: string;
}

/** Per configurable kind: a template, or null (no approved template: not sent by SMS). */
export type SmsKindTemplates = Record<SmsTemplateKind, SmsTemplate | null>;

const KIND_NAMES = Object.keys(SMS_TEMPLATE_KINDS) as SmsTemplateKind[];
const code = z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a template code is letters, digits, _ or - (e.g. SMS_123456789 or 1234567)');
const entry = z.union([
  z.literal('none').transform(() => null),
  code.transform((c): SmsTemplate => ({ code: c, param: 'content' })),
  z.object({ code, param: z.string().trim().regex(/^[A-Za-z_]\w{0,31}$/, 'param is a template variable name').default('content') }).strict(),
]);

/** SMS_TEMPLATES (JSON) → SmsKindTemplates; every kind must be present. */
export const smsTemplatesSchema = z.string().transform((raw, ctx): SmsKindTemplates => {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'SMS_TEMPLATES is not valid JSON (e.g. {"reminder":"SMS_1","broadcast":"none",…})' });
    return z.NEVER;
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    ctx.addIssue({ code: 'custom', message: 'SMS_TEMPLATES must be a JSON object keyed by message kind' });
    return z.NEVER;
  }
  const obj = json as Record<string, unknown>;
  const out: Partial<SmsKindTemplates> = {};
  for (const key of Object.keys(obj)) {
    if (!(key in SMS_TEMPLATE_KINDS)) ctx.addIssue({ code: 'custom', message: `SMS_TEMPLATES: unknown kind "${key}" (kinds: ${KIND_NAMES.join(', ')})` });
  }
  for (const kind of KIND_NAMES) {
    if (!(kind in obj)) {
      ctx.addIssue({ code: 'custom', message: `SMS_TEMPLATES: no entry for kind "${kind}" (give its approved template code, or "none")` });
      continue;
    }
    const parsed = entry.safeParse(obj[kind]);
    if (!parsed.success) ctx.addIssue({ code: 'custom', message: `SMS_TEMPLATES.${kind}: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
    else out[kind] = parsed.data;
  }
  return ctx.issues.length ? z.NEVER : (out as SmsKindTemplates);
});

/**
 * The template for a queue kind: a template, null when that kind has none (do not send), or
 * undefined when the kind is not one of the configurable kinds (use the notice template).
 */
export function templateForKind(templates: SmsKindTemplates, queueKind: string): SmsTemplate | null | undefined {
  for (const kind of KIND_NAMES) if ((SMS_TEMPLATE_KINDS[kind] as readonly string[]).includes(queueKind)) return templates[kind];
  return undefined;
}
