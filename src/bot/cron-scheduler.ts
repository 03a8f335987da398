/**
 * The in-process JobScheduler: node-cron in China time, one run at a time per job. Job functions
 * take the clock from their feature, so tests call them directly with a fake clock; this file
 * only decides when they run.
 */
import { createTask, type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { JobScheduler, ScheduledJob } from './ports.js';

export function createCronScheduler(log: Logger): JobScheduler & { jobs(): readonly ScheduledJob[] } {
  const jobs: ScheduledJob[] = [];
  const tasks: ScheduledTask[] = [];
  return {
    add(job) {
      jobs.push(job);
    },
    jobs: () => jobs,
    start() {
      for (const job of jobs) {
        const task = createTask(
          job.cron,
          async () => {
            await job.run().catch((err: unknown) => log.error({ err, job: job.name }, 'scheduled job failed'));
          },
          { name: job.name, timezone: 'Asia/Shanghai', noOverlap: true },
        );
        task.start();
        tasks.push(task);
      }
    },
    async stop() {
      for (const t of tasks.splice(0)) await t.destroy();
    },
  };
}
