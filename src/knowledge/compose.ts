/**
 * Extractive answers: the one to three units (sentences, sub-sentences or runs of comma phrases)
 * of the best clause that carry the most of the question's terms, in document order, within a
 * short body budget, followed by the citation and "回复1看原文". No text is invented.
 */
import { kbMessages } from './messages.js';
import { normalizeText } from './normalize.js';
import { ATOMIC_MAX, clauseUnits, clip, type ClauseUnits } from './units.js';

export { clip, sentences, DEPARTMENTS } from './units.js';

/** One question concept: a word with its parts, or the synonyms of one colloquial word. */
export interface ComposeConcept {
  terms: string[];
  /** Multiplies each term's idf (own words 1, synonym expansions less). */
  weight: number;
}

export interface ComposeInput {
  /** Document title, label and text of the clause to quote. */
  document: string;
  label: string;
  text: string;
  /** Heading of the clause when its text starts with it (e.g. 围绕…，着力开展就业技能培训). */
  heading?: string;
  /** Content words of the question, normalized (retriever analysis). */
  words: string[];
  /** Synonym expansions of the question (count less than its own words). */
  expansions?: string[];
  /** Concepts of the question (the retriever's query groups); each counts once. Default: from words/expansions. */
  concepts?: ComposeConcept[];
  /** Adjacent question words joined (高技能人才培训): a unit holding one earns a bonus. */
  phrases?: string[];
  /** Idf of a word (rarer words count more). */
  idf: (word: string) => number;
  /** Whole reply limit (body + citation + 回复1看原文). */
  maxChars: number;
  /** Body limit when the channel allows more (default DEFAULT_BODY_CHARS). */
  bodyChars?: number;
}

/** Default answer body length: short enough to read on a phone. */
export const DEFAULT_BODY_CHARS = 160;
/** Bodies shorter than this (or half the budget) take a further unit when one is relevant. */
const TARGET_MIN = 60;
/** Bodies shorter than this get the clause heading when it fits. */
const SHORT_BODY = 30;
/** Up to this length a further unit may be weakly relevant (share W.weakFollow of the first). */
const COMFORT = 120;
/** Longest run of comma phrases quoted as one unit. */
const MAX_RUN = 6;
/** At most this many units. */
const MAX_UNITS = 3;
const W = {
  expansion: 0.6,
  phrase: 0.5,
  /** Weight of a concept already covered by a chosen unit. */
  repeat: 0.2,
  /** Per further occurrence of a concept in a unit (up to two). */
  again: 0.15,
  heading: 0.3,
  /** A further unit needs this share of the first unit's gain … */
  follow: 0.25,
  /** … or this share while the body stays within COMFORT characters. */
  weakFollow: 0.1,
  /** A unit that starts / ends where its sub-sentence does reads better. */
  start: 0.15,
  end: 0.1,
  /** A run that keeps the phrase right after its last match (where the answer often is). */
  tail: 0.1,
  /** Per character: tie-breaks towards ~60 characters, against longer runs. */
  short: 0.001,
  long: 0.006,
} as const;

/** 《title》label, shortened when the channel is tight. */
export function citationLine(document: string, label: string, maxChars: number): string {
  const full = `——《${document}》${label}`;
  if (full.length <= maxChars / 3) return full;
  const short = document.replace(/[（(][^（）()]*[）)]$/u, '');
  return `——《${short}》${label}`;
}

/** The footer: citation and how to read the full clause. */
export function footer(document: string, label: string, maxChars: number): string {
  return `\n${citationLine(document, label, maxChars)}\n${kbMessages.readMore}`;
}

interface Term {
  text: string;
  weight: number;
  concept: number;
}

/** Concept → best matched weight and occurrences, for a phrase or a run of phrases. */
type Hits = Map<number, { weight: number; count: number }>;

interface Candidate {
  from: number;
  to: number;
  length: number;
  hits: Hits;
  heading: boolean;
  start: boolean;
  end: boolean;
  tail: boolean;
}

