/**
 * 转人工: records a request for a person with the last real question the user asked (so staff
 * see "电焊证咋考", not "人工"), once per open request, and leaves the flow.
 */
import { z } from 'zod';
import { HANDOFF } from '../nlu/rules.js';
import type { Dialog, DialogContext } from './types.js';

export const HANDOFF_DIALOG = 'handoff';

export const handoffTexts = {
  created: '已帮您转给工作人员，他们看到后会在这里回复您。急事请拨打12333。',
  alreadyOpen: '您的问题已在人工处理中，请耐心等待工作人员回复。急事请拨打12333。',
} as const;

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
    const open = await db.handoffRequest.findFirst({ where: { userId: ctx.user.id, status: 'open' } });
    if (open) return { replies: [handoffTexts.alreadyOpen], end: true };
    const question = args?.question || (await lastQuestion(ctx));
    await db.handoffRequest.create({ data: { userId: ctx.user.id, channel: ctx.channel.name, question } });
    return { replies: [handoffTexts.created], end: true };
  },
  step: () => ({ replies: [], end: true }),
};
