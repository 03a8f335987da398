/**
 * 删除我的信息 / 注销: one confirmation that says what will happen, then the pending sign-ups
 * are cancelled through the courses domain (seats freed, the waitlist promoted and told) and the
 * person's data is erased or anonymized (src/privacy); the reply says what was kept and why.
 * Not in group chats (it would announce it to the group).
 */
import { z } from 'zod';
import { CourseError } from '../courses/types.js';
import { erasePersonalData, PENDING_STATUSES } from '../privacy/index.js';
import type { Dialog } from './types.js';

export const ERASE_DIALOG = 'erase-my-data';

/** The words (command form: trimmed, trailing punctuation dropped, lower case). */
export const ERASE_WORDS =
  /^(?:我要|我想|请|请你|帮我|麻烦|麻烦你)*(?:删除|删掉|删了|清除|清空|销毁)(?:我的|我)?(?:全部|所有)?(?:个人)?(?:信息|资料|数据|记录|报名信息)(?:吧)?$|^(?:我要|我想|请|帮我)*注销(?:账号|账户|帐号|帐户|我的信息|我的账号|我的资料)?(?:吧)?$/;

const YES = /^(?:1|是|是的|对|确认|确定|好|好的|行|中|嗯|可以|同意|注销|删除|删吧|确认注销|确认删除)$/;
const NO = /^(?:2|不|不了|不要|否|算了|不注销|不删|不删了|取消)$/;

export const privacyTexts = {
  confirm: (pending: number) =>
    [
      '注销后：',
      pending ? `· 您${pending}个未开课的报名将取消，名额让给候补的人；` : '',
      '· 您的姓名、手机号、聊天记录和对话将删除。',
      '· 已参加过的培训记录按补贴审计要求保留。',
      '确认注销请回复1，不注销回复2',
    ]
      .filter(Boolean)
      .join('\n'),
  inGroup: '注销请私聊我办理。',
  declined: '好的，没有删除任何信息。',
  again: '确认注销请回复1，不注销回复2',
  done: (cancelled: number, kept: number) =>
    [
      '已注销，您的个人信息已删除。',
      cancelled ? `已取消${cancelled}个报名。` : '',
      kept
        ? `按培训补贴审计要求，保留了您${kept}条已参加培训的记录（课程、时间、姓名、手机号、结业情况）。`
        : '没有保留您的任何个人信息。',
      '以后再发消息，我们会当作新用户。',
    ]
      .filter(Boolean)
      .join(''),
} as const;

const stateSchema = z.object({ asked: z.literal(true) });
type State = z.infer<typeof stateSchema>;

export const eraseDialog: Dialog<State, undefined> = {
  id: ERASE_DIALOG,
  stateSchema,
  async start(_args, ctx) {
    if (ctx.channel.inGroup) return { replies: [privacyTexts.inGroup], end: true };
    const mine = await ctx.services.courses.listEnrollments(ctx.user.id);
    const pending = mine.filter((e) => (PENDING_STATUSES as readonly string[]).includes(e.status)).length;
    return { replies: [privacyTexts.confirm(pending)], state: { asked: true } };
  },
  async step(_state, input, ctx) {
    if (ctx.channel.inGroup) return { replies: [privacyTexts.inGroup], end: true };
    const text = input.text.replace(/[。！!.，,\s]+$/g, '');
    if (NO.test(text)) return { replies: [privacyTexts.declined], end: true };
    if (!YES.test(text)) return { replies: [privacyTexts.again], state: { asked: true } };
    const { courses, db } = ctx.services;
    let cancelled = 0;
    for (const e of await courses.listEnrollments(ctx.user.id)) {
      if (!(PENDING_STATUSES as readonly string[]).includes(e.status)) continue;
      try {
        await courses.cancelEnrollment(e.id, { userId: ctx.user.id });
        cancelled += 1;
      } catch (err) {
        if (!(err instanceof CourseError)) throw err; // cancelled meanwhile: nothing to free
      }
    }
    const report = await erasePersonalData(db, ctx.user.id, { keepConversation: ctx.conversationKey });
    ctx.services.log.info({ userId: ctx.user.id, cancelled, ...report.deleted, kept: report.keptTrainingRecords }, 'personal data erased on request');
    return { replies: [privacyTexts.done(cancelled, report.keptTrainingRecords)], end: true, forget: true };
  },
};