/** Weighted question terms by concept (single characters match too much to count). */
function questionTerms(input: ComposeInput): Term[] {
  const concepts: ComposeConcept[] = input.concepts ?? [
    ...input.words.map((w) => ({ terms: [w], weight: 1 })),
    ...(input.expansions ?? []).map((w) => ({ terms: [w], weight: W.expansion })),
  ];
  const all = [...concepts, ...(input.phrases ?? []).map((p) => ({ terms: [p], weight: W.phrase }))];
  const out: Term[] = [];
  all.forEach((c, concept) => {
    for (const t of new Set(c.terms)) {
      const weight = c.weight * input.idf(t);
      if (t.length >= 2 && weight > 0) out.push({ text: t, weight, concept });
    }
  });
  return out;
}

/** Concepts found in one phrase: best term weight and its occurrences. */
function phraseHits(norm: string, terms: Term[]): Hits {
  const hits: Hits = new Map();
  for (const t of terms) {
    if (!norm.includes(t.text)) continue;
    const prev = hits.get(t.concept);
    if (prev && prev.weight >= t.weight) continue;
    hits.set(t.concept, { weight: t.weight, count: norm.split(t.text).length - 1 });
  }
  return hits;
}

function mergeHits(into: Hits, from: Hits): void {
  for (const [c, h] of from) {
    const prev = into.get(c);
    if (!prev || h.weight > prev.weight) into.set(c, { weight: h.weight, count: (prev?.count ?? 0) + h.count });
    else prev.count += h.count;
  }
}

/** Gain of a unit given the concepts already covered. */
function gainOf(hits: Hits, covered: Set<number>): number {
  let gain = 0;
  for (const [c, h] of hits) {
    gain += h.weight * (covered.has(c) ? W.repeat : 1) * (1 + W.again * Math.min(2, h.count - 1));
  }
  return gain;
}

/** Every quotable unit: short segments whole, long ones (or all when the budget is tight) by runs of phrases. */
function candidates(units: ClauseUnits, matched: Hits[], headingSegment: number, budget: number): Candidate[] {
  const out: Candidate[] = [];
  units.segments.forEach((seg, si) => {
    const whole = seg.length <= Math.min(ATOMIC_MAX, budget);
    for (let i = seg.from; i < seg.to; i++) {
      if (whole && i > seg.from) break;
      let length = 0;
      let lastMatch = -1;
      const hits: Hits = new Map();
      for (let j = i; j < seg.to && (whole || j - i < MAX_RUN); j++) {
        length += units.phrases[j]!.text.length;
        if (length > budget && j > i) break;
        mergeHits(hits, matched[j]!);
        if (matched[j]!.size > 0) lastMatch = j;
        if (whole && j + 1 < seg.to) continue;
        const copy: Hits = new Map([...hits].map(([c, h]) => [c, { ...h }]));
        out.push({
          from: i,
          to: j + 1,
          length,
          hits: copy,
          heading: si === headingSegment,
          start: i === seg.from,
          end: j + 1 === seg.to,
          tail: lastMatch >= 0 && j === lastMatch + 1,
        });
      }
    }
  });
  return out;
}

/** Renders chosen phrases: runs in document order, cut runs marked with …, ；closing a run → 。 */
function render(units: ClauseUnits, chosen: boolean[], prefix: string): string {
  let out = '';
  let runs = 0;
  for (let i = 0; i < units.phrases.length; i++) {
    if (!chosen[i]) continue;
    const p = units.phrases[i]!;
    const startsRun = i === 0 || !chosen[i - 1];
    if (startsRun) {
      if (runs === 0 && !p.first) out += prefix;
      else if (runs > 0 && !p.first && !out.endsWith('…')) out += '…';
      runs++;
    }
    const endsRun = !chosen[i + 1];
    let text = p.text;
    if (endsRun && !p.last) text = `${text.replace(/[，、：,:]+$/u, '')}…`;
    else if (endsRun) text = text.replace(/[；;]$/u, '。');
    out += text;
  }
  return out;
}

