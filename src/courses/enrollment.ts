/**
 * Sign-up with capacity and waitlist, in one write transaction.
 *
 * Concurrency: SQLite has a single writer, and the Prisma better-sqlite3 adapter runs every
 * interactive transaction on one connection behind a mutex, so transactions in this process never
 * interleave. Two things remain: (1) Prisma's default `maxWait` (2 s) makes a burst of queued
 * transactions fail, so writes go through an in-process queue (KeyedLock) and only then open the
 * transaction; (2) another process (the import CLI) may write to the same file, so the first
 * statement of the transaction is a write on the course row, taking SQLite's write lock up front
 * (like BEGIN IMMEDIATE) instead of upgrading a read lock later, which could fail with SQLITE_BUSY.
 * Seat counting happens inside the transaction after that lock, so it is never stale.
 */
import { cleanPersonName } from '../shared/text-hygiene.js';
import type { Logger } from 'pino';
import type { Clock } from '../shared/clock.js';
import { KeyedLock } from '../shared/keyed-lock.js';
import type { Db, Tx } from '../db/client.js';
import { acceptsSignUps } from './rules.js';
import { normalizeMobile } from '../shared/phone.js';
import { CourseError, type EnrollmentOutcome, type EnrollmentRequest, type EnrollmentStatus, type EnrollmentView } from './types.js';
import { isoDate, parseGroups, SEAT_STATUSES } from './view.js';
import { groupLabel } from './groups.js';

/** Statuses that count as "already signed up" for duplicate detection. */
const ACTIVE = ['confirmed', 'waitlisted', 'attended', 'certified'];
const TX_OPTIONS = { maxWait: 30_000, timeout: 30_000 };

/** A waitlisted person who got a seat because someone cancelled. */
export interface WaitlistPromotion {
  enrollmentId: number;
  /** The chat user to tell; null when the person was signed up by staff with no chat account. */
  userId: number | null;
  /** The phone given at sign-up (with consent): SMS reaches people without a chat account. */
  phone: string;
  course: { id: number; title: string; startDate: Date };
}

/** A confirmed sign-up whose class reminder is due (plain data for the notifications module). */
export interface ClassReminderDue {
  enrollmentId: number;
  /** The chat user who signed up; null when staff signed the person up (the phone may still find one). */
  userId: number | null;
  phone: string;
  course: { title: string; startDate: Date; address: string; online: boolean; contact: string };
}

/** A participant of a course that ended, due a follow-up question (plain data for notifications). */
export interface FollowUpDue {
  enrollmentId: number;
  userId: number | null;
  phone: string;
  course: { id: number; title: string; endDate: Date };
}

/** What the enrollment domain reports; the notifications module turns these into messages. */
export interface EnrollmentEvents {
  /** A seat went to a waitlisted person; with `offerExpiresAt` they must confirm by then. */
  waitlistPromoted?(promotion: WaitlistPromotion & { offerExpiresAt: Date | null }): Promise<void>;
  /** A promoted person did not confirm in time: their seat passed to the next in line. */
  offerExpired?(expired: WaitlistPromotion): Promise<void>;
}

/** Answers to the class reminder (1 确认参加 / 2 请假 / 3 取消报名). */
export type ReminderReply = 'confirmed' | 'leave' | 'cancel';
/** Follow-up answers (1 已就业 / 2 已创业 / 3 还在找 / 4 不方便说). */
export type FollowUpOutcome = 'employed' | 'entrepreneur' | 'seeking' | 'undisclosed';

export interface EnrollmentDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  events?: EnrollmentEvents;
  /** Told when a course flips between open and full (keeps the search index in step). */
  onStatusChange?: (courseId: number, status: string) => void;
  /** How long a promoted waitlisted person has to confirm; undefined = promotion is final at once. */
  offerHoldMs?: number;
}

export class EnrollmentService {
  /** One queue for all enrollment writes in this process (SQLite writes are serial anyway). */
  private readonly lock = new KeyedLock();

  constructor(private readonly deps: EnrollmentDeps) {}

