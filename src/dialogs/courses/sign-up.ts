/**
 * Sign-up form for one course: name → mobile → the groups the course requires → consent →
 * summary (1 确认 2 修改 3 取消) → services.courses.enroll (capacity and waitlist are enforced
 * there, in one transaction). A question typed mid-form is answered and the SAME slot is asked
 * again; 取消 at any point is handled by the router. Group chats never collect personal data.
 * 代报名 (proxy) asks for the other person's data and records consent via 'proxy'.
 */
import { cleanPersonName } from '../../shared/text-hygiene.js';
import { z } from 'zod';
import { groupLabel, parseGroupWords } from '../../courses/groups.js';
import { acceptsSignUps } from '../../courses/rules.js';
import { maskMobile, normalizeMobile } from '../../shared/phone.js';
import { CourseError, GROUP_KEYS, type EnrollmentRequest } from '../../courses/types.js';
import { answerMidForm, isQuestion, yesNo } from './form-input.js';
import { courseTexts as T, shortDate } from './texts.js';
import type { Dialog, DialogContext, Reply, StepResult } from '../types.js';

const SLOTS = ['waitlist', 'confirmName', 'name', 'confirmPhone', 'phone', 'group', 'consent', 'confirm', 'edit', 'discard'] as const;
type Slot = (typeof SLOTS)[number];

const stateSchema = z.object({
  courseId: z.number().int(),
  title: z.string(),
  startDate: z.string(),
  proxy: z.boolean(),
  slot: z.enum(SLOTS),
  name: z.string().optional(),
  phone: z.string().optional(),
  /** Prefilled values offered for confirmation ("" once answered). */
  suggestName: z.string().default(''),
  suggestPhone: z.string().default(''),
  required: z.array(z.enum(GROUP_KEYS)),
  groupIndex: z.number().int().min(0).default(0),
  groups: z.array(z.enum(GROUP_KEYS)).default([]),
  consent: z.boolean().default(false),
  contact: z.string().default(''),
});
type State = z.infer<typeof stateSchema>;

export interface SignUpArgs {
  courseId: number;
  proxy?: boolean;
  /** Groups already said: in the request ("俺是退役军人 想学电工") or confirmed by the eligibility check. */
  groups?: string[];
}

const NOT_NAMES = /^(?:不知道|是的|好的|可以|同意|确认|没有|不是|对的|知道了|谢谢|报名|取消|修改|返回|下一步|上一步|继续|跳过|重新|重来|算了|不对|菜单|手机号|电话|名字|姓名)$/;

