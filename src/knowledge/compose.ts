/**
 * Extractive answers: the most relevant sentences of the best clause, cut to the channel's
 * length, followed by the citation and "回复1看原文". No text is invented.
 */
import { normalizeText } from './normalize.js';
import { kbMessages } from './messages.js';

export interface ComposeInput {
  /** Document title, label and text of the clause to quote. */
  document: string;
  label: string;
  text: string;
  /** Question words and expansions, normalized. */
  words: string[];
  /** Idf of a word (rarer words count more). */
  idf: (word: string) => number;
  maxChars: number;
}

/** Responsible-department notes such as （省人社厅、省教育厅等按职责分工负责） are dropped. */
export const DEPARTMENTS = /[（(][^（）()]*(?:负责|牵头单位)[^（）()]*[）)]/gu;

/** Splits clause text into sentences (keeping the end mark). */
export function sentences(text: string): string[] {
  return (text.replace(DEPARTMENTS, '').match(/[^。；！？\n]+[。；！？]?/gu) ?? [])
    .map((s) => s.trim())
    .filter((s) => s.length > 1);
}

/** 《title》label, shortened when the channel is tight. */
export function citationLine(document: string, label: string, maxChars: number): string {
  const full = `——《${document}》${label}`;
  if (full.length <= maxChars / 3) return full;
  const short = document.replace(/[（(][^（）()]*[）)]$/u, '');
  return `——《${short}》${label}`;
}

/** Cuts text to `max` characters at a comma where possible, marking the cut with …. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return text.slice(0, Math.max(0, max));
  const head = text.slice(0, max - 1);
  const cut = Math.max(head.lastIndexOf('，'), head.lastIndexOf('、'), head.lastIndexOf('；'));
  return `${cut > max * 0.5 ? head.slice(0, cut) : head}…`;
}

/** The footer: citation and how to read the full clause. */
export function footer(document: string, label: string, maxChars: number): string {
  return `\n${citationLine(document, label, maxChars)}\n${kbMessages.readMore}`;
}

/**
 * Picks the sentences that share the most (idf-weighted) question words, keeps them in document
 * order and fits them with the footer into `maxChars`.
 */
export function composeExtractive(input: ComposeInput): string {
  const tail = footer(input.document, input.label, input.maxChars);
  const budget = Math.max(10, input.maxChars - tail.length);
  const list = sentences(input.text);
  const scored = list.map((s, i) => {
    const n = normalizeText(s);
    let score = 0;
    for (const w of input.words) if (n.includes(w)) score += input.idf(w);
    // The first sentence of an item is its summary: a small bonus.
    if (i === 0) score += 0.3;
    return { i, s, score };
  });
  const ranked = [...scored].sort((a, b) => b.score - a.score || a.i - b.i);
  const chosen: typeof scored = [];
  let used = 0;
  for (const c of ranked) {
    if (c.score <= 0 && chosen.length > 0) break;
    if (used + c.s.length <= budget) {
      chosen.push(c);
      used += c.s.length;
    } else if (chosen.length === 0) {
      chosen.push({ ...c, s: clip(c.s, budget) });
      used = budget;
      break;
    }
  }
  const body = chosen
    .sort((a, b) => a.i - b.i)
    .map((c) => c.s)
    .join('');
  return clip(body, budget) + tail;
}
