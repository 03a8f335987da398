/**
 * Erasure of one person's personal data (PIPL art. 47, "删除我的信息"/"注销"). The caller cancels
 * their pending sign-ups through the courses domain first (seats freed, waitlist promoted); this
 * then removes or anonymizes everything else we hold about them, in one transaction:
 *
 * - User: name, phone, county and groups cleared (the row stays, without personal data, as the
 *   anchor of the training records kept below);
 * - ChannelIdentity: deleted (their WeChat/SMS/web address no longer leads to them; a next
 *   message starts a new, empty user);
 * - MessageLog (by user and by their channel addresses), ProcessedMessage of their messages,
 *   ConversationState, HandoffRequest, CourseInterest, PhoneVerification, SmsPendingPage: deleted;
 * - Enrollment not attended: name and phone replaced, groups cleared, consent link dropped;
 * - Consent: deleted unless it backs a kept enrollment.
 *
 * Kept (see README "Personal data"): sign-ups with status attended/certified — name, phone,
 * groups, course, dates, status and their consent — because the training subsidy (职业培训补贴)
 * is paid per trainee and audited against the roster of people who attended, for years.
 * NotificationOptOut (someone who replied 退订) is kept so that they are never messaged again.
 */
import type { Db } from '../db/client.js';

/** Sign-ups that subsidy audits need: the person attended (or was certified). */
export const AUDIT_KEPT_STATUSES = ['attended', 'certified'] as const;
/** Sign-ups the caller must cancel (through the courses domain) before erasing. */
export const PENDING_STATUSES = ['confirmed', 'waitlisted'] as const;
/** Name an anonymized enrollment shows staff. */
export const ERASED_NAME = '（已注销）';

export interface ErasureReport {
  userId: number;
  /** Training records kept for subsidy audits (attended/certified sign-ups). */
  keptTrainingRecords: number;
  anonymizedEnrollments: number;
  deleted: {
    identities: number;
    messages: number;
    processedMessages: number;
    conversations: number;
    handoffs: number;
    interests: number;
    consents: number;
    phoneVerifications: number;
  };
}

export class PendingEnrollmentsError extends Error {
  constructor(readonly enrollmentIds: number[]) {
    super(`Cancel the pending sign-ups first (through the courses domain): ${enrollmentIds.join(', ')}`);
  }
}

export interface EraseOptions {
  /**
   * A conversation whose turn is running now (the one that asked for the erasure): its row is
   * emptied, not deleted, so the turn can still save its (empty) state.
   */
  keepConversation?: string;
}

/** Erases a person's data; throws PendingEnrollmentsError while they have pending sign-ups. */
export async function erasePersonalData(db: Db, userId: number, options: EraseOptions = {}): Promise<ErasureReport> {
  return db.$transaction(async (tx) => {
    const pending = await tx.enrollment.findMany({ where: { userId, status: { in: [...PENDING_STATUSES] } }, select: { id: true } });
    if (pending.length) throw new PendingEnrollmentsError(pending.map((e) => e.id));
    const user = await tx.user.findUnique({ where: { id: userId }, include: { identities: true } });
    const addresses = user?.identities.map((i) => ({ channel: i.channel, channelUserId: i.channelUserId })) ?? [];
    const messageWhere = { OR: [{ userId }, ...addresses] };

    // Dedupe records of their messages (not the one being processed right now).
    const inbound = await tx.messageLog.findMany({
      where: { AND: [messageWhere, { direction: 'in', channelMessageId: { not: null } }] },
      select: { channel: true, channelMessageId: true },
    });
    let processedMessages = 0;
    for (const m of inbound) {
      const r = await tx.processedMessage.deleteMany({ where: { channel: m.channel, channelMessageId: m.channelMessageId!, status: { not: 'processing' } } });
      processedMessages += r.count;
    }
    const messages = (await tx.messageLog.deleteMany({ where: messageWhere })).count;
    const keep = options.keepConversation;
    const conversations = (await tx.conversationState.deleteMany({ where: { userId, ...(keep ? { conversationKey: { not: keep } } : {}) } })).count;
    if (keep) await tx.conversationState.updateMany({ where: { userId, conversationKey: keep }, data: { data: '{"frames":[]}' } });
    const handoffs = (await tx.handoffRequest.deleteMany({ where: { userId } })).count;
    const interests = (await tx.courseInterest.deleteMany({ where: { userId } })).count;
    const phoneVerifications = (await tx.phoneVerification.deleteMany({ where: { userId } })).count;
    const smsAddresses = addresses.filter((a) => /^\d{11}$/.test(a.channelUserId)).map((a) => a.channelUserId);
    if (user?.phone) smsAddresses.push(user.phone);
    if (smsAddresses.length) await tx.smsPendingPage.deleteMany({ where: { channelUserId: { in: smsAddresses } } });

    const kept = await tx.enrollment.findMany({ where: { userId, status: { in: [...AUDIT_KEPT_STATUSES] } }, select: { consentId: true } });
    const keptConsents = kept.map((e) => e.consentId).filter((id): id is number => id !== null);
    const anonymizedEnrollments = (
      await tx.enrollment.updateMany({
        where: { userId, status: { notIn: [...AUDIT_KEPT_STATUSES] } },
        data: { name: ERASED_NAME, phone: '', groups: '[]', consentId: null },
      })
    ).count;
    const consents = (await tx.consent.deleteMany({ where: { userId, id: { notIn: keptConsents } } })).count;
    const identities = (await tx.channelIdentity.deleteMany({ where: { userId } })).count;
    if (user) {
      await tx.user.update({
        where: { id: userId },
        data: { name: null, phone: null, phoneConfirmedAt: null, countyCode: null, groups: '[]' },
      });
    }
    return {
      userId,
      keptTrainingRecords: kept.length,
      anonymizedEnrollments,
      deleted: { identities, messages, processedMessages, conversations, handoffs, interests, consents, phoneVerifications },
    };
  }, { maxWait: 30_000, timeout: 30_000 });
}
