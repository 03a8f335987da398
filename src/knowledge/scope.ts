/**
 * Out-of-scope signals that do not depend on retrieval scores: the question asks for a kind of
 * fact (an amount of money, a day, a phone number, a rate) that the matched clause does not
 * contain, it names a place outside Gansu that the clause does not mention, or it is about a
 * topic other offices handle (wages owed, pensions, insurance, 户口 …; checked first, so the
 * reply can name the right office).
 */
import { loadLexicon } from './lexicon.js';
import { isLifeStory } from './life-story.js';
import { segmenter } from './segment.js';

/** A kind of specific fact a question can ask for, and how to see it in a clause. */
interface FactNeed {
  kind: 'money' | 'day' | 'contact' | 'rate' | 'share' | 'local' | 'application' | 'number' | 'logistics' | 'paperwork' | 'age' | 'guarantee';
  asks: RegExp;
  present: RegExp;
}

const NEEDS: FactNeed[] = [
  {
    kind: 'money',
    // A money word followed closely by 多少 (津贴每月有多少, 工资标准是多少) asks an amount too.
    // 哪几块 / 好几块 name parts (which ones, several), not an amount.
    asks: /多少钱|(?<![哪好这那])几块|多少块|多少元|几千|几百|几万|补贴多少|补助多少|给多少|发多少|交多少|缴多少|贷多少|能贷|额度|利息|利率|费用多少|学费多少|多少学费|收费标准|补贴标准|补助标准|多少补贴|钱数|报销多少|(?:津贴|补贴|补助|工资|薪水|薪资|工钱|学费|培训费|费用|奖金|收入)[^，。？！?!,]{0,6}多少(?!比例|%|成|倍)/u,
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
    // 按工资总额提多少: a share of a total is a rate, whatever the money words around it.
    asks: /百分之|比例|多少%|几成|百分比|总额[^，。？！?!,]{0,4}多少/u,
    present: /\d\s*%|百分之/u,
  },
  {
    kind: 'share',
    // 占多少 asks a part of a whole: a rate (不低于60%) or a count (技师4万人) answers it.
    asks: /占(?:多少|多大比例)|占比/u,
    present: /\d|百分之/u,
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
  /** With no reason: a detail asked only as a follow-up that the clause does not give. */
  unanswered?: string;
  /** For 'other-topic': the words of the question that name other topics. */
  matched?: string[];
}

/** The question asks to learn or be taught something (有人教不, 想学, 有没有这方面的培训, 才能参加这些培训). */
const LEARNS = /教|(?<!不想?)学(?!费|籍|历|位|校|生)|有没有[^，。？！?!,]{0,10}培训|有[^，。？！?!,]{0,8}培训(?:没|吗|不)|才(?:能|可以)参加[^，。？！?!,]{0,6}培训/u;

/**
 * Whether a question about another office's topic still asks to learn something: then the
 * question without the topic's words may match a training clause clearly (开小店咋注册咋报税，
 * 有人教不 is about start-up training).
 */
export function asksToLearn(question: string): boolean {
  return LEARNS.test(question);
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
  // Nor overlap a training phrase (手机上学技术: 上学 shares its 学 with 学技术).
  const trainingSpans = lex.trainingWords.flatMap((w) => spans(question, w));
  const unshared = named.filter((t) => {
    const m = t.pattern.exec(question)!;
    return !trainingSpans.some((k) => k.from < m.index + m[0].length && m.index < k.to);
  });
  if (unshared.length === 0) return null;
  const training = lex.trainingWords.some((w) => question.includes(w));
  // The clause names the topic itself or in its own words (社保 → 社会保障).
  const names = (t: { word: string }): boolean =>
    clauseText !== null &&
    [t.word, ...(lex.synonyms.find((x) => x.key === t.word)?.expansions ?? [])].some((w) => clauseText.includes(w));
  const outside = unshared.find((t) => !training || !names(t));
  if (!outside) return null;
  const matched = unshared.map((t) => t.pattern.exec(question)![0]);
  return { reason: 'other-topic', detail: outside.word, referral: outside.referral, matched };
}

/** Where `word` occurs in `text`. */
function spans(text: string, word: string): Array<{ from: number; to: number }> {
  const out: Array<{ from: number; to: number }> = [];
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) out.push({ from: i, to: i + word.length });
  return out;
}

/** The parts of a question (split at punctuation and spaces). */
function partsOf(question: string): string[] {
  return question.split(/[，。？！?!,；;、\s]+/u).filter((p) => p.length > 0);
}

/** A part that asks something (a question cue), as opposed to one that tells. */
const ASKS = /吗|不$|没$|啥|咋|怎么|怎样|什么|能不能|可不可以|能否|有没有|多少|(?<![十好这前近头])几|哪|谁|呢$/u;

/** The parts of a question that ask something (我刚把执照办下来，…有培训没 asks only in its second part). */
function askingParts(question: string): string[] {
  return partsOf(question).filter((p) => ASKS.test(p));
}
/** A part asking whether something may be done (能不能请…, 可不可以…). */
const PERMISSION = /能不能|可不可以|能否|可否|让不让|准不准|允不允许|行不行/u;
/** A clause granting leave to do something. */
const GRANTS = /可以|可根据|可按|可统一|可由|允许|支持|鼓励|自主/u;

