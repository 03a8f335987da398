/**
 * Intents of the course dialogs: free text typed outside a flow that asks for courses, for the
 * user's sign-ups, or for entrepreneurship advice.
 *
 * The rule (conservative on purpose — everything not matched goes to policy Q&A):
 * 1. Text with a policy marker (政策, 补贴, 贷款, 条件, 资格, 能参加, 能不能, 多少钱, 免费, 证书 …)
 *    never matches here: "电工培训有补贴吗", "残疾人能参加培训不", "创业贷款怎么申请" are policy
 *    questions.
 * 2. 我的报名 / 报名记录 / 取消报名 / 培训记录 → my-enrollments.
 * 3. 代报名 / 帮别人报名 → find-courses in proxy mode (the sign-up asks for the other person's data).
 * 4. Short text (≤ 16 chars) about 创业 (想创业, 创业培训, 创业指导) → entrepreneurship.
 * 5. A course request → find-courses with `q` (a known occupation word, or what follows 想学) and
 *    `placeText` when the text names a place: 报名, 找课, "…培训班", "…班吗", "有…培训",
 *    "我想学电工", "学厨师", or a short text that is an occupation word ("挖掘机").
 */
import { courseKeyword, findOccupation } from '../../courses/synonyms.js';
import type { DialogContext, DialogInput, IntentMatcher } from '../types.js';
import { pickFromRemembered, type CourseList } from './list-ref.js';

/** The find-courses start args these intents give (find.ts's FindCoursesArgs; not imported: find.ts imports this file). */
interface FindArgs {
  q?: string;
  placeText?: string;
  proxy?: boolean;
  online?: boolean;
  groups?: string[];
  restore?: CourseList;
  courseId?: number;
}

const POLICY_MARKERS =
  /政策|补贴|补助|津贴|生活费|贷款|担保|贴息|条件|资格|规定|文件|申领|申请|能参加|可以参加|能不能|可不可以|能报吗|符合|多少钱|收费|费用|免费|要钱|给钱|证书|鉴定|为什么|[能可].{0,6}不[？?]?$/;
const MY_ENROLLMENTS = /我的报名|报名记录|报名情况|我报的|我报了|取消报名|不想参加了|我的培训|培训记录|电子档案|培训档案/;
const PROXY = /代报名|代.{0,2}报名|帮(?:别人|他人|他|她|村民|群众|家人|亲戚|老人|邻居|乡亲).{0,4}报名|替(?:别人|他人|他|她).{0,4}报名/;
const STARTUP = /创业/;
const ENROLL_ALONE = /^(?:我要|我想|想|要|怎么|如何|在哪|在哪里)?报名(?:培训|参加培训|课程)?$/;
const FIND_ALONE = /^(?:找|查|看看?|搜)(?:课|课程|培训|培训班|培训课程)$|^(?:课程|培训班|培训课程|有啥课|有什么课)$/;
const COURSE_MARKERS = /培训班|学习班|技能班|课程|开班|办班|班吗|班没|班不|班呢|有.{0,8}培训|培训.{0,2}(?:吗|没|呢)/;
const WANT_TO_LEARN = /(?:想学|要学|学学|学个|学点|学门|学)(.{1,10})$/;

/** The user wants to learn online / from home. */
export const ONLINE_WORDS = /网上学|网上的课|线上|网课|在线|远程|手机上学|用手机.{0,4}学|手机就能学|在家.{0,6}学|不用出门/;

/** True for text that should stay with policy Q&A (see the rule above). */
export function isPolicyQuestion(text: string): boolean {
  return POLICY_MARKERS.test(text);
}

const HAS_CLASS = /有(?:没有)?(.{2,8}?)的?(?:培训班|学习班|技能班|培训|班|课程|课)/;

/** Words that say "a skill" without naming one (想学个手艺): never a search keyword. */
const VAGUE = /手艺|技术|技能|本事|东西/g;

function keywordOf(text: string): string | undefined {
  const known = findOccupation(text);
  if (known) return known;
  const m = WANT_TO_LEARN.exec(text) ?? HAS_CLASS.exec(text);
  const rest = m ? courseKeyword(m[0]).replace(VAGUE, '') : undefined;
  return rest && rest.length >= 2 && rest.length <= 8 && !/[？?吗啥么哪]|什么|没有|免费|补贴/.test(rest) ? rest : undefined;
}

