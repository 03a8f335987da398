/**
 * Evaluation over a question set (format of shared/eval/README.md): top-1 / top-3 citation
 * accuracy on answerable questions, abstain rate on out-of-scope ones, false abstains and
 * answer-fact coverage. A citation is correct when its heading path or text contains one of the
 * gold strings (after NFKC).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { KnowledgeBase, PolicyAnswer } from './types.js';

export const evalItemSchema = z.object({
  id: z.string(),
  q: z.string().min(1),
  type: z.enum(['answerable', 'out_of_scope']),
  gold: z.array(z.string()).default([]),
  answer_facts: z.array(z.string()).default([]),
});
export type EvalItem = z.infer<typeof evalItemSchema>;

export interface EvalResult {
  item: EvalItem;
  answer: PolicyAnswer;
  top1: boolean;
  top3: boolean;
  /** Share of answer_facts found in the answer text. */
  facts: number;
}

export interface EvalReport {
  answerable: number;
  outOfScope: number;
  top1: number;
  top3: number;
  abstainOnOutOfScope: number;
  falseAbstain: number;
  factCoverage: number;
  /** Answerable questions answered by asking back (您是想问：1 … 2 …), and how many of those offer the gold clause. */
  askedBack: number;
  askedBackWithGold: number;
  results: EvalResult[];
}

/** Reads a JSONL question set (blank lines ignored). */
export function loadEvalFile(file: string): EvalItem[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/u)
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      const parsed = evalItemSchema.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

const nfkc = (s: string): string => s.normalize('NFKC');

/** True when a citation matches one of the gold strings. */
export function citationMatches(c: { heading: string; text: string }, gold: string[]): boolean {
  const heading = nfkc(c.heading);
  const text = nfkc(c.text);
  return gold.some((g) => heading.includes(nfkc(g)) || text.includes(nfkc(g)));
}

const ratio = (n: number, d: number): number => (d === 0 ? 0 : n / d);

/** Asks every question and scores the answers. */
export async function evaluate(kb: Pick<KnowledgeBase, 'ask'>, items: EvalItem[]): Promise<EvalReport> {
  const results: EvalResult[] = [];
  for (const item of items) {
    const answer = await kb.ask(item.q);
    const cites = answer.answered ? answer.citations : [];
    const top1 = cites[0] !== undefined && citationMatches(cites[0], item.gold);
    const top3 = cites.slice(0, 3).some((c) => citationMatches(c, item.gold));
    const text = nfkc(answer.text);
    const facts = item.answer_facts.length === 0 ? 1 : ratio(item.answer_facts.filter((f) => text.includes(nfkc(f))).length, item.answer_facts.length);
    results.push({ item, answer, top1, top3, facts: answer.answered ? facts : 0 });
  }
  const ans = results.filter((r) => r.item.type === 'answerable');
  const oos = results.filter((r) => r.item.type === 'out_of_scope');
  return {
    answerable: ans.length,
    outOfScope: oos.length,
    top1: ratio(ans.filter((r) => r.top1).length, ans.length),
    top3: ratio(ans.filter((r) => r.top3).length, ans.length),
    abstainOnOutOfScope: ratio(oos.filter((r) => !r.answer.answered).length, oos.length),
    falseAbstain: ratio(ans.filter((r) => !r.answer.answered).length, ans.length),
    askedBack: ans.filter((r) => r.answer.choices).length,
    askedBackWithGold: ans.filter(
      (r) => r.answer.choices && r.answer.citations.slice(0, r.answer.choices.length).some((c) => citationMatches(c, r.item.gold)),
    ).length,
    factCoverage: ratio(ans.reduce((s, r) => s + (r.item.answer_facts.length > 0 ? r.facts : 0), 0), ans.filter((r) => r.item.answer_facts.length > 0).length),
    results,
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** Human-readable report; `verbose` lists every miss. */
export function formatReport(r: EvalReport, verbose = false): string {
  const lines = [
    `answerable: ${r.answerable}, out of scope: ${r.outOfScope}`,
    `top-1 citation accuracy: ${pct(r.top1)}`,
    `top-3 citation accuracy: ${pct(r.top3)}`,
    `abstain rate on out-of-scope: ${pct(r.abstainOnOutOfScope)}`,
    `false-abstain rate on answerable: ${pct(r.falseAbstain)}`,
    `answer-fact coverage: ${pct(r.factCoverage)}`,
    `asked back (您是想问) on answerable: ${r.askedBack}, the right clause among the choices: ${r.askedBackWithGold}`,
  ];
  if (verbose) {
    for (const x of r.results) {
      const bad = x.item.type === 'answerable' ? !x.top1 || x.facts < 1 : x.answer.answered;
      if (!bad) continue;
      const cite = x.answer.citations[0]?.label ?? '-';
      const why = x.answer.abstainReason ? ` (${x.answer.abstainReason})` : x.answer.choices ? ' (asked back)' : '';
      lines.push(`  MISS ${x.item.id} ${x.item.type} answered=${x.answer.answered}${why} conf=${x.answer.confidence} top=${cite} facts=${pct(x.facts)} | ${x.item.q}`);
    }
  }
  return lines.join('\n');
}