/**
 * A place in a life story is past context (在新疆干了十几年…回来了 … 能参加培训不): it counts
 * against the clause only when a part of the question that asks something names it.
 */
function askedPlaces(question: string, places: string[]): string[] {
  // 从新疆摘棉花回来了… tells where the asker was, even in a run-on message with no punctuation.
  const left = places.filter((place) => !new RegExp(`(?:从|在)${place}[^，。？！?!,]{0,12}?(?:回来|回家|回到|回乡|返乡|回村|回老家)`, 'u').test(question));
  if (!isLifeStory(question)) return left;
  const asking = askingParts(question);
  return left.filter((place) => asking.some((p) => p.includes(place)));
}

/** 外地/外省 count as another place's rules only when the question asks about them (外地的政策), not 到外地厂里上班. */
const ELSEWHERE = /^(?:外省|别的省|其他省|外地)$/u;
const ELSEWHERE_RULES = /(?:外省|别的省|其他省|外地)[^，。？！?!,]{0,4}(?:政策|规定|补贴|标准|待遇|办法|文件)/u;

/**
 * A fact the question asks only as a follow-up to a permission the clause grants
 * ("能不能请厂里的老师傅来上课，要不要啥手续"): the clause answers the main question. A question whose only
 * ask is the fact (考试费多少, 要带啥材料) still needs the fact.
 */
function followUpOnly(question: string, kind: FactNeed['kind'], clauseText: string): boolean {
  if (!GRANTS.test(clauseText)) return false;
  const need = NEEDS.find((n) => n.kind === kind)!;
  const parts = partsOf(question);
  const main = parts.some((p) => PERMISSION.test(p) && NEEDS.every((n) => !n.asks.test(p)));
  return main && parts.some((p) => need.asks.test(p));
}

/** The asker's own county, township or village (我们县, 县上). */
const OWN_PLACE = /(?:我们|俺们|咱们|我|咱|俺|本)(?:县|乡|镇|村|区)|(?:县|乡|镇)(?:上|里)/u;
/** A clause that names figures below the province (县, 乡 …). */
const LOCAL_LEVEL = /县|乡|镇|村/u;

/** Applying for a card, certificate or licence (残疾证在哪办, 许可证咋申请): the paper's name. */
const APPLIES = /([\u4e00-\u9fff]{2}(?:证|卡|执照))[^，。？！?!,]{0,3}?(?:在哪办|哪里办|去哪办|在哪里办|咋申请|怎么申请|如何申请|咋办理|怎么办理|办下来|补办|去哪领|在哪领)/u;

/**
 * A key concept of the question the clause lacks, beyond the fact kinds: a number for the
 * asker's own county (the plan gives province-wide figures), or how to apply for a named card
 * or licence the clause never names.
 */
function missingConcept(question: string, kinds: FactNeed['kind'][], clauseText: string): FactNeed['kind'] | null {
  // The own place must be in the part that asks the number (全省一年培训多少人？县上要报数 asks
  // the province's figure).
  const numberAsks = NEEDS.filter((n) => n.kind === 'number' || n.kind === 'money' || n.kind === 'share');
  const asksLocal = partsOf(question).some((p) => OWN_PLACE.test(p) && numberAsks.some((n) => n.asks.test(p)));
  if (kinds.length > 0 && asksLocal && !LOCAL_LEVEL.test(clauseText)) return 'local';
  // 我刚把营业执照办下来 tells, it does not ask how to get one.
  const paper = askingParts(question)
    .map((p) => APPLIES.exec(p)?.[1])
    .find((x) => x !== undefined);
  if (paper && !clauseText.includes(paper)) return 'application';
  return null;
}

/** Fact kinds the question asks for. */
export function factNeeds(question: string): FactNeed['kind'][] {
  const kinds = NEEDS.filter((n) => n.asks.test(question)).map((n) => n.kind);
  // "多少钱" is a money question, not a plain number question.
  if (kinds.includes('money') || kinds.includes('rate') || kinds.includes('share')) return kinds.filter((k) => k !== 'number');
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
  let unanswered: string | undefined;
  for (const kind of kinds) {
    // "拿多少钱…有比例要求没", "提多少钱…占多少": a rate answers a question that asks an
    // amount and a rate or share.
    if (kind === 'money' && (kinds.includes('rate') || kinds.includes('share')) && present('rate')) continue;
    if (present(kind)) continue;
    if (!followUpOnly(question, kind, clauseText)) return { reason: 'missing-fact', detail: kind };
    unanswered ??= kind;
  }
  const concept = missingConcept(question, kinds, clauseText);
  if (concept) return { reason: 'missing-fact', detail: concept };
  const named = otherPlaces(question).filter((p) => !ELSEWHERE.test(p) || ELSEWHERE_RULES.test(question));
  // A clause that names places outside Gansu (天津、福州、厦门、青岛 for labour cooperation) answers
  // a question naming them with their neighbours (天津福建青岛那边).
  const places = named.some((p) => clauseText.includes(p)) ? [] : askedPlaces(question, named);
  if (places.length > 0) return { reason: 'other-place', detail: places.join('、') };
  return unanswered ? { reason: null, unanswered } : { reason: null };
}
