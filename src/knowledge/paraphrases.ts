/**
 * The paraphrase bank (the question–answer-pair idea of Dify / FastGPT): for each clause, keyed by
 * its document title and heading path, a short plain-words topic and questions people in
 * different roles ask about it, written from the policy text (data/policy/paraphrases.jsonl).
 * A question is scored against these paraphrases by an idf-weighted cosine over words, synonym
 * expansions and character bigrams; the retriever adds the best paraphrase match of each clause
 * to the clause's own score.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { loadLexicon, policyDataDir } from './lexicon.js';
import { charBigrams, normalizeText } from './normalize.js';
import { isStopCompound, segmenter, words } from './segment.js';

export const paraphraseRoles = ['worker', 'employer', 'cadre', 'institution', 'staff', 'about'] as const;
export type ParaphraseRole = (typeof paraphraseRoles)[number];

const entrySchema = z.object({
  /** Document title as stored (the clause's `document`). */
  doc: z.string().min(1),
  /** The clause's heading path (stable across re-ingests of the same text). */
  clause: z.string().min(1),
  /** Short plain words for the clause, shown when the bot asks back (您是想问：1 …). */
  topic: z.string().min(2).max(20),
  q: z.partialRecord(z.enum(paraphraseRoles), z.array(z.string().min(2).max(120))),
});
export type ParaphraseEntry = z.infer<typeof entrySchema>;

export const defaultParaphraseFile = path.join(policyDataDir, 'paraphrases.jsonl');

