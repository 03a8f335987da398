/**
 * Character-level normalization shared by documents and questions: NFKC (full-width → ASCII),
 * traditional → simplified Chinese (OpenCC), lower case, whitespace folding.
 */
import * as OpenCC from 'opencc-js/t2cn';

let toSimplified: ((s: string) => string) | null = null;

/** Traditional (Taiwan, Hong Kong or standard) → mainland simplified. */
export function t2s(text: string): string {
  if (!toSimplified) {
    const tw = OpenCC.Converter({ from: 'tw', to: 'cn' });
    const hk = OpenCC.Converter({ from: 'hk', to: 'cn' });
    toSimplified = (s) => hk(tw(s));
  }
  return toSimplified(text);
}

/** NFKC + simplified + lower case + single spaces. */
export function normalizeText(text: string): string {
  return t2s(text.normalize('NFKC')).toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** Han characters. */
export const HAN = /\p{Script=Han}/u;

/** Runs of Han characters in a string. */
export function hanRuns(text: string): string[] {
  return text.match(/\p{Script=Han}+/gu) ?? [];
}

/** Overlapping character bigrams over Han runs (single-character runs give one unigram). */
export function charBigrams(text: string): string[] {
  const out: string[] = [];
  for (const run of hanRuns(text)) {
    const chars = [...run];
    if (chars.length === 1) continue;
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  }
  return out;
}
