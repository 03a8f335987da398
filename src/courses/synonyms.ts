/**
 * The course vocabulary, in one place: the occupation and topic words people type (学厨师, 开网店,
 * 电焊), what a search for them looks for in course titles and occupations (中式烹调师, 电子商务,
 * 焊工), and the filler around a keyword ("我想学…培训班"). The course dialogs recognise course
 * requests with it (findOccupation, courseKeyword); the catalog search expands keywords with it
 * (expandKeyword).
 */

/** A topic: the words for it, and what a search for it also looks for. */
interface Topic {
  /**
   * Occupation words: recognised in chat text (the longest one found becomes the search keyword;
   * among equally long ones, the first in this vocabulary) and expanding a search.
   */
  words: readonly string[];
  /** Looser phrasings (厨, 做饭, 开店, 创业 …) that expand a search but do not make a chat text a course request. */
  searchWords?: readonly string[];
  /** What a search naming the topic also looks for; none: just the keyword itself. */
  terms?: readonly string[];
}

const TOPICS: readonly Topic[] = [
  { words: ['电工', '水电'], searchWords: ['电路', '装电'], terms: ['电工'] },
  { words: ['焊工', '电焊', '焊接'], searchWords: ['氩弧焊'], terms: ['焊工', '焊接', '电焊'] },
  { words: ['厨师', '烹饪', '烹调'], searchWords: ['做饭', '炒菜', '厨'], terms: ['烹调', '厨师', '拉面', '面点', '烹饪'] },
  { words: ['面点'], searchWords: ['面食', '馒头', '包子'], terms: ['面点', '拉面'] },
  { words: ['拉面', '牛肉面'], searchWords: ['面馆'], terms: ['拉面', '面点'] },
  { words: ['家政', '保洁', '保姆'], terms: ['家政'] },
  { words: ['月嫂', '育婴'], searchWords: ['带孩子', '母婴', '育儿'], terms: ['育婴', '母婴', '月嫂'] },
  { words: ['养老', '护理', '护工'], searchWords: ['照顾老人'], terms: ['养老护理', '护理', '护工'] },
  { words: ['挖掘机', '挖机', '装载机'], searchWords: ['钩机', '勾机', '铲车'], terms: ['挖掘机', '装载机'] },
  { words: ['叉车'] },
  { words: ['保安'], terms: ['保安'] },
  {
    words: ['电商', '网店', '开网店', '直播', '带货'],
    searchWords: ['淘宝', '开店', '网上卖', '快手', '抖音', '网络销售'],
    terms: ['电子商务', '电商', '网店', '直播带货', '网络创业'],
  },
  { words: ['电子商务'], terms: ['电子商务', '电商', '网店', '直播带货'] },
  { words: ['汽修', '修车', '汽车维修'], terms: ['汽车维修'] },
  { words: ['无人机'], searchWords: ['飞手'], terms: ['无人机'] },
  { words: ['中药材', '药材', '当归', '党参', '黄芪'], searchWords: ['中药'], terms: ['中药材', '当归', '党参', '黄芪'] },
  { words: ['马铃薯', '土豆', '洋芋'], terms: ['马铃薯'] },
  { words: ['养殖', '养牛', '养羊', '牛羊'], searchWords: ['肉牛', '肉羊', '滩羊'], terms: ['养殖', '牛羊', '肉牛', '肉羊'] },
  { words: ['苹果', '果树'], searchWords: ['果园'], terms: ['苹果', '果树'] },
  { words: ['花椒'], terms: ['花椒'] },
  { words: ['蔬菜', '大棚'], searchWords: ['温室', '设施农业'], terms: ['蔬菜', '设施农业', '大棚'] },
  { words: ['砌筑', '钢筋', '架子工', '瓦工'], searchWords: ['砌墙', '建筑'], terms: ['砌筑', '钢筋', '架子工'] },
  { words: ['美容', '美发', '理发'] },
  { words: ['缝纫', '刺绣'] },
  { words: ['电脑', '计算机'] },
  { words: ['烘焙'] },
  { words: ['茶艺'] },
  { words: ['农机'] },
  { words: ['木工'] },
  { words: ['种植'] },
  { words: [], searchWords: ['创业', '开公司', '做生意', '当老板', 'SYB', 'syb', 'GYB', 'IYB'], terms: ['创业', 'SYB', 'GYB', 'IYB'] },
];

/** The occupation words, in vocabulary order. */
const OCCUPATION_WORDS: readonly string[] = TOPICS.flatMap((t) => t.words);

/** Search expansion: if the query contains any trigger (lower-cased), all the terms are searched. */
const EXPANSIONS: readonly { triggers: string[]; terms: string[] }[] = TOPICS.filter((t) => t.terms?.length).map((t) => ({
  triggers: [...t.words, ...(t.searchWords ?? [])].map((w) => w.toLowerCase()),
  terms: t.terms!.map((w) => w.toLowerCase()),
}));

/** The occupation word in a text (the longest one, see Topic.words), or null. */
export function findOccupation(text: string): string | null {
  let best: string | null = null;
  for (const w of OCCUPATION_WORDS) if (text.includes(w) && (!best || w.length > best.length)) best = w;
  return best;
}

/** Wanting (我想, 要, 有没有, 报名 …), then learning (学, 学习), before the keyword. */
const LEAD = /^(?:我想|我要|想要|想|要|参加|报名|找|有没有|有)*(?:学习|学)*/;
/** A measure word after a lead ("学个电工", "有门…课"), not the start of a word (点心, 门窗, 个体). */
const MEASURE = /^(?:一下|一点|一门|个(?!体)|点(?!心)|门(?![窗卫]))/;
/** Class words, particles and end punctuation after the keyword ("电工培训班吗？"). */
const TAIL = /(?:培训班|培训|学习班|班|课程|课|技术|技能|手艺|吗|呢|的|啊|呀|[。！!？?])+$/;

/** The keyword in a course wish without the words around it: "我想学个电工培训班" → 电工 (may be empty). */
export function courseKeyword(text: string): string {
  const t = text.trim();
  const lead = LEAD.exec(t)![0];
  const rest = t.slice(lead.length);
  return (lead ? rest.replace(MEASURE, '') : rest).replace(TAIL, '');
}

/** The lower-cased search terms for a keyword (never empty for a non-empty keyword). */
export function expandKeyword(q: string): string[] {
  const raw = q.trim().replace(/\s+/g, '');
  if (!raw) return [];
  const core = courseKeyword(raw) || raw;
  const lower = raw.toLowerCase();
  const terms = new Set<string>([core.toLowerCase()]);
  for (const g of EXPANSIONS) {
    if (g.triggers.some((t) => lower.includes(t))) for (const t of g.terms) terms.add(t);
  }
  return [...terms];
}

/** True when any of the terms occurs in the haystack (already lower-cased). */
export function matchesTerms(haystack: string, terms: readonly string[]): boolean {
  for (const t of terms) if (haystack.includes(t)) return true;
  return false;
}
