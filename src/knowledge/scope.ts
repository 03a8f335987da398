/**
 * Out-of-scope signals that do not depend on retrieval scores: the question asks for a kind of
 * fact (an amount of money, a day, a phone number, a rate) that the matched clause does not
 * contain, it names a place outside Gansu that the clause does not mention, or it is about a
 * topic other offices handle (wages owed, pensions, insurance, 户口 …; checked first, so the
 * reply can name the right office).
 */
import { loadLexicon } from './lexicon.js';
import { segmenter } from './segment.js';

/** A kind of specific fact a question can ask for, and how to see it in a clause. */
interface FactNeed {
  kind: 'money' | 'day' | 'contact' | 'rate' | 'number' | 'logistics' | 'paperwork' | 'age' | 'guarantee';
  asks: RegExp;
  present: RegExp;
}

const NEEDS: FactNeed[] = [
  {
    kind: 'money',
    // A money word followed closely by 多少 (津贴每月有多少, 工资标准是多少) asks an amount too.
    asks: /多少钱|几块|多少块|多少元|几千|几百|几万|补贴多少|补助多少|给多少|发多少|交多少|缴多少|贷多少|能贷|额度|利息|利率|费用多少|学费多少|多少学费|收费标准|补贴标准|补助标准|多少补贴|钱数|报销多少|(?:津贴|补贴|补助|工资|薪水|薪资|工钱|学费|培训费|费用|奖金)[^，。？！?!,]{0,6}多少(?!比例|%|成|倍)/u,
    present: /\d[\d.,]*\s*(?:元|万元|块)|[一二三四五六七八九十百千万]+元/u,
  },
  {
    kind: 'day',
    asks: /几号|哪天|哪一天|几月几|几点|什么时候开|啥时候开|何时开|开课时间|开班时间|报名时间|截止|几时|哪个月|下一期|下期|这期|最近一期/u,
    present: /\d{1,2}月\d{1,2}日|\d{1,2}月份|\d{1,2}:\d{2}/u,
  },
  {
    kind: 'contact',
    asks: /电话|号码|手机号|热线|联系方式|微信号|网址|地址在|在哪报名|哪里报名|去哪报名|怎么联系|找谁|在哪上课|上课地点|培训地点|在哪儿上课/u,
    present: /\d{5,}|https?:|地址[:：]/u,
  },
  {
    kind: 'rate',
    asks: /百分之|比例|多少%|几成|百分比/u,
    present: /\d\s*%|百分之/u,
  },
  // Practical details of a course the plan never gives.
  {
    kind: 'logistics',
    asks: /管吃|管住|吃住|住宿|管饭|伙食|包吃|路费|车费|交通费/u,
    present: /住宿|食宿|交通费/u,
  },
  {
    kind: 'paperwork',
    asks: /带什么|带啥|带哪些|什么材料|啥材料|哪些材料|要啥证件|什么证件|手续/u,
    present: /材料|手续/u,
  },
  {
    kind: 'age',
    asks: /年龄|多大岁数|多少岁|几岁|超龄|岁数限制/u,
    present: /\d+\s*岁|周岁|年龄/u,
  },
  {
    kind: 'guarantee',
    asks: /包分配|包就业|包工作|管分配|保证就业|保证找到工作|保就业|一定能找到工作/u,
    present: /包分配|保证就业/u,
  },
  {
    kind: 'number',
    // 十几年 / 好几天 / 这几年 state an amount (a life story), they do not ask one.
    asks: /多少(?!钱|元|块)|(?<![十好这前近头])几(?:个|万|千|百)人|多大|多长|多久|(?<![十好这前近头])几(?:年|天|个月)/u,
    present: /\d|[一二三四五六七八九十百千万]+(?:万|千|百|个|年|天|月|人)/u,
  },
];

/**
 * Words that name the kind of fact asked for (比例, 标准 …), not the subject. They help ranking
 * but do not count as evidence that a clause is about the question's subject.
 */
export const FACT_KIND_WORDS = new Set(['比例', '百分比', '标准', '金额', '额度', '数额', '时间', '日期', '电话', '号码', '地址', '多少钱']);

export interface ScopeCheck {
  /** Why the clause cannot answer, or null when nothing speaks against it. */
  reason: null | 'missing-fact' | 'other-place' | 'other-topic';
  detail?: string;
  /** For 'other-topic': the office to refer to (a key of kbMessages.referrals). */
  referral?: string;
}

/**
 * A topic other offices handle (wages owed, pensions, 户口 …) named in the question. Without a
 * training word it is out of scope whatever the clause; with one, only when `clauseText` (the
 * matched clause) does not name the topic itself. `clauseText` null = no clause matched.
 */
export function otherTopic(question: string, clauseText: string | null): ScopeCheck | null {
  const lex = loadLexicon();
  const hits = lex.otherTopics.filter((t) => t.pattern.test(question));
  if (hits.length === 0) return null;
  // A word must not start inside one word of the question and end in another (网上学 is not 上学).
  const tokens: Array<{ from: number; to: number }> = [];
  let at = 0;
  for (const w of segmenter().cut(question, true)) tokens.push({ from: at, to: (at += w.length) });
  const named = hits.filter((t) => {
    const m = t.pattern.exec(question)!;
    const token = tokens.find((k) => k.from <= m.index && m.index < k.to);
    return !token || token.from === m.index || m.index + m[0].length <= token.to;
  });
  if (named.length === 0) return null;
  const training = lex.trainingWords.some((w) => question.includes(w));
  // The clause names the topic itself or in its own words (社保 → 社会保障).
  const names = (t: { word: string }): boolean =>
    clauseText !== null &&
    [t.word, ...(lex.synonyms.find((x) => x.key === t.word)?.expansions ?? [])].some((w) => clauseText.includes(w));
  const outside = named.find((t) => !training || !names(t));
  return outside ? { reason: 'other-topic', detail: outside.word, referral: outside.referral } : null;
}

/** Fact kinds the question asks for. */
export function factNeeds(question: string): FactNeed['kind'][] {
  const kinds = NEEDS.filter((n) => n.asks.test(question)).map((n) => n.kind);
  // "多少钱" is a money question, not a plain number question.
  if (kinds.includes('money') || kinds.includes('rate')) return kinds.filter((k) => k !== 'number');
  return kinds;
}

/** Places outside Gansu named in the question. */
export function otherPlaces(question: string): string[] {
  const lex = loadLexicon();
  return lex.otherPlaces.filter((p) => question.includes(p));
}

/**
 * Checks whether `clauseText` can answer `question` (both normalized to simplified Chinese).
 */
export function checkScope(question: string, clauseText: string): ScopeCheck {
  const topic = otherTopic(question, clauseText);
  if (topic) return topic;
  const kinds = factNeeds(question);
  const present = (kind: FactNeed['kind']): boolean => NEEDS.find((n) => n.kind === kind)!.present.test(clauseText);
  for (const kind of kinds) {
    // "拿多少钱…有比例要求没": a rate answers a question that asks an amount or a rate.
    if (kind === 'money' && kinds.includes('rate') && present('rate')) continue;
    if (!present(kind)) return { reason: 'missing-fact', detail: kind };
  }
  const places = otherPlaces(question).filter((p) => !clauseText.includes(p));
  if (places.length > 0) return { reason: 'other-place', detail: places.join('、') };
  return { reason: null };
}
