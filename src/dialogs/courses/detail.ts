/**
 * Course details: dates, place, subsidy (as the catalog states it), who may join, seats left,
 * contact, then numbered actions: 1 报名, 2 看我能不能报, 3 返回列表, 4 帮别人报名.
 */
import { z } from 'zod';
import { groupLabel } from '../../courses/groups.js';
import { acceptsSignUps } from '../../courses/rules.js';
import type { CourseView } from '../../courses/types.js';
import { STALE_LIST_MS } from './find.js';
import { answerMidForm, isQuestion } from './form-input.js';
import { pickFromRemembered } from './list-ref.js';
import { courseTexts as T, subsidyText } from './texts.js';
import type { Dialog, DialogContext } from '../types.js';

const stateSchema = z.object({
  courseId: z.number().int(),
  canEnroll: z.boolean(),
  proxy: z.boolean().default(false),
  /** The result list to show again on "3"; empty when opened on its own. */
  listText: z.string().default(''),
  /** Target groups the user said they belong to (pre-fill for eligibility and sign-up). */
  groups: z.array(z.string()).default([]),
  at: z.number().default(0),
});
type State = z.infer<typeof stateSchema>;

export interface CourseDetailArgs {
  courseId: number;
  proxy?: boolean;
  listText?: string;
  groups?: string[];
}

function seatsText(c: CourseView, open: boolean): string {
  if (!open) return '已停止报名';
  if (c.status === 'full' || c.seatsLeft <= 0) return `共${c.capacity}人，已满（可排候补）`;
  return `共${c.capacity}人，还剩${c.seatsLeft}个名额`;
}

/** The detail text of a course. */
export function courseDetailText(c: CourseView, open: boolean): string {
  const head = [c.county, c.township].filter(Boolean).join('');
  const place = c.online ? '线上课程' : c.address && (!head || c.address.startsWith(head) || c.address.startsWith(c.county ?? '')) ? c.address : [head, c.address].filter(Boolean).join(' ');
  const lines = [
    c.title,
    `时间：${c.startDate}至${c.endDate}（${c.durationDays}天）${c.scheduleText ? `，${c.scheduleText}` : ''}`,
    `地点：${place}${c.mobile ? '（送教下乡）' : ''}${c.distanceKm !== undefined ? `，距您约${Math.round(c.distanceKm)}km` : ''}`,
    ...(c.institution ? [`机构：${c.institution.name}（${c.institution.type}）`] : []),
    `类别：${c.category}${c.level ? `·${c.level}` : ''}`,
    `补贴：${subsidyText(c)}`,
    `对象：${c.eligibleGroups.length ? c.eligibleGroups.map(groupLabel).join('、') : '不限'}`,
    `名额：${seatsText(c, open)}`,
    `联系：${c.contact || '请拨打12333咨询'}`,
    ...(c.isSample ? [T.sampleNote] : []),
  ];
  return lines.join('\n');
}

/** Characters course details may use on this channel: 2 segments of SMS, one screen of chat. */
export function detailBudget(ctx: DialogContext): number {
  const { maxTextLength, maxSegments } = ctx.channel.capabilities;
  return maxTextLength * Math.min(maxSegments, 2);
}

/**
 * The details in the channel's budget: the full card when it fits, else the essentials (title,
 * start and length, where, cost, seats, whom to call), cut at the budget as a last resort.
 */
export function detailFor(c: CourseView, open: boolean, budget: number): string {
  const full = courseDetailText(c, open);
  if (full.length <= budget) return full;
  const start = /^\d{4}-(\d{2})-(\d{2})/.exec(c.startDate);
  const when = start ? `${Number(start[1])}月${Number(start[2])}日开课` : `${c.startDate}开课`;
  const where = c.online ? '线上' : [c.county, c.township].filter(Boolean).join('') || c.address || '';
  const cost = c.subsidized ? '免费/补贴' : '自费';
  const seats = !open ? '已停止报名' : c.seatsLeft > 0 ? `剩${c.seatsLeft}位` : '已满可候补';
  const short = [
    c.title.replace(/^示例[：:]/, ''),
    `${when}，${c.durationDays}天，${where}`,
    `${cost}，${seats}${c.isSample ? '（示例）' : ''}`,
    `咨询：${/\d{3,}/.test(c.contact ?? '') ? c.contact : '12333'}`,
  ].join('\n');
  return short.length <= budget ? short : short.slice(0, budget - 1) + '…';
}

