import { Writable } from 'node:stream';
import { expect, test } from 'vitest';
import { createLogger, maskPii } from '../../src/shared/logger.js';

test('maskPii masks mainland mobiles in any common spelling, and ID card numbers', () => {
  expect(maskPii('电话13912345678')).toBe('电话139****5678');
  expect(maskPii('+86 139-1234-5678')).toBe('139****5678');
  expect(maskPii('身份证620102199001011234')).toBe('身份证620102********4');
  expect(maskPii('62010219900101123X号')).toBe('620102********X号');
  expect(maskPii('课程编号 2026112801 共30人')).toBe('课程编号 2026112801 共30人');
});

test('log lines never carry a phone number, in messages, fields or errors', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  const log = createLogger({ level: 'info', destination: sink });
  log.info({ channelUserId: '13912345678', nested: { phone: '15800001111' } }, '用户 13912345678 报名');
  log.error({ err: new Error('insert failed for 18688889999') }, 'turn failed');
  const out = lines.join('');
  expect(out).not.toMatch(/13912345678|15800001111|18688889999/);
  expect(out).toContain('139****5678');
  expect(out).toContain('turn failed');
});
