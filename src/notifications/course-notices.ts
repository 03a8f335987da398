/**
 * Course changed or cancelled by staff (a producer: it only enqueues). Everyone signed up
 * (confirmed or waitlisted; a sign-up made by staff is reached by its phone) gets a
 * transactional notice, and their queued class reminders follow the course:
 *   - start date or place changed → a 【课程变更】 notice; a reminder still queued for the old date
 *     is cancelled, and the courses domain clears `reminderSentAt`, so the reminder job queues a
 *     new one (its key carries the new start date) the day before the new start;
 *   - cancelled → a 【课程取消】 notice; queued reminders are cancelled.
 * Idempotency keys carry the course, the sign-up and what changed (the new start and place), so
 * a retried request notifies nobody twice, and a second change notifies again.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { OutboundQueue } from '../bot/ports.js';
import type { Db } from '../db/client.js';
import type { Clock } from '../shared/clock.js';
import { noticeTexts } from './texts.js';

/** Course fields whose change the people signed up must hear about. */
export const NOTIFIED_FIELDS = ['startDate', 'address', 'township', 'countyCode', 'online'] as const;

export interface CourseNoticeDeps {
  db: Db;
  queue: OutboundQueue;
  clock: Clock;
  log: Logger;
}

interface SignUp {
  enrollmentId: number;
  userId: number | null;
  phone: string;
}

const short = (s: string) => createHash('sha1').update(s).digest('hex').slice(0, 10);

/** Cancels the reminders still queued for these sign-ups (any start date). */
async function cancelReminders(queue: OutboundQueue, signUps: SignUp[], now: Date): Promise<number> {
  let n = 0;
  for (const s of signUps) n += await queue.cancel({ keyPrefix: `reminder:${s.enrollmentId}:` }, now);
  return n;
}

/** Queues one transactional notice per sign-up. */
function tell(queue: OutboundQueue, signUps: SignUp[], kind: string, body: string, now: Date, key: (s: SignUp) => string): Promise<number> {
  return queue.enqueue(signUps.map((s) => ({ userId: s.userId, phone: s.phone, kind, priority: 'transactional' as const, body, notBefore: now, idempotencyKey: key(s) })));
}

export function courseNotices(deps: CourseNoticeDeps) {
  const { db, queue, clock, log } = deps;
  return {
    /** Staff changed `fields` of a course: tell its people when the start or the place moved. */
    async changed(courseId: number, fields: string[]): Promise<{ notified: number; remindersCancelled: number }> {
      if (!fields.some((f) => (NOTIFIED_FIELDS as readonly string[]).includes(f))) return { notified: 0, remindersCancelled: 0 };
      const course = await db.course.findUnique({ where: { id: courseId } });
      if (!course || course.status === 'cancelled') return { notified: 0, remindersCancelled: 0 };
      const signUps = (await db.enrollment.findMany({ where: { courseId, status: { in: ['confirmed', 'waitlisted'] } }, orderBy: { id: 'asc' } })).map((e) => ({
        enrollmentId: e.id,
        userId: e.userId,
        phone: e.phone,
      }));
      const now = clock.now();
      const version = short(`${course.startDate.toISOString()}|${course.countyCode}|${course.township}|${course.address}|${course.online}`);
      const notified = await tell(queue, signUps, 'course-changed', noticeTexts.courseChanged(course), now, (s) => `course-changed:${courseId}:${s.enrollmentId}:${version}`);
      const remindersCancelled = fields.includes('startDate') ? await cancelReminders(queue, signUps, now) : 0;
      log.info({ courseId, notified, remindersCancelled }, 'course change notices queued');
      return { notified, remindersCancelled };
    },

    /** A course was cancelled: tell these sign-ups and drop their queued reminders. */
    async cancelled(course: { id: number; title: string; contact: string }, signUps: SignUp[]): Promise<{ notified: number; remindersCancelled: number }> {
      const now = clock.now();
      const notified = await tell(queue, signUps, 'course-cancelled', noticeTexts.courseCancelled(course), now, (s) => `course-cancelled:${course.id}:${s.enrollmentId}`);
      const remindersCancelled = await cancelReminders(queue, signUps, now);
      log.info({ courseId: course.id, notified, remindersCancelled }, 'course cancellation queued');
      return { notified, remindersCancelled };
    },
  };
}