/** Args for find-courses from a course request, or null when the text is not one. */
export function courseRequest(text: string, ctx: DialogContext): { q?: string; placeText?: string } | null {
  const t = text.replace(/\s+/g, '');
  if (!t || isPolicyQuestion(t)) return null;
  const wish =
    ENROLL_ALONE.test(t) ||
    FIND_ALONE.test(t) ||
    COURSE_MARKERS.test(t) ||
    (WANT_TO_LEARN.test(t) && keywordOf(t) !== undefined && t.length <= 14) ||
    (findOccupation(t) !== null && t.length <= 8);
  if (!wish) return null;
  let q = ENROLL_ALONE.test(t) || FIND_ALONE.test(t) ? undefined : keywordOf(t);
  // "想学个手艺 榆中的": what follows 想学 is the place, not a trade.
  if (q && !findOccupation(q) && ctx.services.courses.findPlaceInText(q)) q = undefined;
  const place = ctx.services.courses.findPlaceInText(t);
  return { ...(q ? { q } : {}), ...(place ? { placeText: t } : {}) };
}

const textOf = (input: DialogInput) => input.text.trim();

/**
 * Start args for find-courses from what the understanding found in the turn: the trade, the
 * place, a target group and 代报名 — so a life story ("在江苏打工 户口在通渭县 想学电工") skips
 * the questions it already answers.
 */
export function findArgsOf(input: DialogInput, ctx: DialogContext): FindArgs {
  const picked = listPickArgs(input, ctx);
  if (picked) return picked;
  const t = textOf(input);
  const e = input.understanding?.entities;
  const fromWords = courseRequest(t, ctx) ?? {};
  const q = eitherTrade(t) ?? fromWords.q ?? (e?.trade ? (findOccupation(e.trade) ?? e.trade) : undefined);
  const placeText = fromWords.placeText ?? (e?.place ? e.place : ctx.services.courses.findPlaceInText(t) ? t : undefined);
  const proxy = e?.proxy || PROXY.test(t);
  const online = ONLINE_WORDS.test(t);
  const groups = e?.groups ?? [];
  return {
    ...(q ? { q } : {}),
    ...(placeText ? { placeText } : {}),
    ...(proxy ? { proxy: true } : {}),
    ...(online ? { online: true } : {}),
    ...(groups.length ? { groups } : {}),
  };
}

/**
 * "月嫂或者养老护理", "电工还是焊工": two trades offered as alternatives are searched together
 * ("月嫂或养老": the search matches either; find-courses widens it to their keyword-menu topic),
 * not just the first one named.
 */
function eitherTrade(text: string): string | undefined {
  const m = /(\S{2,8}?)(?:或者|或是|还是|或|、)(\S{2,8})/.exec(text);
  if (!m) return undefined;
  const a = findOccupation(m[1]!);
  const b = findOccupation(m[2]!);
  return a && b && a !== b ? `${a}或${b}` : undefined;
}

/** "第2个", "上面那个东乡养牛的" outside any screen: the remembered list again, with that course open. */
function listPickArgs(input: DialogInput, ctx: DialogContext): FindArgs | null {
  const picked = pickFromRemembered(ctx, input);
  return picked ? { restore: picked.list, courseId: picked.courseId } : null;
}

/** Intent matchers of the course module, in the order they are tried. */
export const courseIntents: IntentMatcher[] = [
  {
    dialog: 'find-courses',
    match: (input, ctx) => listPickArgs(input, ctx),
  },
  {
    dialog: 'my-enrollments',
    serves: ['my_enrollments', 'cancel_enrollment'],
    args: () => ({}),
    match: (input) => {
      const t = textOf(input);
      return t.length <= 16 && MY_ENROLLMENTS.test(t) && !/政策|补贴/.test(t) ? {} : null;
    },
  },
  {
    dialog: 'find-courses',
    match: (input) => {
      const t = textOf(input);
      if (!PROXY.test(t) || isPolicyQuestion(t)) return null;
      const q = findOccupation(t);
      return { proxy: true, ...(q ? { q } : {}) };
    },
  },
  {
    dialog: 'entrepreneurship',
    serves: ['entrepreneurship'],
    args: (input) => ({ text: textOf(input), question: input.understanding?.isQuestion ?? false }),
    match: (input) => {
      const t = textOf(input);
      return t.length <= 16 && STARTUP.test(t) && !isPolicyQuestion(t) ? {} : null;
    },
  },
  {
    dialog: 'find-courses',
    serves: ['find_courses', 'sign_up'],
    args: findArgsOf,
    match: (input, ctx) => (courseRequest(textOf(input), ctx) ? findArgsOf(input, ctx) : null),
  },
];
