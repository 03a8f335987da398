/**
 * The compact CEDICT dictionary (src/nlu/zh-dictionary.ts) must segment and stem exactly as
 * @nlpjs/lang-zh's own dictionary does: the classifier's features, hence its intents and scores,
 * depend on it. Compared on every training and held-out sentence and on the knowledge base's dev
 * questions, plus mixed text (Latin, digits, traditional characters, particles, 你).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { readExamples } from '../../src/nlu/index.js';
import { CORPUS_PATH } from '../../src/nlu/corpus.js';
import { compactZhDictionary, segmentZh, CompactLangZh } from '../../src/nlu/zh-dictionary.js';

const require = createRequire(import.meta.url);
const root = new URL('../../', import.meta.url).pathname;

type Stemmer = { name: string; processText(text: string): string[] };
type Tokenizer = { name: string; innerTokenize(text: string): string[] };

function texts(): string[] {
  const out = [...readExamples(CORPUS_PATH), ...readExamples(`${root}data/nlu/heldout.jsonl`)].map((e) => e.text);
  for (const line of readFileSync(`${root}tests/knowledge/fixtures/dev.jsonl`, 'utf8').split('\n')) {
    if (line.trim()) out.push((JSON.parse(line) as { q: string }).q);
  }
  out.push('WiFi密码是多少？我的ID是abc123', '職業技能培訓補貼怎麼領', '你好呀吗呢的了', '2026年3月 榆中县 电工 焊工', 'toString valueOf', '');
  return out;
}

describe('compact lang-zh dictionary', () => {
  it('segments and stems like lang-zh', () => {
    const { StemmerZh, TokenizerZh } = require('@nlpjs/lang-zh') as Record<string, new (...a: unknown[]) => unknown>;
    const registered = new Map<string, unknown>();
    const container = {
      use: (C: new (...a: unknown[]) => { name: string }) => {
        const i = new C({});
        registered.set(i.name, i);
      },
      register: (name: string, item: unknown) => registered.set(name, item),
    };
    new CompactLangZh().register(container as never);
    const stemmer = registered.get('stemmer-zh') as Stemmer;
    const tokenizer = registered.get('tokenizer-zh') as Tokenizer;
    const original = { stemmer: new StemmerZh({}) as Stemmer, tokenizer: new TokenizerZh({}) as Tokenizer };
    const all = texts();
    expect(all.length).toBeGreaterThan(500);
    for (const text of all) {
      expect(tokenizer.innerTokenize(text), text).toEqual(original.tokenizer.innerTokenize(text));
      expect(stemmer.processText(text), text).toEqual(original.stemmer.processText(text));
    }
    expect(segmentZh(compactZhDictionary(), '职业技能培训')).toEqual(original.tokenizer.innerTokenize('职业技能培训'));
  }, 120_000);
});