  private write<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.lock.run('enrollment', () => this.deps.db.$transaction(fn, TX_OPTIONS));
  }

  /** Signs a person up: confirmed while seats remain, else waitlisted with a position. */
  async enroll(request: EnrollmentRequest): Promise<EnrollmentOutcome> {
    const phone = normalizeMobile(request.phone);
    if (!phone) throw new CourseError('invalid', '手机号不正确，请输入11位手机号码');
    const name = cleanPersonName(request.name);
    if (name === null) throw new CourseError('invalid', '姓名里有无法识别的字符，请重新填写');
    if (name.length < 1 || name.length > 30) throw new CourseError('invalid', '请填写姓名（1～30个字）');
    if (request.consent !== true) throw new CourseError('invalid', '需要您同意保存报名信息才能报名');
    const now = this.deps.clock.now();
    let flipped: string | null = null;
    const outcome = await this.write(async (tx) => {
      // Write first: takes SQLite's write lock before any read (see file comment).
      const touched = await tx.$executeRawUnsafe('UPDATE Course SET status = status WHERE id = ?', request.courseId);
      const course = touched ? await tx.course.findUnique({ where: { id: request.courseId } }) : null;
      if (!course) throw new CourseError('not-found', '没有找到这个课程');
      if (!acceptsSignUps(course, this.deps.clock)) {
        throw new CourseError('closed', '这个课程已停止报名');
      }
      const who = [{ phone }, ...(request.userId ? [{ userId: request.userId }] : [])];
      const dup = await tx.enrollment.findFirst({ where: { courseId: course.id, status: { in: ACTIVE }, OR: who } });
      if (dup) throw new CourseError('duplicate', dup.status === 'waitlisted' ? '您已经在这个课程的候补名单上了' : '您已经报名了这个课程');
      const required = parseGroups(course.eligibleGroups);
      if (required.length && !required.some((g) => request.groups.includes(g))) {
        throw new CourseError('not-eligible', `这个课程只面向：${required.map(groupLabel).join('、')}`);
      }
      const consent = await tx.consent.create({
        data: {
          userId: request.userId ?? null,
          purpose: 'enrollment-data',
          via: request.via,
          recordedBy: request.via === 'proxy' ? (request.proxyBy ?? 'unknown') : 'self',
          phone,
        },
      });
      const taken = await tx.enrollment.count({ where: { courseId: course.id, status: { in: SEAT_STATUSES } } });
      const confirmed = taken < course.capacity;
      const enrollment = await tx.enrollment.create({
        data: {
          courseId: course.id,
          userId: request.userId ?? null,
          name,
          phone,
          groups: JSON.stringify([...new Set(request.groups)]),
          status: confirmed ? 'confirmed' : 'waitlisted',
          queuedAt: now,
          consentId: consent.id,
          via: request.via,
          proxyBy: request.via === 'proxy' ? (request.proxyBy ?? null) : null,
        },
      });
      if (confirmed && taken + 1 >= course.capacity && course.status === 'open') {
        await tx.course.update({ where: { id: course.id }, data: { status: 'full' } });
        flipped = 'full';
      }
      if (confirmed) return { status: 'confirmed', enrollmentId: enrollment.id } as const;
      const position = await waitlistPosition(tx, course.id, enrollment.queuedAt, enrollment.id);
      return { status: 'waitlisted', enrollmentId: enrollment.id, position } as const;
    });
    if (flipped) this.deps.onStatusChange?.(request.courseId, flipped);
    this.deps.log.info({ courseId: request.courseId, status: outcome.status, via: request.via }, 'enrollment');
    return outcome;
  }

  /** Cancels a sign-up; a freed seat goes to the first waitlisted person (reported as an event). */
  async cancelEnrollment(enrollmentId: number, by: { userId?: number; staff?: string }): Promise<void> {
    await this.cancelAndPromote(enrollmentId, by, null);
  }

  /**
   * Cancels, promotes the first waitlisted person (with a confirmation deadline when offers are
   * held) and reports the events. `expired` marks the cancellation of an unanswered offer.
   */
  private async cancelAndPromote(enrollmentId: number, by: { userId?: number; staff?: string }, expired: Date | null): Promise<boolean> {
    const now = this.deps.clock.now();
    const hold = this.deps.offerHoldMs;
    const result = await this.write(async (tx) => {
      const e = await tx.enrollment.findUnique({ where: { id: enrollmentId }, include: { course: true } });
      if (!e || (by.userId !== undefined && !by.staff && e.userId !== by.userId)) throw new CourseError('not-found', '没有找到这条报名记录');
      if (expired && (e.status !== 'confirmed' || !e.offerExpiresAt || e.offerExpiresAt > expired)) return null;
      if (e.status !== 'confirmed' && e.status !== 'waitlisted') {
        throw new CourseError('invalid', e.status === 'cancelled' ? '这条报名已经取消了' : '这条报名已结束，不能取消');
      }
      await tx.$executeRawUnsafe('UPDATE Course SET status = status WHERE id = ?', e.courseId);
      await tx.enrollment.update({ where: { id: e.id }, data: { status: 'cancelled', cancelledAt: now, offerExpiresAt: null } });
      let promoted: { id: number; userId: number | null; phone: string; offerExpiresAt: Date | null } | null = null;
      if (e.status === 'confirmed') {
        const next = await tx.enrollment.findFirst({
          where: { courseId: e.courseId, status: 'waitlisted' },
          orderBy: [{ queuedAt: 'asc' }, { id: 'asc' }],
        });
        if (next) {
          const offerExpiresAt = hold ? new Date(now.getTime() + hold) : null;
          await tx.enrollment.update({ where: { id: next.id }, data: { status: 'confirmed', offerExpiresAt } });
          promoted = { id: next.id, userId: next.userId, phone: next.phone, offerExpiresAt };
        }
      }
      const taken = await tx.enrollment.count({ where: { courseId: e.courseId, status: { in: SEAT_STATUSES } } });
      let status: string | null = null;
      if (e.course.status === 'full' && taken < e.course.capacity) status = 'open';
      if (e.course.status === 'open' && taken >= e.course.capacity) status = 'full';
      if (status) await tx.course.update({ where: { id: e.courseId }, data: { status } });
      return { course: e.course, cancelled: { id: e.id, userId: e.userId, phone: e.phone }, promoted, status };
    });
    if (!result) return false;
    if (result.status) this.deps.onStatusChange?.(result.course.id, result.status);
    this.deps.log.info({ enrollmentId, by: expired ? 'offer-expired' : by.staff ? 'staff' : 'self', promoted: result.promoted?.id }, 'enrollment cancelled');
    const course = { id: result.course.id, title: result.course.title, startDate: result.course.startDate };
    const events = this.deps.events;
    try {
      if (expired) await events?.offerExpired?.({ enrollmentId: result.cancelled.id, userId: result.cancelled.userId, phone: result.cancelled.phone, course });
      const p = result.promoted;
      if (p) await events?.waitlistPromoted?.({ enrollmentId: p.id, userId: p.userId, phone: p.phone, course, offerExpiresAt: p.offerExpiresAt });
    } catch (err) {
      this.deps.log.error({ err, enrollmentId }, 'enrollment event failed');
    }
    return true;
  }

  /** The promoted person confirms the offered seat; false when there is no open offer. */
  async confirmOffer(enrollmentId: number): Promise<boolean> {
    const r = await this.deps.db.enrollment.updateMany({
      where: { id: enrollmentId, status: 'confirmed', offerExpiresAt: { gt: this.deps.clock.now() } },
      data: { offerExpiresAt: null },
    });
    return r.count === 1;
  }

  /** Offers not confirmed in time: each seat passes to the next in line. Returns how many expired. */
  async expireOffers(): Promise<number> {
    const now = this.deps.clock.now();
    const due = await this.deps.db.enrollment.findMany({ where: { status: 'confirmed', offerExpiresAt: { lte: now } }, select: { id: true }, orderBy: { id: 'asc' } });
    let n = 0;
    for (const { id } of due) if (await this.cancelAndPromote(id, { staff: 'offer-expired' }, now)) n++;
    return n;
  }

  /** Records the answer to the class reminder; "cancel" also cancels the sign-up (and promotes). */
  async recordReminderReply(enrollmentId: number, reply: ReminderReply, userId: number): Promise<void> {
    const e = await this.deps.db.enrollment.findUnique({ where: { id: enrollmentId } });
    if (!e || e.userId !== userId) throw new CourseError('not-found', '没有找到这条报名记录');
    await this.deps.db.enrollment.update({ where: { id: enrollmentId }, data: { reminderReply: reply, reminderReplyAt: this.deps.clock.now() } });
    if (reply === 'cancel' && (e.status === 'confirmed' || e.status === 'waitlisted')) await this.cancelEnrollment(enrollmentId, { userId });
  }

  /** Records a follow-up answer (the latest round wins). */
  async recordOutcome(enrollmentId: number, outcome: FollowUpOutcome, round: number): Promise<void> {
    await this.deps.db.enrollment.update({
      where: { id: enrollmentId },
      data: { outcome, outcomeRound: round, outcomeAt: this.deps.clock.now(), ...(outcome === 'employed' || outcome === 'entrepreneur' ? { employedAt: this.deps.clock.now() } : {}) },
    });
  }

  /**
   * Confirmed sign-ups not yet reminded, of courses starting in [from, to) that are neither
   * cancelled nor closed, in sign-up order.
   */
  async dueClassReminders(from: Date, to: Date): Promise<ClassReminderDue[]> {
    const rows = await this.deps.db.enrollment.findMany({
      where: {
        status: 'confirmed',
        reminderSentAt: null,
        course: { startDate: { gte: from, lt: to }, status: { notIn: ['cancelled', 'closed'] } },
      },
      select: {
        id: true,
        userId: true,
        phone: true,
        course: { select: { title: true, startDate: true, address: true, online: true, contact: true } },
      },
      orderBy: { id: 'asc' },
    });
    return rows.map(({ id, userId, phone, course }) => ({ enrollmentId: id, userId, phone, course }));
  }

  /**
   * Participants of courses (not cancelled) that ended in [from, to): per course the people
   * marked attended or certified, or — when staff marked nobody — the confirmed sign-ups.
   */
  async dueFollowUps(from: Date, to: Date): Promise<FollowUpDue[]> {
    const rows = await this.deps.db.enrollment.findMany({
      where: { status: { in: ['confirmed', 'attended', 'certified'] }, course: { endDate: { gte: from, lt: to }, status: { not: 'cancelled' } } },
      select: { id: true, userId: true, phone: true, status: true, course: { select: { id: true, title: true, endDate: true } } },
      orderBy: { id: 'asc' },
    });
    const marked = new Set(rows.filter((r) => r.status !== 'confirmed').map((r) => r.course.id));
    return rows
      .filter((r) => (marked.has(r.course.id) ? r.status !== 'confirmed' : true))
      .map(({ id, userId, phone, course }) => ({ enrollmentId: id, userId, phone, course }));
  }

  /** Records that a sign-up's class reminder went out (it is then no longer due). */
  async markReminded(enrollmentId: number, at: Date): Promise<void> {
    await this.deps.db.enrollment.update({ where: { id: enrollmentId }, data: { reminderSentAt: at } });
  }

  /** A user's sign-ups, newest first, with waitlist positions and Chinese labels. */
  async listEnrollments(userId: number): Promise<EnrollmentView[]> {
    const rows = await this.deps.db.enrollment.findMany({
      where: { userId },
      include: { course: { select: { title: true, startDate: true } } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
    const out: EnrollmentView[] = [];
    for (const r of rows) {
      const status = r.status as EnrollmentStatus;
      let position: number | undefined;
      if (status === 'waitlisted') position = await waitlistPosition(this.deps.db, r.courseId, r.queuedAt, r.id);
      out.push({
        id: r.id,
        courseId: r.courseId,
        courseTitle: r.course.title,
        startDate: isoDate(r.course.startDate),
        status,
        ...(position !== undefined ? { position } : {}),
        label: statusLabel(status, position),
      });
    }
    return out;
  }
}

/** 1-based waitlist position (by queuedAt, then id). */
export async function waitlistPosition(db: Db | Tx, courseId: number, queuedAt: Date, id: number): Promise<number> {
  const ahead = await db.enrollment.count({
    where: { courseId, status: 'waitlisted', OR: [{ queuedAt: { lt: queuedAt } }, { queuedAt, id: { lt: id } }] },
  });
  return ahead + 1;
}

/** 待开课 / 候补第N位 / 已参加 / 已结业（取得证书）/ 已取消 */
export function statusLabel(status: EnrollmentStatus, position?: number): string {
  switch (status) {
    case 'confirmed':
      return '待开课';
    case 'waitlisted':
      return `候补第${position ?? '?'}位`;
    case 'attended':
      return '已参加';
    case 'certified':
      return '已结业（取得证书）';
    case 'cancelled':
      return '已取消';
  }
}
