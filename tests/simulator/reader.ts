/**
 * How a simulated person reads a bot reply: what is it asking for, which numbered options does it
 * offer, is there "more" to read. Deliberately by meaning-level cues (any sentence that asks for a
 * 姓名/名字/称呼 is asking for a name; any lines that start with a number are options), never by a
 * known sentence of today's bot, so rewording a reply does not break the simulator.
 */
import type { ScreenKind } from './types.js';

export interface Option {
  /** What the person would type to pick it by number. */
  n: string;
  label: string;
}

export interface Reading {
  kind: ScreenKind;
  options: Option[];
  /** What to send to see the next page ("8"), when the reply says there is more. */
  more?: string;
  /** The text read (all messages of the turn joined). */
  text: string;
  /** The last message of the turn: where the question usually is. */
  last: string;
}

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩';

/** Numbered options: lines "1 问政策", "1. …", "1、…", "1）…", "①…", "[1] …", and inline "回复1报名，回复3返回列表". */
export function parseOptions(text: string): Option[] {
  const found = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const m = /^(?:\[|【)?(\d{1,2})(?:\]|】)?\s*[.、．:：)）]?\s*(\S.*)$/.exec(line);
    if (m && m[2] && !/^\d/.test(m[2])) {
      // A list starting again at 1 (menu, then a course list in one SMS): the latest list counts.
      if (m[1] === '1') found.clear();
      found.set(m[1]!, m[2].trim());
      continue;
    }
    const c = CIRCLED.indexOf(line[0] ?? '');
    if (c >= 0 && line.length > 1) found.set(String(c + 1), line.slice(1).trim());
  }
  if (found.size) return [...found].map(([n, label]) => ({ n, label }));
  // Inline: "回复1报名，回复“找课”看其他课程，回复3返回列表" / "同意请回复1"
  for (const m of text.matchAll(/(?:回复|回|发|输入|按)\s*[“"「]?(\d{1,2})[”"」]?\s*([^，,。；;\n\s]{1,12})/g)) {
    if (!found.has(m[1]!) && !/^(看|查看)?(下一|更多)/.test(m[2]!)) found.set(m[1]!, m[2]!);
  }
  for (const m of text.matchAll(/([^，,。；;\n\s：:]{1,12}?)(?:请)?(?:回复|回|发|输入|按)\s*[“"「]?(\d{1,2})[”"」]?(?=[\s，,。；;\n]|$)/g)) {
    if (!found.has(m[2]!)) found.set(m[2]!, m[1]!);
  }
  return [...found].map(([n, label]) => ({ n, label }));
}

/** "回复8看下一条" / "发送8查看更多" / "回N显示后面的" → the token to send. */
export function moreToken(text: string): string | undefined {
  const m = /(?:回复|回|发送?|输入)\s*[“"「]?([0-9A-Za-z一-龥]{1,4}?)[”"」]?\s*(?:看|查看|显示|继续看?|翻)\s*(?:下一|更多|后面|剩下|下页)/.exec(text);
  return m?.[1];
}

/** Lines shaped "时间：…", "地点：…": a card of course details has several. */
function keyValueLines(text: string): number {
  return text.split('\n').filter((l) => /^\s*[一-龥]{2,4}[：:]\s*\S/.test(l)).length;
}

const ASKS = /[？?]|请|输入|回复|告诉|发(给|一下|个)|留(下|个)|多少|是什么|：\s*$|:\s*$/;

function lastIndex(text: string, re: RegExp): number {
  let at = -1;
  for (const m of text.matchAll(re)) at = m.index;
  return at;
}

/** Everything the person received this turn → what the bot seems to want. */
export function read(replies: string[], known: { name?: string; phone?: string } = {}): Reading {
  const text = replies.join('\n');
  const last = replies.at(-1) ?? '';
  const options = parseOptions(last).length ? parseOptions(last) : parseOptions(text);
  const more = moreToken(text);
  const kind = classify(text, last, options, known);
  return { kind, options, ...(more ? { more } : {}), text, last };
}

function classify(text: string, last: string, options: Option[], known: { name?: string; phone?: string }): ScreenKind {
  const tail = last.length > 160 ? last.slice(-160) : last;
  if (/(成功|已(经)?(为您|帮您|给您|替您)?(报名|报上|取消|提交|登记|记录|转给?|转交|通知|退订)|办好了|报上了)/.test(text) && !/(未|没有?|不)(成功|报上)/.test(text)) {
    return 'done';
  }
  const echoes = Boolean((known.name && text.includes(known.name)) || (known.phone && text.replace(/\D/g, '').includes(known.phone)));
  if (/(同意|授权|允许)/.test(tail) && /(保存|使用|收集|信息|隐私|资料|才能)/.test(tail)) return 'consent';
  if (echoes && /(确认|核对|对吗|对不对|是否正确|没问题|无误)/.test(tail)) return 'confirm';
  const asksName = /(姓名|名字|叫什么|称呼|贵姓)/.test(tail) && ASKS.test(tail);
  const asksPhone = /(手机|电话|联系方式)/.test(tail) && ASKS.test(tail) && !/(拨打|请拨|热线|咨询)/.test(tail);
  if (asksName && asksPhone) return 'name+phone';
  if (asksName) return 'name';
  if (asksPhone) return 'phone';
  if (keyValueLines(text) >= 3) return 'course-detail';
  // When a reply asks two things, the later question is the one waiting for an answer.
  const placeAt = lastIndex(tail, /(哪个|哪里|哪儿|啥地方|什么地方|在哪|地名|所在|位置)/g);
  const tradeAt = lastIndex(tail, /(想学|学什么|学啥|什么工种|哪个工种|什么技术|哪一?类|什么培训|什么课|哪方面)/g);
  if (tradeAt >= 0 && tradeAt > placeAt) return 'trade';
  if (placeAt >= 0 && /(县|区|乡|镇|地|位置|哪)/.test(tail) && /[？?]|请|回复/.test(tail)) return 'place';
  if (options.length === 2 && options.some((o) => /^(不|否|算了|保留|不了|不是|不用)/.test(o.label))) return 'yes-no';
  if (options.length >= 2) {
    const courseLike = options.filter((o) => /(培训|班|课|研修)/.test(o.label) && o.label.length > 8).length;
    if (courseLike >= 1 && courseLike >= options.length / 2) return 'course-list';
    if (options.some((o) => /(政策|人工|创业|报名|课程)/.test(o.label)) && options.every((o) => o.label.length <= 12)) return 'menu';
    return 'choice';
  }
  if (options.length === 1 && /(培训|班|课)/.test(options[0]!.label) && options[0]!.label.length > 8) return 'course-list';
  if (/(吗|么|嘛)[？?]?\s*$|是否|对吗|好吗|行吗|要不要|可以吗/.test(tail.trim())) return 'yes-no';
  return 'other';
}
