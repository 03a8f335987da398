/**
 * Word segmentation with @node-rs/jieba (one shared instance, its dictionary extended with the
 * corpus and synonym vocabulary), stopword filtering and bigram features.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Jieba } from '@node-rs/jieba';
import { charBigrams } from './normalize.js';
import { loadLexicon } from './lexicon.js';

let jieba: Jieba | null = null;
const added = new Set<string>();

/** The shared segmenter (loading the dictionary takes ~200 ms, once per process). */
export function segmenter(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(defaultDict());
    const lex = loadLexicon();
    addWords(lex.synonyms.flatMap((s) => [s.key, ...s.expansions]));
  }
  return jieba;
}

/**
 * jieba's default dictionary, read here rather than through `@node-rs/jieba/dict.js`: that
 * module keeps the 5 MB dictionary and the 6 MB idf table (which we never use) in memory for the
 * life of the process; jieba copies the dictionary, so this buffer is freed after loading.
 */
function defaultDict(): Buffer {
  const dir = path.dirname(createRequire(import.meta.url).resolve('@node-rs/jieba/dict.js'));
  return readFileSync(path.join(dir, 'dict.txt'));
}

/** Adds words to the segmenter's dictionary (idempotent). */
export function addWords(words: Iterable<string>): void {
  const j = jieba ?? segmenter();
  const fresh = [...words].filter((w) => w.length >= 2 && !added.has(w) && /^\p{Script=Han}+$/u.test(w));
  if (fresh.length === 0) return;
  for (const w of fresh) added.add(w);
  j.loadDict(Buffer.from(fresh.map((w) => `${w} 2000 n`).join('\n') + '\n'));
}

const TOKEN = /^[\p{Script=Han}a-z0-9]+$/u;

/**
 * Content words of an already normalized text: no punctuation, no stopwords, no single Han
 * characters (bigrams cover those). `search` mode also yields the parts of long words
 * (职业培训 → 职业, 培训, 职业培训); `precise` yields each word once.
 */
export function words(normalized: string, mode: 'search' | 'precise' = 'search'): string[] {
  const stop = loadLexicon().stopwords;
  const j = segmenter();
  const raw = mode === 'search' ? j.cutForSearch(normalized, true) : j.cut(normalized, true);
  return raw.filter((w) => TOKEN.test(w) && w.length >= 2 && !stop.has(w));
}

/** Features indexed for a text: `w:` words and `b:` character bigrams. */
export function features(normalized: string): { words: string[]; bigrams: string[] } {
  return { words: words(normalized), bigrams: charBigrams(normalized) };
}

/**
 * True when a word is made only of stopwords (啥意思 = 啥 + 意思, 咋办 = 咋 + 办): a question
 * frame the segmenter glued together, not content.
 */
export function isStopCompound(word: string): boolean {
  const stop = loadLexicon().stopwords;
  const chars = [...word];
  const ok: boolean[] = new Array<boolean>(chars.length + 1).fill(false);
  ok[0] = true;
  for (let i = 0; i < chars.length; i++) {
    if (!ok[i]) continue;
    for (let j = i + 1; j <= chars.length; j++) if (stop.has(chars.slice(i, j).join(''))) ok[j] = true;
  }
  return ok[chars.length]!;
}
