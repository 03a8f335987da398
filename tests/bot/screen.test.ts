import { describe, expect, test } from 'vitest';
import { fitScreen, MORE_HINT, repliesLines, screenLines, WECHAT_SCREEN } from '../../src/bot/screen.js';

const S = WECHAT_SCREEN;
const card = Array.from({ length: 14 }, (_, i) => `第${i + 1}行：` + '很长的课程介绍文字'.repeat(2)).join('\n');
const actions = '回复：\n1 报名\n2 看我能不能报\n3 返回列表\n4 帮别人报名（代报名）';

describe('one phone screen', () => {
  test('lines wrap every 15 characters', () => {
    expect(screenLines('一二三四五六七八九十一二三四五', S)).toBe(1);
    expect(screenLines('一二三四五六七八九十一二三四五六', S)).toBe(2);
    expect(repliesLines(['a', 'b'], S)).toBe(3); // a gap line between bubbles
  });

  test('what fits is left alone', () => {
    expect(fitScreen(['您好', actions], S)).toEqual({ shown: ['您好', actions], pages: [] });
  });

  test('a long card is cut with the hint; the closing prompt stays whole; the rest waits in pages', () => {
    const { shown, pages } = fitScreen([card, actions], S);
    expect(repliesLines(shown, S)).toBeLessThanOrEqual(S.lines);
    expect(shown.at(-1)).toBe(actions);
    expect(shown[0]).toContain(MORE_HINT);
    expect(pages.length).toBeGreaterThan(0);
    for (const p of pages) expect(screenLines(p, S)).toBeLessThanOrEqual(S.lines);
    // Nothing lost: every card line is on the first screen or a page.
    const all = [shown[0], ...pages].join('\n');
    for (const line of card.split('\n')) expect(all).toContain(line);
  });

  test('replies with personal data are never cut (the rest would wait in the session)', () => {
    const personal = { text: card, personal: true as const };
    expect(fitScreen([personal], S).shown).toEqual([personal]);
  });
});
