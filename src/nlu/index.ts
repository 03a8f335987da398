/**
 * The understanding layer (between the dialogs and the domains): implements the kernel's
 * Understander port with normalization, entities, rules, an nlp.js classifier trained on
 * data/nlu/corpus.jsonl and an optional LLM for low-confidence turns.
 */
export { createUnderstander, defaultClassifier, type UnderstanderDeps } from './understander.js';
export { trainClassifier, type IntentClassifier } from './classifier.js';
export { readExamples, CORPUS_PATH, type Example } from './corpus.js';
export { LlmIntents, llmIntentSchema, type LlmIntentClassifier } from './llm.js';
export { evaluate, type EvalReport } from './eval.js';
export { normalizeTurnText } from './normalize.js';
export { extractEntities, findName, findPhone, type PlaceFinder } from './entities.js';
