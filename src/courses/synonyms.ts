/**
 * Keyword expansion for course search: what people type (学厨师, 开网店, 电焊) → the words that
 * appear in course titles and occupations (中式烹调师, 电子商务, 焊工).
 */

/** Each group: if the query contains any trigger, all its terms are searched. */
const GROUPS: { triggers: string[]; terms: string[] }[] = [
  { triggers: ['厨师', '做饭', '烹饪', '烹调', '炒菜', '厨'], terms: ['烹调', '厨师', '拉面', '面点', '烹饪'] },
  { triggers: ['拉面', '牛肉面', '面馆'], terms: ['拉面', '面点'] },
  { triggers: ['面点', '面食', '馒头', '包子'], terms: ['面点', '拉面'] },
  { triggers: ['网店', '电商', '淘宝', '直播', '带货', '开店', '网上卖', '快手', '抖音', '网络销售'], terms: ['电子商务', '电商', '网店', '直播带货', '网络创业'] },
  { triggers: ['电子商务'], terms: ['电子商务', '电商', '网店', '直播带货'] },
  { triggers: ['电焊', '焊工', '焊接', '氩弧焊'], terms: ['焊工', '焊接', '电焊'] },
  { triggers: ['电工', '水电', '电路', '装电'], terms: ['电工'] },
  { triggers: ['挖掘机', '挖机', '钩机', '勾机', '装载机', '铲车'], terms: ['挖掘机', '装载机'] },
  { triggers: ['家政', '保洁', '保姆'], terms: ['家政'] },
  { triggers: ['月嫂', '育婴', '带孩子', '母婴', '育儿'], terms: ['育婴', '母婴', '月嫂'] },
  { triggers: ['养老', '护工', '护理', '照顾老人'], terms: ['养老护理', '护理', '护工'] },
  { triggers: ['保安'], terms: ['保安'] },
  { triggers: ['创业', '开公司', '做生意', '当老板', 'SYB', 'syb', 'GYB', 'IYB'], terms: ['创业', 'SYB', 'GYB', 'IYB'] },
  { triggers: ['中药', '药材', '当归', '党参', '黄芪'], terms: ['中药材', '当归', '党参', '黄芪'] },
  { triggers: ['土豆', '洋芋', '马铃薯'], terms: ['马铃薯'] },
  { triggers: ['养牛', '养羊', '牛羊', '养殖', '肉牛', '肉羊', '滩羊'], terms: ['养殖', '牛羊', '肉牛', '肉羊'] },
  { triggers: ['苹果', '果树', '果园'], terms: ['苹果', '果树'] },
  { triggers: ['花椒'], terms: ['花椒'] },
  { triggers: ['蔬菜', '大棚', '温室', '设施农业'], terms: ['蔬菜', '设施农业', '大棚'] },
  { triggers: ['修车', '汽修', '汽车维修'], terms: ['汽车维修'] },
  { triggers: ['无人机', '飞手'], terms: ['无人机'] },
  { triggers: ['砌墙', '瓦工', '砌筑', '钢筋', '架子工', '建筑'], terms: ['砌筑', '钢筋', '架子工'] },
];

/** Words people add around the real keyword ("我想学电工班" → 电工). */
const FILLER = /^(?:我想|我要|想要|想|要|学习|学|参加|报名|找|有没有|有)+|(?:培训班|培训|班|课程|课|技术|技能|吗|呢|的)+$/g;

/** The lower-cased search terms for a keyword (never empty for a non-empty keyword). */
export function expandKeyword(q: string): string[] {
  const raw = q.trim().replace(/\s+/g, '');
  if (!raw) return [];
  const core = raw.replace(FILLER, '') || raw;
  const terms = new Set<string>([core.toLowerCase()]);
  for (const g of GROUPS) {
    if (g.triggers.some((t) => raw.toLowerCase().includes(t.toLowerCase()))) {
      for (const t of g.terms) terms.add(t.toLowerCase());
    }
  }
  return [...terms];
}

/** True when any of the terms occurs in the haystack (already lower-cased). */
export function matchesTerms(haystack: string, terms: readonly string[]): boolean {
  for (const t of terms) if (haystack.includes(t)) return true;
  return false;
}
