/**
 * The one sender of proactive messages. It claims due rows from the OutboundQueue under a lease,
 * checks the rules at send time, picks a channel, delivers, and records the outcome:
 *
 * The recipients' opt-outs, weekly announcement counts and channels are read once per claimed
 * batch (three queries, at send time), not per row.
 *
 *   1. opt-out (NotificationOptOut, read now, not at queue time): announcements skipped for anyone
 *      on the list; everything but handoff replies skipped for 全部退订;
 *   2. frequency cap: an announcement to someone who already got ANNOUNCEMENTS_PER_WEEK in the last
 *      7 days is skipped ("capped");
 *   3. quiet hours: announcements are not even claimed inside QUIET_HOURS (they wait, still
 *      queued, until the hours end); transactional messages go out at any time;
 *   4. channel: the person's channels, most recently used first, each asked whether it can reach
 *      them now for this kind (`reach`: the Official Account's 48 h window, then its template for
 *      that kind); then SMS to a phone known with consent; nobody reachable → skipped "unreachable"
 *      (staff's call list); wechaty is skipped once it reached WECHATY_DAILY_CAP today;
 *   5. throttling: a token bucket per channel; an empty bucket defers the row (not an attempt);
 *   6. failure: retried with exponential backoff (30 s, 1 min, 2 min … ≤ 1 h); after MAX_ATTEMPTS
 *      the row is "failed" with the last error, visible to staff.
 *
 * Guarantee: no message is lost (see OutboundQueue); after a crash, duplicates are limited to the
 * rows that were in flight at that moment.
 */
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { logOutbound } from '../bot/message-log.js';
import type { ChannelAdapter } from '../bot/message.js';
import type { ClaimedOutbound, OutboundQueue } from '../bot/ports.js';
import type { Db } from '../db/client.js';
import { startOfChinaDay } from '../shared/china-time.js';
import type { Clock } from '../shared/clock.js';
import type { OutboundConfig } from './config.js';
import { optOutsOf, type OptOutScope } from './opt-out.js';
import { ChannelThrottle, inQuietHours } from './policy.js';

export const MAX_ATTEMPTS = 6;
const BASE_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 3600_000;
const WEEK_MS = 7 * 86_400_000;
/** Kinds that go out even to someone who said 全部退订 (they asked for it). */
const ALWAYS_SENT = new Set(['handoff-reply']);
/** The personal-WeChat channel (capped per day). */
const WECHATY = 'wechaty';

/** The registered channels (ChannelNotifier implements it). */
export interface ChannelRegistry {
  adapters(): ChannelAdapter[];
}

export interface SenderDeps {
  queue: OutboundQueue;
  db: Db;
  clock: Clock;
  log: Logger;
  channels: ChannelRegistry;
  config: Pick<OutboundConfig, 'QUIET_HOURS' | 'OUTBOUND_RATES' | 'WECHATY_DAILY_CAP' | 'ANNOUNCEMENTS_PER_WEEK'>;
  /** Lease owner name (default host:pid). */
  owner?: string;
  leaseMs?: number;
  batch?: number;
}

export interface SendRun {
  claimed: number;
  sent: number;
  failed: number;
  retried: number;
  deferred: number;
  skipped: number;
}

/** What a claimed batch's rows need to know about their recipients, read once per batch (3 queries). */
interface BatchFacts {
  optOuts: Map<number, OptOutScope>;
  /** Announcements sent in the last 7 days, per user (incremented as this batch sends). */
  recent: Map<number, number>;
  users: Map<number, UserChannels>;
}

interface UserChannels {
  phone: string | null;
  phoneConfirmedAt: Date | null;
  identities: { channel: string; channelUserId: string }[];
}

interface Route {
  adapter: ChannelAdapter;
  channelUserId: string;
  route: string;
}

export class OutboundSender {
  private readonly throttle: ChannelThrottle;
  private readonly owner: string;
  private wechatyDay = { day: 0, sent: -1 };

  constructor(private readonly deps: SenderDeps) {
    this.throttle = new ChannelThrottle(deps.config.OUTBOUND_RATES);
    this.owner = deps.owner ?? `${hostname()}:${process.pid}`;
  }

