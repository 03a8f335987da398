/**
 * npm run simulate [-- options]: every goal against the real app, then the table and the summary.
 * By default the goals share one app on a throwaway database (each goal has its own chat user and
 * phone number, and every judge looks only at that person, so goals cannot satisfy each other).
 *
 *   --isolated           a fresh app and database per goal (slower; rules out any interaction)
 *   --goal ID[,ID…]      run only these goals
 *   --transcripts        print each conversation after the table
 *   --json FILE          write the results (with transcripts) to FILE
 *   --min-reached N      exit 1 when fewer than N goals are reached
 *   --max-median R       exit 1 when the median turns/ideal ratio is above R
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { GOALS } from './goals.js';
import { createRealTarget } from './real-target.js';
import { formatTable, formatTranscript, runGoal, summarize } from './run.js';
import type { GoalResult } from './types.js';

const { values } = parseArgs({
  options: {
    goal: { type: 'string' },
    transcripts: { type: 'boolean', default: false },
    isolated: { type: 'boolean', default: false },
    json: { type: 'string' },
    'min-reached': { type: 'string' },
    'max-median': { type: 'string' },
  },
});

const only = values.goal?.split(',').map((s) => s.trim());
const goals = only ? GOALS.filter((g) => only.includes(g.id)) : GOALS;
if (!goals.length) {
  console.error(`no goal matches ${values.goal}; goals: ${GOALS.map((g) => g.id).join(', ')}`);
  process.exit(2);
}

const results: GoalResult[] = [];
const started = performance.now();
const shared = values.isolated ? null : await createRealTarget();
for (const goal of goals) {
  const target = shared ?? (await createRealTarget());
  try {
    results.push(await runGoal(target, goal));
  } finally {
    if (!shared) await target.close();
  }
}
await shared?.close();

console.log(formatTable(results));
console.log(`(${goals.length} goals in ${((performance.now() - started) / 1000).toFixed(1)} s; cap per goal = 3 × ideal + 5 turns)`);
if (values.transcripts) console.log('\n' + results.map(formatTranscript).join('\n\n'));
if (values.json) writeFileSync(values.json, JSON.stringify({ summary: summarize(results), results }, null, 2));

const s = summarize(results);
const failures: string[] = [];
if (values['min-reached'] !== undefined && s.reached < Number(values['min-reached'])) {
  failures.push(`reached ${s.reached} < --min-reached ${values['min-reached']}`);
}
if (values['max-median'] !== undefined && !(s.medianRatio <= Number(values['max-median']))) {
  failures.push(`median ${s.medianRatio.toFixed(2)} > --max-median ${values['max-median']}`);
}
if (failures.length) {
  console.error(`FAIL: ${failures.join('; ')}`);
  process.exit(1);
}