/** A plausible personal name (2–20 Chinese characters or letters), prefixes like 我叫 removed; or null. */
export function parseName(text: string): string | null {
  const clean = cleanPersonName(text);
  if (clean === null) return null;
  const name = clean
    .replace(/^(?:我叫|我是|名字是|名字叫|名字[:：]|姓名是|姓名[:：]|对方叫|他叫|她叫)/, '')
    .replace(/[。.!！]+$/, '')
    .trim();
  const chinese = /^[\u4e00-\u9fa5][\u4e00-\u9fa5·•]{1,19}$/.test(name);
  const latin = /^[A-Za-z][A-Za-z .'-]{1,19}$/.test(name);
  if (!chinese && !latin) return null;
  if (NOT_NAMES.test(name) || parseGroupWords([name]).length > 0) return null;
  return name;
}

/** A mainland mobile number in the text (+86, spaces, dashes accepted), or null. */
export function parsePhone(text: string): string | null {
  const direct = normalizeMobile(text);
  if (direct) return direct;
  const m = /(?:\+|＋)?[\d０-９][\d０-９\s\-－]{9,16}[\d０-９]/.exec(text);
  return m ? normalizeMobile(m[0]) : null;
}

/** The prompt of the current slot (personal when it shows personal data). */
function prompt(s: State): Reply {
  switch (s.slot) {
    case 'waitlist':
      return T.fullOfferWaitlist;
    case 'confirmName':
      return { text: T.confirmName(s.suggestName), personal: true };
    case 'name':
      return T.askName(s.proxy);
    case 'confirmPhone':
      return { text: T.confirmPhone(maskMobile(s.suggestPhone)), personal: true };
    case 'phone':
      return T.askPhone(s.proxy);
    case 'group': {
      const label = groupLabel(s.required[s.groupIndex]!);
      return s.proxy ? T.askGroupProxy(label) : T.askGroupSelf(label);
    }
    case 'consent':
      return s.proxy ? T.consentProxy : T.consentSelf;
    case 'confirm':
      return {
        text: T.summary(s.title, s.name ?? '', s.phone ?? '', s.groups.map(groupLabel).join('、'), s.proxy),
        personal: true,
      };
    case 'edit':
      return T.askEdit;
    case 'discard':
      return T.confirmDiscard(s.title);
  }
}

/** Moves to the first slot still missing and asks it. */
function next(s: State, prefix: Reply[] = []): StepResult<State> {
  let slot: Slot;
  if (!s.name) slot = s.suggestName ? 'confirmName' : 'name';
  else if (!s.phone) slot = s.suggestPhone ? 'confirmPhone' : 'phone';
  else if (s.required.length && !s.required.some((g) => s.groups.includes(g))) slot = 'group';
  else if (!s.consent) slot = 'consent';
  else slot = 'confirm';
  const state = { ...s, slot };
  return { replies: [...prefix, prompt(state)], state };
}

/** Prefill for a self sign-up: the user's saved name/phone, else their last own sign-up. */
async function prefill(ctx: DialogContext): Promise<{ name: string; phone: string }> {
  let name = ctx.user.name ?? '';
  let phone = ctx.user.phone ?? '';
  if (!name || !phone) {
    const last = await ctx.services.db.enrollment.findFirst({
      where: { userId: ctx.user.id, via: 'self' },
      orderBy: { id: 'desc' },
      select: { name: true, phone: true },
    });
    name ||= last?.name ?? '';
    phone ||= last?.phone ?? '';
  }
  return { name: parseName(name) ?? '', phone: normalizeMobile(phone) ?? '' };
}

async function submit(s: State, ctx: DialogContext): Promise<StepResult<State>> {
  const request: EnrollmentRequest = {
    courseId: s.courseId,
    userId: s.proxy ? null : ctx.user.id,
    name: s.name!,
    phone: s.phone!,
    groups: s.groups,
    consent: true,
    via: s.proxy ? 'proxy' : 'self',
    ...(s.proxy ? { proxyBy: String(ctx.user.id) } : {}),
  };
  try {
    const outcome = await ctx.services.courses.enroll(request);
    if (!s.proxy && !ctx.user.name) {
      await ctx.services.db.user.update({ where: { id: ctx.user.id }, data: { name: s.name! } }).catch(() => {});
    }
    const text =
      outcome.status === 'confirmed' ? T.confirmed(s.title, shortDate(s.startDate), s.proxy) : T.waitlisted(outcome.position, s.proxy);
    return { replies: [text], end: true };
  } catch (err) {
    if (err instanceof CourseError) {
      return { replies: [err.code === 'duplicate' && s.proxy ? T.proxyDuplicate : err.message], end: true };
    }
    throw err;
  }
}

/** Handles one answer for the current slot; null = not an answer for it. */
async function fill(s: State, text: string, ctx: DialogContext): Promise<StepResult<State> | null> {
  const answer = yesNo(text);
  switch (s.slot) {
    case 'waitlist':
      if (answer === true) return next({ ...s, slot: 'name' });
      if (answer === false) return { replies: [T.waitlistDeclined], end: true };
      return null;
    case 'confirmName': {
      if (answer === true) return next({ ...s, name: s.suggestName, suggestName: '' });
      if (answer === false) return next({ ...s, suggestName: '' });
      const name = isQuestion(text) ? null : parseName(text);
      return name ? next({ ...s, name, suggestName: '' }) : null;
    }
    case 'name': {
      const name = isQuestion(text) ? null : parseName(text);
      return name ? next({ ...s, name }) : null;
    }
    case 'confirmPhone': {
      if (answer === true) return next({ ...s, phone: s.suggestPhone, suggestPhone: '' });
      if (answer === false) return next({ ...s, suggestPhone: '' });
      const phone = parsePhone(text);
      return phone ? next({ ...s, phone, suggestPhone: '' }) : null;
    }
    case 'phone': {
      const phone = parsePhone(text);
      return phone ? next({ ...s, phone }) : null;
    }
    case 'group': {
      if (answer === true) return next({ ...s, groups: [...s.groups, s.required[s.groupIndex]!] });
      if (answer !== false) return null;
      const state = { ...s, groupIndex: s.groupIndex + 1 };
      if (state.groupIndex < s.required.length) return next(state);
      return { replies: [T.notEligible(s.required.map(groupLabel).join('、'), s.contact || '当地人社部门')], end: true };
    }
    case 'consent':
      // "1", 同意, or a natural yes (是/好/嗯/行 …) to the notice just shown.
      return text === '1' || answer === true || /^(?:我|对方)?(?:已经?)?同意/.test(text) ? next({ ...s, consent: true }) : null;
    case 'confirm':
      if (text === '2' || /^(?:修改|改|改一下)/.test(text)) return { replies: [T.askEdit], state: { ...s, slot: 'edit' } };
      // Discarding the whole form is asked once, naming what is lost.
      if (text === '3' || text === '0' || /^(?:取消|不报了|算了)$/.test(text)) return { replies: [T.confirmDiscard(s.title)], state: { ...s, slot: 'discard' } };
      if (text === '1' || answer === true || /^(?:确认|确定|对|对的|没问题)/.test(text)) return submit(s, ctx);
      return null;
    case 'discard':
      if (text === '1' || answer === true) return { replies: [T.formCancelled], end: true };
      if (text === '2' || answer === false || /继续|报/.test(text)) return next({ ...s, slot: 'confirm' });
      return null;
    case 'edit':
      if (text === '1' || text.includes('姓名') || text.includes('名字')) return next({ ...s, name: undefined, slot: 'name' });
      if (text === '2' || text.includes('手机') || text.includes('电话')) return next({ ...s, phone: undefined, slot: 'phone' });
      return null;
  }
}

/** What to say when the input is neither an answer nor a question. */
function invalid(s: State): Reply[] {
  switch (s.slot) {
    case 'name':
      return [T.badName];
    case 'phone':
      return [T.badPhone];
    case 'consent':
      return [T.consentNeeded];
    case 'confirm':
      return [T.pickOneTwoThree, prompt(s)];
    default:
      return [T.yesNo, prompt(s)];
  }
}

export const signUpDialog: Dialog<State, SignUpArgs> = {
  id: 'sign-up',
  stateSchema,
  resume: (s) => [prompt(s)],
  leaveWarning: (s) => (s.name || s.phone || s.slot === 'confirm' || s.slot === 'discard' ? `「${s.title}」的报名` : null),
  async start(args, ctx) {
    if (ctx.channel.inGroup) return { replies: [T.groupChatRefusal], end: true };
    const course = await ctx.services.courses.get(args.courseId);
    if (!course) return { replies: [T.courseNotFound], end: true };
    if (!acceptsSignUps(course, ctx.services.clock)) return { replies: [T.enrollClosed], end: true };
    const proxy = args.proxy ?? false;
    if (!proxy) {
      const mine = await ctx.services.courses.listEnrollments(ctx.user.id);
      const dup = mine.find((e) => e.courseId === course.id && e.status !== 'cancelled');
      if (dup) return { replies: [T.alreadySignedUp(dup.label)], end: true };
    }
    const known = proxy ? { name: '', phone: '' } : await prefill(ctx);
    const state: State = {
      courseId: course.id,
      title: course.title,
      startDate: course.startDate,
      proxy,
      slot: 'name',
      suggestName: known.name,
      suggestPhone: known.phone,
      required: course.eligibleGroups,
      groupIndex: 0,
      // Every group the user said (in the request or the eligibility check) is recorded.
      groups: parseGroupWords(args.groups ?? []),
      consent: false,
      contact: course.contact,
    };
    const intro = proxy ? T.startProxy(course.title) : T.startSelf(course.title);
    if (course.status === 'full' || course.seatsLeft <= 0) {
      return { replies: [T.fullOfferWaitlist], state: { ...state, slot: 'waitlist' } };
    }
    return next(state, [intro]);
  },

  /** The name and phone answers are personal data: the kernel does not store them as typed. */
  personalInput: (state) => ['name', 'confirmName', 'phone', 'confirmPhone'].includes(state.slot),

  async step(state, input, ctx) {
    if (ctx.channel.inGroup) return { replies: [T.groupChatRefusal], end: true };
    const text = input.text.trim();
    const u = input.understanding;
    // "不对 俺要报电工的 不是焊工": a correction naming another trade leaves this form for that search.
    if (u?.entities.correction && u.entities.trade && !state.name?.includes(u.entities.trade) && !state.title.includes(u.entities.trade)) {
      return { replies: [T.switchTrade(u.entities.trade)], push: { dialog: 'find-courses', args: { q: u.entities.trade, proxy: state.proxy } } };
    }
    // Names are stored in simplified characters (the normalized text): mainland ID cards, rosters
    // and staff searches use them, so 陳淑芬 typed on a traditional keyboard is 陈淑芬 on the roster.
    const filled = text ? await fill(state, text, ctx) : null;
    if (filled) return filled;
    if (isQuestion(text) || u?.isQuestion) {
      // Interruption: answer it, then ask the same slot again (not from the start).
      const course = await ctx.services.courses.get(state.courseId);
      return answerMidForm(text, course, state, [prompt(state)]);
    }
    return { replies: invalid(state), state };
  },
};
