/**
 * A compact stand-in for @nlpjs/lang-zh's CC-CEDICT dictionary, with the same segmentation and
 * stems.
 *
 * Why: lang-zh's tokenizer and stemmer share one dictionary object that keeps, for each of the
 * ~120k CEDICT lines, an object with its traditional and simplified forms, pinyin and English
 * definition, in two plain-object maps, plus the 9 MB source text: ~100 MB of heap held for the
 * life of the process (measured: the trained classifier added +106 MB heap, +131 MB RSS to the
 * server). The classifier needs only two facts per word: is it a dictionary word (longest-match
 * segmentation) and what the stemmer turns it into (its pinyin, `ni3`, or nothing for
 * particles). This module reads the same text, computes exactly those, and drops the rest.
 *
 * Identical by construction: the parse and the stem rules below repeat lang-zh 4.26's
 * `Dictionary.start`/`search`/`getPinyin` and `StemmerZh.translateToEnglish`/`parseDefinition`
 * line for line (tests/nlu/zh-dictionary.test.ts compares both on the training corpus).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { NormalizerZh, SentimentZh, StemmerZh, StopwordsZh, TokenizerZh } from '@nlpjs/lang-zh';

const require = createRequire(import.meta.url);

/** What the stemmer makes of a dictionary word: a pinyin string, or undefined (dropped). */
type Stem = string | undefined;

export interface CompactZhDictionary {
  /** Dictionary words (simplified and traditional forms). */
  has(word: string): boolean;
  /** The stem of a dictionary word (only meaningful when `has(word)`). */
  stem(word: string): Stem;
}

/** The CEDICT text lang-zh ships (the template literal of cedict_ts.u8.js, which has no escapes). */
function cedictText(): string {
  const source = readFileSync(require.resolve('@nlpjs/lang-zh/src/cedict_ts.u8.js'), 'utf8');
  return source.slice(source.indexOf('`') + 1, source.lastIndexOf('`'));
}

interface Entry {
  simplified: string;
  pinyin: string;
  definition: string;
}

let shared: CompactZhDictionary | null = null;

/** Builds the compact dictionary once per process (~1 s; the big intermediate maps are dropped). */
export function compactZhDictionary(): CompactZhDictionary {
  if (shared) return shared;
  // Built in its own function: closures made here would keep its whole scope (the big maps) alive.
  const stems = buildStems();
  shared = { has: (word) => stems.has(word), stem: (word) => stems.get(word) };
  return shared;
}

/** Word → stem for every CEDICT word. */
function buildStems(): Map<string, Stem> {
  // lang-zh's Dictionary.start, with Maps instead of plain objects (CEDICT has no key that
  // collides with Object.prototype: lang-zh would throw on one) and with lines instead of cached
  // element objects (the cache only made a repeated line the same object).
  const simplified = new Map<string, Entry[]>();
  const traditional = new Map<string, Entry[]>();
  const element = (line: string | undefined): Entry & { traditional: string } => {
    if (!line) return { traditional: '', simplified: '', pinyin: '', definition: '' };
    const tokens = line.split(' ');
    return {
      traditional: tokens[0]!,
      simplified: String(tokens[1]),
      pinyin: line.substring(line.indexOf('[') + 1, line.indexOf(']')),
      definition: line.substring(line.indexOf('/') + 1, line.lastIndexOf('/')),
    };
  };
  const lines = cedictText().split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (line.startsWith('#')) continue;
    const current = element(line);
    const definitions = [current];
    let next = element(lines[i + 1]);
    while (next.traditional === current.traditional && next.simplified === current.simplified) {
      i += 1;
      definitions.push(next);
      next = element(lines[i + 1]);
    }
    const s = simplified.get(current.simplified) ?? [];
    s.push(...definitions);
    simplified.set(current.simplified, s);
    const t = traditional.get(current.traditional) ?? [];
    t.push(...definitions);
    traditional.set(current.traditional, t);
  }

  // StemmerZh.translateToEnglish → parseDefinition for every word, computed once.
  const search = (word: string) => simplified.get(word) ?? traditional.get(word);
  const stemOf = (definitions: Entry[]): Stem => {
    if (definitions.some((d) => d.definition.includes('(possessive particle)'))) return undefined;
    if (definitions.some((d) => d.definition.includes('(modal particle'))) return undefined;
    const first = definitions[0]!;
    if (first.definition.includes('you (')) return 'ni3';
    return search(first.simplified)!.map((d) => d.pinyin).join(' ');
  };
  // Stems repeat a lot (one pinyin syllable for many characters): keep one copy of each, flat.
  const unique = new Map<string, string>();
  const stems = new Map<string, Stem>();
  for (const word of new Set([...simplified.keys(), ...traditional.keys()])) {
    const stem = stemOf(search(word)!);
    let one: Stem;
    if (stem !== undefined) {
      one = unique.get(stem);
      if (one === undefined) unique.set(stem, (one = flat(stem)));
    }
    stems.set(flat(word), one);
  }
  return stems;
}

