/**
 * Lexical data kept as files under data/policy/: colloquial synonyms, stopwords and places
 * outside Gansu. Loaded once and cached.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dataPath } from '../shared/data-path.js';

/** Folder of the shipped policy data (data/policy). */
export const policyDataDir = dataPath('policy');

/** The default corpus shipped with the project. */
export const defaultCorpusFile = path.join(policyDataDir, 'gansu-plan-2018-2025.txt');

export interface Lexicon {
  /** key → expansions; keys sorted longest first. */
  synonyms: Array<{ key: string; expansions: string[] }>;
  stopwords: Set<string>;
  /** Provinces, municipalities and big cities outside Gansu. */
  otherPlaces: string[];
  /** Places inside Gansu (a question naming them is in scope). */
  localPlaces: string[];
  /** Topics served elsewhere (wages, pensions, insurance …), from other-topics.txt. */
  otherTopics: string[];
}

function dataLines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/u)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** Parses `key => a b c` lines. */
export function parseSynonyms(lines: string[]): Lexicon['synonyms'] {
  const map = new Map<string, Set<string>>();
  for (const line of lines) {
    const [left, right] = line.split('=>').map((s) => s.trim());
    if (!left || !right) continue;
    const set = map.get(left) ?? new Set<string>();
    for (const w of right.split(/\s+/u)) if (w && w !== left) set.add(w);
    map.set(left, set);
  }
  return [...map.entries()]
    .map(([key, set]) => ({ key, expansions: [...set] }))
    .sort((a, b) => b.key.length - a.key.length);
}

let cached: Lexicon | null = null;

/** Loads (once) the lexicon from data/policy. */
export function loadLexicon(dir = policyDataDir): Lexicon {
  if (cached && dir === policyDataDir) return cached;
  const places = dataLines(path.join(dir, 'places.txt'));
  const lex: Lexicon = {
    synonyms: parseSynonyms(dataLines(path.join(dir, 'synonyms.txt'))),
    stopwords: new Set(dataLines(path.join(dir, 'stopwords.txt')).flatMap((l) => l.split(/\s+/u))),
    otherPlaces: places.filter((l) => l.startsWith('-')).flatMap((l) => l.slice(1).trim().split(/\s+/u)),
    localPlaces: places.filter((l) => l.startsWith('+')).flatMap((l) => l.slice(1).trim().split(/\s+/u)),
    otherTopics: dataLines(path.join(dir, 'other-topics.txt')).flatMap((l) => l.split(/\s+/u)),
  };
  if (dir === policyDataDir) cached = lex;
  return lex;
}
