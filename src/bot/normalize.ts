import { cleanText } from '../shared/text-hygiene.js';

/**
 * Normalizes what a user typed before any routing: NFC, with lone surrogates, bidi controls,
 * NUL and other control characters removed (src/shared/text-hygiene.ts); full-width digits and Latin letters folded
 * to ASCII (people type "２" on Chinese keyboards), zero-width characters dropped, whitespace
 * collapsed. Chinese punctuation is kept as typed (it is what staff read in the message log).
 */
export function normalizeText(text: string | undefined): string {
  if (!text) return '';
  return cleanText(text)
    .replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/[\s\u3000]+/g, ' ')
    .trim();
}

/** Strips trailing punctuation and @-prefixes so "菜单。" and "取消！" still match commands. */
export function commandForm(text: string): string {
  return text.replace(/^[\s@]+|[\s。．.!！?？~～,，、]+$/g, '').toLowerCase();
}
