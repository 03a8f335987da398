/**
 * Typo and homophone tolerance: windows of the question whose toneless pinyin equals a corpus
 * word's pinyin (陪训 → 培训, 建党立卡 → 建档立卡, 两洲一县 → 两州一县) are corrected, as long as the
 * window itself never occurs in the corpus.
 */
import { pinyin } from 'pinyin-pro';
import { hanRuns } from './normalize.js';

export interface Correction {
  from: string;
  to: string;
}

/** Toneless pinyin of each character. */
function syllables(text: string): string[] {
  return pinyin(text, { toneType: 'none', type: 'array' });
}

/** Corpus vocabulary indexed by pinyin, for homophone lookup. */
export class PinyinVocabulary {
  private readonly byKey = new Map<string, string[]>();

  /**
   * @param vocabulary corpus words (Han only, 2–8 characters)
   * @param corpusText all normalized corpus text, to tell known windows from typos
   */
  constructor(
    vocabulary: Iterable<string>,
    private readonly corpusText: string,
  ) {
    for (const w of vocabulary) {
      const n = [...w].length;
      if (n < 2 || n > 8 || !/^\p{Script=Han}+$/u.test(w)) continue;
      const key = syllables(w).join(' ');
      const list = this.byKey.get(key) ?? [];
      if (!list.includes(w)) list.push(w);
      this.byKey.set(key, list);
    }
  }

  /**
   * Finds corrections in a normalized question (longest windows first, no overlaps). With a
   * segmenter, two-character windows must be whole words (期间管饭 must not yield 间管 → 监管).
   */
  correct(text: string, cut?: (s: string) => string[]): Correction[] {
    const out: Correction[] = [];
    for (const run of hanRuns(text)) {
      const chars = [...run];
      const py = syllables(run);
      if (py.length !== chars.length) continue;
      const used = new Array<boolean>(chars.length).fill(false);
      const bounds = new Set<number>([0]);
      if (cut) {
        let at = 0;
        for (const t of cut(run)) bounds.add((at += [...t].length));
      }
      for (let len = Math.min(6, chars.length); len >= 2; len--) {
        for (let i = 0; i + len <= chars.length; i++) {
          if (used.slice(i, i + len).some(Boolean)) continue;
          if (cut && len === 2 && !(bounds.has(i) && bounds.has(i + 2))) continue;
          const window = chars.slice(i, i + len).join('');
          if (this.corpusText.includes(window)) continue;
          const candidates = this.byKey.get(py.slice(i, i + len).join(' ')) ?? [];
          const hit = candidates.find(
            (c) => c !== window && (len >= 3 || [...c].some((ch) => window.includes(ch))),
          );
          if (!hit) continue;
          out.push({ from: window, to: hit });
          for (let k = i; k < i + len; k++) used[k] = true;
        }
      }
    }
    return out;
  }
}
