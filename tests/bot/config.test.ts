import { expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../../src/app/config.js';

test('defaults need no environment at all', () => {
  const c = loadConfig({});
  expect(c.PORT).toBe(3000);
  expect(c.DATABASE_URL).toBe('file:./data/skills-bot.db');
  expect(c.LOG_LEVEL).toBe('info');
  expect(c.ADMIN_PASSWORD).toBeUndefined();
});

test('invalid values fail fast with one clear line per variable', () => {
  expect(() => loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud', DATABASE_URL: 'postgres://x' })).toThrow(ConfigError);
  try {
    loadConfig({ PORT: '70000', ADMIN_PASSWORD: 'short' });
  } catch (err) {
    expect((err as Error).message).toMatch(/PORT/);
    expect((err as Error).message).toMatch(/ADMIN_PASSWORD must be at least 8/);
  }
});

test('empty strings count as unset', () => {
  expect(loadConfig({ ADMIN_USERNAME: '', ADMIN_PASSWORD: '' }).ADMIN_USERNAME).toBeUndefined();
});
