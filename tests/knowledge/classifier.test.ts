/**
 * The learned question → clause classifier (softmax regression) and its fusion with BM25.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SoftmaxClassifier, type FeatureVector } from '../../src/knowledge/classifier.js';
import { evaluate, loadEvalFile } from '../../src/knowledge/eval.js';
import { analyzeText } from '../../src/knowledge/ingest.js';
import { PolicyAnswerer } from '../../src/knowledge/knowledge-base.js';
import { defaultCorpusFile } from '../../src/knowledge/lexicon.js';

const v = (...features: string[]): FeatureVector => new Map(features.map((f) => [f, 1]));

describe('SoftmaxClassifier', () => {
  const examples = [
    { label: 0, features: v('w:创业', 'w:开店') },
    { label: 0, features: v('w:创业', 'w:网店') },
    { label: 1, features: v('w:残疾人', 'w:培训') },
    { label: 1, features: v('w:残疾', 'w:学技术') },
    { label: 2, features: v('w:经费', 'w:企业') },
    { label: 2, features: v('w:经费', 'w:比例') },
  ];

  it('learns which class a feature speaks for, with probabilities that sum to 1', () => {
    const m = SoftmaxClassifier.train(3, examples);
    const p = m.predict(v('w:创业', 'w:想'));
    expect(p.indexOf(Math.max(...p))).toBe(0);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    const q = m.predict(v('w:经费'));
    expect(q.indexOf(Math.max(...q))).toBe(2);
    expect(q[2]).toBeGreaterThan(0.5);
  });

  it('is deterministic and knows which features it has seen', () => {
    const a = SoftmaxClassifier.train(3, examples).predict(v('w:残疾'));
    const b = SoftmaxClassifier.train(3, examples).predict(v('w:残疾'));
    expect([...a]).toEqual([...b]);
    const m = SoftmaxClassifier.train(3, examples);
    expect(m.knownShare(v('w:残疾', 'w:从没见过'))).toBeCloseTo(0.5, 6);
    // Unknown features alone give the prior (close to uniform here).
    const u = m.predict(v('w:从没见过'));
    expect(Math.max(...u) - Math.min(...u)).toBeLessThan(0.2);
  });
});

describe('fusion with BM25 and the paraphrase match', () => {
  const { parsed } = analyzeText(readFileSync(defaultCorpusFile, 'utf8'));
  const clauses = parsed.clauses.map((c, i) => ({ ...c, id: i + 1, documentId: 1, document: parsed.title ?? '' }));
  const fixtures = path.join(import.meta.dirname, 'fixtures');

  it('ranks better on the extra and blind sets than word overlap alone', async () => {
    const items = [...loadEvalFile(path.join(fixtures, 'extra.jsonl')), ...loadEvalFile(path.join(fixtures, 'blind.jsonl'))];
    const fused = await evaluate(new PolicyAnswerer(clauses), items);
    const wordsOnly = await evaluate(new PolicyAnswerer(clauses, { retrieval: { classifierWeight: 0 } }), items);
    expect(fused.top1).toBeGreaterThan(wordsOnly.top1);
    expect(fused.top3).toBeGreaterThanOrEqual(wordsOnly.top3);
    expect(fused.abstainOnOutOfScope).toBeGreaterThanOrEqual(wordsOnly.abstainOnOutOfScope);
  });

  it('exposes the classifier probability on each hit and trains once per plan', () => {
    const a = new PolicyAnswerer(clauses);
    const { hits } = a.retriever.search('俺想回村开个网店，有人教不', 3);
    expect(hits[0]!.clause.label).toBe('四（一）6');
    expect(hits[0]!.learned).toBeGreaterThan(0.3);
    expect(hits[0]!.rank).toBeGreaterThan(hits[0]!.evidence);
    // A second answerer over the same plan reuses the trained model.
    const b = new PolicyAnswerer(clauses);
    expect(b.retriever.classifier).toBe(a.retriever.classifier);
    expect(new PolicyAnswerer(clauses, { retrieval: { classifierWeight: 0 } }).retriever.classifier).toBeNull();
  });

  it('learns from out-of-scope questions what none of the clauses answers (a class of its own)', async () => {
    // Questions written for this test (not in the training data), with no word of the other-topic
    // list: only the "none" class, trained on data/policy/out-of-scope.jsonl, tells them apart.
    const outside = ['比亚迪工厂最近还招工人不', '娃考了三百分能上啥高中', '电焊证一年要审一次不'];
    const inside = ['俺想回村开个网店，有人教不', '贫困户培训有补助吗', '企业职工教育经费按啥比例提'];
    const withNone = new PolicyAnswerer(clauses);
    const without = new PolicyAnswerer(clauses, { retrieval: { outside: [] } });
    for (const q of outside) {
      expect(withNone.retriever.search(q).outside, q).toBeGreaterThan(0.5);
      expect((await withNone.ask(q)).answered, q).toBe(false);
      expect((await without.ask(q)).answered, q).toBe(true);
    }
    for (const q of inside) {
      expect(withNone.retriever.search(q).outside, q).toBeLessThan(0.5);
      expect((await withNone.ask(q)).answered, q).toBe(true);
    }
    expect(without.retriever.search(outside[0]!).outside).toBe(0);
  });
});
