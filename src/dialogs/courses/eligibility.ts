/**
 * Eligibility pre-check for one course: asks yes/no only about the groups the course is limited
 * to (one at a time, stopping at the first yes), answers "符合 / 可能不符合，请咨询…" and cites
 * the policy clause that names the group (knowledge.clausesMentioning). Then "1" signs up.
 */
import { z } from 'zod';
import { groupLabel, parseGroupWords } from '../../courses/groups.js';
import { acceptsSignUps } from '../../courses/rules.js';
import { GROUP_KEYS, type CourseView, type GroupKey } from '../../courses/types.js';
import { answerMidForm, groupCitation, isQuestion, yesNo } from './form-input.js';
import { courseTexts as T } from './texts.js';
import type { Dialog, DialogContext, StepResult } from '../types.js';

const stateSchema = z.object({
  courseId: z.number().int(),
  stage: z.enum(['ask', 'done']),
  required: z.array(z.enum(GROUP_KEYS)),
  index: z.number().int().min(0),
  yes: z.array(z.enum(GROUP_KEYS)).default([]),
  canEnroll: z.boolean(),
  proxy: z.boolean().default(false),
  listText: z.string().default(''),
});
type State = z.infer<typeof stateSchema>;

export interface EligibilityArgs {
  courseId: number;
  proxy?: boolean;
  listText?: string;
  /** Target groups already said ("俺是退役军人 想学电工"): a required one is not asked again. */
  groups?: string[];
}

const ask = (state: State) => {
  const label = groupLabel(state.required[state.index]!);
  return state.proxy ? T.askGroupProxy(label) : T.askGroupSelf(label);
};

function after(state: State): string {
  const base = T.afterEligibility(state.canEnroll);
  return state.listText ? `${base}，回复3返回列表` : base;
}

async function verdict(state: State, course: CourseView | null, ctx: DialogContext, yes: GroupKey | null): Promise<StepResult<State>> {
  const contact = course?.contact || '当地人社部门';
  const cite = await groupCitation(yes ?? state.required[0]!, ctx);
  const text = yes ? T.eligibleYes(groupLabel(yes)) : T.eligibleNo(state.required.map(groupLabel).join('、'), contact);
  const done: State = { ...state, stage: 'done', yes: yes ? [...new Set([yes, ...state.yes])] : state.yes, canEnroll: state.canEnroll && yes !== null };
  return { replies: [[text, cite].filter(Boolean).join('\n'), after(done)], state: done };
}

export const eligibilityDialog: Dialog<State, EligibilityArgs> = {
  id: 'eligibility',
  resume: (state) => [state.stage === 'ask' ? ask(state) : after(state)],
  stateSchema,
  async start(args, ctx) {
    const course = await ctx.services.courses.get(args.courseId);
    if (!course) return { replies: [T.courseNotFound], end: true };
    const state: State = {
      courseId: course.id,
      stage: 'ask',
      required: course.eligibleGroups,
      index: 0,
      yes: parseGroupWords(args.groups ?? []),
      canEnroll: acceptsSignUps(course, ctx.services.clock),
      proxy: args.proxy ?? false,
      listText: args.listText ?? '',
    };
    // A group said before ("俺是退役军人 想学电工") that the course is for: not asked again.
    const known = course.eligibleGroups.find((g) => state.yes.includes(g));
    if (known) return verdict(state, course, ctx, known);
    if (course.eligibleGroups.length === 0) {
      const done: State = { ...state, stage: 'done' };
      return { replies: [T.everyoneEligible(course.contact || '当地人社部门'), after(done)], state: done };
    }
    return { replies: [ask(state)], state };
  },

  async step(state, input, ctx) {
    const text = input.text;
    if (state.stage === 'done') {
      if (text === '1' && state.canEnroll) {
        return { replies: [], push: { dialog: 'sign-up', args: { courseId: state.courseId, proxy: state.proxy, groups: state.yes } } };
      }
      if (text === '3' && state.listText) return { replies: [state.listText], end: true };
      return { replies: [], reroute: true };
    }
    const answer = yesNo(text);
    if (answer === true) return verdict(state, await ctx.services.courses.get(state.courseId), ctx, state.required[state.index]!);
    if (answer === false) {
      const next = { ...state, index: state.index + 1 };
      if (next.index < state.required.length) return { replies: [ask(next)], state: next };
      return verdict(state, await ctx.services.courses.get(state.courseId), ctx, null);
    }
    if (isQuestion(text)) {
      const course = await ctx.services.courses.get(state.courseId);
      return answerMidForm(text, course, state, [ask(state)]);
    }
    return { replies: [`${T.yesNo}\n${ask(state)}`], state };
  },
};