/** The label as a prefix (按规划四（一）3：) when a body starts inside a sentence. */
function labelPrefix(label: string): string {
  return label.length <= 8 && /[（(\d]/u.test(label) ? `按规划${label}：` : '';
}

/**
 * Picks the units that carry the most (idf-weighted) question terms — each term counts fully
 * once — keeps them in document order and fits them with the footer into `maxChars`.
 */
export function composeExtractive(input: ComposeInput): string {
  const tail = footer(input.document, input.label, input.maxChars);
  const budget = Math.max(10, Math.min(input.bodyChars ?? DEFAULT_BODY_CHARS, input.maxChars - tail.length));
  return composeBody(input, budget) + tail;
}

/** The answer body alone, at most `budget` characters. */
export function composeBody(input: ComposeInput, budget: number): string {
  const units = clauseUnits(input.text);
  if (units.phrases.length === 0) return clip(input.text, budget);
  const terms = questionTerms(input);
  const matched = units.phrases.map((p) => phraseHits(p.norm, terms));
  const heading = input.heading ? normalizeText(input.heading) : '';
  const seg0 = units.segments[0]!;
  const opening = units.phrases.slice(seg0.from, seg0.to).map((p) => p.norm).join('');
  const headingSegment = heading && opening.startsWith(heading) && opening.length <= heading.length + 2 ? 0 : -1;
  const all = candidates(units, matched, headingSegment, budget);
  const prefix = labelPrefix(input.label);
  const chosen: boolean[] = new Array<boolean>(units.phrases.length).fill(false);
  const covered = new Set<number>();
  // Units grow towards this length for free; tight budgets keep room for a second unit.
  const target = Math.min(TARGET_MIN, budget * 0.4);
  let body = '';
  let first = 0;
  for (let step = 0; step < MAX_UNITS; step++) {
    let best: { c: Candidate; score: number; gain: number; text: string } | null = null;
    for (const c of all) {
      let overlaps = false;
      for (let i = c.from; i < c.to; i++) if (chosen[i]) overlaps = true;
      if (overlaps) continue;
      let gain = gainOf(c.hits, covered);
      if (gain <= 0) continue;
      if (c.heading) gain += W.heading;
      const score =
        gain +
        (c.start ? W.start : 0) +
        (c.end ? W.end : 0) +
        (c.tail && !c.end ? W.tail : 0) +
        W.short * Math.min(c.length, target) -
        W.long * Math.max(0, c.length - target);
      if (best && score <= best.score) continue;
      const next = [...chosen];
      for (let i = c.from; i < c.to; i++) next[i] = true;
      let text = render(units, next, prefix);
      if (text.length > budget) text = render(units, next, '');
      if (text.length <= budget) best = { c, score, gain, text };
    }
    if (!best) break;
    if (step === 0) first = best.gain;
    else if (best.gain < W.weakFollow * first) break;
    else if (
      body.length >= Math.min(TARGET_MIN, budget / 2) &&
      best.gain < W.follow * first &&
      best.text.length > COMFORT
    ) {
      break;
    }
    for (let i = best.c.from; i < best.c.to; i++) chosen[i] = true;
    for (const c of best.c.hits.keys()) covered.add(c);
    body = best.text;
    if (body.length >= budget - 10) break;
  }
  if (body === '') return leadingText(units, budget, prefix, matched);
  // A very short answer gets its clause heading for context (以提高技能人才待遇为重点，…。建立企业首席技师…).
  if (body.length < SHORT_BODY && headingSegment === 0 && !chosen[0]) {
    const seg = units.segments[0]!;
    const next = [...chosen];
    for (let i = seg.from; i < seg.to; i++) next[i] = true;
    const text = render(units, next, '');
    if (text.length <= Math.min(budget, TARGET_MIN + SHORT_BODY)) return text;
  }
  return body;
}

/**
 * Nothing fits or nothing matches: the clause's opening (or its best phrase when even that is too
 * long), cut cleanly.
 */
function leadingText(units: ClauseUnits, budget: number, prefix: string, matched: Hits[]): string {
  const bestPhrase = matched.reduce((b, m, i) => (m.size > (matched[b]?.size ?? 0) ? i : b), 0);
  const chosen: boolean[] = new Array<boolean>(units.phrases.length).fill(false);
  let text = '';
  const start = (matched[bestPhrase]?.size ?? 0) > 0 ? bestPhrase : 0;
  for (let i = start; i < units.phrases.length; i++) {
    chosen[i] = true;
    let next = render(units, chosen, prefix);
    if (next.length > budget) next = render(units, chosen, '');
    if (next.length > budget) {
      chosen[i] = false;
      break;
    }
    text = next;
    if (text.length >= TARGET_MIN) break;
  }
  return text !== '' ? text : clip(units.phrases[start]!.text, budget);
}
