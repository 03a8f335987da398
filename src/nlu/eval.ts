/**
 * Intent accuracy and entity F1 (place, trade, group; exact substrings as typed, see
 * data/nlu/README.md) of an understander on a labelled set.
 */
import type { Understander } from '../bot/understanding.js';
import { GROUP_KEYS } from '../courses/types.js';
import { parseGroupWords } from '../courses/groups.js';
import type { Example } from './corpus.js';

export interface EvalReport {
  total: number;
  intentAccuracy: number;
  entityF1: number;
  entity: Record<'place' | 'trade' | 'group', { tp: number; fp: number; fn: number }>;
  errors: { text: string; expected: string; got: string }[];
}

const same = (kind: 'place' | 'trade' | 'group', expected: string, got: string): boolean => {
  if (kind === 'group') {
    const a = parseGroupWords([expected]);
    return a.length > 0 && a.includes(got as (typeof GROUP_KEYS)[number]);
  }
  return expected === got || expected.includes(got) || got.includes(expected);
};

export async function evaluate(understander: Understander, examples: Example[]): Promise<EvalReport> {
  const entity = { place: { tp: 0, fp: 0, fn: 0 }, trade: { tp: 0, fp: 0, fn: 0 }, group: { tp: 0, fp: 0, fn: 0 } };
  const errors: EvalReport['errors'] = [];
  let right = 0;
  for (const ex of examples) {
    const u = await understander.understand(ex.text, { allowSlow: true });
    const got = u.intents[0]?.intent ?? 'none';
    if (got === ex.intent) right++;
    else errors.push({ text: ex.text, expected: ex.intent, got });
    const found = { place: u.entities.place, trade: u.entities.trade, group: u.entities.groups[0] };
    for (const kind of ['place', 'trade', 'group'] as const) {
      const expected = ex.entities?.[kind];
      const g = found[kind];
      if (expected && g && same(kind, expected, g)) entity[kind].tp++;
      else {
        if (expected) entity[kind].fn++;
        if (g) entity[kind].fp++;
      }
    }
  }
  const tp = Object.values(entity).reduce((s, e) => s + e.tp, 0);
  const fp = Object.values(entity).reduce((s, e) => s + e.fp, 0);
  const fn = Object.values(entity).reduce((s, e) => s + e.fn, 0);
  const f1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  return { total: examples.length, intentAccuracy: examples.length ? right / examples.length : 0, entityF1: f1, entity, errors };
}
