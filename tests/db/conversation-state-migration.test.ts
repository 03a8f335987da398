/**
 * Migration conversation_state_per_conversation: ConversationState goes from one row per user to
 * one per (user, conversation). A database at the previous migration, with a state stored, is
 * opened the way the app opens it (openDatabase → applyMigrations); the state survives as the
 * user's "private" conversation.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { openDatabase, prismaPaths } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/schema-engine.js';
import { SqliteSessionStore } from '../../src/bot/sqlite-session-store.js';

const MIGRATION = 'conversation_state_per_conversation';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'skills-bot-migration-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** prisma/migrations as it was before `MIGRATION` (a copy with the earlier migrations only). */
function migrationsBefore(name: string): { dir: string; applied: string[] } {
  const all = readdirSync(prismaPaths.migrations, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const index = all.findIndex((m) => m.endsWith(`_${name}`));
  expect(index, `migration *_${name} exists`).toBeGreaterThan(0);
  const earlier = all.slice(0, index);
  const copy = path.join(dir, 'migrations');
  for (const m of earlier) cpSync(path.join(prismaPaths.migrations, m), path.join(copy, m), { recursive: true });
  cpSync(path.join(prismaPaths.migrations, 'migration_lock.toml'), path.join(copy, 'migration_lock.toml'));
  return { dir: copy, applied: earlier };
}

test('a ConversationState row of the previous schema is kept, as conversationKey "private"', async () => {
  const file = path.join(dir, 'old.db');
  const url = `file:${file}`;
  const before = migrationsBefore(MIGRATION);
  expect(await applyMigrations(url, { schema: prismaPaths.schema, migrations: before.dir })).toEqual(before.applied);

  // The old shape: userId is the primary key, there is no conversationKey.
  const raw = new Database(file);
  const columns = raw.prepare(`SELECT name FROM pragma_table_info('ConversationState')`).pluck().all();
  expect(columns).not.toContain('conversationKey');
  const now = '2026-11-28T10:00:00.000+00:00'; // the text form Prisma writes for DateTime
  raw.prepare(`INSERT INTO "User" ("id", "createdAt", "updatedAt", "name") VALUES (?, ?, ?, ?)`).run(1, now, now, '张三');
  raw.prepare(`INSERT INTO "User" ("id", "createdAt", "updatedAt", "name") VALUES (?, ?, ?, ?)`).run(2, now, now, '李四');
  const data = JSON.stringify({ frames: [{ dialog: 'sign-up', state: { slot: 'phone', name: '张三' } }], lastText: '张三' });
  const insert = raw.prepare(
    `INSERT INTO "ConversationState" ("userId", "data", "schemaVersion", "version", "updatedAt") VALUES (?, ?, 1, ?, ?)`,
  );
  insert.run(1, data, 5, now);
  insert.run(2, '{"frames":[]}', 1, now);
  raw.close();

  // Opened as the app opens it: the pending migrations (this one, and any later) are applied.
  const opened = await openDatabase({ url });
  try {
    expect(opened.applied.some((m) => m.endsWith(`_${MIGRATION}`))).toBe(true);
    const rows = await opened.db.conversationState.findMany({ orderBy: { userId: 'asc' } });
    expect(rows).toEqual([
      expect.objectContaining({ userId: 1, conversationKey: 'private', data, schemaVersion: 1, version: 5, updatedAt: new Date(now) }),
      expect.objectContaining({ userId: 2, conversationKey: 'private', data: '{"frames":[]}', version: 1 }),
    ]);

    // The session store reads the kept row for the private conversation and continues its version.
    const store = new SqliteSessionStore(opened.db);
    const loaded = await store.load({ userId: 1, conversationKey: 'private' });
    expect(loaded).toEqual({ data: JSON.parse(data), version: 5 });
    // A group conversation of the same user is new and separate.
    expect(await store.load({ userId: 1, conversationKey: 'wechaty:group:g1@chatroom' })).toEqual({
      data: { frames: [] },
      version: null,
    });
    await store.save({ userId: 1, conversationKey: 'wechaty:group:g1@chatroom' }, { data: { frames: [] }, version: null }, { frames: [] });
    await store.save({ userId: 1, conversationKey: 'private' }, loaded, { frames: [] });
    expect(await opened.db.conversationState.count({ where: { userId: 1 } })).toBe(2);

    // The relation still cascades.
    await opened.db.user.delete({ where: { id: 1 } });
    expect(await opened.db.conversationState.count({ where: { userId: 1 } })).toBe(0);
  } finally {
    await opened.close();
  }

  // Foreign keys are intact after the table rebuild.
  const check = new Database(file, { readonly: true });
  expect(check.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
  check.close();
});