  /** Claims one batch of due rows and handles each. */
  async runOnce(): Promise<SendRun> {
    const { queue, clock, config } = this.deps;
    const now = clock.now();
    const rows = await queue.claim({
      owner: this.owner,
      now,
      leaseMs: this.deps.leaseMs ?? 60_000,
      limit: this.deps.batch ?? 100,
      transactionalOnly: inQuietHours(now, config.QUIET_HOURS),
    });
    const run: SendRun = { claimed: rows.length, sent: 0, failed: 0, retried: 0, deferred: 0, skipped: 0 };
    if (!rows.length) return run;
    const facts = await this.facts(rows, now);
    for (const row of rows) {
      try {
        run[await this.handle(row, facts)]++;
      } catch (err) {
        // A database error mid-row: the lease expires and the row is tried again.
        this.deps.log.error({ err, outboxId: row.id }, 'outbound: row failed unexpectedly');
        run.failed++;
      }
    }
    return run;
  }

  /** Runs batches until nothing is due (or `maxBatches`); returns the totals. */
  async drain(maxBatches = 1000): Promise<SendRun> {
    const total: SendRun = { claimed: 0, sent: 0, failed: 0, retried: 0, deferred: 0, skipped: 0 };
    for (let i = 0; i < maxBatches; i++) {
      const r = await this.runOnce();
      for (const k of Object.keys(total) as (keyof SendRun)[]) total[k] += r[k];
      // Stop when nothing was claimed or everything claimed had to wait (throttle).
      if (r.claimed === 0 || r.deferred === r.claimed) break;
    }
    return total;
  }

  /** Opt-outs, weekly announcement counts and channels of a batch's recipients, read at send time. */
  private async facts(rows: ClaimedOutbound[], now: Date): Promise<BatchFacts> {
    const { db } = this.deps;
    const userIds = [...new Set(rows.flatMap((r) => (r.userId !== null ? [r.userId] : [])))];
    const announced = [...new Set(rows.flatMap((r) => (r.userId !== null && r.priority === 'announcement' ? [r.userId] : [])))];
    const [optOuts, counts, users] = await Promise.all([
      optOutsOf(db, userIds),
      announced.length
        ? db.outboxMessage.groupBy({
            by: ['userId'],
            where: { userId: { in: announced }, priority: 'announcement', status: { in: ['sent', 'delivered'] }, sentAt: { gt: new Date(now.getTime() - WEEK_MS) } },
            _count: { _all: true },
          })
        : [],
      userIds.length
        ? db.user.findMany({
            where: { id: { in: userIds } },
            select: { id: true, phone: true, phoneConfirmedAt: true, identities: { where: { subscribed: true }, orderBy: { lastInboundAt: 'desc' }, select: { channel: true, channelUserId: true } } },
          })
        : [],
    ]);
    return {
      optOuts,
      recent: new Map(counts.flatMap((c) => (c.userId !== null ? [[c.userId, c._count._all] as const] : []))),
      users: new Map(users.map((u) => [u.id, u] as const)),
    };
  }

