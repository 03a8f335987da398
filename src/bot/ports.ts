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

/** transactional: reminders, replies about one's own sign-ups (never held or capped); announcement: the rest. */
export type OutboundPriority = 'transactional' | 'announcement';

/** One proactive message to enqueue (see OutboundQueue). */
export interface OutboundItem {
  /** Recipient chat user; null when only a phone is known (a sign-up made by staff). */
  userId: number | null;
  phone?: string | null;
  /** reminder | waitlist-offer | broadcast | follow-up | … (picks templates and reply handling). */
  kind: string;
  priority: OutboundPriority;
  body: string;
  /** How a reply to it is understood, e.g. {"type":"reminder","enrollmentId":1}. */
  replyContext?: Record<string, unknown>;
  notBefore: Date;
  /** Unique: enqueueing the same key again is a no-op (producers may run any number of times). */
  idempotencyKey: string;
  broadcastId?: number;
}

/** One message to many recipients (a broadcast): the fields every row shares. */
export interface BulkOutbound extends Omit<OutboundItem, 'userId' | 'phone' | 'idempotencyKey'> {
  /** Each row's idempotency key is this followed by its user id, or by `p` and its phone. */
  keyPrefix: string;
}

/**
 * Who a bulk message goes to, without one object per person: every chat user (ids up to
 * `throughId`, ascending), or the given user ids (ascending); then the phone-only recipients.
 */
export type BulkRecipients = ({ allUsers: true; throughId: number } | { userIds: readonly number[] }) & { phones: readonly string[] };

/** A row claimed by one sender, with the lease token that proves it. */
export interface ClaimedOutbound extends Required<Omit<OutboundItem, 'replyContext' | 'broadcastId' | 'phone'>> {
  id: number;
  phone: string | null;
  replyContext: Record<string, unknown> | null;
  broadcastId: number | null;
  attempts: number;
  lease: string;
  /** A batch (one platform call for many rows, e.g. WeChat mass-send) this row was put in before a crash or retry; null otherwise. */
  batchKey: string | null;
}

/** Final outcome of one delivery attempt. */
export type OutboundOutcome =
  | { status: 'sent' | 'delivered'; channel: string; route: string; providerMessageId?: string; at: Date }
  | { status: 'failed'; error: string; channel?: string }
  | { status: 'skipped'; reason: 'opted-out' | 'capped' | 'unreachable' | 'cancelled' };

/**
 * The durable outbound queue: every proactive message is first a row; producers only enqueue,
 * a sender claims due rows under a lease, delivers and records the outcome.
 *
 * Guarantee (what every implementation must keep): no enqueued message is ever lost — a row
 * leaves the queue only with an outcome recorded after the channel answered; a sender that dies
 * leaves its rows leased, and they are claimed again once the lease expires. Hence after a crash
 * the only possible duplicates are the rows that were in flight (claimed, handed to a channel,
 * outcome not yet recorded) at the moment of the crash.
 *
 * The default is SQLite (src/bot/sqlite-outbound-queue.ts); a scale-out deployment implements
 * this on a distributed queue.
 */
export interface OutboundQueue {
  /** Inserts the items; an existing idempotency key is skipped. Returns how many were new. */
  enqueue(items: OutboundItem[]): Promise<number>;
  /**
   * Optional bulk path for one message to many (a 100k-recipient broadcast): the same rows as
   * `enqueue` would write for each recipient (existing keys skipped), built by the store in
   * bounded batches instead of from one object per row. Returns how many were new. Producers
   * fall back to chunked `enqueue` when an implementation lacks it.
   */
  enqueueBulk?(message: BulkOutbound, recipients: BulkRecipients): Promise<number>;
  /**
   * Claims up to `limit` due rows (notBefore ≤ now; queued, or leased with an expired lease) for
   * `leaseMs`. A row claimed by one caller is never returned to another before its lease expires.
   * `transactionalOnly` leaves announcements queued (quiet hours).
   */
  claim(options: ClaimOptions): Promise<ClaimedOutbound[]>;
  /** Records the outcome; false when the lease was lost (another sender reclaimed the row). */
  complete(row: Pick<ClaimedOutbound, 'id' | 'lease'>, outcome: OutboundOutcome, now: Date): Promise<boolean>;
  /**
   * Releases the row for another attempt at `retryAt`, recording the error; `error` null is a
   * deferral (throttling), which does not count as an attempt.
   */
  retry(row: Pick<ClaimedOutbound, 'id' | 'lease'>, error: string | null, retryAt: Date): Promise<boolean>;
  /** Cancels queued rows (not yet claimed) of a broadcast, or whose key starts with a prefix. */
  cancel(where: { broadcastId: number } | { keyPrefix: string }, now: Date): Promise<number>;
  /**
   * Batches (one platform call for many rows): records `key` (null clears it) on the rows this
   * caller still holds, BEFORE the call, so a sender restarted after a crash finds the same batch
   * and re-sends it under the same idempotency key. Returns the ids of the rows marked.
   */
  markBatch(rows: Pick<ClaimedOutbound, 'id' | 'lease'>[], key: string | null): Promise<number[]>;
  /** Records one outcome for many held rows (a batch); returns how many were still held. */
  completeMany(rows: Pick<ClaimedOutbound, 'id' | 'lease'>[], outcome: OutboundOutcome, now: Date): Promise<number>;
  /** Rows of a batch that have no outcome yet (held by anyone, or queued). */
  openInBatch(key: string): Promise<number>;
}

export interface ClaimOptions {
  owner: string;
  now: Date;
  leaseMs: number;
  limit: number;
  /** Leave announcements queued (quiet hours). */
  transactionalOnly?: boolean;
  /** Only rows of this broadcast (a sender filling a batch). */
  broadcastId?: number;
  /** Only rows of this batch (a sender recovering a batch). */
  batchKey?: string;
}
