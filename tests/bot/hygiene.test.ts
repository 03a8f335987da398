/**
 * Input hygiene (issue 12): NFC, bidi/control/zero-width characters, lone surrogates — at the
 * message boundary, in the sign-up name and at the HTTP boundary; the log masker's coverage of
 * full-width, dotted and spaced phone numbers and 18-digit ID numbers.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { normalizeText } from '../../src/bot/normalize.js';
import { parseName } from '../../src/dialogs/courses/sign-up.js';
import { maskPii } from '../../src/shared/logger.js';
import { cleanPersonName, isWellFormedText } from '../../src/shared/text-hygiene.js';
import { createTestApp, type TestApp } from '../helpers/fake-channel.js';
import { listen, type Listening } from '../helpers/http.js';

describe('message boundary', () => {
  test('NFC, bidi controls, NUL and control characters, lone surrogates removed', () => {
    expect(normalizeText('Jose\u0301')).toBe('José');
    expect(normalizeText('我想学\u202e工电\u202c')).toBe('我想学工电');
    expect(normalizeText('电\u0000工\u0007班\u001b')).toBe('电工班');
    expect(normalizeText('你好\ud800')).toBe('你好');
    expect(normalizeText('\udc00菜单')).toBe('菜单');
    expect(normalizeText('😀 好')).toBe('😀 好');
  });
});

describe('names', () => {
  test.each([
    ['bidi override', '张\u202e三'],
    ['NUL', '张三\u0000'],
    ['control', '张\u0008三'],
    ['zero-width only', '\u200b\u200c\u200d'],
    ['lone surrogate', '张三\ud800'],
    ['empty', '   '],
  ])('%s is refused', (_name, text) => {
    expect(cleanPersonName(text)).toBeNull();
    expect(parseName(text)).toBeNull();
  });

  test('a normal name passes, in NFC, zero-width characters removed', () => {
    expect(parseName('我叫王\u200b小明')).toBe('王小明');
    expect(cleanPersonName('Jose\u0301 Li')).toBe('José Li');
  });

  test('lone surrogates are detected, pairs are fine', () => {
    expect(isWellFormedText('ab\ud83d\ude00')).toBe(true);
    expect(isWellFormedText('ab\ud83d')).toBe(false);
    expect(isWellFormedText('\ude00ab')).toBe(false);
  });
});

describe('HTTP boundary', () => {
  let t: TestApp;
  let http: Listening;
  beforeAll(async () => {
    t = await createTestApp();
    http = await listen(t.app.http);
  });
  afterAll(async () => {
    await http.close();
    await t.destroy();
  });

  test('a lone surrogate is refused with 400 (not stored as U+FFFD)', async () => {
    const before = await t.db.messageLog.count();
    // JSON.stringify escapes a lone surrogate as \ud800, exactly what a hostile client sends.
    for (const [path, body] of [
      ['/api/sim/messages', { userId: 'ls-1', text: '张三\ud800' }],
      ['/api/chat/messages', { text: '张三\ud800' }],
      ['/api/ask', { question: '补贴\ud800' }],
    ] as const) {
      const res = await http.post(path, body);
      expect(res.status, path).toBe(400);
    }
    expect(await t.db.messageLog.count()).toBe(before);
    const rows = await t.db.messageLog.findMany({ where: { text: { contains: '\ufffd' } } });
    expect(rows).toEqual([]);
  });
});

describe('log masker', () => {
  test.each([
    ['dotted', '电话138.1234.5678', '电话138****5678'],
    ['spaced', '138 1234 5678', '138****5678'],
    ['full-width', '１３８１２３４５６７８', '１３８****５６７８'],
    ['full-width dotted', '１３８．１２３４．５６７８', '１３８****５６７８'],
    ['0086', '008613912345678', '139****5678'],
    ['ID card (any date)', '身份证620102199013451234', '身份证620102********4'],
    ['full-width ID card', '６２０１０２１９９０１０１０１２３Ｘ', '６２０１０２********Ｘ'],
  ])('%s', (_name, input, masked) => {
    expect(maskPii(input)).toBe(masked);
  });

  test('ordinary numbers are left alone', () => {
    expect(maskPii('课程编号 2026112801 共30人，时间 1764295200123')).toBe('课程编号 2026112801 共30人，时间 1764295200123');
  });
});
