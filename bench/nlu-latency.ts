/**
 * Per-turn latency added by the understanding stage (normalize, entities, rules, the nlp.js
 * classifier; no LLM): p50/p99 over the corpus and the held-out texts, after training.
 */
import { defaultGazetteer } from '../src/courses/services.js';
import { createUnderstander, readExamples } from '../src/nlu/index.js';

const root = new URL('../data/nlu/', import.meta.url).pathname;
const texts = [...readExamples(`${root}corpus.jsonl`), ...readExamples(`${root}heldout.jsonl`)].map((e) => e.text);
const u = createUnderstander({ places: defaultGazetteer() });
const t0 = performance.now();
await u.ready();
const trainMs = performance.now() - t0;
const times: number[] = [];
for (let round = 0; round < 1; round++) {
  for (const t of texts) {
    const s = performance.now();
    await u.understand(t);
    times.push(performance.now() - s);
  }
}
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(2);
console.log(`nlu: training ${trainMs.toFixed(0)} ms once; ${times.length} turns; p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${times.at(-1)!.toFixed(2)} ms`);
