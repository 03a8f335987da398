/**
 * Everything we hold about one person, as one JSON document (PIPL art. 45: a person may ask for
 * a copy of their data). Staff hand it over on request; the route is behind the staff login.
 */
import type { Db } from '../db/client.js';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export interface PersonalDataExport {
  exportedAt: string;
  user: Record<string, unknown>;
  channelIdentities: Record<string, unknown>[];
  enrollments: Record<string, unknown>[];
  consents: Record<string, unknown>[];
  conversations: Record<string, unknown>[];
  messages: Record<string, unknown>[];
  handoffs: Record<string, unknown>[];
  courseInterests: Record<string, unknown>[];
  phoneVerifications: Record<string, unknown>[];
  /** Opted out of announcements (or of everything), with the word used. */
  optOut: Record<string, unknown> | null;
}

/** The export of a user's data, or null when there is no such user. */
export async function exportPersonalData(db: Db, userId: number, now: Date): Promise<PersonalDataExport | null> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) return null;
  const identities = await db.channelIdentity.findMany({ where: { userId }, orderBy: { id: 'asc' } });
  const addresses = identities.map((i) => ({ channel: i.channel, channelUserId: i.channelUserId }));
  const [enrollments, consents, conversations, messages, handoffs, interests, verifications, optOut] = await Promise.all([
    db.enrollment.findMany({ where: { userId }, orderBy: { id: 'asc' }, include: { course: { select: { code: true, title: true, startDate: true } } } }),
    db.consent.findMany({ where: { userId }, orderBy: { id: 'asc' } }),
    db.conversationState.findMany({ where: { userId } }),
    db.messageLog.findMany({ where: { OR: [{ userId }, ...addresses] }, orderBy: { id: 'asc' } }),
    db.handoffRequest.findMany({ where: { userId }, orderBy: { id: 'asc' } }),
    db.courseInterest.findMany({ where: { userId }, orderBy: { id: 'asc' } }),
    db.phoneVerification.findMany({ where: { userId }, orderBy: { id: 'asc' } }),
    db.notificationOptOut.findUnique({ where: { userId } }),
  ]);
  return {
    exportedAt: now.toISOString(),
    user: {
      id: user.id,
      createdAt: user.createdAt,
      name: user.name,
      phone: user.phone,
      phoneConfirmedAt: user.phoneConfirmedAt,
      countyCode: user.countyCode,
      groups: parseJson(user.groups),
    },
    channelIdentities: identities.map((i) => ({
      channel: i.channel,
      channelUserId: i.channelUserId,
      createdAt: i.createdAt,
      lastInboundAt: i.lastInboundAt,
      source: i.source,
      subscribed: i.subscribed,
    })),
    enrollments: enrollments.map((e) => ({
      id: e.id,
      course: e.course,
      name: e.name,
      phone: e.phone,
      groups: parseJson(e.groups),
      status: e.status,
      via: e.via,
      createdAt: e.createdAt,
      cancelledAt: e.cancelledAt,
      attendedAt: e.attendedAt,
      certifiedAt: e.certifiedAt,
    })),
    consents: consents.map((c) => ({ id: c.id, createdAt: c.createdAt, purpose: c.purpose, via: c.via, recordedBy: c.recordedBy, phone: c.phone })),
    conversations: conversations.map((c) => ({ conversationKey: c.conversationKey, updatedAt: c.updatedAt, data: parseJson(c.data) })),
    messages: messages.map((m) => ({
      createdAt: m.createdAt,
      channel: m.channel,
      direction: m.direction,
      kind: m.kind,
      text: m.text,
      status: m.status,
    })),
    handoffs: handoffs.map((h) => ({ createdAt: h.createdAt, question: h.question, status: h.status, answer: h.answer })),
    courseInterests: interests.map((i) => ({ createdAt: i.createdAt, keyword: i.keyword, category: i.category, countyCode: i.countyCode })),
    // The code itself is never stored (only its hash), so none is exported.
    phoneVerifications: verifications.map((v) => ({ createdAt: v.createdAt, phone: v.phone, expiresAt: v.expiresAt, usedAt: v.usedAt })),
    optOut: optOut ? { scope: optOut.scope, keyword: optOut.keyword, channel: optOut.channel, createdAt: optOut.createdAt } : null,
  };
}
