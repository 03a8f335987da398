/**
 * Replies in the context of a proactive message: a reminder (1 确认参加 / 2 请假 / 3 取消报名), a
 * waitlist offer (1 确认 / 2 放弃) or a follow-up (1 已就业 / 2 已创业 / 3 还在找 / 4 不方便说).
 *
 * Middleware for private turns: it looks at the person's latest delivered, unanswered message
 * with a reply context (within REPLY_WINDOW_MS). Words (请假, 已就业 …) are taken as the answer
 * whenever that message is still open; a bare number or a yes-word (1, 好, 行, 中, 嗯) only when
 * it is the first thing the person says after the message, so a "2" typed later inside a menu
 * or a form still means what the menu or the form says. Anything else goes on to the bot: a
 * reply to a broadcast is just a new conversation turn.
 */
import type { TurnMiddleware } from '../bot/pipeline.js';
import { commandForm } from '../bot/normalize.js';
import type { FollowUpOutcome, ReminderReply } from '../courses/enrollment.js';
import type { Db } from '../db/client.js';
import type { Clock } from '../shared/clock.js';
import { replyTexts } from './texts.js';

export const REPLY_WINDOW_MS = 7 * 86_400_000;

/** What replies need from the courses domain (CourseAdminServices provides it). */
export interface ReplyTarget {
  confirmOffer(enrollmentId: number): Promise<boolean>;
  cancelEnrollment(enrollmentId: number, by: { userId?: number }): Promise<void>;
  recordReminderReply(enrollmentId: number, reply: ReminderReply, userId: number): Promise<void>;
  recordOutcome(enrollmentId: number, outcome: FollowUpOutcome, round: number): Promise<void>;
}

type Choice<T> = { value: T; number: string; words: RegExp };

const YES = /^(好|好的|行|中|嗯|是|是的|可以|对)$/;
const REMINDER: Choice<ReminderReply>[] = [
  { value: 'confirmed', number: '1', words: /^(确认|确认参加|参加|会去|能去|去|一定去|准时到)$/ },
  { value: 'leave', number: '2', words: /^(请假|请个假|去不了|来不了|有事|有事去不了)$/ },
  { value: 'cancel', number: '3', words: /^(取消报名|不去了|不参加了|不报了|退出报名)$/ },
];
const OFFER: Choice<'confirm' | 'decline'>[] = [
  { value: 'confirm', number: '1', words: /^(确认|确认参加|参加|要|我要|要了)$/ },
  { value: 'decline', number: '2', words: /^(放弃|不要了|不去了|不参加了|让给别人)$/ },
];
const FOLLOW_UP: Choice<FollowUpOutcome>[] = [
  { value: 'employed', number: '1', words: /^(已就业|就业了|上班了|找到工作了|找到了|在上班)$/ },
  { value: 'entrepreneur', number: '2', words: /^(已创业|创业了|在创业|自己干|自己开店了)$/ },
  { value: 'seeking', number: '3', words: /^(还在找|没找到|在找|还没找到)$/ },
  { value: 'undisclosed', number: '4', words: /^(不方便说|保密|不想说|不说)$/ },
];

function pick<T>(choices: Choice<T>[], cmd: string, firstTurn: boolean, yes?: T): T | null {
  for (const c of choices) if (c.words.test(cmd) || (firstTurn && (cmd === c.number || cmd === `${c.number}.`))) return c.value;
  if (firstTurn && yes !== undefined && YES.test(cmd)) return yes;
  return null;
}

interface Context {
  type: string;
  enrollmentId: number;
  round?: number;
}

export function replyContextMiddleware(deps: { db: Db; clock: Clock; courses: ReplyTarget }): TurnMiddleware {
  const { db, clock, courses } = deps;
  return async (turn, next) => {
    if (turn.conversationKey !== 'private' || !turn.text) return next();
    const now = clock.now();
    const open = await db.outboxMessage.findFirst({
      where: { userId: turn.user.id, status: { in: ['sent', 'delivered'] }, replyContext: { not: null }, answeredAt: null, sentAt: { gt: new Date(now.getTime() - REPLY_WINDOW_MS) } },
      orderBy: [{ sentAt: 'desc' }, { id: 'desc' }],
    });
    if (!open?.replyContext) return next();
    const ctx = JSON.parse(open.replyContext) as Context;
    // First thing said since the message? (its MessageLog row, then this turn's inbound row only)
    const pushed = await db.messageLog.findFirst({ where: { userId: turn.user.id, direction: 'out', kind: 'notice', text: open.body ?? '' }, orderBy: { id: 'desc' }, select: { id: true } });
    const saidSince = pushed ? await db.messageLog.count({ where: { userId: turn.user.id, direction: 'in', id: { gt: pushed.id } } }) : 2;
    const firstTurn = saidSince <= 1;
    const cmd = commandForm(turn.text);
    let reply: string | null = null;
    if (ctx.type === 'reminder') {
      const r = pick(REMINDER, cmd, firstTurn, 'confirmed');
      if (r) {
        await courses.recordReminderReply(ctx.enrollmentId, r, turn.user.id);
        reply = replyTexts.reminder[r];
      }
    } else if (ctx.type === 'waitlist-offer') {
      const r = pick(OFFER, cmd, firstTurn, 'confirm');
      if (r === 'confirm') reply = (await courses.confirmOffer(ctx.enrollmentId)) ? replyTexts.offer.confirmed : replyTexts.offer.gone;
      if (r === 'decline') {
        reply = await courses.cancelEnrollment(ctx.enrollmentId, { userId: turn.user.id }).then(
          () => replyTexts.offer.declined,
          () => replyTexts.offer.gone,
        );
      }
    } else if (ctx.type === 'follow-up') {
      const r = pick(FOLLOW_UP, cmd, firstTurn);
      if (r) {
        await courses.recordOutcome(ctx.enrollmentId, r, ctx.round ?? 0);
        reply = replyTexts.followUp[r];
      }
    }
    if (reply === null) return next();
    await db.outboxMessage.update({ where: { id: open.id }, data: { answeredAt: now } });
    turn.replies = [reply];
  };
}
