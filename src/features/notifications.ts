/**
 * Notifications: the day-before class reminders (18:00 and 20:00 China time) and, when a channel
 * can post into group chats (wechaty), the staff route that announces into them.
 */
import { z } from 'zod';
import type { Feature } from '../bot/feature.js';
import type { Services } from '../dialogs/types.js';
import { groupBroadcastRoutes } from '../http/routes/group-broadcast.js';
import type { GroupBroadcaster } from '../notifications/groups.js';
import type { Notifier } from '../notifications/notifier.js';
import { REMINDER_CRON, sendClassReminders, type ClassReminderSource } from '../notifications/reminders.js';

const isReminderSource = (v: unknown): v is ClassReminderSource =>
  typeof (v as ClassReminderSource | null)?.dueClassReminders === 'function' && typeof (v as ClassReminderSource).markReminded === 'function';

const optionsSchema = z.object({
  notifier: z.custom<Notifier>((v) => typeof (v as Notifier | null)?.notify === 'function', 'notifier is required'),
  groups: z.custom<GroupBroadcaster>((v) => typeof (v as GroupBroadcaster | null)?.broadcastToRooms === 'function').optional(),
  /** Due reminders: the course services. */
  courses: z.custom<ClassReminderSource>(isReminderSource, 'courses must provide dueClassReminders and markReminded'),
});

export const notificationsFeature: Feature<Services, z.infer<typeof optionsSchema>> = {
  name: 'notifications',
  options: optionsSchema,
  apply(ctx, options) {
    const { db, clock, log } = ctx.services;
    const { courses } = options;
    ctx.job({
      name: 'class-reminders',
      cron: REMINDER_CRON,
      run: () => sendClassReminders({ courses, db, clock, log, notifier: options.notifier }),
    });
    if (options.groups) ctx.staffRoutes(groupBroadcastRoutes(options.groups));
  },
};
