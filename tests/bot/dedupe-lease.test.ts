/** The dedupe claim is a lease: a crashed turn's claim can be taken over after it, not before. */
import { afterEach, beforeEach, expect, test } from 'vitest';
import { SqliteDedupeStore } from '../../src/bot/sqlite-dedupe-store.js';
import { FakeClock } from '../helpers/clock.js';
import { createTestDb, type TestDb } from '../helpers/db.js';

let t: TestDb;
let clock: FakeClock;
let store: SqliteDedupeStore;
beforeEach(async () => {
  t = await createTestDb();
  clock = new FakeClock();
  store = new SqliteDedupeStore(t.db, clock, { leaseMs: 60_000 });
});
afterEach(() => t.destroy());

test('inside the lease a redelivery is a duplicate (it waits for the first delivery)', async () => {
  expect(await store.claim('oa', 'm1')).toEqual({ duplicate: false });
  clock.advance(59_000);
  expect(await store.claim('oa', 'm1')).toEqual({ duplicate: true });
  expect(await store.repliesOf('oa', 'm1', 0)).toBeNull();
});

test('after the lease a redelivery of a "processing" claim re-claims it, once', async () => {
  await store.claim('oa', 'm1');
  clock.advance(60_000);
  const [a, b] = await Promise.all([store.claim('oa', 'm1'), store.claim('oa', 'm1')]);
  expect([a, b]).toContainEqual({ duplicate: false, reclaimed: true });
  expect([a, b]).toContainEqual({ duplicate: true });
  // The new claim has its own lease.
  clock.advance(30_000);
  expect(await store.claim('oa', 'm1')).toEqual({ duplicate: true });
});

test('a finished turn is never re-claimed, however late the redelivery', async () => {
  await store.claim('oa', 'm1');
  await store.complete('oa', 'm1', [{ text: '答复' }], clock.now());
  clock.advance(86_400_000);
  expect(await store.claim('oa', 'm1')).toEqual({ duplicate: true });
  expect(await store.repliesOf('oa', 'm1', 0)).toEqual([{ text: '答复' }]);
});
