/**
 * Staff broadcasts on the outbound queue: audience → preview → one announcement row per recipient.
 *
 * Audience filters combine with AND (each given filter narrows the set):
 *   counties     names or adcodes ("榆中县", "620123"); a person's counties are the ones known from
 *                their profile (User.countyCode), their sign-ups' courses and their stored interests;
 *   prefectures  names ("兰州市"): every county in them;
 *   groups       target-group keys or words they stated (sign-up, profile);
 *   interests    words matched against what they asked to be told about (keyword, category);
 *   courseId (+ status, default confirmed/waitlisted) the people signed up to a course, including
 *                sign-ups made by staff for people without a chat account (reached by SMS);
 *   all: true    everyone.
 * Opt-out, the frequency cap and reachability are checked again at send time by the sender; the
 * preview shows what would happen now.
 *
 * Memory (a broadcast to 100k people, bench/outbound-queue.ts): nothing on the create path holds
 * one object per recipient. "Everyone" stays an id bound; county and group filters come back from
 * SQLite as one JSON array of ids; the cap check returns only the capped; the rows are written by
 * the queue's bulk path (OutboundQueue.enqueueBulk) in bounded SQL batches. The preview still
 * builds one recipient each, since it asks every recipient's channels.
 *
 * Role scope (src/staff/scope.ts), enforced here for every route:
 *   admin        any audience; the broadcast records the county/prefecture it was confined to;
 *   county       the audience is confined to the account's county/prefecture: no county filter →
 *                forced to it; a county outside it → ScopeError (403); a course outside it → not found;
 *   institution  only the sign-ups of one of its own courses (courseId required).
 * A broadcast is visible to admin, to county accounts whose area holds the broadcast's county or
 * course, and to the institution of its course; anything else is "not found" (404), like a
 * broadcast that does not exist.
 */
import type { BulkOutbound, OutboundQueue } from '../bot/ports.js';
import type { ChannelAdapter } from '../bot/message.js';
import { parseGroupWords } from '../courses/groups.js';
import type { Place } from '../courses/types.js';
import type { Db } from '../db/client.js';
import type { Clock } from '../shared/clock.js';
import { countyPrefix, courseWhere, type StaffIdentity } from '../staff/scope.js';
import { maskMobile } from '../shared/phone.js';
import type { OutboundConfig } from './config.js';
import type { ChannelRegistry, OutboundSender } from './sender.js';
import { BATCH_ROUTE, isBatchChannel } from './batch.js';
import { DEFAULT_SMS_OPT_OUT_TEXT } from './texts.js';

export interface Audience {
  counties?: string[] | undefined;
  prefectures?: string[] | undefined;
  groups?: string[] | undefined;
  interests?: string[] | undefined;
  courseId?: number | undefined;
  status?: string[] | undefined;
  all?: boolean | undefined;
}

export class AudienceError extends Error {}
/** The audience reaches outside the account's scope (403), or names a course it cannot see (404). */
export class ScopeError extends Error {
  constructor(message: string, readonly status: 403 | 404) {
    super(message);
  }
}

/** An audience confined to an account's scope, with what the broadcast records about it. */
interface Confined {
  audience: Audience;
  /** County-code prefix the resolved counties must lie in (county accounts). */
  prefix: string | null;
  countyCode: string | null;
  courseId: number | null;
}

/** One recipient: a chat user, or only a phone (a staff sign-up without a chat account). */
interface Recipient {
  userId: number | null;
  phone: string | null;
}

/**
 * Who an audience reaches, without one object per person (a 100k broadcast must not build 100k
 * of them, see bench/outbound-queue.ts): every user up to an id, or the matching user ids
 * ascending; then the phone-only sign-ups.
 */
type Reach = ({ allUsers: true; throughId: number } | { userIds: number[] }) & { phones: string[] };

export interface BroadcastDeps {
  db: Db;
  clock: Clock;
  queue: OutboundQueue;
  channels: ChannelRegistry;
  sender: Pick<OutboundSender, 'routesFor'>;
  places: { counties(): Place[] };
  config: Pick<OutboundConfig, 'ANNOUNCEMENTS_PER_WEEK' | 'SMS_COST_PER_SEGMENT'>;
}

const WEEK_MS = 7 * 86_400_000;
/** Recipients per enqueue call of a broadcast, when the queue has no bulk path. */
const ENQUEUE_CHUNK = 2000;
/** Users read per page when the audience is everyone. */
const PAGE = 5000;
const DEFAULT_COURSE_STATUSES = ['confirmed', 'waitlisted'];

