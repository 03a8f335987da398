/**
 * Text repair for ingested policy documents: finds broken characters (private-use, replacement,
 * control characters), repairs the ones we know how to repair and reports the rest.
 */

/** One repair rule: a pattern over the raw text and what to put instead. */
interface RepairRule {
  id: string;
  description: string;
  pattern: RegExp;
  replace: (match: string, ...groups: string[]) => string;
}

/**
 * Known damage. U+E010 between digits is a lost decimal point (Word symbol-font export):
 * `1\uE0105%` is 1.5%.
 */
const RULES: RepairRule[] = [
  {
    id: 'pua-e010-decimal-point',
    description: 'U+E010 between two digits is a lost decimal point',
    pattern: /(\d)\uE010(?=\d)/gu,
    replace: (_m, d: string) => `${d}.`,
  },
];

/** A character class of everything we treat as broken. */
const BROKEN =
  /[\uE000-\uF8FF\u{F0000}-\u{FFFFD}\u{100000}-\u{10FFFD}\uFFFD\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/gu;

export interface AppliedRepair {
  rule: string;
  description: string;
  count: number;
  examples: Array<{ before: string; after: string }>;
}

export interface UnrepairedProblem {
  /** e.g. "U+E011" */
  codePoint: string;
  kind: 'private-use' | 'replacement' | 'control';
  line: number;
  column: number;
  context: string;
}

/** Stored as JSON in PolicyDocument.repairReport. */
export interface RepairReport {
  repairs: AppliedRepair[];
  unrepaired: UnrepairedProblem[];
}

export interface RepairResult {
  text: string;
  report: RepairReport;
}

function kindOf(cp: number): UnrepairedProblem['kind'] {
  if (cp === 0xfffd) return 'replacement';
  if (cp < 0xa0) return 'control';
  return 'private-use';
}

function hex(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Normalizes line endings, strips a BOM, applies the known repairs and lists every broken
 * character that is left (with line, column and some context).
 */
export function repairText(raw: string): RepairResult {
  let text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const repairs: AppliedRepair[] = [];
  for (const rule of RULES) {
    const examples: AppliedRepair['examples'] = [];
    let count = 0;
    const source = text;
    text = source.replace(rule.pattern, (match: string, ...rest: unknown[]) => {
      const offset = rest.find((g): g is number => typeof g === 'number') ?? 0;
      const groups = rest.filter((g): g is string => typeof g === 'string').slice(0, -1);
      const after = rule.replace(match, ...groups);
      count += 1;
      if (examples.length < 5) {
        const ctx = source.slice(Math.max(0, offset - 6), offset + match.length + 6);
        const fixed = ctx.replace(match, after);
        examples.push({ before: ctx, after: fixed });
      }
      return after;
    });
    if (count > 0) repairs.push({ rule: rule.id, description: rule.description, count, examples });
  }

  const unrepaired: UnrepairedProblem[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    for (const m of line.matchAll(BROKEN)) {
      const cp = m[0].codePointAt(0) ?? 0;
      const at = m.index ?? 0;
      unrepaired.push({
        codePoint: hex(cp),
        kind: kindOf(cp),
        line: i + 1,
        column: at + 1,
        context: line.slice(Math.max(0, at - 12), at + 12).replace(BROKEN, '\u25A1'),
      });
    }
  });
  // Unknown damage stays visible as □ instead of silently joining its neighbours (e.g. "15%").
  text = text.replace(BROKEN, '\u25A1');
  return { text, report: { repairs, unrepaired } };
}

/** True when the text still holds a broken character. */
export function hasBrokenCharacters(text: string): boolean {
  BROKEN.lastIndex = 0;
  const found = BROKEN.test(text);
  BROKEN.lastIndex = 0;
  return found;
}
