/**
 * Waitlist promotion notices: the courses domain reports that a waitlisted person got a seat;
 * this tells them on the channel they last used (or logs that staff must phone them).
 */
import type { Logger } from 'pino';
import type { EnrollmentEvents } from '../courses/enrollment.js';
import type { Notifier } from './notifier.js';
import { noticeTexts } from './texts.js';

export function waitlistNotices(notifier: Notifier, log: Logger): EnrollmentEvents {
  return {
    async waitlistPromoted(p) {
      if (p.userId === null) {
        log.warn({ enrollmentId: p.enrollmentId, courseId: p.course.id }, 'waitlist promotion: no chat user, staff must phone the person');
        return;
      }
      const r = await notifier.notify(p.userId, [{ text: noticeTexts.waitlistPromoted(p.course), personal: true }]);
      if (!r.delivered) log.warn({ enrollmentId: p.enrollmentId }, 'waitlist promotion not delivered: staff must phone the person');
    },
  };
}