/** The preview's `routes`: how the Official Account reaches someone, and the other channels. */
const ROUTE_NAMES: Record<string, string> = {
  'wechat-oa:cs': 'oa_customer_service',
  'wechat-oa:template': 'oa_template',
  [`wechat-oa:${BATCH_ROUTE}`]: 'oa_mass_send',
};
const EMPTY_ROUTES = () => ({ oa_customer_service: 0, oa_template: 0, oa_mass_send: 0, sms: 0, wechaty: 0, sim: 0 }) as Record<string, number>;

/** SMS segments of a text (70 UCS-2 characters alone, 67 per part when concatenated). */
export function smsSegments(text: string): number {
  const n = [...text].length;
  return n <= 70 ? 1 : Math.ceil(n / 67);
}

/** People whose county is one of ?1 (JSON array): from their profile, their sign-ups' courses, their interests. */
const COUNTY_SQL = `SELECT id FROM "User" WHERE countyCode IN (SELECT value FROM json_each(?))
  UNION SELECT e.userId FROM "Enrollment" e JOIN "Course" c ON c.id = e.courseId WHERE e.userId IS NOT NULL AND c.countyCode IN (SELECT value FROM json_each(?))
  UNION SELECT userId FROM "CourseInterest" WHERE countyCode IN (SELECT value FROM json_each(?))`;
/** A stored `groups` column as an array to search (malformed or not an array: none). */
const groupsOf = (col: string) => `json_each(CASE WHEN json_valid(${col}) THEN CASE WHEN json_type(${col}) = 'array' THEN ${col} END END)`;
/** People who stated one of the group keys ?1 (JSON array), in their profile or a sign-up. */
const GROUPS_SQL = `SELECT id FROM "User" u WHERE u.groups <> '[]' AND EXISTS (SELECT 1 FROM ${groupsOf('u.groups')} WHERE value IN (SELECT value FROM json_each(?)))
  UNION SELECT e.userId FROM "Enrollment" e WHERE e.userId IS NOT NULL AND e.groups <> '[]' AND EXISTS (SELECT 1 FROM ${groupsOf('e.groups')} WHERE value IN (SELECT value FROM json_each(?)))`;

const intersect = (a: Set<number> | null, b: Set<number>): Set<number> => (a ? new Set([...a].filter((x) => b.has(x))) : b);

export class Broadcasts {
  constructor(private readonly deps: BroadcastDeps) {}

  /** The database (for the routes' audit entries). */
  get db(): Db {
    return this.deps.db;
  }

  /** County adcodes named by the filter (codes or names); unknown names are an AudienceError. */
  private countyCodes(audience: Audience, prefix: string | null = null): Set<string> | null {
    const all = this.deps.places.counties();
    if (!audience.counties?.length && !audience.prefectures?.length) {
      // A county account's audience without a county filter is its own county or prefecture.
      return prefix === null ? null : new Set(all.filter((p) => p.countyCode.startsWith(prefix)).map((p) => p.countyCode));
    }
    const codes = new Set<string>();
    for (const c of audience.counties ?? []) {
      const hit = all.filter((p) => p.countyCode === c || p.county === c || p.county.replace(/(县|区|市)$/, '') === c);
      if (!hit.length) throw new AudienceError(`不认识的县区：${c}`);
      for (const p of hit) codes.add(p.countyCode);
    }
    for (const name of audience.prefectures ?? []) {
      const hit = all.filter((p) => p.prefecture === name || p.prefecture.replace(/(市|州|自治州)$/, '') === name.replace(/(市|州|自治州)$/, ''));
      if (!hit.length) throw new AudienceError(`不认识的市州：${name}`);
      for (const p of hit) codes.add(p.countyCode);
    }
    if (prefix !== null && [...codes].some((c) => !c.startsWith(prefix))) throw new ScopeError('只能发给本县区（本市州）的人', 403);
    return codes;
  }

