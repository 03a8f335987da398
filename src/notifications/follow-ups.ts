/**
 * Follow-up questions (a producer: it only enqueues). FOLLOW_UP_DAYS (default 30 and 90) days
 * after a course ends, its participants — the sign-ups staff marked attended or certified, or the
 * confirmed ones when staff marked nobody — are asked 1 已就业 / 2 已创业 / 3 还在找 / 4 不方便说
 * (words work too); the answer is read in the message's context (replies.ts) and stored on the
 * enrollment (outcome, outcomeRound, outcomeAt).
 *
 * Once per enrollment and N: the idempotency key is `follow-up:<enrollmentId>:<N>`, so the daily
 * job, a second process or a re-run queue nothing twice. A run looks back FOLLOW_UP_CATCH_UP_DAYS, so a
 * few days of downtime are caught up, but switching the job on does not ask about courses that
 * ended long ago. Transactional (about the person's own training): not held by quiet hours, not
 * capped, and a plain 退订 does not stop it (全部退订 does).
 */
import type { Logger } from 'pino';
import type { OutboundQueue } from '../bot/ports.js';
import type { FollowUpDue } from '../courses/enrollment.js';
import { startOfChinaDay } from '../shared/china-time.js';
import type { Clock } from '../shared/clock.js';
import { noticeTexts } from './texts.js';

/** How many days back a run still asks by default (FOLLOW_UP_CATCH_UP_DAYS). */
export const CATCH_UP_DAYS = 7;
/** When the daily follow-up job runs (China time): mid-morning, outside any quiet hours. */
export const FOLLOW_UP_CRON = '0 0 10 * * *';

/** What follow-ups need from the courses domain (CourseAdminServices provides it). */
export interface FollowUpSource {
  dueFollowUps(from: Date, to: Date): Promise<FollowUpDue[]>;
}

export interface FollowUpDeps {
  courses: FollowUpSource;
  queue: OutboundQueue;
  clock: Clock;
  log: Logger;
  /** FOLLOW_UP_DAYS. */
  days: number[];
  /** FOLLOW_UP_CATCH_UP_DAYS (default CATCH_UP_DAYS). */
  catchUpDays?: number;
}

export const followUpKey = (enrollmentId: number, round: number) => `follow-up:${enrollmentId}:${round}`;

/** Queues the follow-up questions due today. Safe to run any number of times. */
export async function queueFollowUps(deps: FollowUpDeps): Promise<{ due: number; queued: number }> {
  const { courses, queue, clock, log } = deps;
  const now = clock.now();
  const catchUp = deps.catchUpDays ?? CATCH_UP_DAYS;
  let due = 0;
  let queued = 0;
  for (const n of deps.days) {
    // Courses whose end day is at least n days ago (today included), looking back `catchUp` days.
    const rows = await courses.dueFollowUps(startOfChinaDay(now, -n - catchUp), startOfChinaDay(now, -n + 1));
    due += rows.length;
    queued += await queue.enqueue(
      rows.map((e) => ({
        userId: e.userId,
        phone: e.phone,
        kind: 'follow-up',
        priority: 'transactional' as const,
        body: noticeTexts.followUp(e.course),
        replyContext: { type: 'follow-up', enrollmentId: e.enrollmentId, round: n },
        notBefore: now,
        idempotencyKey: followUpKey(e.enrollmentId, n),
      })),
    );
  }
  if (queued) log.info({ due, queued }, 'follow-up questions queued');
  return { due, queued };
}
