/**
 * Class reminders: the day before a course starts, every confirmed participant gets a short
 * message on the channel they last used (WeChat, SMS, …) with the date, place and contact.
 * Each sign-up is reminded once: the courses domain says which are due and records the ones sent.
 */
import type { Logger } from 'pino';
import type { ClassReminderDue } from '../courses/enrollment.js';
import type { Notifier } from './notifier.js';
import type { Clock } from '../shared/clock.js';
import type { Db } from '../db/client.js';
import { startOfChinaDay } from '../shared/china-time.js';
import { noticeTexts } from './texts.js';

/** Reminders go out at 18:00 the day before class (and are retried at 20:00 for late sign-ups). */
export const REMINDER_CRON = '0 0 18,20 * * *';

/** What reminders need from the courses domain (CourseAdminServices provides it). */
export interface ClassReminderSource {
  /** Sign-ups to remind of courses starting in [from, to). */
  dueClassReminders(from: Date, to: Date): Promise<ClassReminderDue[]>;
  markReminded(enrollmentId: number, at: Date): Promise<void>;
}

export interface ReminderDeps {
  courses: ClassReminderSource;
  /** Finds the chat user of a sign-up made without one (by phone). */
  db: Db;
  notifier: Notifier;
  clock: Clock;
  log: Logger;
}

export interface ReminderRun {
  due: number;
  sent: number;
  /** Due but not deliverable (no user/channel that can push): staff should call them. */
  undelivered: number;
}

/** Reminder text (see texts.ts). */
export const reminderText = noticeTexts.classReminder;

/** Sends reminders for courses that start tomorrow (CST). Safe to run any number of times. */
export async function sendClassReminders(deps: ReminderDeps): Promise<ReminderRun> {
  const { courses, db, notifier, clock, log } = deps;
  const now = clock.now();
  const due = await courses.dueClassReminders(startOfChinaDay(now, 1), startOfChinaDay(now, 2));
  let sent = 0;
  let undelivered = 0;
  for (const enrollment of due) {
    try {
      const userId = enrollment.userId ?? (await db.user.findUnique({ where: { phone: enrollment.phone } }))?.id;
      const result = userId
        ? await notifier.notify(userId, [{ text: reminderText(enrollment.course), personal: true }])
        : { delivered: false };
      if (result.delivered) {
        await courses.markReminded(enrollment.enrollmentId, clock.now());
        sent++;
      } else {
        undelivered++;
      }
    } catch (err) {
      // One bad recipient never stops the rest.
      undelivered++;
      log.warn({ err, enrollmentId: enrollment.enrollmentId }, 'reminder failed');
    }
  }
  if (due.length) log.info({ due: due.length, sent, undelivered }, 'class reminders');
  return { due: due.length, sent, undelivered };
}
