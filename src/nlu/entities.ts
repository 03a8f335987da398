/**
 * Entities of one normalized text: place (the gazetteer), trade (the course vocabulary), category,
 * target groups, month, a reference to a numbered option, natural yes/no, acknowledgement,
 * correction, a personal name, a mobile number, proxy sign-up and a life story. Pure functions
 * over the domain vocabularies; no wording of replies.
 */
import type { Entities, OptionRef } from '../bot/understanding.js';
import { parseGroupWords } from '../courses/groups.js';
import { findOccupation } from '../courses/synonyms.js';
import { COURSE_CATEGORIES, type PlaceResolution } from '../courses/types.js';
import { normalizeMobile } from '../shared/phone.js';
import { LIFE_STORY } from '../knowledge/life-story.js';

/** Finds a place mentioned in a text (the gazetteer's findInText). */
export interface PlaceFinder {
  findInText(text: string, allowWeak?: boolean): PlaceResolution | null;
}

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** "3", "三", "十一", "十二" → number; null otherwise. */
export function parseSmallNumber(s: string): number | null {
  if (/^\d{1,2}$/.test(s)) return Number(s);
  if (/^十[一二]?$/.test(s)) return 10 + (s[1] ? CN_DIGITS[s[1]]! : 0);
  return s.length === 1 && CN_DIGITS[s] ? CN_DIGITS[s]! : null;
}

const YES_WORDS =
  /^(?:是|是的|是滴|是啊|对|对的|对头|对呀|嗯|嗯嗯|恩|恩恩|好|好的|好滴|好嘞|好呀|好吧|行|行的|行吧|中|中嘞|可以|可以的|没问题|同意|同意了|确定|确认|要|要的|需要|愿意|当然|ok|okay|yes|y|都行|排吧|排|报吧|报|对对|没错|就这个|是滴呢)$/i;
const NO_WORDS =
  /^(?:不|不是|不对|不要|不用|不了|不用了|没有|没|否|算了|不行|不同意|不确定|不排|不排了|不需要|不愿意|不好|不报了|不用排|拉倒|no|n)$/i;
const ACK = /^(?:好的?|行|嗯嗯?)?(?:谢谢|谢了|多谢|感谢|辛苦了)|^(?:知道了|明白了?|收到|懂了|了解了?|好嘞|哦哦?|ok|好的明白)$/i;
const CORRECTION = /^(?:不对|不是|错了|搞错了|说错了|弄错了)|不要.{1,8}了|不是.{1,8}[ ,，]?(?:是|要)|还是(?:学|要|报)/;
const PROXY =
  /代报名|代.{0,2}报|帮(?:别人|他人|他|她|村民|群众|家人|亲戚|老人|邻居|乡亲|我妈|我爸|我娘|我爹|老婆|媳妇|娃|孩子|儿子|女儿|村里|人).{0,10}报|替.{0,4}报|村干部|村文书|村支书|村主任|网格员|还有.{1,3}个人/;
const QUESTION =
  /吗|啥|咋|怎么|怎样|多少|能不能|可不可以|是不是|有没有|什么|哪里|哪儿|在哪|哪个|几号|几点|几天|几次|为什么|为啥|呢$|[^不]不$|没$|不[？?]?$|谁/;
const OPTION_LAST = /最后(?:那|一|面)?(?:个|条|项|种|班)|最下面(?:那|的)?个?/;
const OPTION_PREVIOUS = /上面(?:那|这)个|刚才(?:那|这)个|^(?:这个|那个|就这个|就它)$/;
const OPTION_FIRST = /头一个|第一个|最前面(?:那|的)?个?|最上面(?:那|的)?个?/;
const OPTION_NTH = /第\s*([一二两三四五六七八九十\d]{1,2})\s*(?:个|条|项|种|班|门)?/;
const MONTH = /([一二三四五六七八九十]{1,3}|\d{1,2})\s*月/;
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝朵拓';
const NOT_NAME = /报名|课程|培训|菜单|取消|返回|下一步|上一步|确认|确定|修改|政策|补贴|同意|谢谢|知道|可以|没有|不是|什么|怎么|人工|客服|你好|您好|手机|电话|身份证|不知道|随便|都行|算了/;

/** A plausible personal name in the text ("我叫马秀兰", "马秀兰"), or undefined. */
export function findName(text: string): string | undefined {
  const t = text.replace(/^(?:我叫|我是|名字是|名字叫|名字[:：]?|姓名是|姓名[:：]?|对方叫|他叫|她叫|叫)/, '').trim();
  if (!/^[\u4e00-\u9fa5][\u4e00-\u9fa5·•]{1,5}$/.test(t)) return undefined;
  if (NOT_NAME.test(t) || findOccupation(t) || parseGroupWords([t]).length) return undefined;
  const compound = /^(?:欧阳|司马|诸葛|上官|东方|皇甫|尉迟|公孙|慕容|长孙|令狐|马麦)/.test(t);
  if (!compound && !SURNAMES.includes(t[0]!)) return undefined;
  return t.length <= 4 || compound ? t : undefined;
}

/** A mainland mobile number in the text (spaces, dashes, a 一 typed for a dash accepted). */
export function findPhone(text: string): string | undefined {
  const folded = text.replace(/(?<=\d)[一—－\-\s.](?=\d)/g, '');
  const m = /(?:\+?86)?1[3-9]\d{9}/.exec(folded);
  return (m && normalizeMobile(m[0])) ?? undefined;
}

