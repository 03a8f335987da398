/**
 * The services dialogs and HTTP routes use, injected once by createApp (src/app.ts).
 * Each is an interface so tests can swap in fakes; the real implementations live in
 * src/knowledge, src/courses and src/bot.
 */
import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import type { CourseServices } from '../courses/types.js';
import type { Notifier } from './notifier.js';

/** The clock. Injected so dialogs and schedulers are testable without sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface Services {
  db: Db;
  clock: Clock;
  log: Logger;
  knowledge: KnowledgeBase;
  courses: CourseServices;
  /** Sends a message to a user outside the current turn (on the channel they last used). */
  notifier: Notifier;
}
