import { expect, test } from 'vitest';
import { splitText } from '../../src/bot/split.js';

test('short text is one chunk', () => {
  expect(splitText('  你好。 ', 70)).toEqual(['你好。']);
});

test('cuts at the last sentence end that keeps the chunk within the limit', () => {
  const text = '第一句话。' + '第二句话比较长一些。' + '第三句。';
  expect(splitText(text, 16)).toEqual(['第一句话。第二句话比较长一些。', '第三句。']);
});

test('falls back to a comma, then to a hard cut; never over the limit', () => {
  expect(splitText('甲乙丙丁，戊己庚辛壬癸子丑', 8)).toEqual(['甲乙丙丁，', '戊己庚辛壬癸子丑']);
  const hard = splitText('一'.repeat(25), 10);
  expect(hard).toEqual(['一'.repeat(10), '一'.repeat(10), '一'.repeat(5)]);
});

test('counts code points, so emoji are never split in half', () => {
  const chunks = splitText('😀'.repeat(5), 2);
  expect(chunks).toEqual(['😀😀', '😀😀', '😀']);
});
