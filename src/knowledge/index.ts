/** Public API of the policy knowledge base. */
export type { AskOptions, Choice, Citation, KnowledgeBase, PolicyAnswer } from './types.js';
export { createKnowledgeBase, PolicyAnswerer, loadClauses, DEFAULT_THRESHOLD, type KnowledgeBaseDeps } from './knowledge-base.js';
export { ensureDefaultCorpus, ingestFile, ingestText, analyzeText, type IngestOptions, type IngestResult, type KbLogger } from './ingest.js';
export { llmConfigSchema, type LlmConfig, type LlmEnvConfig, type StructuredMethod } from './config.js';
export { evaluate, formatReport, loadEvalFile, type EvalItem, type EvalReport } from './eval.js';
export { repairText, type RepairReport } from './repair.js';
export { defaultCorpusFile } from './lexicon.js';
