import { describe, expect, it } from 'vitest';
import { isMobile, normalizeMobile } from '../../../src/shared/phone.js';
import { paginate } from '../../../src/integrations/sms/segments.js';

describe('normalizeMobile', () => {
  it.each([
    ['13912345678', '13912345678'],
    ['+86 139-1234-5678', '13912345678'],
    ['+8613912345678', '13912345678'],
    ['008613912345678', '13912345678'],
    ['8613912345678', '13912345678'],
    ['139 1234 5678', '13912345678'],
    ['(139)1234.5678', '13912345678'],
    ['１３９１２３４５６７８', '13912345678'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeMobile(input)).toBe(expected);
    expect(isMobile(input)).toBe(true);
  });

  it.each(['12912345678', '1391234567', '139123456789', '+1 555 123 4567', '10690000', '', 'abc'])('rejects %s', (input) => {
    expect(normalizeMobile(input)).toBeNull();
    expect(isMobile(input)).toBe(false);
  });

  it('tolerates null and undefined', () => {
    expect(normalizeMobile(null)).toBeNull();
    expect(normalizeMobile(undefined)).toBeNull();
  });
});

const opts = { segmentChars: 70, maxSegments: 3, moreHint: '回复8看下一条' };
const len = (s: string) => [...s].length;
const sentence = (i: number) => `第${i}条：培训补贴按规定发放，请带身份证到县人社局办理。`;

describe('paginate', () => {
  it('keeps a short text as one segment', () => {
    expect(paginate('您好！请回复数字。', opts)).toEqual([['您好！请回复数字。']]);
    expect(paginate('   ', opts)).toEqual([]);
  });

  it('uses up to N segments of ≤ 70 characters without a hint when the text fits one page', () => {
    const text = Array.from({ length: 6 }, (_, i) => sentence(i + 1)).join('');
    const pages = paginate(text, opts);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.length).toBeLessThanOrEqual(3);
    for (const s of pages[0]!) expect(len(s)).toBeLessThanOrEqual(70);
    expect(pages[0]!.join('')).toBe(text);
  });

  it('pages longer text: N segments per page, "回复8看下一条" closing every page but the last', () => {
    const text = Array.from({ length: 30 }, (_, i) => sentence(i + 1)).join('');
    const pages = paginate(text, opts);
    expect(pages.length).toBeGreaterThan(2);
    pages.forEach((page, i) => {
      expect(page.length).toBeLessThanOrEqual(3);
      for (const s of page) expect(len(s)).toBeLessThanOrEqual(70);
      const last = page.at(-1)!;
      if (i < pages.length - 1) {
        expect(page).toHaveLength(3);
        expect(last.endsWith('\n回复8看下一条')).toBe(true);
      } else expect(last).not.toContain('回复8看下一条');
    });
    // Nothing lost or duplicated.
    const joined = pages.flat().map((s) => s.replace('\n回复8看下一条', '')).join('');
    expect(joined).toBe(text);
  });

  it('honours maxSegments = 1', () => {
    const pages = paginate(Array.from({ length: 5 }, (_, i) => sentence(i)).join(''), { ...opts, maxSegments: 1 });
    expect(pages.every((p) => p.length === 1)).toBe(true);
    expect(pages.slice(0, -1).every((p) => p[0]!.endsWith('回复8看下一条'))).toBe(true);
  });

  it('hard-cuts text without punctuation', () => {
    const pages = paginate('电'.repeat(400), opts);
    for (const p of pages) for (const s of p) expect(len(s)).toBeLessThanOrEqual(70);
    expect(pages.flat().join('').replace(/\n回复8看下一条/g, '')).toBe('电'.repeat(400));
  });
});
