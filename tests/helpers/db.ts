/** A fresh, migrated SQLite database in a temp directory, one per test file (or per test). */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type OpenedDatabase } from '../../src/db/client.js';

export interface TestDb extends OpenedDatabase {
  url: string;
  dir: string;
  /** Closes the client and deletes the files. */
  destroy(): Promise<void>;
}

export async function createTestDb(): Promise<TestDb> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'skills-bot-test-'));
  const url = `file:${path.join(dir, 'test.db')}`;
  const opened = await openDatabase({ url });
  return {
    ...opened,
    url,
    dir,
    async destroy() {
      await opened.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
