/**
 * A small BM25 index over weighted term bags (Okapi BM25 with per-occurrence weights, so a
 * heading occurrence can count more than a body occurrence).
 */

export interface Bm25Options {
  k1?: number;
  b?: number;
}

/** Alternative terms that count as one query concept. */
export interface QueryGroup {
  terms: string[];
  weight: number;
}

export interface ScoredDoc {
  doc: number;
  score: number;
}

export class Bm25Index {
  private readonly postings = new Map<string, Array<{ doc: number; tf: number }>>();
  private readonly lengths: number[] = [];
  private avgLength = 1;
  private readonly k1: number;
  private readonly b: number;

  constructor(options: Bm25Options = {}) {
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
  }

  /** Adds a document (term → weighted frequency); returns its number. */
  add(terms: Map<string, number>): number {
    const doc = this.lengths.length;
    let length = 0;
    for (const [term, tf] of terms) {
      length += tf;
      const list = this.postings.get(term) ?? [];
      list.push({ doc, tf });
      this.postings.set(term, list);
    }
    this.lengths.push(length);
    this.avgLength = this.lengths.reduce((a, b) => a + b, 0) / this.lengths.length || 1;
    return doc;
  }

  get size(): number {
    return this.lengths.length;
  }

  /** Number of documents holding the term. */
  df(term: string): number {
    return this.postings.get(term)?.length ?? 0;
  }

  /** BM25 idf (never negative). */
  idf(term: string): number {
    const n = this.size;
    const df = this.df(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** BM25 contribution of one term to every document that holds it. */
  private termScores(term: string): Map<number, number> {
    const out = new Map<number, number>();
    const list = this.postings.get(term);
    if (!list) return out;
    const idf = this.idf(term);
    for (const { doc, tf } of list) {
      const norm = 1 - this.b + (this.b * (this.lengths[doc] ?? 0)) / this.avgLength;
      out.set(doc, idf * ((tf * (this.k1 + 1)) / (tf + this.k1 * norm)));
    }
    return out;
  }

  /**
   * Scores every document against weighted term groups; best first. A group (a word and its
   * alternatives, e.g. the synonyms of one colloquial word) counts once: its best term.
   */
  search(groups: QueryGroup[]): ScoredDoc[] {
    const scores = new Array<number>(this.size).fill(0);
    for (const group of groups) {
      const best = new Map<number, number>();
      for (const term of group.terms) {
        for (const [doc, s] of this.termScores(term)) best.set(doc, Math.max(best.get(doc) ?? 0, s));
      }
      for (const [doc, s] of best) scores[doc]! += group.weight * s;
    }
    return scores
      .map((score, doc) => ({ doc, score }))
      .filter((s) => s.score > 0)
      .sort((a, b) => b.score - a.score);
  }
}
