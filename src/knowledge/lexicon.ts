/**
 * Lexical data kept as files under data/policy/: colloquial synonyms, stopwords, places
 * outside Gansu, topics other offices handle, and the words of cost questions. Loaded once and cached.
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
  otherTopics: OtherTopic[];
  /** Words that make a question about one of those topics a training question after all. */
  trainingWords: string[];
  /** Words of a cost question (要钱不, 免费吗), from cost.txt. */
  costAsks: string[];
  /** Clause phrases saying training is subsidized, in order of preference, from cost.txt. */
  subsidyPhrases: string[];
  /** Heading or text phrases of the clause about who pays for training, from cost.txt. */
  fundingPhrases: string[];
}

/** A word (or `A…B` pattern) of a topic other offices handle, and which office. */
export interface OtherTopic {
  word: string;
  pattern: RegExp;
  /** Referral key (see kbMessages.referrals). */
  referral: string;
}

/** Parses `referral: word A…B` lines (the `training:` line is returned apart). */
export function parseOtherTopics(lines: string[]): { topics: OtherTopic[]; training: string[] } {
  const topics: OtherTopic[] = [];
  const training: string[] = [];
  for (const line of lines) {
    const m = /^([a-z-]+):\s*(.*)$/u.exec(line);
    const referral = m ? m[1]! : 'other';
    const items = (m ? m[2]! : line).split(/\s+/u).filter(Boolean);
    if (referral === 'training') {
      training.push(...items);
      continue;
    }
    for (const word of items) {
      const parts = word.split('…').map((p) => p.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&'));
      topics.push({ word: word.replace('…', ''), pattern: new RegExp(parts.join('.{0,6}'), 'u'), referral });
    }
  }
  return { topics, training };
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

/** A staff-added synonym: `word` gains the space-separated words of `replacement`. */
export interface StaffSynonym {
  word: string;
  replacement: string;
}

/**
 * Merges staff entries after the shipped ones: a staff entry replaces the shipped expansions of
 * the same word. Keys stay sorted longest first.
 */
export function mergeSynonyms(shipped: Lexicon['synonyms'], staff: StaffSynonym[]): Lexicon['synonyms'] {
  const own = parseSynonyms(staff.map((s) => `${s.word} => ${s.replacement}`));
  const keys = new Set(own.map((s) => s.key));
  return [...shipped.filter((s) => !keys.has(s.key)), ...own].sort((a, b) => b.key.length - a.key.length);
}

let cached: Lexicon | null = null;
let shippedSynonyms: Lexicon['synonyms'] | null = null;

/** The synonyms of data/policy/synonyms.txt alone (without staff entries). */
export function shippedSynonymList(): Lexicon['synonyms'] {
  loadLexicon();
  return shippedSynonyms!;
}

/**
 * Applies the staff-added synonyms to the shared lexicon (the knowledge base calls this on every
 * build, before indexing); an empty list restores the shipped file alone.
 */
export function setStaffSynonyms(staff: StaffSynonym[]): Lexicon['synonyms'] {
  const lex = loadLexicon();
  lex.synonyms = mergeSynonyms(shippedSynonyms!, staff);
  return lex.synonyms;
}

/** Loads (once) the lexicon from data/policy. */
export function loadLexicon(dir = policyDataDir): Lexicon {
  if (cached && dir === policyDataDir) return cached;
  const places = dataLines(path.join(dir, 'places.txt'));
  const topics = parseOtherTopics(dataLines(path.join(dir, 'other-topics.txt')));
  const cost = dataLines(path.join(dir, 'cost.txt'));
  const costList = (key: string): string[] =>
    cost.filter((l) => l.startsWith(`${key}:`)).flatMap((l) => l.slice(key.length + 1).trim().split(/\s+/u).filter(Boolean));
  const lex: Lexicon = {
    synonyms: parseSynonyms(dataLines(path.join(dir, 'synonyms.txt'))),
    stopwords: new Set(dataLines(path.join(dir, 'stopwords.txt')).flatMap((l) => l.split(/\s+/u))),
    otherPlaces: places.filter((l) => l.startsWith('-')).flatMap((l) => l.slice(1).trim().split(/\s+/u)),
    localPlaces: places.filter((l) => l.startsWith('+')).flatMap((l) => l.slice(1).trim().split(/\s+/u)),
    otherTopics: topics.topics,
    trainingWords: topics.training,
    costAsks: costList('ask'),
    subsidyPhrases: costList('subsidy'),
    fundingPhrases: costList('funding'),
  };
  if (dir === policyDataDir) {
    cached = lex;
    shippedSynonyms = lex.synonyms;
  }
  return lex;
}
