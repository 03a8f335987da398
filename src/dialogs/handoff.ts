/**
 * 转人工: records a request for a person with the last real question the user asked (so staff
 * see "电焊证咋考", not "人工"), once per open request, and leaves the flow.
 */
import { z } from 'zod';
import { HANDOFF } from '../nlu/rules.js';
import type { Dialog, DialogContext } from './types.js';

export const HANDOFF_DIALOG = 'handoff';

/** Office hours of the county bureaus (China time): weekdays 9:00–12:00 and 14:30–17:30. Holidays are not known. */
export const OFFICE_HOURS = { days: [1, 2, 3, 4, 5], spans: [[9 * 60, 12 * 60], [14 * 60 + 30, 17 * 60 + 30]] as const };

/** When a reply can honestly be expected, from the China-time weekday and minute of the request. */
export function expectedReply(now: Date): string {
  const local = new Date(now.getTime() + 8 * 3600_000);
  const day = local.getUTCDay();
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  const workday = OFFICE_HOURS.days.includes(day);
  if (workday && OFFICE_HOURS.spans.some(([a, b]) => minute >= a && minute < b - 30)) return '工作人员一般在2小时内回复';
  if (workday && minute < OFFICE_HOURS.spans[0][0]) return '今天上午9点上班后回复';
  if (workday && minute < OFFICE_HOURS.spans[1][0]) return '今天下午2点半上班后回复';
  return day === 5 || day === 6 ? '现在是下班时间，下周一上午回复' : day === 0 ? '现在是休息日，明天（周一）上午回复' : '现在是下班时间，明天上午回复';
}

export const handoffTexts = {
  created: (now: Date) => `已转给工作人员（工作日9:00-17:30），${expectedReply(now)}，会在这里答复您。急事请拨12333。`,
  alreadyOpen: (now: Date) => `您的问题已在人工处理中，${expectedReply(now)}。急事请拨12333。`,
} as const;

/**
 * Records a policy question the bot could not answer, for the staff inbox (kind "abstain"), once
 * per user and question while it is open. Staff can answer it and save the answer for next time.
 */
export async function recordAbstain(ctx: DialogContext, question: string): Promise<void> {
  const { db } = ctx.services;
  const q = question.trim().slice(0, 500);
  if (!q) return;
  const dup = await db.handoffRequest.findFirst({ where: { userId: ctx.user.id, status: 'open', kind: 'abstain', question: q } });
  if (dup) return;
  await db.handoffRequest.create({
    data: { userId: ctx.user.id, channel: ctx.channel.name, question: q, kind: 'abstain', countyCode: ctx.user.countyCode },
  });
}
/** Words that ask for a person (not a question staff could answer): 人工, 我要找真人说话, 有没有人工客服 … */
export const HANDOFF_WORDS: RegExp = HANDOFF;

/** Messages that are not a question staff could answer: numbers, requests for a person, yes/no, emoji. */
function notAQuestion(t: string): boolean {
  const bare = t.replace(/[。！!？?\s]+$/u, '');
  return !bare || /^\d+$/.test(bare) || HANDOFF.test(bare.replace(/\s+/g, '')) || /^\[.{1,4}\]/.test(bare) || !/[\p{L}\p{N}]/u.test(bare) || bare.length <= 2;
}

/** The user's last message that was a real question: not a number, not a request for a person. */
async function lastQuestion(ctx: DialogContext): Promise<string> {
  const rows = await ctx.services.db.messageLog.findMany({
    where: { userId: ctx.user.id, direction: 'in', kind: 'text' },
    orderBy: { id: 'desc' },
    take: 10,
    select: { text: true },
  });
  const real = rows.map((r) => r.text.trim()).find((t) => !notAQuestion(t));
  return real ?? '';
}

export const handoffDialog: Dialog<never, { question?: string } | undefined> = {
  id: HANDOFF_DIALOG,
  stateSchema: z.never(),
  async start(args, ctx) {
    const { db } = ctx.services;
    const now = ctx.services.clock.now();
    const open = await db.handoffRequest.findFirst({ where: { userId: ctx.user.id, status: 'open', kind: 'request' } });
    if (open) return { replies: [handoffTexts.alreadyOpen(now)], end: true };
    const question = args?.question || (await lastQuestion(ctx));
    await db.handoffRequest.create({
      data: { userId: ctx.user.id, channel: ctx.channel.name, question, kind: 'request', countyCode: ctx.user.countyCode },
    });
    return { replies: [handoffTexts.created(now)], end: true };
  },
  step: () => ({ replies: [], end: true }),
};