  /** Confines `audience` to what `who` may reach (see the header); throws ScopeError outside it. */
  private async confine(audience: Audience, who: StaffIdentity): Promise<Confined> {
    const courseId = audience.courseId ?? null;
    if (courseId !== null && who.role !== 'admin') {
      const visible = await this.deps.db.course.count({ where: { AND: [{ id: courseId }, courseWhere(who)] } });
      if (!visible) throw new ScopeError('没有这个课程', 404);
    }
    if (who.role === 'admin') {
      const codes = this.countyCodes(audience);
      return { audience, prefix: null, countyCode: codes ? commonArea([...codes]) : null, courseId };
    }
    if (who.role === 'county' && who.countyCode) {
      const prefix = countyPrefix(who.countyCode);
      // A course in scope needs no county narrowing (its phone-only sign-ups stay reachable).
      const confined = courseId !== null ? { ...audience } : { ...audience, all: undefined };
      if (courseId === null) this.countyCodes(confined, prefix); // validates the named counties
      return { audience: confined, prefix: courseId !== null ? null : prefix, countyCode: who.countyCode, courseId };
    }
    if (who.role === 'institution' && courseId !== null) return { audience: { ...audience, all: undefined }, prefix: null, countyCode: null, courseId };
    throw new ScopeError(who.role === 'institution' ? '机构账号只能发给本机构课程的报名学员（请选择课程）' : '您的账号没有这个权限', 403);
  }

  /** A Prisma `where` for the broadcasts `who` may see. */
  private async visible(who: StaffIdentity): Promise<Record<string, unknown>> {
    if (who.role === 'admin') return {};
    const courseIds = (await this.deps.db.course.findMany({ where: courseWhere(who), select: { id: true } })).map((c) => c.id);
    const byCourse = { courseId: { in: courseIds } };
    if (who.role === 'county' && who.countyCode) return { OR: [{ countyCode: { startsWith: countyPrefix(who.countyCode) } }, byCourse] };
    return byCourse;
  }

  /** The broadcast row if `who` may see it. */
  private async find(id: number, who: StaffIdentity) {
    return this.deps.db.broadcast.findFirst({ where: { AND: [{ id }, await this.visible(who)] } });
  }

  /** The recipients of an audience, one object each (the preview asks each one's channels). */
  async resolve(audience: Audience, prefix: string | null = null): Promise<Recipient[]> {
    const reach = await this.reach(audience, prefix);
    const ids = 'userIds' in reach ? reach.userIds : await this.allUserIds(reach.throughId);
    const out: Recipient[] = new Array<Recipient>(ids.length);
    for (let i = 0; i < ids.length; i++) out[i] = { userId: ids[i]!, phone: null };
    for (const phone of reach.phones) out.push({ userId: null, phone });
    return out;
  }

  /** Who an audience reaches (see Reach); "everyone" stays a bound, not a list. */
  private async reach(audience: Audience, prefix: string | null): Promise<Reach> {
    const { db } = this.deps;
    const hasFilter = audience.counties?.length || audience.prefectures?.length || audience.groups?.length || audience.interests?.length || audience.courseId !== undefined;
    if (!hasFilter && audience.all !== true && prefix === null) throw new AudienceError('请选择发送对象（counties、prefectures、groups、interests、courseId 或 all: true）');
    let users: Set<number> | null = null;
    const phoneOnly = new Set<string>();

    const codes = this.countyCodes(audience, prefix);
    // Person-level filters (a county or a group can hold everyone) are answered by SQLite.
    if (codes) users = intersect(users, await this.ids(COUNTY_SQL, ...Array<string>(3).fill(JSON.stringify([...codes]))));
    if (audience.groups?.length) {
      const keys = parseGroupWords(audience.groups);
      if (!keys.length) throw new AudienceError(`不认识的人群：${audience.groups.join('、')}`);
      users = intersect(users, await this.ids(GROUPS_SQL, JSON.stringify(keys), JSON.stringify(keys)));
    }
    if (audience.interests?.length) {
      const words = audience.interests.map((w) => w.trim()).filter(Boolean);
      const rows = await db.courseInterest.findMany({
        where: { OR: words.flatMap((w) => [{ keyword: { contains: w } }, { category: { contains: w } }]) },
        select: { userId: true },
      });
      users = intersect(users, new Set(rows.map((r) => r.userId)));
    }
    if (audience.courseId !== undefined) {
      const rows = await db.enrollment.findMany({
        where: { courseId: audience.courseId, status: { in: audience.status?.length ? audience.status : DEFAULT_COURSE_STATUSES } },
        select: { userId: true, phone: true },
      });
      users = intersect(users, new Set(rows.flatMap((r) => (r.userId !== null ? [r.userId] : []))));
      // Staff sign-ups without a chat account: only when no other filter narrows by person data.
      if (!codes && !audience.groups?.length && !audience.interests?.length) for (const r of rows) if (r.userId === null) phoneOnly.add(r.phone);
    }
    const phones = [...phoneOnly];
    if (users) return { userIds: [...users].sort((a, b) => a - b), phones };
    // Everyone who exists now: users created while the broadcast is queued are not added.
    const throughId = (await db.user.aggregate({ _max: { id: true } }))._max.id ?? 0;
    return { allUsers: true, throughId, phones };
  }

