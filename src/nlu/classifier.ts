/**
 * The trained intent classifier: nlp.js (@nlpjs/nlp with @nlpjs/lang-zh's dictionary tokenizer,
 * a small neural network per language) over data/nlu/corpus.jsonl. Trained once per process on
 * first use (~1 s), then ~1 ms a turn.
 *
 * Why nlp.js: the established JavaScript NLU library, pure JS (no native build, no model
 * download), a Chinese tokenizer, and classification that is good with a few hundred
 * examples. The rules (rules.ts) and entities carry what a classifier of this size cannot.
 */
import { Nlp } from '@nlpjs/nlp';
import { INTENTS, type Intent } from '../bot/understanding.js';
import type { Example } from './corpus.js';
import { CompactLangZh } from './zh-dictionary.js';

export interface IntentScore {
  intent: Intent;
  score: number;
}

export interface IntentClassifier {
  classify(text: string): Promise<IntentScore[]>;
}

const isIntent = (s: string): s is Intent => (INTENTS as readonly string[]).includes(s);

/** Trains a classifier on the examples. */
export async function trainClassifier(examples: Example[]): Promise<IntentClassifier> {
  const nlp = new Nlp({ languages: ['zh'], autoSave: false, autoLoad: false, modelFileName: '', nlu: { log: false }, log: false });
  const quiet = console.log;
  // lang-zh prints "Compiling dictionary" once when its tokenizer is first built.
  console.log = () => {};
  try {
    nlp.use(CompactLangZh); // lang-zh with a compact dictionary (zh-dictionary.ts)
    nlp.addLanguage('zh');
    for (const e of examples) nlp.addDocument('zh', e.text, e.intent);
    await nlp.train();
    await nlp.process('zh', '你好');
  } finally {
    console.log = quiet;
  }
  return {
    async classify(text) {
      const out = await nlp.process('zh', text);
      return out.classifications.filter((c) => isIntent(c.intent)).map((c) => ({ intent: c.intent as Intent, score: c.score }));
    },
  };
}
