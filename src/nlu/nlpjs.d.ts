/** Minimal types for the parts of nlp.js (@nlpjs/nlp, @nlpjs/lang-zh) the classifier uses. */
declare module '@nlpjs/nlp' {
  export class Nlp {
    constructor(settings?: Record<string, unknown>);
    use(plugin: unknown): void;
    addLanguage(locale: string): void;
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<unknown>;
    process(locale: string, utterance: string): Promise<{ classifications: { intent: string; score: number }[]; intent: string; score: number }>;
  }
}
declare module '@nlpjs/lang-zh' {
  export const LangZh: unknown;
  export const TokenizerZh: unknown;
  export const StemmerZh: unknown;
  export const StopwordsZh: unknown;
  export const NormalizerZh: unknown;
  export const SentimentZh: unknown;
}
