/**
 * Outbound config fragment (composed by src/app/config.ts): quiet hours, per-channel throttling,
 * the announcement frequency cap, reminder time, the waitlist confirmation limit, follow-up days and
 * their catch-up window, the interest radius, SMS cost for previews. Every variable is optional.
 */
import { z } from 'zod';

const hhmm = /^([01]?\d|2[0-3]):([0-5]\d)$/;
const toMinutes = (t: string): number => {
  const [h, m] = t.split(':').map(Number);
  return h! * 60 + m!;
};

/** Quiet hours in China time as minutes of the day [start, end); null = off. */
export interface QuietHours {
  startMin: number;
  endMin: number;
}

const quietHours = z
  .string()
  .default('21:00-08:00')
  .transform((v, ctx): QuietHours | null => {
    const s = v.trim().toLowerCase();
    if (s === 'off' || s === '') return null;
    const [a, b] = s.split(/[-–~]/).map((x) => x.trim());
    if (!a || !b || !hhmm.test(a) || !hhmm.test(b)) {
      ctx.addIssue({ code: 'custom', message: 'QUIET_HOURS must be HH:MM-HH:MM (China time) or off' });
      return z.NEVER;
    }
    return { startMin: toMinutes(a), endMin: toMinutes(b) };
  });

/** "sms=10,wechat-oa=20,wechaty=0.05,*=20" messages per second per channel; "off" = unlimited. */
const rates = z
  .string()
  .default('sms=10,wechat-oa=20,wechaty=0.05,*=50')
  .transform((v, ctx): Record<string, number> | null => {
    if (v.trim().toLowerCase() === 'off') return null;
    const out: Record<string, number> = {};
    for (const part of v.split(',').map((p) => p.trim()).filter(Boolean)) {
      const [name, rate] = part.split('=').map((x) => x.trim());
      const n = Number(rate);
      if (!name || !(n > 0)) {
        ctx.addIssue({ code: 'custom', message: `OUTBOUND_RATES: "${part}" is not channel=messagesPerSecond` });
        return z.NEVER;
      }
      out[name] = n;
    }
    return out;
  });

const days = z
  .string()
  .default('30,90')
  .transform((v, ctx) => {
    const list = v.split(',').map((d) => Number(d.trim()));
    if (!list.every((d) => Number.isInteger(d) && d > 0 && d <= 730)) {
      ctx.addIssue({ code: 'custom', message: 'FOLLOW_UP_DAYS must be comma-separated whole days, e.g. 30,90' });
      return z.NEVER;
    }
    return [...new Set(list)].sort((a, b) => a - b);
  });

export const outboundConfigSchema = z.object({
  /** Announcements wait outside these hours (China time); transactional messages never wait. */
  QUIET_HOURS: quietHours,
  OUTBOUND_RATES: rates,
  /** Personal-WeChat (wechaty) pushes per day: mass messaging gets personal accounts banned. */
  WECHATY_DAILY_CAP: z.coerce.number().int().min(0).default(100),
  /** Announcements per person per 7 days (reminders and replies are not counted). */
  ANNOUNCEMENTS_PER_WEEK: z.coerce.number().int().min(0).default(2),
  /** When the day-before class reminders are queued (China time). */
  REMINDER_TIME: z.string().regex(hhmm, 'REMINDER_TIME must be HH:MM').default('18:00'),
  /** The second run that evening, for sign-ups made after REMINDER_TIME (`off` = none; not before REMINDER_TIME). */
  REMINDER_LATE_TIME: z
    .string()
    .default('20:00')
    .refine((v) => v === 'off' || hhmm.test(v), 'REMINDER_LATE_TIME must be HH:MM or off')
    .transform((v) => (v === 'off' ? null : v)),
  /** How long a promoted waitlisted person has to confirm the seat. */
  WAITLIST_CONFIRM_HOURS: z.coerce.number().positive().max(24 * 14).default(24),
  /** Follow-up questions this many days after a course ends. */
  FOLLOW_UP_DAYS: days,
  /** A follow-up run still asks about courses whose due day passed up to this many days ago (missed runs are caught up). */
  FOLLOW_UP_CATCH_UP_DAYS: z.coerce.number().int().min(0).max(60).default(7),
  /** Interest notices: county centres at most this many km apart count as near. */
  INTEREST_RADIUS_KM: z.coerce.number().positive().max(1000).default(45),
  /** Price of one SMS segment in yuan (broadcast previews). */
  SMS_COST_PER_SEGMENT: z.coerce.number().min(0).default(0.05),
});

/** The evening's reminder runs: REMINDER_TIME, then REMINDER_LATE_TIME when it is later that day. */
export function reminderTimes(config: Pick<OutboundConfig, 'REMINDER_TIME' | 'REMINDER_LATE_TIME'>): string[] {
  const late = config.REMINDER_LATE_TIME;
  return late && toMinutes(late) > toMinutes(config.REMINDER_TIME) ? [config.REMINDER_TIME, late] : [config.REMINDER_TIME];
}

export type OutboundEnvConfig = { outbound: OutboundConfig };
export type OutboundConfig = z.infer<typeof outboundConfigSchema>;

/** The defaults (tests and tools that build the notifications feature without an env). */
export const defaultOutboundConfig = (): OutboundConfig => outboundConfigSchema.parse({});

/** Minute of the China day when the reminder job runs, as a cron expression (seconds first). */
export function reminderCron(time: string): string {
  const [h, m] = time.split(':').map(Number);
  return `0 ${m} ${h} * * *`;
}
