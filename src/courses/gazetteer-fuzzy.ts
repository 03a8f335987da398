/**
 * Fuzzy matching helpers for place names: a "fuzzy pinyin" key (like Chinese input methods'
 * 模糊音: zh=z, ch=c, sh=s, n=l, an=ang, en=eng, in=ing) so homophones and typical dialect
 * confusions (会宁 ↔ 惠宁, 会林) compare equal, and an edit distance over characters or syllables.
 */
import { pinyin } from 'pinyin-pro';

/** Readings pinyin-pro gets wrong for place names. */
const READING_OVERRIDES: Record<string, string> = { 宕昌: 'tan chang' };

function fuzzySyllable(s: string): string {
  return s
    .replace(/^zh/, 'z')
    .replace(/^ch/, 'c')
    .replace(/^sh/, 's')
    .replace(/^l/, 'n')
    .replace(/^f/, 'h')
    .replace(/ang$/, 'an')
    .replace(/eng$/, 'en')
    .replace(/ing$/, 'in')
    .replace(/v/g, 'u');
}

/** Syllables of `text` (toneless, fuzzy-normalized). Non-Chinese characters pass through. */
export function fuzzyPinyin(text: string): string[] {
  let source = text;
  const parts: string[] = [];
  for (const [name, reading] of Object.entries(READING_OVERRIDES)) {
    if (source.includes(name)) source = source.replace(name, ` ${reading} `);
  }
  for (const chunk of source.split(/(\s+)/)) {
    if (!chunk.trim()) continue;
    if (/^[a-z ]+$/.test(chunk)) {
      parts.push(...chunk.trim().split(/\s+/));
      continue;
    }
    parts.push(...pinyin(chunk, { toneType: 'none', type: 'array' }).map((s) => s.toLowerCase()));
  }
  return parts.map(fuzzySyllable);
}

/** Levenshtein distance over arrays (characters or syllables). */
export function editDistance<T>(a: readonly T[], b: readonly T[]): number {
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** Similarity in [0, 1] combining character and pinyin-letter distance (for ranking suggestions). */
export function similarity(a: string, aPinyin: string[], b: string, bPinyin: string[]): number {
  const chars = 1 - editDistance([...a], [...b]) / Math.max(a.length, b.length);
  const pa = aPinyin.join('');
  const pb = bPinyin.join('');
  const letters = 1 - editDistance([...pa], [...pb]) / Math.max(pa.length, pb.length, 1);
  return Math.max(chars, letters * 0.95);
}
