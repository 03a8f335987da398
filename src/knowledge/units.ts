/**
 * Clause text cut into answer units: sentences (at 。！？ and line breaks), sub-sentences (at ；)
 * and, inside long sub-sentences, comma phrases (at ，：) so a contiguous run of phrases can be
 * quoted alone. Also a clean cutter that never splits a number, a quotation or a 《title》.
 */
import { normalizeText } from './normalize.js';

/** Responsible-department notes such as （省人社厅、省教育厅等按职责分工负责） are dropped. */
export const DEPARTMENTS = /[（(][^（）()]*(?:负责|牵头单位)[^（）()]*[）)]/gu;

/** One comma phrase of a clause, in document order. */
export interface Phrase {
  /** Original text including its trailing mark (，：；。 …). */
  text: string;
  /** Normalized text (for matching question terms). */
  norm: string;
  /** Sub-sentence (segment) it belongs to. */
  segment: number;
  /** First / last phrase of its segment. */
  first: boolean;
  last: boolean;
}

/** A sub-sentence: quoted whole when short, or by contiguous runs of its phrases when long. */
export interface Segment {
  /** Index of its first phrase and one past its last. */
  from: number;
  to: number;
  length: number;
  /** Sentence number (segments split at ； share it). */
  sentence: number;
}

export interface ClauseUnits {
  phrases: Phrase[];
  segments: Segment[];
}

/**
 * Sub-sentences longer than this (or than the body budget) may be quoted in part: by runs of
 * their comma phrases. Shorter ones are quoted whole.
 */
export const ATOMIC_MAX = 70;

/** Splits clause text into sentences (keeping the end mark). */
export function sentences(text: string): string[] {
  return (text.replace(DEPARTMENTS, '').match(/[^。！？\n]+[。！？]?/gu) ?? [])
    .map((s) => s.trim())
    .filter((s) => s.length > 1);
}

/** Splits at the marks of `marks`, keeping each mark with the piece before it. */
function splitKeep(text: string, marks: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (const ch of text) {
    cur += ch;
    if ('“「《（('.includes(ch)) depth++;
    else if ('”」》）)'.includes(ch)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && marks.includes(ch)) {
      out.push(cur);
      cur = '';
    }
  }
  if (cur.trim() !== '') out.push(cur);
  return out;
}

const cache = new Map<string, ClauseUnits>();

/** Units of a clause text (cached by text; clauses are few). */
export function clauseUnits(text: string): ClauseUnits {
  const hit = cache.get(text);
  if (hit) return hit;
  const phrases: Phrase[] = [];
  const segments: Segment[] = [];
  sentences(text).forEach((sentence, si) => {
    for (const seg of splitKeep(sentence, '；;')) {
      const s = seg.trim();
      if (s.length <= 1) continue;
      const parts = splitKeep(s, '，,：:');
      const from = phrases.length;
      parts.forEach((p, i) =>
        phrases.push({ text: p, norm: normalizeText(p), segment: segments.length, first: i === 0, last: i === parts.length - 1 }),
      );
      segments.push({ from, to: phrases.length, length: s.length, sentence: si });
    }
  });
  const units = { phrases, segments };
  if (cache.size > 500) cache.clear();
  cache.set(text, units);
  return units;
}

/** Marks after which a text may be cut (best first within a tier). */
const CUT_AFTER = /[。！？；，、：）”」》]/u;
/** Characters that must not be separated from their neighbour (numbers, 1.5%-2.5%, 〔2018〕11号). */
const GLUE = /[0-9０-９.%％\-－~〔〕a-zA-Z]/u;

/**
 * Cuts text to at most `max` characters at a punctuation boundary, marking the cut with …; never
 * inside a number, a quotation or a 《title》. Text that fits is returned unchanged.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return text.slice(0, Math.max(0, max));
  const chars = [...text];
  const limit = max - 1; // room for …
  let best = -1;
  let depth = 0;
  for (let i = 0; i < chars.length && i < limit; i++) {
    const ch = chars[i]!;
    if ('“「《（('.includes(ch)) depth++;
    else if ('”」》）)'.includes(ch)) depth = Math.max(0, depth - 1);
    if (depth === 0 && CUT_AFTER.test(ch)) best = i + 1;
  }
  let end = best;
  if (end < limit * 0.4) {
    // No usable mark: cut between two Han characters, outside numbers and brackets.
    end = limit;
    while (end > 1 && (GLUE.test(chars[end - 1]!) || GLUE.test(chars[end] ?? ''))) end--;
  }
  return `${chars.slice(0, end).join('').replace(/[，、：；,;:]+$/u, '')}…`;
}