  private async handle(row: ClaimedOutbound, facts: BatchFacts): Promise<'sent' | 'failed' | 'retried' | 'deferred' | 'skipped'> {
    const { queue, clock, db, log } = this.deps;
    const now = clock.now();
    if (row.userId !== null) {
      const scope = facts.optOuts.get(row.userId) ?? null;
      const blocked = row.priority === 'announcement' ? scope !== null : scope === 'all' && !ALWAYS_SENT.has(row.kind);
      if (blocked) return this.skip(row, 'opted-out');
      if (row.priority === 'announcement' && (facts.recent.get(row.userId) ?? 0) >= this.deps.config.ANNOUNCEMENTS_PER_WEEK) return this.skip(row, 'capped');
    }
    const routes = await this.routesFrom(row, row.userId !== null ? (facts.users.get(row.userId) ?? null) : null);
    if (!routes.length) return this.skip(row, 'unreachable');

    let lastError = 'no channel accepted the message';
    let lastChannel: string | undefined;
    for (const r of routes) {
      const wait = this.throttle.take(r.adapter.name, now);
      if (wait > 0) {
        await queue.retry(row, null, new Date(now.getTime() + wait));
        return 'deferred';
      }
      const message = { text: row.body, personal: row.priority === 'transactional' };
      try {
        const [receipt] = await r.adapter.push!(r.channelUserId, [message], { kind: row.kind, priority: row.priority, route: r.route });
        await logOutbound(db, { userId: row.userId, channel: r.adapter.name, channelUserId: r.channelUserId, kind: 'notice' }, [message], receipt ? [receipt] : null);
        if (receipt && receipt.status !== 'failed') {
          if (r.adapter.name === WECHATY) this.wechatyDay.sent++;
          if (row.userId !== null && row.priority === 'announcement') facts.recent.set(row.userId, (facts.recent.get(row.userId) ?? 0) + 1);
          const ok = await queue.complete(
            row,
            { status: 'sent', channel: r.adapter.name, route: r.route, at: clock.now(), ...(receipt.providerMessageId ? { providerMessageId: receipt.providerMessageId } : {}) },
            clock.now(),
          );
          if (!ok) log.warn({ outboxId: row.id }, 'outbound: lease lost before the outcome was recorded (sent twice?)');
          return 'sent';
        }
        lastError = receipt?.error ?? 'no receipt';
      } catch (err) {
        lastError = err instanceof Error ? err.message : String(err);
      }
      lastChannel = r.adapter.name;
      log.warn({ outboxId: row.id, channel: r.adapter.name, error: lastError }, 'outbound: delivery failed on channel');
    }
    if (row.attempts >= MAX_ATTEMPTS) {
      await queue.complete(row, { status: 'failed', error: lastError, ...(lastChannel ? { channel: lastChannel } : {}) }, now);
      return 'failed';
    }
    const backoff = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (row.attempts - 1));
    await queue.retry(row, lastError, new Date(now.getTime() + backoff));
    return 'retried';
  }

  private async skip(row: ClaimedOutbound, reason: 'opted-out' | 'capped' | 'unreachable'): Promise<'skipped'> {
    await this.deps.queue.complete(row, { status: 'skipped', reason }, this.deps.clock.now());
    return 'skipped';
  }

  /** wechaty sends left today (counted from the table once a day, then in memory). */
  private async wechatyAllowed(now: Date): Promise<boolean> {
    const day = startOfChinaDay(now).getTime();
    if (this.wechatyDay.day !== day || this.wechatyDay.sent < 0) {
      const sent = await this.deps.db.outboxMessage.count({ where: { channel: WECHATY, status: { in: ['sent', 'delivered'] }, sentAt: { gte: new Date(day) } } });
      this.wechatyDay = { day, sent };
    }
    return this.wechatyDay.sent < this.deps.config.WECHATY_DAILY_CAP;
  }

  /** Where this row can go now, in order of preference (see the file comment, step 4). */
  async routesFor(row: Pick<ClaimedOutbound, 'userId' | 'phone' | 'kind'>): Promise<Route[]> {
    const user =
      row.userId === null
        ? null
        : await this.deps.db.user.findUnique({
            where: { id: row.userId },
            select: { phone: true, phoneConfirmedAt: true, identities: { where: { subscribed: true }, orderBy: { lastInboundAt: 'desc' }, select: { channel: true, channelUserId: true } } },
          });
    return this.routesFrom(row, user);
  }

  /** routesFor with the recipient's channels already read (the sender reads them per batch). */
  private async routesFrom(row: Pick<ClaimedOutbound, 'userId' | 'phone' | 'kind'>, user: UserChannels | null): Promise<Route[]> {
    const { clock } = this.deps;
    const adapters = new Map(this.deps.channels.adapters().filter((a) => a.push && a.capabilities.canPush).map((a) => [a.name, a] as const));
    const routes: Route[] = [];
    let phone = row.phone;
    if (user?.phone && user.phoneConfirmedAt) phone ??= user.phone;
    for (const identity of user?.identities ?? []) {
      const adapter = adapters.get(identity.channel);
      if (!adapter) continue;
      if (adapter.name === WECHATY && !(await this.wechatyAllowed(clock.now()))) continue;
      const route = adapter.reach ? await adapter.reach(identity.channelUserId, row.kind) : 'direct';
      if (route) routes.push({ adapter, channelUserId: identity.channelUserId, route });
    }
    if (phone) {
      for (const adapter of adapters.values()) {
        if (!adapter.capabilities.userIdIsPhone || routes.some((r) => r.adapter === adapter && r.channelUserId === phone)) continue;
        const route = adapter.reach ? await adapter.reach(phone, row.kind) : 'direct';
        if (route) routes.push({ adapter, channelUserId: phone, route });
      }
    }
    return routes;
  }
}
