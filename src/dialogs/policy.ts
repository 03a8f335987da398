/**
 * Policy Q&A: answers a question from the knowledge base and remembers the cited clause, so
 * "1" shows its full text. When two or three clauses fit about equally the knowledge base asks
 * back (您是想问：1 … 2 …): the pick — a number, 第二个, or the choice's own words — is answered
 * from that clause. Anything else is handed back to the router (a new question, a menu number,
 * a course search).
 */
import { z } from 'zod';
import { recordAbstain } from './handoff.js';
import type { Dialog, DialogContext, DialogInput, StepResult } from './types.js';

export const policyTexts = {
  askPolicyPrompt: '请直接说您想问的政策，比如：“俺是残疾人，能参加培训不？”',
  noClause: '这条原文找不到了，请重新提问。',
  noPersonalHere: '问政策不用留姓名和电话。',
} as const;

const choiceSchema = z.object({ clauseId: z.number().int(), label: z.string() });

const stateSchema = z.object({
  /** Clause cited by the last answer (for "1 看原文"). */
  clauseId: z.number().int().nullable(),
  /** The prompt was just shown: the next free text is the question. */
  awaitingQuestion: z.boolean().default(false),
  /** The last answer asked back: the question and the clauses offered. */
  pending: z.object({ question: z.string(), choices: z.array(choiceSchema).min(2) }).nullable().default(null),
  /**
   * The question was asked on another screen (a list, a course, a form): once it is answered —
   * also after an ask-back pick — that screen is shown again (`resumeBelow`).
   */
  returnTo: z.boolean().default(false),
});
type State = z.infer<typeof stateSchema>;
type Choice = z.infer<typeof choiceSchema>;

/** Characters a policy answer may use on this channel. */
export function answerBudget(ctx: DialogContext): number {
  const { maxTextLength, maxSegments } = ctx.channel.capabilities;
  return Math.min(300, maxTextLength * maxSegments);
}

/**
 * Answers `question` (from `clauseId` when an ask-back was picked). `returnTo`: asked on another
 * screen that is shown again after the answer — the answer ends this dialog without its
 * "回复1看原文" (the screen's own numbers follow) and the engine resumes the screen below.
 */
async function answer(question: string, ctx: DialogContext, clauseId?: number, returnTo = false): Promise<StepResult<State>> {
  const result = await ctx.services.knowledge.ask(question, {
    maxChars: answerBudget(ctx),
    ...(clauseId !== undefined ? { clauseId } : {}),
  });
  if (result.choices && result.choices.length >= 2) {
    const back = returnTo || ctx.interrupting === true;
    return { replies: [result.text], state: { clauseId: null, awaitingQuestion: false, pending: { question, choices: result.choices }, returnTo: back } };
  }
  const cited = result.answered ? (result.citations[0]?.clauseId ?? null) : null;
  if (returnTo) {
    if (!result.answered && !result.expired) await recordAbstain(ctx, question);
    return { replies: [withoutReadMore(result.text)], end: true, resumeBelow: true };
  }
  // Answering a question typed on another screen: that screen comes next with its own numbers.
  if (ctx.interrupting) {
    if (!result.answered && !result.expired) await recordAbstain(ctx, question);
    return { replies: [withoutReadMore(result.text)], state: { clauseId: null, awaitingQuestion: false, pending: null, returnTo: false } };
  }
  // An unanswered question goes to the staff inbox, so a person can answer it (and teach the bot).
  if (!result.answered && !result.expired) await recordAbstain(ctx, question);
  return { replies: [result.text], state: { clauseId: cited, awaitingQuestion: false, pending: null, returnTo: false } };
}

const ORDINALS: Array<[RegExp, (n: number) => number]> = [
  [/^(?:第)?[1１一](?:个|条)?$|^第一|^头一|^前一个/u, () => 0],
  [/^(?:第)?[2２二](?:个|条)?$|^第二|^后一个/u, () => 1],
  [/^(?:第)?[3３三](?:个|条)?$|^第三/u, () => 2],
  [/^最后/u, (n) => n - 1],
];

