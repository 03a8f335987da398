/**
 * NLU tools. `npm run nlu -- eval FILE.jsonl`: intent accuracy and entity F1 of the understander
 * (rules + the classifier trained on data/nlu/corpus.jsonl) on a labelled set;
 * `npm run nlu -- try "俺想学厨师 夏官营的"`: the understanding of one text as JSON.
 */
import { defaultGazetteer } from '../courses/services.js';
import { createUnderstander, evaluate, readExamples } from '../nlu/index.js';

const [cmd, arg, ...flags] = process.argv.slice(2);
const understander = createUnderstander({ places: defaultGazetteer() });
if (cmd === 'eval' && arg) {
  const report = await evaluate(understander, readExamples(arg));
  console.log(`utterances: ${report.total}`);
  console.log(`intent accuracy: ${(report.intentAccuracy * 100).toFixed(1)}%`);
  console.log(`entity F1: ${(report.entityF1 * 100).toFixed(1)}%  ${JSON.stringify(report.entity)}`);
  if (flags.includes('--errors')) for (const e of report.errors) console.log(`  ${e.expected} ← ${e.got}: ${e.text}`);
} else if (cmd === 'try' && arg) {
  process.stdout.write(JSON.stringify(await understander.understand(arg), null, 2) + '\n');
} else {
  console.error('usage: npm run nlu -- eval FILE.jsonl [--errors] | try TEXT');
  process.exit(2);
}