  /** The ids `sql` selects (one column `id`), gathered by SQLite into one JSON array: no row object per person. */
  private async ids(sql: string, ...params: unknown[]): Promise<Set<number>> {
    const [row] = await this.deps.db.$queryRawUnsafe<{ ids: string | null }[]>(`SELECT json_group_array(id) AS ids FROM (${sql})`, ...params);
    return new Set(JSON.parse(row?.ids ?? '[]') as number[]);
  }

  /** Every user id up to `throughId`, ascending, read in pages (keyset) so no 100k-row result is held at once. */
  private async allUserIds(throughId: number): Promise<number[]> {
    const ids: number[] = [];
    for (let after = 0; ; ) {
      const page = await this.deps.db.user.findMany({ where: { id: { gt: after, lte: throughId } }, select: { id: true }, orderBy: { id: 'asc' }, take: PAGE });
      for (const u of page) ids.push(u.id);
      if (page.length < PAGE) return ids;
      after = page[page.length - 1]!.id;
    }
  }

  /** Who of `recipients` is opted out or at the weekly cap now. */
  private async blocked(): Promise<{ optedOut: Set<number>; capped: Set<number> }> {
    const { db, clock, config } = this.deps;
    const now = clock.now();
    const optedOut = new Set((await db.notificationOptOut.findMany({ select: { userId: true } })).map((o) => o.userId));
    // Only the people at the cap come back (HAVING), not one group per person announced to this week.
    const recent = await db.outboxMessage.groupBy({
      by: ['userId'],
      where: { userId: { not: null }, priority: 'announcement', status: { in: ['sent', 'delivered'] }, sentAt: { gt: new Date(now.getTime() - WEEK_MS) } },
      having: { userId: { _count: { gte: config.ANNOUNCEMENTS_PER_WEEK } } },
    });
    const capped = new Set(recent.map((r) => r.userId!));
    return { optedOut, capped };
  }

  /** What sending `text` to `audience` now would do (asks each recipient's channels: O(recipients)). */
  async preview(text: string, audience: Audience, who: StaffIdentity) {
    const { sender, config } = this.deps;
    const scoped = await this.confine(audience, who);
    const recipients = await this.resolve(scoped.audience, scoped.prefix);
    const { optedOut, capped } = await this.blocked();
    const skipped = { optedOut: 0, unreachable: 0, capped: 0 };
    const byChannel: Record<string, number> = {};
    const routes = EMPTY_ROUTES();
    const routeName = (r: { adapter: ChannelAdapter; route: string }) => {
      const name = r.route === 'direct' ? r.adapter.name : `${r.adapter.name}:${r.route}`;
      return ROUTE_NAMES[name] ?? (r.adapter.capabilities.userIdIsPhone ? 'sms' : r.adapter.name);
    };
    const count = (channel: string, route: string) => {
      byChannel[channel] = (byChannel[channel] ?? 0) + 1;
      routes[route] = (routes[route] ?? 0) + 1;
    };
    // Batch routes need at least `min` recipients (WeChat mass-send: 2); fewer go on their next route.
    const batched: { channel: string; route: string; fallback: { channel: string; route: string } | null; min: number }[] = [];
    for (const r of recipients) {
      if (r.userId !== null && optedOut.has(r.userId)) {
        skipped.optedOut++;
        continue;
      }
      if (r.userId !== null && capped.has(r.userId)) {
        skipped.capped++;
        continue;
      }
      const [route, ...rest] = await sender.routesFor({ userId: r.userId, phone: r.phone, kind: 'broadcast' });
      if (!route) {
        skipped.unreachable++;
        continue;
      }
      const name = (x: NonNullable<typeof route>) => (x.route === 'direct' ? x.adapter.name : `${x.adapter.name}:${x.route}`);
      if (route.route === BATCH_ROUTE && isBatchChannel(route.adapter)) {
        const next = rest.find((x) => x.route !== BATCH_ROUTE);
        batched.push({ channel: name(route), route: routeName(route), fallback: next ? { channel: name(next), route: routeName(next) } : null, min: route.adapter.batchLimits.min });
      }
      count(name(route), routeName(route));
    }
    if (batched.length && batched.length < batched[0]!.min) {
      for (const b of batched) {
        if (!--byChannel[b.channel]!) delete byChannel[b.channel];
        routes[b.route]!--;
        if (b.fallback) count(b.fallback.channel, b.fallback.route);
        else skipped.unreachable++;
      }
    }
    const smsText = `${text.trim()}${DEFAULT_SMS_OPT_OUT_TEXT}`;
    const smsCount = Object.entries(byChannel).filter(([k]) => this.isPhoneChannel(k)).reduce((n, [, v]) => n + v, 0);
    const segments = smsSegments(smsText);
    return {
      recipients: Object.values(byChannel).reduce((a, b) => a + b, 0),
      byChannel,
      routes,
      skipped,
      samples: {
        chat: { text },
        sms: { text: smsText, segments, recipients: smsCount, cost: Math.round(smsCount * segments * config.SMS_COST_PER_SEGMENT * 100) / 100 },
      },
    };
  }

