/**
 * Knowledge-base bench: answer latency (p50/p99, no LLM) over the dev set, start-up (index build
 * and classifier training), and the same
 * questions through MiniSearch with the same tokens (our normalization, synonyms, typo fixes,
 * jieba words and character bigrams), side by side: top-1/top-3 accuracy and latency.
 *   npx tsx bench/kb-latency.ts [questions.jsonl] [rounds]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import MiniSearch from 'minisearch';
import { citationMatches, loadEvalFile } from '../src/knowledge/eval.js';
import { analyzeText } from '../src/knowledge/ingest.js';
import { PolicyAnswerer } from '../src/knowledge/knowledge-base.js';
import { defaultCorpusFile } from '../src/knowledge/lexicon.js';
import { charBigrams, normalizeText } from '../src/knowledge/normalize.js';
import type { ClauseRecord } from '../src/knowledge/retriever.js';
import { words } from '../src/knowledge/segment.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = process.argv[2] ?? path.join(root, 'tests/knowledge/fixtures/dev.jsonl');
const rounds = Number(process.argv[3] ?? 20);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
const ms = (x: number): string => `${x.toFixed(3)} ms`;

const t0 = performance.now();
const { parsed } = analyzeText(readFileSync(defaultCorpusFile, 'utf8'));
const clauses: ClauseRecord[] = parsed.clauses.map((c, i) => ({ ...c, id: i + 1, documentId: 1, document: parsed.title ?? '' }));
const ours = new PolicyAnswerer(clauses);
const buildOurs = performance.now() - t0;

// MiniSearch over the very same features (w: words, b: bigrams; heading counted twice).
const t1 = performance.now();
const docTokens = (c: ClauseRecord): string => {
  const head = normalizeText(`${c.headingPath} ${c.heading}`);
  const body = normalizeText(c.text);
  const f = (s: string): string[] => [...words(s).map((w) => `w:${w}`), ...charBigrams(s).map((b) => `b:${b}`)];
  return [...f(body), ...f(head), ...f(head)].join(' ');
};
const mini = new MiniSearch<{ id: number; tokens: string }>({
  fields: ['tokens'],
  tokenize: (s) => s.split(' ').filter(Boolean),
  processTerm: (t) => t,
});
mini.addAll(clauses.map((c) => ({ id: c.id, tokens: docTokens(c) })));
const buildMini = performance.now() - t1;

const items = loadEvalFile(file);
const answerable = items.filter((i) => i.type === 'answerable');
const byId = new Map(clauses.map((c) => [c.id, c]));

function miniSearch(q: string): ClauseRecord[] {
  const a = ours.retriever.analyze(q);
  const weight = new Map<string, number>();
  for (const g of a.groups) for (const t of g.terms) weight.set(t, Math.max(weight.get(t) ?? 0, g.weight));
  return mini
    .search([...weight.keys()].join(' '), { boostTerm: (t) => weight.get(t) ?? 1 })
    .slice(0, 3)
    .map((r) => byId.get(r.id as number)!);
}

async function main(): Promise<void> {
  const oursTimes: number[] = [];
  const miniTimes: number[] = [];
  // warm-up
  for (const i of items) {
    await ours.ask(i.q);
    miniSearch(i.q);
  }
  for (let r = 0; r < rounds; r++) {
    for (const i of items) {
      let s = performance.now();
      await ours.ask(i.q);
      oursTimes.push(performance.now() - s);
      s = performance.now();
      miniSearch(i.q);
      miniTimes.push(performance.now() - s);
    }
  }
  let o1 = 0;
  let o3 = 0;
  let m1 = 0;
  let m3 = 0;
  let abstained = 0;
  for (const i of answerable) {
    const a = await ours.ask(i.q);
    const oc = a.answered ? a.citations : [];
    if (oc[0] && citationMatches(oc[0], i.gold)) o1++;
    if (oc.some((c) => citationMatches(c, i.gold))) o3++;
    const mc = miniSearch(i.q).map((c) => ({ heading: c.headingPath, text: c.text }));
    if (mc[0] && citationMatches(mc[0], i.gold)) m1++;
    if (mc.some((c) => citationMatches(c, i.gold))) m3++;
  }
  for (const i of items.filter((x) => x.type === 'out_of_scope')) if (!(await ours.ask(i.q)).answered) abstained++;
  oursTimes.sort((a, b) => a - b);
  miniTimes.sort((a, b) => a - b);
  const pct = (n: number, d: number): string => `${((100 * n) / Math.max(1, d)).toFixed(1)}%`;
  const oos = items.length - answerable.length;
  console.log(`questions: ${items.length} (${answerable.length} answerable), ${rounds} rounds, ${oursTimes.length} timed asks each`);
  console.log(`build: ours ${ms(buildOurs)} (includes jieba dictionary load and ${ms(ours.retriever.trainingMs)} training the clause classifier), minisearch ${ms(buildMini)} (index only)`);
  console.log('engine        top-1    top-3    abstain(oos)   p50          p99');
  console.log(`ours (ask)    ${pct(o1, answerable.length).padEnd(8)} ${pct(o3, answerable.length).padEnd(8)} ${pct(abstained, oos).padEnd(14)} ${ms(percentile(oursTimes, 50)).padEnd(12)} ${ms(percentile(oursTimes, 99))}`);
  console.log(`minisearch    ${pct(m1, answerable.length).padEnd(8)} ${pct(m3, answerable.length).padEnd(8)} ${'n/a'.padEnd(14)} ${ms(percentile(miniTimes, 50)).padEnd(12)} ${ms(percentile(miniTimes, 99))}`);
  console.log('(ours = full answer: analysis + BM25 + scope checks + composition; minisearch = analysis + search only)');
}

void main();
