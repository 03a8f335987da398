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
 *      the row is "failed" with the last error, visible to staff;
 *   7. batches (batch.ts): rows whose first route is a batch route (the OA's mass-send for a
 *      broadcast outside the 48 h window with no template) are not sent one by one: the sender
 *      tops the batch up with more due rows of the same broadcast (up to the channel's maximum,
 *      10,000 openids), marks the batch key on every row it holds (markBatch) BEFORE the one
 *      platform call, and records one outcome for all (completeMany; the job id is each row's
 *      receipt). A final refusal sends each row on its next route (SMS) now; a transient failure
 *      retries the batch under the same key. A row that comes back with a batch key (a crash or
 *      a retry) is re-sent with all the other rows of that key under the same key — only when
 *      this sender holds every open row of it — and the platform answers a key it has seen with
 *      the first job: nothing is sent twice. A batch of fewer than the channel's minimum (WeChat:
 *      2) goes on each row's next route.
 *
 * Guarantee: no message is lost (see OutboundQueue); after a crash, duplicates are limited to the
 * rows that were in flight at that moment.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { logOutbound, logOutboundRows } from '../bot/message-log.js';
import type { ChannelAdapter } from '../bot/message.js';
import type { ClaimedOutbound, OutboundQueue } from '../bot/ports.js';
import type { Db } from '../db/client.js';
import { startOfChinaDay } from '../shared/china-time.js';
import type { Clock } from '../shared/clock.js';
import type { OutboundConfig } from './config.js';
import { BATCH_ROUTE, isBatchChannel, type BatchChannel, type BatchReceipt } from './batch.js';
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

type Outcome = 'sent' | 'failed' | 'retried' | 'deferred' | 'skipped';

/** A row waiting for its batch call: the batch route, and the routes after it. */
interface BatchEntry {
  row: ClaimedOutbound;
  adapter: ChannelAdapter & BatchChannel;
  channelUserId: string;
  rest: Route[];
}

/** Rows of one claim run routed to batches: new ones by group, recovered ones by their key. */
interface Batches {
  fresh: Map<string, BatchEntry[]>;
  recovered: Map<string, BatchEntry[]>;
}

/** Stop topping a batch up after this many extra rows were looked at (per batch size). */
const TOP_UP_FACTOR = 3;
/** Rows per top-up claim. */
const TOP_UP_CHUNK = 1000;
/** A recovered batch whose other rows are held elsewhere waits this long. */
const BATCH_WAIT_MS = 60_000;

export class OutboundSender {
  private readonly throttle: ChannelThrottle;
  private readonly owner: string;
  private wechatyDay = { day: 0, sent: -1 };

  constructor(private readonly deps: SenderDeps) {
    this.throttle = new ChannelThrottle(deps.config.OUTBOUND_RATES);
    this.owner = deps.owner ?? `${hostname()}:${process.pid}`;
  }

  /** Claims one batch of due rows and handles each (rows for a batch route go in one call). */
  async runOnce(): Promise<SendRun> {
    const { clock, config } = this.deps;
    const now = clock.now();
    const transactionalOnly = inQuietHours(now, config.QUIET_HOURS);
    const rows = await this.claim({ now, limit: this.deps.batch ?? 100, transactionalOnly });
    const run: SendRun = { claimed: rows.length, sent: 0, failed: 0, retried: 0, deferred: 0, skipped: 0 };
    if (!rows.length) return run;
    const facts = await this.facts(rows, now);
    const batches: Batches = { fresh: new Map(), recovered: new Map() };
    await this.handleAll(rows, facts, batches, run);
    await this.topUp(batches, facts, run, now, transactionalOnly);
    for (const entries of batches.fresh.values()) await this.sendFresh(entries, facts, run);
    for (const [key, entries] of batches.recovered) await this.sendRecovered(key, entries, facts, run);
    return run;
  }

  private claim(options: { now: Date; limit: number; transactionalOnly: boolean; broadcastId?: number; batchKey?: string }) {
    return this.deps.queue.claim({ owner: this.owner, leaseMs: this.deps.leaseMs ?? 60_000, ...options });
  }

  private async handleAll(rows: ClaimedOutbound[], facts: BatchFacts, batches: Batches, run: SendRun): Promise<void> {
    for (const row of rows) {
      try {
        const outcome = await this.handle(row, facts, batches);
        if (outcome !== 'batched') run[outcome]++;
      } catch (err) {
        // A database error mid-row: the lease expires and the row is tried again.
        this.deps.log.error({ err, outboxId: row.id }, 'outbound: row failed unexpectedly');
        run.failed++;
      }
    }
  }