  private isPhoneChannel(route: string): boolean {
    const name = route.split(':')[0];
    return this.deps.channels.adapters().some((a: ChannelAdapter) => a.name === name && a.capabilities.userIdIsPhone === true);
  }

  /** How many of `reach` are neither opted out nor capped (phone-only recipients always count). */
  private async sendable(reach: Reach): Promise<number> {
    const { optedOut, capped } = await this.blocked();
    let n = reach.phones.length;
    if ('userIds' in reach) {
      for (const id of reach.userIds) if (!optedOut.has(id) && !capped.has(id)) n++;
      return n;
    }
    // Everyone up to throughId, less the blocked among them (counted in SQL: no list of everyone).
    const [row] = await this.deps.db.$queryRawUnsafe<{ total: number | bigint; blocked: number | bigint }[]>(
      `SELECT count(*) AS total, count(*) FILTER (WHERE id IN (SELECT value FROM json_each(?))) AS blocked FROM "User" WHERE id <= ?`,
      JSON.stringify([...new Set([...optedOut, ...capped])]),
      reach.throughId,
    );
    return n + Number(row?.total ?? 0) - Number(row?.blocked ?? 0);
  }

  /** Creates the broadcast and queues one row per recipient (opted-out people are skipped at send time). */
  async create(input: { text: string; audience: Audience; sendAt?: Date | undefined; who: StaffIdentity }) {
    const { db, clock, queue } = this.deps;
    const scoped = await this.confine(input.audience, input.who);
    const reach = await this.reach(scoped.audience, scoped.prefix);
    // The count staff see: not opted out, not capped (reachability is decided per row at send time).
    const sendable = await this.sendable(reach);
    const sendAt = input.sendAt && input.sendAt > clock.now() ? input.sendAt : clock.now();
    const b = await db.broadcast.create({
      data: {
        createdBy: input.who.username,
        text: input.text,
        audience: JSON.stringify(input.audience),
        sendAt,
        recipients: sendable,
        countyCode: scoped.countyCode,
        courseId: scoped.courseId,
      },
    });
    // One row per recipient, key broadcast:<id>:<userId> or broadcast:<id>:p<phone>.
    const message: BulkOutbound = { kind: 'broadcast', priority: 'announcement', body: input.text, notBefore: sendAt, keyPrefix: `broadcast:${b.id}:`, broadcastId: b.id };
    if (queue.enqueueBulk) await queue.enqueueBulk(message, reach);
    else await this.enqueueInChunks(message, reach);
    return { id: b.id, recipients: sendable, status: 'queued' as const };
  }

  /** The same rows through plain `enqueue`, ENQUEUE_CHUNK at a time (a queue without a bulk path). */
  private async enqueueInChunks({ keyPrefix, ...message }: BulkOutbound, reach: Reach): Promise<void> {
    const ids = 'userIds' in reach ? reach.userIds : await this.allUserIds(reach.throughId);
    const keys: (number | string)[][] = [];
    for (let i = 0; i < ids.length; i += ENQUEUE_CHUNK) keys.push(ids.slice(i, i + ENQUEUE_CHUNK));
    for (let i = 0; i < reach.phones.length; i += ENQUEUE_CHUNK) keys.push(reach.phones.slice(i, i + ENQUEUE_CHUNK));
    for (const chunk of keys) {
      await this.deps.queue.enqueue(
        chunk.map((r) => ({ ...message, userId: typeof r === 'number' ? r : null, phone: typeof r === 'string' ? r : null, idempotencyKey: `${keyPrefix}${typeof r === 'number' ? r : `p${r}`}` })),
      );
    }
  }

