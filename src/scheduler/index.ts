/**
 * Background jobs (node-cron, China time). The job functions take the clock, so tests call them
 * directly with a fake clock; this file only decides when they run.
 */
import { createTask, type ScheduledTask } from 'node-cron';
import { sendClassReminders, type ReminderDeps } from './reminders.js';

export { sendClassReminders, reminderText } from './reminders.js';

/** Reminders go out at 18:00 the day before class (and are retried at 20:00 for late sign-ups). */
export const REMINDER_CRON = '0 0 18,20 * * *';

export function startScheduler(deps: ReminderDeps): { stop(): Promise<void> } {
  const tasks: ScheduledTask[] = [
    createTask(REMINDER_CRON, async () => void (await sendClassReminders(deps)), {
      name: 'class-reminders',
      timezone: 'Asia/Shanghai',
      noOverlap: true,
    }),
  ];
  for (const t of tasks) t.start();
  return {
    async stop() {
      for (const t of tasks) await t.destroy();
    },
  };
}