  /**
   * Fills the batches: more due rows of the same broadcasts (new batches, up to the channel's
   * maximum) and every row of a recovered batch key. Rows that go elsewhere are handled as usual.
   */
  private async topUp(batches: Batches, facts: BatchFacts, run: SendRun, now: Date, transactionalOnly: boolean): Promise<void> {
    const more = async (extra: ClaimedOutbound[]) => {
      run.claimed += extra.length;
      const f = await this.facts(extra, now);
      for (const [k, v] of f.optOuts) facts.optOuts.set(k, v);
      for (const [k, v] of f.recent) if (!facts.recent.has(k)) facts.recent.set(k, v);
      for (const [k, v] of f.users) facts.users.set(k, v);
      await this.handleAll(extra, facts, batches, run);
    };
    for (const [group, entries] of [...batches.fresh]) {
      const first = entries[0]!;
      if (first.row.broadcastId === null) continue;
      let looked = 0;
      const max = first.adapter.batchLimits.max;
      while ((batches.fresh.get(group)?.length ?? 0) % max !== 0 && looked < TOP_UP_FACTOR * max) {
        const want = Math.min(TOP_UP_CHUNK, max - ((batches.fresh.get(group)?.length ?? 0) % max));
        const extra = await this.claim({ now, limit: want, transactionalOnly, broadcastId: first.row.broadcastId });
        if (!extra.length) break;
        looked += extra.length;
        await more(extra);
      }
    }
    for (const key of [...batches.recovered.keys()]) {
      const extra = await this.claim({ now, limit: 10_000, transactionalOnly: false, batchKey: key });
      if (extra.length) await more(extra);
    }
  }

  /** Sends new batches in chunks of at most the channel's maximum (the last one evened up to the minimum). */
  private async sendFresh(entries: BatchEntry[], facts: BatchFacts, run: SendRun): Promise<void> {
    const { min, max } = entries[0]!.adapter.batchLimits;
    const bounds: [number, number][] = [];
    for (let i = 0; i < entries.length; i += max) bounds.push([i, Math.min(i + max, entries.length)]);
    const last = bounds.at(-1)!;
    const prev = bounds.at(-2);
    const short = min - (last[1] - last[0]);
    if (prev && short > 0 && prev[1] - prev[0] - short >= min) last[0] = prev[1] -= short;
    for (const [from, to] of bounds) {
      const chunk = entries.slice(from, to);
      if (chunk.length < min) {
        for (const e of chunk) run[await this.deliverVia(e.row, e.rest, facts)]++;
        continue;
      }
      const key = `sb${randomUUID().replace(/-/g, '')}`;
      const marked = new Set(await this.deps.queue.markBatch(chunk.map((e) => e.row), key));
      // Rows whose lease ran out meanwhile belong to another sender now.
      const held = chunk.filter((e) => marked.has(e.row.id));
      if (held.length < min) {
        await this.deps.queue.markBatch(held.map((e) => e.row), null);
        for (const e of held) run[await this.deliverVia(e.row, e.rest, facts)]++;
        continue;
      }
      await this.sendBatch(key, held, facts, run);
    }
  }

  /** Re-sends a batch found with its key (after a crash or a retry) under the same key. */
  private async sendRecovered(key: string, entries: BatchEntry[], facts: BatchFacts, run: SendRun): Promise<void> {
    const { queue, clock } = this.deps;
    const open = await queue.openInBatch(key);
    if (open > entries.length) {
      // Another sender holds part of it: sending a part under the key would let the platform
      // refuse the rest as "seen". Wait until one sender holds it all.
      const later = new Date(clock.now().getTime() + BATCH_WAIT_MS);
      for (const e of entries) await queue.retry(e.row, null, later);
      run.deferred += entries.length;
      return;
    }
    await this.sendBatch(key, entries, facts, run);
  }

