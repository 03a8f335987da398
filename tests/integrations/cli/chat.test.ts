/** The terminal chat (`npm run chat`) answers lines piped to it, over the real runtime. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';

const dir = mkdtempSync(path.join(os.tmpdir(), 'skills-bot-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('piped lines get the menu and a course search', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/bin/chat.ts', '--user', 'cli-test'], {
    cwd: path.resolve(import.meta.dirname, '../../..'),
    input: '你好\n俺想学焊工\n会宁\n',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: `file:${path.join(dir, 'cli.db')}` },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(result.status, result.stderr).toBe(0);
  expect(result.stdout).toMatch(/1 问政策/);
  expect(result.stdout).toMatch(/哪个县区或乡镇/);
  expect(result.stdout).toMatch(/会宁县附近的焊工课程/);
}, 60_000);