/** The choice a reply picks: its number or ordinal, or the most of a label's words. */
export function pickChoice(text: string, choices: Choice[]): Choice | null {
  const t = text.replace(/[\s，。！？,.!?～~]+/gu, '').replace(/^(?:我|俺)?(?:要|想)?(?:问|选|是)?/u, '');
  if (t === '') return null;
  for (const [re, at] of ORDINALS) {
    if (!re.test(t)) continue;
    const i = at(choices.length);
    return choices[i] ?? null;
  }
  const bigrams = (s: string): Set<string> => {
    const out = new Set<string>();
    const cs = [...s];
    for (let i = 0; i + 1 < cs.length; i++) out.add(cs[i]! + cs[i + 1]!);
    return out;
  };
  // A longer text is a new question, not a pick by words.
  if ([...t].length > 12) return null;
  const mine = bigrams(t);
  const scored = choices
    .map((c) => ({ c, n: [...bigrams(c.label)].filter((b) => mine.has(b)).length }))
    .sort((a, b) => b.n - a.n);
  if (scored[0] && scored[0].n > 0 && scored[0].n > (scored[1]?.n ?? 0)) return scored[0].c;
  return null;
}

/** Drops the answer's "回复1看原文" (it would collide with the numbered options shown next). */
export function withoutReadMore(text: string): string {
  return text.replace(/\n?回复\d+看原文[。！]?\s*$/, '').trim();
}

/**
 * After "请直接说您想问的政策", what is plainly no policy question: another feature's request
 * (找课程, 我的报名, 人工 …: rule-confident), or a bare name or phone number.
 */
function notAQuestion(input: DialogInput): 'other' | 'personal' | null {
  const u = input.understanding;
  if (!u) return null;
  const top = u.intents[0];
  if (top && top.source === 'rule' && top.confidence >= 0.8 && !['policy_question', 'other_service', 'chitchat', 'thanks_ack'].includes(top.intent)) return 'other';
  if (!u.isQuestion && (u.entities.phone || (u.entities.name && !u.entities.trade && !u.entities.place && u.entities.groups.length === 0))) return 'personal';
  return null;
}

/** Start args: the question (else the prompt is shown); `returnTo`: asked on a screen to show again after. */
export interface AskPolicyArgs {
  question?: string;
  returnTo?: boolean;
}

export const askPolicyDialog: Dialog<State, AskPolicyArgs | undefined> = {
  id: 'ask-policy',
  stateSchema,
  resume: (state) => (state.awaitingQuestion ? [policyTexts.askPolicyPrompt] : []),
  passive: (state) => !state.awaitingQuestion && state.pending === null,
  async start(args, ctx) {
    if (args?.question) return answer(args.question, ctx, undefined, args.returnTo === true);
    return { replies: [policyTexts.askPolicyPrompt], state: { clauseId: null, awaitingQuestion: true, pending: null, returnTo: false } };
  },
  async step(state, input, ctx) {
    if (state.pending && input.text) {
      const pick = pickChoice(input.text, state.pending.choices);
      if (pick) return answer(state.pending.question, ctx, pick.clauseId, state.returnTo);
    }
    if (input.text === '1' && state.clauseId !== null) {
      const clause = await ctx.services.knowledge.clause(state.clauseId);
      if (!clause) return { replies: [policyTexts.noClause], end: true };
      return { replies: [`《${clause.document}》${clause.label}原文：\n${clause.text}`], state };
    }
    // Right after the prompt, free text is the question — unless it plainly is something else.
    if (state.awaitingQuestion && input.text && !/^\d$/.test(input.text)) {
      const other = notAQuestion(input);
      if (other === 'personal') return { replies: [policyTexts.noPersonalHere, policyTexts.askPolicyPrompt], state };
      if (other === 'other') return { replies: [], reroute: true };
      return answer(input.text, ctx);
    }
    return { replies: [], reroute: true };
  },
};