  /** One platform call for the batch, and one recorded outcome for its rows. */
  private async sendBatch(key: string, entries: BatchEntry[], facts: BatchFacts, run: SendRun): Promise<void> {
    const { queue, clock, log } = this.deps;
    const first = entries[0]!;
    const now = clock.now();
    const wait = this.throttle.take(first.adapter.name, now);
    if (wait > 0) {
      for (const e of entries) await queue.retry(e.row, null, new Date(now.getTime() + wait));
      run.deferred += entries.length;
      return;
    }
    let receipt: BatchReceipt;
    try {
      receipt = await first.adapter.pushBatch(
        entries.map((e) => e.channelUserId),
        first.row.body,
        { key, kind: first.row.kind, broadcastId: first.row.broadcastId },
      );
    } catch (err) {
      receipt = { status: 'failed', error: err instanceof Error ? err.message : String(err) };
    }
    const rows = entries.map((e) => e.row);
    if (receipt.status === 'sent') {
      const at = clock.now();
      const n = await queue.completeMany(
        rows,
        { status: 'sent', channel: first.adapter.name, route: BATCH_ROUTE, at, ...(receipt.providerMessageId ? { providerMessageId: receipt.providerMessageId } : {}) },
        at,
      );
      if (n < rows.length) log.warn({ key, lost: rows.length - n }, 'outbound: leases lost before a batch outcome was recorded');
      for (const r of rows) if (r.userId !== null && r.priority === 'announcement') facts.recent.set(r.userId, (facts.recent.get(r.userId) ?? 0) + 1);
      // The message log, as for single sends.
      await logOutboundRows(
        this.deps.db,
        entries.map((e) => ({
          userId: e.row.userId,
          channel: first.adapter.name,
          channelUserId: e.channelUserId,
          kind: 'notice',
          text: e.row.body,
          status: 'sent',
          providerMessageId: receipt.providerMessageId ?? null,
        })),
      );
      run.sent += rows.length;
      log.info({ channel: first.adapter.name, recipients: rows.length, receipt: receipt.providerMessageId }, 'outbound: batch sent');
      return;
    }
    const error = receipt.error ?? 'batch send failed';
    log.warn({ channel: first.adapter.name, recipients: rows.length, error, final: receipt.final === true }, 'outbound: batch failed');
    for (const e of entries) {
      if (receipt.final || e.row.attempts >= MAX_ATTEMPTS) {
        // Refused for good (or out of attempts): the row's next route now, without the key.
        await queue.markBatch([e.row], null);
        run[await this.deliverVia(e.row, e.rest, facts, error)]++;
      } else {
        await queue.retry(e.row, error, new Date(now.getTime() + this.backoff(e.row)));
        run.retried++;
      }
    }
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

  private async handle(row: ClaimedOutbound, facts: BatchFacts, batches?: Batches): Promise<Outcome | 'batched'> {
    if (row.userId !== null) {
      const scope = facts.optOuts.get(row.userId) ?? null;
      const blocked = row.priority === 'announcement' ? scope !== null : scope === 'all' && !ALWAYS_SENT.has(row.kind);
      if (blocked) return this.skip(row, 'opted-out');
      if (row.priority === 'announcement' && (facts.recent.get(row.userId) ?? 0) >= this.deps.config.ANNOUNCEMENTS_PER_WEEK) return this.skip(row, 'capped');
    }
    const routes = await this.routesFrom(row, row.userId !== null ? (facts.users.get(row.userId) ?? null) : null);
    if (batches && row.batchKey) {
      // Part of a batch before a crash or a retry: it goes again in that batch, under its key.
      const at = routes.findIndex((r) => isBatchChannel(r.adapter));
      const r = routes[at];
      if (r && isBatchChannel(r.adapter)) {
        const list = batches.recovered.get(row.batchKey) ?? [];
        list.push({ row, adapter: r.adapter, channelUserId: r.channelUserId, rest: routes.filter((x, i) => i !== at && x.route !== BATCH_ROUTE) });
        batches.recovered.set(row.batchKey, list);
        return 'batched';
      }
    }
    const [first, ...rest] = routes;
    if (batches && first && first.route === BATCH_ROUTE && isBatchChannel(first.adapter)) {
      const group = [first.adapter.name, row.broadcastId ?? '', row.kind, row.priority, row.body].join('\u0000');
      const list = batches.fresh.get(group) ?? [];
      list.push({ row, adapter: first.adapter, channelUserId: first.channelUserId, rest });
      batches.fresh.set(group, list);
      return 'batched';
    }
    return this.deliverVia(row, routes.filter((r) => r.route !== BATCH_ROUTE), facts);
  }

  private backoff(row: Pick<ClaimedOutbound, 'attempts'>): number {
    return Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (row.attempts - 1));
  }

  /** Tries `routes` in order, one message each; records sent, retried (backoff) or failed. */
  private async deliverVia(row: ClaimedOutbound, routes: Route[], facts: BatchFacts, priorError?: string): Promise<Outcome> {
    const { queue, clock, db, log } = this.deps;
    const now = clock.now();
    if (!routes.length && priorError === undefined) return this.skip(row, 'unreachable');
    let lastError = priorError ?? 'no channel accepted the message';
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
    await queue.retry(row, lastError, new Date(now.getTime() + this.backoff(row)));
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
