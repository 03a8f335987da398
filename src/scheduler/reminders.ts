/**
 * Class reminders: the day before a course starts, every confirmed participant gets a short
 * message on the channel they last used (WeChat, SMS, …) with the date, place and contact.
 * Each enrollment is reminded once (Enrollment.reminderSentAt).
 */
import type { Logger } from 'pino';
import type { Notifier } from '../bot/notifier.js';
import type { Clock } from '../bot/services.js';
import type { Db } from '../db/client.js';
import { chinaMonthDay, startOfChinaDay } from '../china-time.js';

export interface ReminderDeps {
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

/** Reminder text: short enough for one SMS segment when the place is short. */
export function reminderText(course: { title: string; startDate: Date; address: string; online: boolean; contact: string }): string {
  const where = course.online ? '线上课程' : course.address || '见报名信息';
  const contact = course.contact ? `，咨询${course.contact}` : '';
  return `【开课提醒】您报名的“${course.title}”${chinaMonthDay(course.startDate)}开课，地点：${where}${contact}。不能参加请回复“我的报名”取消。`;
}

/** Sends reminders for courses that start tomorrow (CST). Safe to run any number of times. */
export async function sendClassReminders(deps: ReminderDeps): Promise<ReminderRun> {
  const { db, notifier, clock, log } = deps;
  const now = clock.now();
  const from = startOfChinaDay(now, 1);
  const to = startOfChinaDay(now, 2);
  const due = await db.enrollment.findMany({
    where: {
      status: 'confirmed',
      reminderSentAt: null,
      course: { startDate: { gte: from, lt: to }, status: { notIn: ['cancelled', 'closed'] } },
    },
    include: { course: true },
    orderBy: { id: 'asc' },
  });
  let sent = 0;
  let undelivered = 0;
  for (const enrollment of due) {
    try {
      const userId = enrollment.userId ?? (await db.user.findUnique({ where: { phone: enrollment.phone } }))?.id;
      const result = userId
        ? await notifier.notify(userId, [{ text: reminderText(enrollment.course), personal: true }])
        : { delivered: false };
      if (result.delivered) {
        await db.enrollment.update({ where: { id: enrollment.id }, data: { reminderSentAt: clock.now() } });
        sent++;
      } else {
        undelivered++;
      }
    } catch (err) {
      // One bad recipient never stops the rest.
      undelivered++;
      log.warn({ err, enrollmentId: enrollment.id }, 'reminder failed');
    }
  }
  if (due.length) log.info({ due: due.length, sent, undelivered }, 'class reminders');
  return { due: due.length, sent, undelivered };
}
