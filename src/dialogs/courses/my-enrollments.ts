/**
 * My sign-ups (电子档案): lists the user's sign-ups with their status (待开课, 候补第N位, 已参加,
 * 已结业/取得证书, 已取消), numbered; "回复数字取消该报名" → confirm → cancelEnrollment (which
 * promotes and notifies the first waitlisted person).
 */
import { z } from 'zod';
import { CourseError, type EnrollmentView } from '../../courses/types.js';
import { STALE_LIST_MS } from './find.js';
import { yesNo } from './form-input.js';
import { CANCELLABLE, courseTexts as T } from './texts.js';
import type { Dialog, DialogContext, StepResult } from '../types.js';

/** Numbers 1–7 (8 means "more" elsewhere; 0 is the menu). */
const MAX_SHOWN = 7;

const itemSchema = z.object({ id: z.number().int(), title: z.string(), status: z.string(), label: z.string() });
const stateSchema = z.object({
  stage: z.enum(['list', 'confirm']),
  items: z.array(itemSchema),
  /** Index into items while confirming a cancellation. */
  selected: z.number().int().min(0).default(0),
  at: z.number().default(0),
});
type State = z.infer<typeof stateSchema>;

/** The numbered list text. */
export function enrollmentList(list: EnrollmentView[]): string {
  const shown = list.slice(0, MAX_SHOWN);
  const cancellable = shown.some((e) => CANCELLABLE.has(e.status));
  const footer = T.enrollmentsFooter(cancellable, list.length - shown.length);
  return [T.enrollmentsHeader, ...shown.map((e, i) => T.enrollmentLine(i + 1, e)), ...(footer ? [footer] : [])].join('\n');
}

async function showList(ctx: DialogContext, prefix: string[] = []): Promise<StepResult<State>> {
  const list = await ctx.services.courses.listEnrollments(ctx.user.id);
  if (list.length === 0) return { replies: [...prefix, T.noEnrollments], end: true };
  const items = list.slice(0, MAX_SHOWN).map((e) => ({ id: e.id, title: e.courseTitle, status: e.status, label: e.label }));
  const state: State = { stage: 'list', items, selected: 0, at: ctx.services.clock.now().getTime() };
  if (!items.some((i) => CANCELLABLE.has(i.status))) return { replies: [...prefix, enrollmentList(list)], end: true };
  return { replies: [...prefix, enrollmentList(list)], state };
}

export const myEnrollmentsDialog: Dialog<State, unknown> = {
  id: 'my-enrollments',
  stateSchema,
  async resume(state, ctx) {
    if (ctx.services.clock.now().getTime() - state.at > STALE_LIST_MS) return [];
    if (state.stage === 'confirm') return [T.confirmCancel(state.items[state.selected]!.title)];
    return [enrollmentList(await ctx.services.courses.listEnrollments(ctx.user.id))];
  },
  start: (_args, ctx) => showList(ctx),
  async step(state, input, ctx) {
    const text = input.text;
    if (ctx.services.clock.now().getTime() - state.at > STALE_LIST_MS) return { replies: [], reroute: true };
    if (state.stage === 'confirm') {
      const item = state.items[state.selected]!;
      const answer = /^确定不参加|^不参加了?$/.test(text) ? true : /^保留/.test(text) ? false : yesNo(text);
      if (answer === true) {
        try {
          await ctx.services.courses.cancelEnrollment(item.id, { userId: ctx.user.id });
        } catch (err) {
          if (err instanceof CourseError) return { replies: [err.message], end: true };
          throw err;
        }
        return { replies: [T.cancelDone(item.title)], end: true };
      }
      if (answer === false) return { replies: [T.cancelKept], end: true };
      // A question here is answered and this confirmation asked again (see the engine's interruptions).
      if (input.understanding?.isQuestion) return { replies: [], reroute: true };
      return { replies: [T.confirmCancel(item.title)], state };
    }
    const option = input.understanding?.entities.option;
    const n = /^\d+$/.test(text) ? Number(text) : option?.kind === 'number' ? option.n : option?.kind === 'last' ? state.items.length : 0;
    const item = state.items[n - 1];
    if (n > 0 && !item) return { replies: [T.outOfRange(state.items.length)], state };
    if (!item) return { replies: [], reroute: true };
    if (!CANCELLABLE.has(item.status)) return { replies: [T.notCancellable(item.label)], state };
    return { replies: [T.confirmCancel(item.title)], state: { ...state, stage: 'confirm', selected: n - 1 } };
  },
};
