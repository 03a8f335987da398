/**
 * The bulk enqueue path of a broadcast (SqliteOutboundQueue.enqueueBulk): the rows it writes are
 * exactly the rows plain `enqueue` writes for each recipient, in batches across the whole User
 * table, idempotent; and a broadcast to everyone counts the opted-out and capped the same way as
 * one to a list of people.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboundQueue } from '../../src/bot/ports.js';
import { SqliteOutboundQueue } from '../../src/bot/sqlite-outbound-queue.js';
import { Broadcasts } from '../../src/notifications/broadcasts.js';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { FakeClock } from '../helpers/clock.js';

/** More than one bulk batch (5000) of users. */
const USERS = 12_345;
const at = '2026-01-01T00:00:00.000+00:00';
const admin = { id: 0, username: 'admin', role: 'admin' as const, countyCode: null, institutionId: null };

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
  // Ids with gaps (every third id missing), so batches are bounded by ids that exist.
  await t.db.$executeRawUnsafe(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${USERS}) INSERT INTO "User" (id, createdAt, updatedAt) SELECT i, '${at}', '${at}' FROM n WHERE i % 3 <> 0`,
  );
});
afterEach(() => t.destroy());

/** Every column a producer decides, in id order, with the key as the row's identity. */
const rows = (where: Record<string, unknown>) =>
  t.db.outboxMessage.findMany({
    where,
    orderBy: { id: 'asc' },
    select: { userId: true, phone: true, kind: true, priority: true, body: true, replyContext: true, notBefore: true, idempotencyKey: true, broadcastId: true, status: true, attempts: true },
  });

describe('enqueueBulk', () => {
  it('writes for every user (up to throughId) and each phone the rows enqueue would write, once', async () => {
    const queue = new SqliteOutboundQueue(t.db);
    const notBefore = new Date('2026-12-01T02:00:00Z');
    const message = { kind: 'broadcast', priority: 'announcement' as const, body: '电工班开课', notBefore, replyContext: { type: 'x' } };
    const throughId = USERS - 100;
    const phones = ['13800000001', '13800000002'];
    const n = await queue.enqueueBulk({ ...message, keyPrefix: 'bulk:' }, { allUsers: true, throughId, phones });

    const ids = await t.db.user.findMany({ where: { id: { lte: throughId } }, select: { id: true }, orderBy: { id: 'asc' } });
    expect(n).toBe(ids.length + phones.length);
    await queue.enqueue([
      ...ids.map((u) => ({ ...message, userId: u.id, idempotencyKey: `one:${u.id}` })),
      ...phones.map((phone) => ({ ...message, userId: null, phone, idempotencyKey: `one:p${phone}` })),
    ]);
    const bulk = await rows({ idempotencyKey: { startsWith: 'bulk:' } });
    const single = await rows({ idempotencyKey: { startsWith: 'one:' } });
    expect(bulk.map((r) => ({ ...r, idempotencyKey: r.idempotencyKey.replace('bulk:', 'one:') }))).toEqual(single);

    // Again: every key exists already.
    expect(await queue.enqueueBulk({ ...message, keyPrefix: 'bulk:' }, { allUsers: true, throughId, phones })).toBe(0);
    expect(await t.db.outboxMessage.count({ where: { idempotencyKey: { startsWith: 'bulk:' } } })).toBe(n);
  });

  it('writes a list of user ids in order, in batches', async () => {
    const queue = new SqliteOutboundQueue(t.db);
    const userIds = (await t.db.user.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((u) => u.id).filter((id) => id % 2 === 1);
    const n = await queue.enqueueBulk({ kind: 'broadcast', priority: 'announcement', body: 'x', notBefore: new Date(), keyPrefix: 'k:', broadcastId: undefined }, { userIds, phones: [] });
    expect(n).toBe(userIds.length);
    expect((await rows({})).map((r) => [r.userId, r.idempotencyKey])).toEqual(userIds.map((id) => [id, `k:${id}`]));
  });
});

describe('a broadcast to everyone', () => {
  it('queues one row per person, counts without the opted-out and capped, and matches a queue without the bulk path', async () => {
    const clock = new FakeClock('2026-11-28T02:00:00Z');
    const [a, b, c, d] = (await t.db.user.findMany({ take: 4, orderBy: { id: 'asc' }, select: { id: true } })).map((u) => u.id);
    await t.db.notificationOptOut.create({ data: { userId: a!, keyword: 'TD', channel: 'sms' } });
    // b is at the weekly cap (2 announcements sent in the last 7 days); c was opted out AND capped;
    // d was sent one (below the cap), and one more 8 days ago (outside the week).
    await t.db.notificationOptOut.create({ data: { userId: c!, keyword: 'TD', channel: 'sms' } });
    const weekAgo = new Date(clock.now().getTime() - 8 * 86_400_000);
    for (const [userId, n, sentAt] of [[b!, 1], [b!, 2], [c!, 1], [c!, 2], [d!, 1], [d!, 2, weekAgo]] as const) {
      await t.db.outboxMessage.create({ data: { userId, kind: 'broadcast', priority: 'announcement', body: 'old', notBefore: clock.now(), idempotencyKey: `old:${userId}:${n}`, status: 'sent', sentAt: sentAt ?? clock.now() } });
    }
    const make = (queue: OutboundQueue) =>
      new Broadcasts({
        db: t.db,
        clock,
        queue,
        channels: { adapters: () => [] },
        sender: { routesFor: async () => [] },
        places: { counties: () => [] },
        config: { ANNOUNCEMENTS_PER_WEEK: 2, SMS_COST_PER_SEGMENT: 0.05 },
      });
    const sqlite = new SqliteOutboundQueue(t.db);
    // The same queue without its bulk path (a queue implementation that has none).
    const plain: OutboundQueue = { enqueue: (i) => sqlite.enqueue(i), claim: (o) => sqlite.claim(o), complete: (r, o, n) => sqlite.complete(r, o, n), retry: (r, e, d) => sqlite.retry(r, e, d), cancel: (w, n) => sqlite.cancel(w, n), markBatch: (...a) => sqlite.markBatch(...a), completeMany: (...a) => sqlite.completeMany(...a), openInBatch: (...a) => sqlite.openInBatch(...a) };

    const users = await t.db.user.count();
    const bulk = await make(sqlite).create({ text: '通知', audience: { all: true }, who: admin });
    const chunked = await make(plain).create({ text: '通知', audience: { all: true }, who: admin });
    expect(bulk.recipients).toBe(users - 3);
    expect(chunked.recipients).toBe(users - 3);
    const strip = (rs: Awaited<ReturnType<typeof rows>>, id: number) => rs.map((r) => ({ ...r, broadcastId: null, idempotencyKey: r.idempotencyKey.replace(`broadcast:${id}:`, '') }));
    const bulkRows = await rows({ broadcastId: bulk.id });
    expect(bulkRows).toHaveLength(users);
    expect(bulkRows[0]).toMatchObject({ userId: a, idempotencyKey: `broadcast:${bulk.id}:${a}`, priority: 'announcement', status: 'queued' });
    expect(strip(bulkRows, bulk.id)).toEqual(strip(await rows({ broadcastId: chunked.id }), chunked.id));

  });
});