  /** Status and counts by outcome; null when there is no such broadcast. */
  async status(id: number, who: StaffIdentity) {
    const { db } = this.deps;
    const b = await this.find(id, who);
    if (!b) return null;
    const groups = await db.outboxMessage.groupBy({ by: ['status'], where: { broadcastId: id }, _count: { _all: true } });
    const counts = { queued: 0, sent: 0, delivered: 0, failed: 0, skipped: 0 };
    for (const g of groups) {
      const n = g._count._all;
      if (g.status === 'queued' || g.status === 'sending') counts.queued += n;
      else if (g.status === 'sent') counts.sent += n;
      else if (g.status === 'delivered') counts.delivered += n;
      else if (g.status === 'failed') counts.failed += n;
      else counts.skipped += n; // skipped, cancelled
    }
    const status = b.status === 'cancelled' ? 'cancelled' : counts.queued === 0 ? 'done' : counts.sent + counts.delivered + counts.failed + counts.skipped > 0 ? 'sending' : 'queued';
    return {
      id: b.id,
      text: b.text,
      audience: JSON.parse(b.audience) as Audience,
      countyCode: b.countyCode,
      courseId: b.courseId,
      sendAt: b.sendAt.toISOString(),
      createdBy: b.createdBy,
      recipients: b.recipients,
      status,
      counts,
      // One platform call per batch (OA mass-send), with what the platform reported when it finished.
      massJobs: await db.massSendJob.findMany({
        where: { broadcastId: id },
        orderBy: { id: 'asc' },
        select: { channel: true, msgId: true, status: true, recipients: true, error: true, result: true, totalCount: true, filterCount: true, sentCount: true, errorCount: true },
      }),
    };
  }

  /** The newest broadcasts `who` may see, with their status counts. */
  async list(who: StaffIdentity, limit = 50) {
    const rows = await this.deps.db.broadcast.findMany({ where: await this.visible(who), orderBy: { id: 'desc' }, take: limit, select: { id: true } });
    const out = [];
    for (const r of rows) {
      const s = await this.status(r.id, who);
      if (s) out.push(s);
    }
    return out;
  }

  /** Cancels what has not gone out yet; returns how many rows were cancelled (null: no such broadcast). */
  async cancel(id: number, who: StaffIdentity): Promise<number | null> {
    const { db, clock, queue } = this.deps;
    const b = await this.find(id, who);
    if (!b) return null;
    const n = await queue.cancel({ broadcastId: id }, clock.now());
    await db.broadcast.update({ where: { id }, data: { status: 'cancelled', cancelledAt: clock.now() } });
    return n;
  }

  /** Per-recipient outcomes (phones masked), oldest first. */
  async recipients(id: number, who: StaffIdentity, status?: string) {
    if (!(await this.find(id, who))) return null;
    const rows = await this.deps.db.outboxMessage.findMany({
      where: { broadcastId: id, ...(status ? { status } : {}) },
      select: { id: true, userId: true, phone: true, status: true, skipReason: true, channel: true, route: true, lastError: true, attempts: true, sentAt: true, deliveredAt: true, user: { select: { phone: true } } },
      orderBy: { id: 'asc' },
    });
    return rows.map((r) => {
      const phone = r.phone ?? r.user?.phone ?? null;
      return {
        id: r.id,
        userId: r.userId,
        phone: phone ? maskMobile(phone) : null,
        status: r.status,
        skipReason: r.skipReason,
        channel: r.channel,
        route: r.route,
        attempts: r.attempts,
        lastError: r.lastError,
        sentAt: r.sentAt?.toISOString() ?? null,
        deliveredAt: r.deliveredAt?.toISOString() ?? null,
      };
    });
  }
}

/** The one county, else the one prefecture ("6201" + "00"), that holds every code; null when mixed. */
function commonArea(codes: string[]): string | null {
  if (!codes.length) return null;
  if (codes.every((c) => c === codes[0])) return codes[0]!;
  const pre = codes[0]!.slice(0, 4);
  return codes.every((c) => c.startsWith(pre)) ? `${pre}00` : null;
}
