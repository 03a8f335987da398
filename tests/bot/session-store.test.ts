/** SqliteSessionStore: one versioned dialog stack per (user, conversation). */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { CONVERSATION_SCHEMA_VERSION, type ConversationData } from '../../src/bot/engine.js';
import { StaleSessionError, type SessionKey } from '../../src/bot/ports.js';
import { SqliteSessionStore } from '../../src/bot/sqlite-session-store.js';
import { createTestDb, type TestDb } from '../helpers/db.js';

let tdb: TestDb;
let store: SqliteSessionStore;
let userId: number;
beforeEach(async () => {
  tdb = await createTestDb();
  store = new SqliteSessionStore(tdb.db);
  userId = (await tdb.db.user.create({ data: {} })).id;
});
afterEach(async () => {
  await tdb.destroy();
});

const stack = (dialog: string, state: unknown): ConversationData => ({ frames: [{ dialog, state }] });

describe('SqliteSessionStore', () => {
  test('nothing stored: an empty stack and version null', async () => {
    expect(await store.load({ userId, conversationKey: 'private' })).toEqual({ data: { frames: [] }, version: null });
  });

  test('save then load round-trips the stack; every save bumps the version', async () => {
    const key: SessionKey = { userId, conversationKey: 'private' };
    await store.save(key, await store.load(key), stack('sign-up', { slot: 'phone', name: '张三' }));
    const first = await store.load(key);
    expect(first).toEqual({ data: stack('sign-up', { slot: 'phone', name: '张三' }), version: 1 });
    await store.save(key, first, { frames: [], lastText: '你好' });
    expect(await store.load(key)).toEqual({ data: { frames: [], lastText: '你好' }, version: 2 });
  });

  test("two conversations of one user are independent (private and a group chat)", async () => {
    const priv: SessionKey = { userId, conversationKey: 'private' };
    const group: SessionKey = { userId, conversationKey: 'wechaty:group:g1@chatroom' };
    const otherGroup: SessionKey = { userId, conversationKey: 'wechaty:group:g2@chatroom' };
    await store.save(priv, await store.load(priv), stack('sign-up', { slot: 'phone' }));
    // The group conversation starts empty although the private one has a form open.
    const inGroup = await store.load(group);
    expect(inGroup).toEqual({ data: { frames: [] }, version: null });
    await store.save(group, inGroup, stack('find-courses', { stage: 'results' }));
    await store.save(group, await store.load(group), { frames: [] });

    expect(await store.load(priv)).toEqual({ data: stack('sign-up', { slot: 'phone' }), version: 1 });
    expect(await store.load(group)).toEqual({ data: { frames: [] }, version: 2 });
    expect(await store.load(otherGroup)).toEqual({ data: { frames: [] }, version: null });

    // Another user's private conversation is separate too.
    const other = (await tdb.db.user.create({ data: {} })).id;
    expect(await store.load({ userId: other, conversationKey: 'private' })).toEqual({ data: { frames: [] }, version: null });
    expect(await tdb.db.conversationState.count()).toBe(2);
  });

  test('a stale version throws StaleSessionError and keeps the winner', async () => {
    const key: SessionKey = { userId, conversationKey: 'private' };
    await store.save(key, await store.load(key), stack('a', {}));
    const turn1 = await store.load(key);
    const turn2 = await store.load(key);
    await store.save(key, turn1, stack('b', {}));
    await expect(store.save(key, turn2, stack('c', {}))).rejects.toThrow(StaleSessionError);
    expect(await store.load(key)).toEqual({ data: stack('b', {}), version: 2 });
  });

  test('a lost race to create the first state also throws StaleSessionError', async () => {
    const key: SessionKey = { userId, conversationKey: 'test:group:g1' };
    const turn1 = await store.load(key);
    const turn2 = await store.load(key);
    await store.save(key, turn1, stack('a', {}));
    await expect(store.save(key, turn2, stack('b', {}))).rejects.toThrow(StaleSessionError);
    expect(await store.load(key)).toEqual({ data: stack('a', {}), version: 1 });
  });

  test('the version check is per conversation: saving one key does not make another stale', async () => {
    const priv: SessionKey = { userId, conversationKey: 'private' };
    const group: SessionKey = { userId, conversationKey: 'test:group:g1' };
    await store.save(priv, await store.load(priv), stack('a', {}));
    await store.save(group, await store.load(group), stack('b', {}));
    const loadedPriv = await store.load(priv);
    await store.save(group, await store.load(group), stack('c', {}));
    await store.save(priv, loadedPriv, stack('d', {}));
    expect((await store.load(priv)).data).toEqual(stack('d', {}));
    expect((await store.load(group)).data).toEqual(stack('c', {}));
  });

  test.each([
    ['corrupt JSON', '{"frames": [', CONVERSATION_SCHEMA_VERSION],
    ['the wrong shape', '{"frames": "nope"}', CONVERSATION_SCHEMA_VERSION],
    ['an unknown format version', JSON.stringify(stack('sign-up', {})), CONVERSATION_SCHEMA_VERSION + 1],
  ])('unreadable data (%s) restarts cleanly and can be saved over', async (_label, data, schemaVersion) => {
    const key: SessionKey = { userId, conversationKey: 'private' };
    await tdb.db.conversationState.create({ data: { userId, conversationKey: 'private', data, schemaVersion, version: 7 } });
    const loaded = await store.load(key);
    expect(loaded).toEqual({ data: { frames: [] }, version: 7 });
    await store.save(key, loaded, stack('menu', {}));
    const row = await tdb.db.conversationState.findUniqueOrThrow({
      where: { userId_conversationKey: { userId, conversationKey: 'private' } },
    });
    expect(row).toMatchObject({ version: 8, schemaVersion: CONVERSATION_SCHEMA_VERSION });
    expect(JSON.parse(row.data)).toEqual(stack('menu', {}));
  });

  test('deleting the user deletes all their conversation states', async () => {
    await store.save({ userId, conversationKey: 'private' }, { data: { frames: [] }, version: null }, stack('a', {}));
    await store.save({ userId, conversationKey: 'test:group:g1' }, { data: { frames: [] }, version: null }, stack('b', {}));
    await tdb.db.user.delete({ where: { id: userId } });
    expect(await tdb.db.conversationState.count()).toBe(0);
  });
});
