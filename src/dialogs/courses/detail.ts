/**
 * Course details: dates, place, subsidy (as the catalog states it), who may join, seats left,
 * contact, then numbered actions: 1 报名, 2 看我能不能报, 3 返回列表, 4 帮别人报名.
 */
import { z } from 'zod';
import { groupLabel } from '../../courses/groups.js';
import { acceptsSignUps } from '../../courses/rules.js';
import type { CourseView } from '../../courses/types.js';
import { STALE_LIST_MS } from './find.js';
import { courseTexts as T, subsidyText } from './texts.js';
import type { Dialog } from '../types.js';

const stateSchema = z.object({
  courseId: z.number().int(),
  canEnroll: z.boolean(),
  proxy: z.boolean().default(false),
  /** The result list to show again on "3"; empty when opened on its own. */
  listText: z.string().default(''),
  at: z.number().default(0),
});
type State = z.infer<typeof stateSchema>;

export interface CourseDetailArgs {
  courseId: number;
  proxy?: boolean;
  listText?: string;
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

export const courseDetailDialog: Dialog<State, CourseDetailArgs> = {
  id: 'course-detail',
  stateSchema,
  async start(args, ctx) {
    const course = await ctx.services.courses.get(args.courseId);
    if (!course) return { replies: [T.courseNotFound], end: true };
    const canEnroll = acceptsSignUps(course, ctx.services.clock);
    const listText = args.listText ?? '';
    return {
      replies: [courseDetailText(course, canEnroll), T.detailActions(canEnroll, listText !== '')],
      state: { courseId: course.id, canEnroll, proxy: args.proxy ?? false, listText, at: ctx.services.clock.now().getTime() },
    };
  },
  step(state, input, ctx) {
    if (ctx.services.clock.now().getTime() - state.at > STALE_LIST_MS) return { replies: [], reroute: true };
    const signUp = (proxy: boolean) => ({ replies: [], push: { dialog: 'sign-up', args: { courseId: state.courseId, proxy } } });
    switch (input.text) {
      case '1':
        return state.canEnroll ? signUp(state.proxy) : { replies: [T.enrollClosed], state };
      case '4':
        return state.canEnroll ? signUp(true) : { replies: [T.enrollClosed], state };
      case '2':
        return { replies: [], push: { dialog: 'eligibility', args: { courseId: state.courseId, proxy: state.proxy, listText: state.listText } } };
      case '3':
        if (state.listText) return { replies: [state.listText], end: true };
        return { replies: [], push: { dialog: 'find-courses', args: { proxy: state.proxy } } };
      default:
        return { replies: [], reroute: true };
    }
  },
};
