/**
 * Notifications: everything proactive, on the one outbound queue.
 *   jobs: the outbound sender (every 2 s: claims due rows, delivers), class reminders (queued at
 *     REMINDER_TIME the day before class, again at REMINDER_LATE_TIME for later sign-ups), follow-up questions (daily at 10:00, FOLLOW_UP_DAYS after
 *     a course ends), interest notices (every minute: new courses matching a stored interest),
 *     expired waitlist offers (every minute);
 *   middleware: opt-out words on any channel, replies in a reminder's/offer's/follow-up's context;
 *   staff routes: broadcasts (/api/admin/broadcasts…), and the group announcement route when a
 *     channel posts into groups (wechaty).
 */
import { z } from 'zod';
import type { Feature } from '../bot/feature.js';
import type { OutboundQueue } from '../bot/ports.js';
import type { Services } from '../dialogs/types.js';
import { broadcastRoutes } from '../http/routes/broadcasts.js';
import { groupBroadcastRoutes } from '../http/routes/group-broadcast.js';
import { Broadcasts } from '../notifications/broadcasts.js';
import type { Place } from '../courses/types.js';
import { defaultOutboundConfig, reminderCron, reminderTimes, type OutboundConfig } from '../notifications/config.js';
import type { GroupBroadcaster } from '../notifications/groups.js';
import { notifyInterests } from '../notifications/interests.js';
import { optOutMiddleware } from '../notifications/opt-out-command.js';
import { FOLLOW_UP_CRON, queueFollowUps, type FollowUpSource } from '../notifications/follow-ups.js';
import { queueClassReminders, type ClassReminderSource } from '../notifications/reminders.js';
import { replyContextMiddleware, type ReplyTarget } from '../notifications/replies.js';
import { OutboundSender, type ChannelRegistry } from '../notifications/sender.js';

/** What this feature needs from the courses domain (CourseAdminServices provides it all). */
export type NotificationCourses = ClassReminderSource & FollowUpSource & ReplyTarget & { expireOffers(): Promise<number>; gazetteer?: { counties(): Place[] } };

const hasFns = (v: unknown, names: string[]) => v !== null && typeof v === 'object' && names.every((n) => typeof (v as Record<string, unknown>)[n] === 'function');

export const COURSE_FNS = ['dueClassReminders', 'markReminded', 'dueFollowUps', 'confirmOffer', 'expireOffers', 'cancelEnrollment', 'recordReminderReply', 'recordOutcome'];

const optionsSchema = z.object({
  /** The channels (ChannelNotifier). */
  notifier: z.custom<ChannelRegistry>((v) => hasFns(v, ['adapters']), 'notifier (a channel registry) is required'),
  queue: z.custom<OutboundQueue>((v) => hasFns(v, ['enqueue', 'claim', 'complete', 'retry', 'cancel']), 'queue (an OutboundQueue) is required'),
  /** The course admin services: reminders, waitlist offers and replies need them (absent: opt-out and sending only). */
  courses: z
    .custom<NotificationCourses>(
      (v) => hasFns(v, COURSE_FNS),
      'courses must be the course admin services',
    )
    .optional(),
  config: z.custom<OutboundConfig>((v) => v !== null && typeof v === 'object').optional(),
  groups: z.custom<GroupBroadcaster>((v) => hasFns(v, ['broadcastToRooms'])).optional(),
});

export type NotificationsOptions = z.infer<typeof optionsSchema>;

export const notificationsFeature: Feature<Services, NotificationsOptions> = {
  name: 'notifications',
  options: optionsSchema,
  apply(ctx, options) {
    const { db, clock, log } = ctx.services;
    const { courses, queue } = options;
    const config = options.config ?? defaultOutboundConfig();
    const places = courses?.gazetteer ?? { counties: () => [] };
    const sender = new OutboundSender({ queue, db, clock, log, channels: options.notifier, config });

    ctx.use(optOutMiddleware(db));
    ctx.job({ name: 'outbound-sender', cron: '*/2 * * * * *', run: () => sender.drain() });
    if (courses) {
      ctx.use(replyContextMiddleware({ db, clock, courses }));
      // The second run that evening catches sign-ups made after the first (the keys make re-runs safe).
      for (const [i, time] of reminderTimes(config).entries()) {
        ctx.job({ name: i ? 'class-reminders-late' : 'class-reminders', cron: reminderCron(time), run: () => queueClassReminders({ courses, queue, clock, log }) });
      }
      ctx.job({ name: 'follow-ups', cron: FOLLOW_UP_CRON, run: () => queueFollowUps({ courses, queue, clock, log, days: config.FOLLOW_UP_DAYS, catchUpDays: config.FOLLOW_UP_CATCH_UP_DAYS }) });
      ctx.job({ name: 'interest-notices', cron: '30 * * * * *', run: () => notifyInterests({ db, queue, clock, log, places, radiusKm: config.INTEREST_RADIUS_KM }) });
      ctx.job({ name: 'waitlist-offers', cron: '0 * * * * *', run: () => courses.expireOffers() });
    }
    ctx.staffRoutes(broadcastRoutes(new Broadcasts({ db, clock, queue, channels: options.notifier, sender, places, config })));
    if (options.groups) ctx.staffRoutes(groupBroadcastRoutes(options.groups));
  },
};
