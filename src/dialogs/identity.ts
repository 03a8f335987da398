/**
 * 绑定手机: links a phone number to the current user (typically a WeChat user) after a 6-digit
 * code sent by SMS is confirmed. On success User.phone/phoneConfirmedAt are set and, if the
 * number already wrote to us by SMS as a separate user, that SMS identity (with its
 * enrollments and course interests) moves to this user — from then on SMS and WeChat are the
 * same person. A first SMS from a confirmed number attaches automatically (bot/users.ts).
 *
 * Codes: stored as sha256 in PhoneVerification, valid 10 minutes, 5 tries, at most 3 codes
 * per user per hour. Never run in a group chat (the number is personal data).
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import type { Dialog, DialogContext, IntentMatcher, StepResult } from './types.js';
import { maskMobile, normalizeMobile } from '../shared/phone.js';

export const BIND_PHONE_DIALOG = 'bind-phone';
const CODE_TTL_MS = 10 * 60_000;
const MAX_TRIES = 5;
const MAX_CODES_PER_HOUR = 3;

export const bindTexts = {
  askPhone: '请回复您的手机号（11位），我会发短信验证码给您。回复“取消”退出。',
  badPhone: '手机号好像不对，请再输一次11位手机号：',
  inGroup: '绑定手机涉及个人信息，请私聊我发送“绑定手机”。',
  already: (p: string) => `您已绑定手机${maskMobile(p)}。如需更换，请回复新手机号：`,
  codeSent: (p: string) => `验证码已发到${maskMobile(p)}，请回复6位验证码（10分钟内有效）：`,
  sendFailed: '验证码没发出去，请稍后再试，或回复“人工”。',
  tooMany: '验证码发送太频繁了，请一小时后再试。',
  badCode: '验证码不对，请再输一次：',
  expired: '验证码已失效，请回复“绑定手机”重新获取。',
  done: (p: string) => `绑定成功！今后用手机${maskMobile(p)}发短信，也能查到您的报名和提醒。`,
} as const;

/** Sends a code by SMS; false when it could not be sent (no SMS channel, gateway error). */
export type CodeSender = (phone: string, code: string) => Promise<boolean>;

const stateSchema = z.discriminatedUnion('step', [
  z.object({ step: z.literal('phone'), tries: z.number().int().default(0) }),
  z.object({ step: z.literal('code'), phone: z.string() }),
]);
type State = z.infer<typeof stateSchema>;

const hash = (code: string) => createHash('sha256').update(code).digest();

async function sendCode(db: Db, userId: number, phone: string, now: Date, send: CodeSender): Promise<StepResult<State>> {
  const recent = await db.phoneVerification.count({ where: { userId, createdAt: { gt: new Date(now.getTime() - 3_600_000) } } });
  if (recent >= MAX_CODES_PER_HOUR) return { replies: [bindTexts.tooMany], end: true };
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await db.phoneVerification.create({
    data: { userId, phone, codeHash: hash(code).toString('hex'), expiresAt: new Date(now.getTime() + CODE_TTL_MS), createdAt: now },
  });
  if (!(await send(phone, code).catch(() => false))) return { replies: [bindTexts.sendFailed], end: true };
  return { replies: [bindTexts.codeSent(phone)], state: { step: 'code', phone } };
}

/** Links `phone` to `userId` (moving an SMS-only user's identity and records over). */
export async function linkPhone(db: Db, userId: number, phone: string, now: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    const holder = await tx.user.findUnique({ where: { phone } });
    if (holder && holder.id !== userId) {
      await tx.user.update({ where: { id: holder.id }, data: { phone: null, phoneConfirmedAt: null } });
      await tx.channelIdentity.updateMany({ where: { userId: holder.id, channel: 'sms' }, data: { userId } });
      await tx.enrollment.updateMany({ where: { userId: holder.id }, data: { userId } });
      await tx.courseInterest.updateMany({ where: { userId: holder.id }, data: { userId } });
    }
    const smsIdentity = await tx.channelIdentity.findUnique({ where: { channel_channelUserId: { channel: 'sms', channelUserId: phone } } });
    if (smsIdentity && smsIdentity.userId !== userId) {
      await tx.channelIdentity.update({ where: { id: smsIdentity.id }, data: { userId } });
    }
    await tx.user.update({ where: { id: userId }, data: { phone, phoneConfirmedAt: now } });
  });
}

/** The dialog; `send` delivers the code (the SMS channel's sendCode). */
export function bindPhoneDialog(send: CodeSender): Dialog<State, undefined> {
  return {
    id: BIND_PHONE_DIALOG,
    stateSchema,
    /** The phone number and the one-time code are not stored as typed. */
    personalInput: () => true,
    start(_args, ctx: DialogContext) {
      if (ctx.channel.inGroup) return { replies: [bindTexts.inGroup], end: true };
      const current = ctx.user.phone;
      return { replies: [current ? bindTexts.already(current) : bindTexts.askPhone], state: { step: 'phone', tries: 0 } };
    },
    async step(state, input, ctx) {
      const { db, clock } = ctx.services;
      if (state.step === 'phone') {
        const phone = normalizeMobile(input.text);
        if (!phone) {
          if (state.tries >= 2) return { replies: [], reroute: true }; // probably not a number at all
          return { replies: [bindTexts.badPhone], state: { step: 'phone', tries: state.tries + 1 } };
        }
        return sendCode(db, ctx.user.id, phone, clock.now(), send);
      }
      const code = input.text.replace(/\s/g, '');
      // No digits at all: the user moved on (a question, "绑定手机" again) — let the router have it.
      if (!/\d/.test(code)) return { replies: [], reroute: true };
      if (!/^\d{6}$/.test(code)) return { replies: [bindTexts.badCode], state };
      const now = clock.now();
      const row = await db.phoneVerification.findFirst({
        where: { userId: ctx.user.id, phone: state.phone, usedAt: null },
        orderBy: { id: 'desc' },
      });
      if (!row || row.expiresAt <= now || row.attempts >= MAX_TRIES) return { replies: [bindTexts.expired], end: true };
      const ok = timingSafeEqual(hash(code), Buffer.from(row.codeHash, 'hex'));
      if (!ok) {
        await db.phoneVerification.update({ where: { id: row.id }, data: { attempts: { increment: 1 } } });
        if (row.attempts + 1 >= MAX_TRIES) return { replies: [bindTexts.expired], end: true };
        return { replies: [bindTexts.badCode], state };
      }
      await db.phoneVerification.update({ where: { id: row.id }, data: { usedAt: now } });
      await linkPhone(db, ctx.user.id, state.phone, now);
      return { replies: [bindTexts.done(state.phone)], end: true };
    },
  };
}

const BIND_WORDS = /^(绑定手机|绑定手机号|手机绑定|绑手机|绑定电话)$/;

export const bindPhoneIntent: IntentMatcher = {
  dialog: BIND_PHONE_DIALOG,
  match: (input) => (BIND_WORDS.test(input.text.replace(/[\s。！!？?]/g, '')) ? {} : null),
};