/** The option a typed answer means on the detail screen: its number, its words or an ordinal. */
function detailChoice(text: string, proxy: boolean): string | null {
  if (/^[1-4]$/.test(text)) return text;
  if (proxy || /帮别人|代报|替.{0,3}报/.test(text)) return '4';
  if (/^(?:我要|我想|那|就|那就|给我)?报名?(?:吧|了|上|这个|一下)?$|^(?:报这个|报上|就报这个|我报)/.test(text)) return '1';
  if (/能不能报|能报吗|能报不|符合|够条件|看我能不能|资格/.test(text)) return '2';
  if (/^(?:返回|回去|返回列表|列表|上一步|看别的|其他课程?|换一个)/.test(text)) return '3';
  return null;
}

export const courseDetailDialog: Dialog<State, CourseDetailArgs> = {
  id: 'course-detail',
  stateSchema,
  async start(args, ctx) {
    const course = await ctx.services.courses.get(args.courseId);
    if (!course) return { replies: [T.courseNotFound], end: true };
    const canEnroll = acceptsSignUps(course, ctx.services.clock);
    const listText = args.listText ?? '';
    return {
      replies: [detailFor(course, canEnroll, detailBudget(ctx)), T.detailActions(canEnroll, listText !== '')],
      state: { courseId: course.id, canEnroll, proxy: args.proxy ?? false, listText, groups: args.groups ?? [], at: ctx.services.clock.now().getTime() },
    };
  },
  resume: (state) => [T.detailActions(state.canEnroll, state.listText !== '')],
  async step(state, input, ctx) {
    if (ctx.services.clock.now().getTime() - state.at > STALE_LIST_MS) return { replies: [], reroute: true };
    // "第二个班", "上面那个东乡养牛的": another course of the list, by words that name it.
    const other = pickFromRemembered(ctx, input, true);
    if (other && other.courseId !== state.courseId) {
      return { replies: [], push: { dialog: 'course-detail', args: { courseId: other.courseId, proxy: state.proxy, listText: state.listText || other.list.listText, groups: state.groups } } };
    }
    const option = input.understanding?.entities.option;
    const byOrdinal = option?.kind === 'number' && !/^\d+$/.test(input.text) ? String(option.n) : null;
    const choice = byOrdinal ?? detailChoice(input.text, input.understanding?.entities.proxy === true);
    if (choice) input = { ...input, text: choice };
    else if (/^\d+$/.test(input.text)) return { replies: [T.outOfRange(state.canEnroll ? 4 : 3), T.detailActions(state.canEnroll, state.listText !== '')], state };
    else if (isQuestion(input.text) || input.understanding?.isQuestion) {
      // "管吃住不" on the detail screen: answered, and the same actions shown again.
      const course = await ctx.services.courses.get(state.courseId);
      return answerMidForm(input.text, course, state, [T.detailActions(state.canEnroll, state.listText !== '')]);
    }
    const signUp = (proxy: boolean) => ({ replies: [], push: { dialog: 'sign-up', args: { courseId: state.courseId, proxy, groups: state.groups } } });
    switch (input.text) {
      case '1':
        return state.canEnroll ? signUp(state.proxy) : { replies: [T.enrollClosed], state };
      case '4':
        return state.canEnroll ? signUp(true) : { replies: [T.enrollClosed], state };
      case '2':
        return { replies: [], push: { dialog: 'eligibility', args: { courseId: state.courseId, proxy: state.proxy, listText: state.listText, groups: state.groups } } };
      case '3':
        if (state.listText) return { replies: [state.listText], end: true };
        return { replies: [], push: { dialog: 'find-courses', args: { proxy: state.proxy } } };
      default:
        return { replies: [], reroute: true };
    }
  },
};