/** Reads a JSONL data file (blank lines and `#` comments skipped), each line checked by `schema`. */
function readJsonl<T>(file: string, schema: z.ZodType<T>): T[] {
  const out: T[] = [];
  readFileSync(file, 'utf8')
    .split(/\r?\n/u)
    .forEach((l, i) => {
      if (l.trim() === '' || l.trimStart().startsWith('#')) return;
      const parsed = schema.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.message}`);
      out.push(parsed.data);
    });
  return out;
}

/** Reads and validates a paraphrase bank (JSONL, one clause a line). */
export function loadParaphrases(file = defaultParaphraseFile): ParaphraseEntry[] {
  return readJsonl(file, entrySchema);
}

/** Offices an out-of-scope question belongs to (keys of other-topics.txt; `other` = none in particular). */
export const referralKeys = [
  'wages', 'disputes', 'social-insurance', 'medical', 'hukou', 'dibao', 'housing-fund', 'driving',
  'loans', 'education', 'housing', 'farming', 'tax', 'refund', 'other',
] as const;

const outsideSchema = z.object({
  q: z.string().min(2).max(160),
  referral: z.enum(referralKeys),
});
/** A question people ask the bot that the documents do not answer (training data for "none of the clauses"). */
export type OutsideQuestion = z.infer<typeof outsideSchema>;

export const defaultOutsideFile = path.join(policyDataDir, 'out-of-scope.jsonl');

/** Reads and validates the out-of-scope questions (JSONL, one question a line). */
export function loadOutsideQuestions(file = defaultOutsideFile): OutsideQuestion[] {
  return readJsonl(file, outsideSchema);
}

let cachedOutside: OutsideQuestion[] | null = null;

/** The shipped out-of-scope questions, read once. */
export function defaultOutsideQuestions(): OutsideQuestion[] {
  cachedOutside ??= loadOutsideQuestions();
  return cachedOutside;
}

let cachedDefault: ParaphraseEntry[] | null = null;

/** The shipped bank, read once. */
export function defaultParaphrases(): ParaphraseEntry[] {
  cachedDefault ??= loadParaphrases();
  return cachedDefault;
}

/** Feature weights: words carry the meaning, bigrams catch near spellings. */
const FEATURE = { word: 1, key: 0.5, expansion: 0.5, frame: 0.5, bigram: 0.25 } as const;

type Features = Map<string, number>;

/** Raw (unweighted by idf) features of a normalized text. */
function rawFeatures(text: string): Features {
  const out: Features = new Map();
  const put = (f: string, w: number): void => void out.set(f, Math.max(out.get(f) ?? 0, w));
  const own = words(text, 'precise').filter((w) => !isStopCompound(w));
  for (const w of own) put(`w:${w}`, FEATURE.word);
  // Question frames and words about the document (为啥, 规划, 哪个部门) tell paraphrases apart too
  // (why vs who vs when); the clause-level idf keeps the common ones light.
  const stop = loadLexicon().stopwords;
  for (const w of segmenter().cut(text, true)) if (w.length >= 2 && stop.has(w)) put(`w:${w}`, FEATURE.frame);
  for (const s of loadLexicon().synonyms) {
    if (!text.includes(s.key)) continue;
    put(`w:${s.key}`, FEATURE.key);
    for (const e of s.expansions) put(`w:${normalizeText(e)}`, FEATURE.expansion);
  }
  for (const b of charBigrams(text)) put(`b:${b}`, FEATURE.bigram);
  return out;
}

export interface ParaphraseMatch {
  /** Index of the clause (in the list given to the index). */
  clause: number;
  /** Cosine similarity of the question with the best paraphrase of the clause, 0..1. */
  similarity: number;
  /** That paraphrase, normalized. */
  text: string;
}

/** Paraphrases of a clause list, indexed for similarity search. */
export class ParaphraseIndex {
  private readonly vectors: Array<{ clause: number; text: string; features: Features; norm: number }> = [];
  private readonly postings = new Map<string, number[]>();
  private readonly idf = new Map<string, number>();
  private readonly defaultIdf: number;
  private readonly allText: string;
  /** Plain-words topic by clause index. */
  readonly topics = new Map<number, string>();
  /** Entries whose clause is not in the list (reported, not fatal: the document may have changed). */
  readonly unmatched: string[] = [];
  /** Every paraphrase (normalized) with its clause index: training data for the clause classifier. */
  readonly questions: Array<{ clause: number; text: string }> = [];

  constructor(clauses: Array<{ document: string; headingPath: string }>, entries: ParaphraseEntry[]) {
    const byKey = new Map(clauses.map((c, i) => [`${c.document}\u0000${c.headingPath}`, i]));
    const raw: Array<{ clause: number; text: string; features: Features }> = [];
    for (const e of entries) {
      const i = byKey.get(`${e.doc}\u0000${e.clause}`);
      if (i === undefined) {
        this.unmatched.push(e.clause);
        continue;
      }
      this.topics.set(i, e.topic);
      for (const q of Object.values(e.q).flat()) {
        const text = normalizeText(q);
        raw.push({ clause: i, text, features: rawFeatures(text) });
        this.questions.push({ clause: i, text });
      }
    }
    // Document frequency by clause: a word all of one clause's paraphrases share (创业) is what
    // tells that clause apart, not a common word.
    const seen = new Map<string, Set<number>>();
    for (const r of raw) for (const f of r.features.keys()) (seen.get(f) ?? seen.set(f, new Set()).get(f)!).add(r.clause);
    const df = new Map([...seen].map(([f, set]) => [f, set.size]));
    const n = Math.max(1, new Set(raw.map((r) => r.clause)).size);
    for (const [f, d] of df) this.idf.set(f, Math.log(1 + n / d));
    this.defaultIdf = Math.log(1 + n);
    this.allText = raw.map((r) => r.text).join('\n');
    for (const r of raw) {
      const features = this.weigh(r.features);
      const idx = this.vectors.length;
      this.vectors.push({ clause: r.clause, text: r.text, features, norm: normOf(features) });
      for (const f of features.keys()) {
        const list = this.postings.get(f) ?? [];
        list.push(idx);
        this.postings.set(f, list);
      }
    }
  }

  /** True when some paraphrase uses `word`. */
  knows(word: string): boolean {
    return this.allText.includes(word);
  }

  get size(): number {
    return this.vectors.length;
  }

  private weigh(features: Features): Features {
    const out: Features = new Map();
    for (const [f, w] of features) out.set(f, w * (this.idf.get(f) ?? this.defaultIdf));
    return out;
  }

  /** Best paraphrase similarity per clause for a normalized question (clauses without a match are absent). */
  match(question: string): Map<number, ParaphraseMatch> {
    const q = this.weigh(rawFeatures(question));
    const qNorm = normOf(q);
    const dots = new Map<number, number>();
    for (const [f, w] of q) {
      for (const idx of this.postings.get(f) ?? []) {
        dots.set(idx, (dots.get(idx) ?? 0) + w * (this.vectors[idx]!.features.get(f) ?? 0));
      }
    }
    const best = new Map<number, ParaphraseMatch>();
    for (const [idx, dot] of dots) {
      const v = this.vectors[idx]!;
      const similarity = qNorm === 0 || v.norm === 0 ? 0 : dot / (qNorm * v.norm);
      const prev = best.get(v.clause);
      if (!prev || similarity > prev.similarity) best.set(v.clause, { clause: v.clause, similarity, text: v.text });
    }
    return best;
  }
}

function normOf(features: Features): number {
  let s = 0;
  for (const w of features.values()) s += w * w;
  return Math.sqrt(s);
}
