/**
 * The understander (the kernel's Understander port): normalize once, extract entities, then
 * intents — a rule for unambiguous words, else the trained classifier, optionally the LLM for
 * low-confidence turns. Built by the composition root and injected into the pipeline.
 */
import type { IntentCandidate, Understander, Understanding } from '../bot/understanding.js';
import type { IntentClassifier } from './classifier.js';
import { trainClassifier } from './classifier.js';
import { CORPUS_PATH, readExamples } from './corpus.js';
import { extractEntities, looksLikeQuestion, type PlaceFinder } from './entities.js';
import type { LlmIntentClassifier } from './llm.js';
import { normalizeTurnText } from './normalize.js';
import { ruleIntent } from './rules.js';

export interface UnderstanderDeps {
  /** The gazetteer (place entities). */
  places?: PlaceFinder;
  /** A trained classifier; default: trained once per process on data/nlu/corpus.jsonl. */
  classifier?: IntentClassifier | Promise<IntentClassifier>;
  /** Asked when the local result is below `llmBelow` (and the channel allows a slow turn). */
  llm?: LlmIntentClassifier;
  llmBelow?: number;
}

let shared: Promise<IntentClassifier> | null = null;

/** The classifier trained on the shipped corpus (once per process). */
export function defaultClassifier(): Promise<IntentClassifier> {
  return (shared ??= trainClassifier(
    readExamples(CORPUS_PATH)
      .map((e) => ({ ...e, text: normalizeTurnText(e.text).text }))
      .filter((e) => e.text),
  ));
}

export function createUnderstander(deps: UnderstanderDeps = {}): Understander & { ready(): Promise<void> } {
  const classifier = Promise.resolve(deps.classifier ?? defaultClassifier());
  const llmBelow = deps.llmBelow ?? 0.6;
  return {
    async ready() {
      await classifier;
    },
    async understand(raw, ctx = {}): Promise<Understanding> {
      const norm = normalizeTurnText(raw);
      if (norm.noise) {
        // A thumbs-up, OK or folded hands is a thank-you; other emoji, stickers and voice placeholders are noise.
        const ack = /[\u{1F44D}\u{1F44C}\u{1F64F}\u{1F91D}\u{1F44F}\u{2705}]/u.test(raw);
        const intent = ack ? 'thanks_ack' : 'chitchat';
        return { text: '', kind: 'noise', intents: [{ intent, confidence: 1, source: 'rule' }], entities: { groups: [], ...(ack ? { ack: true } : {}) }, isQuestion: false };
      }
      const text = norm.text;
      const entities = extractEntities(text, deps.places);
      const isQuestion = looksLikeQuestion(text, norm.questionMark);
      const understanding: Understanding = { text, kind: text ? 'text' : 'empty', intents: [], entities, isQuestion };
      if (!text) return understanding;
      const rule = ruleIntent(text, entities);
      const model = (await (await classifier).classify(text)).slice(0, 3);
      const intents: IntentCandidate[] = model.map((m) => ({ intent: m.intent, confidence: m.score, source: 'model' as const }));
      if (rule) {
        understanding.intents = [{ ...rule, source: 'rule' }, ...intents.filter((i) => i.intent !== rule.intent)];
        return understanding;
      }
      // nlp.js answers "None" below its threshold: a question is a policy question, else chit-chat.
      understanding.intents = intents.length ? intents : [{ intent: isQuestion ? 'policy_question' : 'chitchat', confidence: 0.3, source: 'rule' }];
      const top = understanding.intents[0];
      if (deps.llm && ctx.allowSlow !== false && (!top || top.confidence < llmBelow)) {
        const fromLlm = await deps.llm.classify(text, intents);
        if (fromLlm) understanding.intents = [{ intent: fromLlm.intent, confidence: fromLlm.confidence, source: 'llm' }, ...intents.filter((i) => i.intent !== fromLlm.intent)];
      }
      return understanding;
    },
  };
}
