/**
 * Policy Q&A: answers a question from the knowledge base and remembers the cited clause, so
 * "1" shows its full text. Anything else is handed back to the router (a new question, a menu
 * number, a course search).
 */
import { z } from 'zod';
import { recordAbstain } from './handoff.js';
import type { Dialog, DialogContext, StepResult } from './types.js';

export const policyTexts = {
  askPolicyPrompt: '请直接说您想问的政策，比如：“俺是残疾人，能参加培训不？”',
  noClause: '这条原文找不到了，请重新提问。',
} as const;

const stateSchema = z.object({
  /** Clause cited by the last answer (for "1 看原文"). */
  clauseId: z.number().int().nullable(),
  /** The prompt was just shown: the next free text is the question. */
  awaitingQuestion: z.boolean().default(false),
});
type State = z.infer<typeof stateSchema>;

/** Characters a policy answer may use on this channel. */
export function answerBudget(ctx: DialogContext): number {
  const { maxTextLength, maxSegments } = ctx.channel.capabilities;
  return Math.min(300, maxTextLength * maxSegments);
}

async function answer(question: string, ctx: DialogContext): Promise<StepResult<State>> {
  const result = await ctx.services.knowledge.ask(question, { maxChars: answerBudget(ctx) });
  const clauseId = result.answered ? (result.citations[0]?.clauseId ?? null) : null;
  // An unanswered question goes to the staff inbox, so a person can answer it (and teach the bot).
  if (!result.answered && !result.expired) await recordAbstain(ctx, question);
  return { replies: [result.text], state: { clauseId, awaitingQuestion: false } };
}

export const askPolicyDialog: Dialog<State, { question?: string } | undefined> = {
  id: 'ask-policy',
  stateSchema,
  async start(args, ctx) {
    if (args?.question) return answer(args.question, ctx);
    return { replies: [policyTexts.askPolicyPrompt], state: { clauseId: null, awaitingQuestion: true } };
  },
  async step(state, input, ctx) {
    if (input.text === '1' && state.clauseId !== null) {
      const clause = await ctx.services.knowledge.clause(state.clauseId);
      if (!clause) return { replies: [policyTexts.noClause], end: true };
      return { replies: [`《${clause.document}》${clause.label}原文：\n${clause.text}`], state };
    }
    // Right after the prompt, free text is the question.
    if (state.awaitingQuestion && input.text && !/^\d$/.test(input.text)) return answer(input.text, ctx);
    return { replies: [], reroute: true };
  },
};