/** A string copy that does not keep a larger parent string alive (sliced or cons strings do). */
function flat(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

/** An empty object: lang-zh looks words up in plain objects, so `toString` & co. resolve through the prototype. */
const PROTO: Record<string, unknown> = {};

/** lang-zh's longest-match segmentation (Dictionary.getLongestMatch/segment) over the compact dictionary. */
export function segmentZh(dict: CompactZhDictionary, text: string): string[] {
  const found = (word: string) => dict.has(word) || Boolean(PROTO[word]);
  const result: string[] = [];
  while (text) {
    let seg: string | undefined;
    for (let i = Math.min(8, text.length); i >= 0; i -= 1) {
      const slice = text.substr(0, i);
      if (found(slice)) {
        seg = slice;
        break;
      }
    }
    seg = seg || text.substr(0, 1);
    result.push(seg);
    text = text.slice(seg.length);
  }
  return result;
}

/** lang-zh's tokenizer over the compact dictionary. */
class CompactTokenizerZh extends (TokenizerZh as unknown as new (...args: unknown[]) => { name: string }) {
  innerTokenize(text: string): string[] {
    return segmentZh(compactZhDictionary(), text);
  }
}

interface StemmerZhBase {
  name: string;
  translate: { isChineseChar(ch: string): boolean };
  parseDefinition(definitions: unknown): Stem;
}

/** lang-zh's stemmer over the compact dictionary (same getSegments, precomputed translateToEnglish). */
class CompactStemmerZh extends (StemmerZh as unknown as new (...args: unknown[]) => StemmerZhBase) {
  translateToEnglish(token: string): Stem {
    const dict = compactZhDictionary();
    if (dict.has(token)) return dict.stem(token);
    // Not a word: lang-zh's plain-object lookup (undefined, or an Object.prototype member).
    const definitions = PROTO[token] as { length?: number } | undefined;
    if (!definitions || definitions.length === 0) return token;
    return this.parseDefinition(definitions);
  }

  getSegments(text: string): string[] {
    const presegments = segmentZh(compactZhDictionary(), text);
    const result: string[] = [];
    let chars = '';
    for (const segment of presegments) {
      if (this.translate.isChineseChar(segment)) {
        if (chars) {
          result.push(chars);
          chars = '';
        }
        result.push(segment);
      } else {
        chars += segment;
      }
    }
    if (chars) result.push(chars);
    return result;
  }
}

/** The nlp.js plugin: lang-zh's LangZh with the compact tokenizer and stemmer. */
export class CompactLangZh {
  register(container: { use(item: unknown): void; register(name: string, item: unknown): void }): void {
    container.use(CompactTokenizerZh);
    container.use(CompactStemmerZh);
    container.use(StopwordsZh);
    container.use(NormalizerZh);
    container.register('sentiment-zh', SentimentZh);
  }
}
