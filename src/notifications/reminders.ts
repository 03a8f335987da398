/**
 * Class reminders (a producer: it only enqueues). At REMINDER_TIME (default 18:00) the day before a
 * course starts, every confirmed participant gets one reminder row with the date, place, what to
 * bring and the contact, and a reply context (1 确认参加 / 2 请假 / 3 取消报名, see replies.ts).
 * The idempotency key carries the start date, so a rescheduled course is reminded again and a
 * re-run (the 20:00 retry, a second process) queues nothing twice.
 */
import type { Logger } from 'pino';
import type { OutboundQueue } from '../bot/ports.js';
import type { ClassReminderDue } from '../courses/enrollment.js';
import type { Clock } from '../shared/clock.js';
import { startOfChinaDay } from '../shared/china-time.js';
import { noticeTexts } from './texts.js';

/** What reminders need from the courses domain (CourseAdminServices provides it). */
export interface ClassReminderSource {
  /** Sign-ups to remind of courses starting in [from, to). */
  dueClassReminders(from: Date, to: Date): Promise<ClassReminderDue[]>;
  markReminded(enrollmentId: number, at: Date): Promise<void>;
}

export interface ReminderDeps {
  courses: ClassReminderSource;
  queue: OutboundQueue;
  clock: Clock;
  log: Logger;
}

/** Reminder text (see texts.ts). */
export const reminderText = noticeTexts.classReminder;

/** Idempotency key of a sign-up's reminder for a given start date. */
export const reminderKey = (enrollmentId: number, startDate: Date) => `reminder:${enrollmentId}:${startDate.toISOString().slice(0, 10)}`;

/** Queues reminders for courses that start tomorrow (CST). Safe to run any number of times. */
export async function queueClassReminders(deps: ReminderDeps): Promise<{ due: number; queued: number }> {
  const { courses, queue, clock, log } = deps;
  const now = clock.now();
  const due = await courses.dueClassReminders(startOfChinaDay(now, 1), startOfChinaDay(now, 2));
  const queued = await queue.enqueue(
    due.map((e) => ({
      userId: e.userId,
      phone: e.phone,
      kind: 'reminder',
      priority: 'transactional' as const,
      body: reminderText(e.course),
      replyContext: { type: 'reminder', enrollmentId: e.enrollmentId },
      notBefore: now,
      idempotencyKey: reminderKey(e.enrollmentId, e.course.startDate),
    })),
  );
  // Marked after the rows exist: a crash in between re-queues the same keys (ignored).
  for (const e of due) await courses.markReminded(e.enrollmentId, now);
  if (due.length) log.info({ due: due.length, queued }, 'class reminders queued');
  return { due: due.length, queued };
}
