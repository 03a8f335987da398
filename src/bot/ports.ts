/**
 * Ports: what the kernel needs from storage and coordination, as interfaces. Today's
 * implementations are SQLite (sessions, dedupe) and in-process (turn lock, cron scheduler) and
 * stay the default; a scale-out deployment swaps in shared ones (Postgres, Redis, a distributed
 * queue) without touching the pipeline, the dialogs or the features.
 */
import type { OutboundMessage } from './message.js';
import type { ConversationData } from './engine.js';

/** Whose dialog stack: one per user and conversation (private chat, or one group chat). */
export interface SessionKey {
  userId: number;
  /** "private" or "<channel>:group:<groupId>" (see conversationKeyOf in pipeline.ts). */
  conversationKey: string;
}

export interface LoadedSession {
  data: ConversationData;
  /** Version read; null when nothing is stored yet. Passed back to `save` (optimistic check). */
  version: number | null;
}

/** The dialog stacks. `save` throws StaleSessionError when another turn saved in between. */
export interface SessionStore {
  load(key: SessionKey): Promise<LoadedSession>;
  save(key: SessionKey, loaded: LoadedSession, data: ConversationData): Promise<void>;
}

export class StaleSessionError extends Error {
  constructor(key: SessionKey) {
    super(`Conversation ${key.conversationKey} of user ${key.userId} was changed by another turn`);
  }
}

/**
 * Message ids already handled, so a redelivery never runs a turn twice. A claim is a lease: a
 * claim still "processing" after the lease (its turn's process crashed) may be claimed again by
 * a redelivery, which then runs the turn (`reclaimed: true`).
 */
export interface DedupeStore {
  /** Claims a message id; `duplicate` when it was claimed before and that claim still holds. */
  claim(channel: string, channelMessageId: string): Promise<{ duplicate: boolean; reclaimed?: boolean }>;
  /** Stores the replies of a finished turn (a redelivery gets them). */
  complete(channel: string, channelMessageId: string, replies: OutboundMessage[], now: Date): Promise<void>;
  /** Forgets a claim whose turn failed, so a redelivery may try again. */
  release(channel: string, channelMessageId: string): Promise<void>;
  /** Replies of an earlier delivery, waiting up to `waitMs` while it still runs; null if not done. */
  repliesOf(channel: string, channelMessageId: string, waitMs: number): Promise<OutboundMessage[] | null>;
}

/** Runs tasks with the same key one after another (one user's turns, in arrival order). */
export interface TurnLock {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

/** A job run on a schedule (cron syntax with seconds, China time). */
export interface ScheduledJob {
  name: string;
  /** e.g. "0 0 18,20 * * *" = 18:00 and 20:00 every day. */
  cron: string;
  run(): Promise<unknown>;
}

/** Runs scheduled jobs. The in-process default is node-cron (src/bot/cron-scheduler.ts). */
export interface JobScheduler {
  add(job: ScheduledJob): void;
  start(): void;
  stop(): Promise<void>;
}