function findOption(text: string): OptionRef | undefined {
  if (/^\d{1,2}$/.test(text)) return { kind: 'number', n: Number(text) };
  if (OPTION_FIRST.test(text)) return { kind: 'number', n: 1 };
  const nth = OPTION_NTH.exec(text);
  if (nth) {
    const n = parseSmallNumber(nth[1]!);
    if (n) return { kind: 'number', n };
  }
  if (OPTION_LAST.test(text)) return { kind: 'last' };
  if (OPTION_PREVIOUS.test(text)) return { kind: 'previous' };
  return undefined;
}

/** Every occupation word in the text with where it is. */
function occupations(text: string): { word: string; at: number }[] {
  const out: { word: string; at: number }[] = [];
  let rest = text;
  for (let i = 0; i < 6; i++) {
    const w = findOccupation(rest);
    if (!w) break;
    out.push({ word: w, at: rest.indexOf(w) });
    rest = rest.split(w).join(' '.repeat(w.length));
  }
  return out.sort((a, b) => a.at - b.at);
}

const NEGATED_BEFORE = /(?:不要|不是|不学|不想学|不报|不想报|别)\s*$/;
const NEGATED_AFTER = /^(?:了|的)?\s*(?:太|不行|不好|不要|算了)/;

function trades(text: string): { trade?: string; rejected?: string } {
  const found = occupations(text);
  if (!found.length) return {};
  const negated = (o: { word: string; at: number }) =>
    NEGATED_BEFORE.test(text.slice(Math.max(0, o.at - 4), o.at)) || NEGATED_AFTER.test(text.slice(o.at + o.word.length));
  const kept = found.filter((o) => !negated(o));
  const rejected = found.find(negated)?.word;
  const trade = kept.at(-1)?.word;
  return { ...(trade ? { trade } : {}), ...(rejected && rejected !== trade ? { rejected } : {}) };
}

/** The place name as typed: the longest gazetteer name (or its core without 县/区/镇/乡) in the text. */
function placeSubstring(text: string, places: PlaceFinder | undefined): string | undefined {
  // Short names ("夏官营", "安定") count only where they read as a place: 在…, …的, …这边, or alone.
  const weak = places?.findInText(text, true);
  const hit = places?.findInText(text) ?? weak;
  if (!hit || hit.kind === 'unknown') return undefined;
  const list = hit.kind === 'found' ? [hit.place] : hit.options;
  const names = list.flatMap((p) => [p.township, p.county, p.prefecture].filter((n): n is string => !!n));
  const candidates = names.flatMap((n) => [n, n.replace(/(?:自治县|县|区|市|镇|乡|街道)$/, '')]).filter((n) => n.length >= 2);
  candidates.sort((a, b) => b.length - a.length);
  const found = candidates.find((c) => text.includes(c));
  if (!found || hit !== weak || places?.findInText(text)) return found;
  const at = text.indexOf(found);
  const before = text.slice(Math.max(0, at - 2), at);
  const after = text.slice(at + found.length, at + found.length + 2);
  return at === 0 || /在|是|到|回|去|住/.test(before) || /^(?:的|这|那|附近|一带|$)/.test(after) || text === found ? found : undefined;
}

export function extractEntities(text: string, places?: PlaceFinder): Entities {
  const compact = text.replace(/\s+/g, '');
  const e: Entities = { groups: parseGroupWords([compact]) };
  const place = placeSubstring(compact, places);
  if (place) e.place = place;
  const { trade, rejected } = trades(text);
  if (trade) e.trade = trade;
  if (rejected) e.rejectedTrade = rejected;
  const category = COURSE_CATEGORIES.find((c) => compact.includes(c));
  if (category) e.category = category;
  const month = MONTH.exec(compact);
  if (month) {
    const n = parseSmallNumber(month[1]!);
    if (n && n <= 12) e.month = n;
  } else if (/过完年|年后|开春/.test(compact)) e.month = 2;
  if (/^\d+$/.test(compact)) e.number = Number(compact);
  const option = findOption(compact);
  if (option) e.option = option;
  const first = text.split(/[\s,，。!！]+/)[0] ?? '';
  const firstBare = first.replace(/(?:谢谢|谢了|啊|呀|哈)+$/, '');
  if (NO_WORDS.test(first) || NO_WORDS.test(compact)) e.yesNo = 'no';
  else if (YES_WORDS.test(compact) || (compact.length <= 10 && (YES_WORDS.test(first) || YES_WORDS.test(firstBare)))) e.yesNo = 'yes';
  if (ACK.test(compact)) e.ack = true;
  if (CORRECTION.test(compact) || rejected) e.correction = true;
  const name = findName(compact);
  if (name && !place) e.name = name;
  const phone = findPhone(text);
  if (phone) e.phone = phone;
  if (PROXY.test(compact)) e.proxy = true;
  if (LIFE_STORY.test(compact)) e.lifeStory = true;
  return e;
}

/** The text asks something. */
export function looksLikeQuestion(text: string, questionMark: boolean): boolean {
  return questionMark || (text.length >= 2 && QUESTION.test(text.replace(/\s+/g, '')));
}
