/**
 * Structure parser for Chinese policy documents (plain text or Markdown): title, issuing body,
 * date, 一、 sections, （一） subsections, 1. items, -- / 【--】 / —— bullet principles, and free
 * paragraphs (preamble). Each leaf becomes a clause with a label and a heading path.
 */

export interface ParsedClause {
  /** Short citation label, e.g. 四（一）6, 二·促进普惠均等, 序言. */
  label: string;
  /** e.g. 四、重点任务 > （一）构建劳动者终身职业技能培训体系和工作机制 > 6 */
  headingPath: string;
  /** The clause's own heading (first sentence for items and bullets), may be empty. */
  heading: string;
  text: string;
}

export interface ParsedDocument {
  title: string | null;
  issuer: string | null;
  issuedAt: Date | null;
  clauses: ParsedClause[];
}

const CN_NUM = '一二三四五六七八九十百零〇';
const SECTION = new RegExp(`^([${CN_NUM}]+)、\\s*(.+)$`, 'u');
const SUBSECTION = new RegExp(`^[（(]([${CN_NUM}]+)[）)]\\s*(.+)$`, 'u');
const ITEM = /^(\d{1,2})[.．、]\s*(?!\d)(.+)$/u;
const BULLET = /^(?:【--】|【—】|--|——|－－|-\s|•|·)\s*(.+)$/u;
const MD_HEADING = /^(#{1,6})\s+(.+)$/u;
const DATE_LINE = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/u;
const ISSUER_LINE = /^[\u4e00-\u9fff（）()]{2,30}(?:办公厅|办公室|人民政府|委员会|厅|局|部|委|办)$/u;
const TITLE_WORDS = /(规划|办法|意见|通知|方案|规定|条例|细则|决定|纲要|计划)/u;
const SUBTITLE = /^[（(][^（）()]{1,20}[）)]$/u;

/** Removes indentation (ideographic spaces) and trailing whitespace. */
function clean(line: string): string {
  return line.replace(/^[\s\u3000]+/u, '').replace(/[\s\u3000]+$/u, '');
}

/** First sentence (up to 。；：), used as an item's heading. */
export function firstSentence(text: string): string {
  const m = /^(.+?)[。；：！？]/u.exec(text);
  return (m?.[1] ?? text).trim();
}

function stripEndPunct(s: string): string {
  return s.replace(/[。；：，,.]+$/u, '');
}

/** A heading level stack entry. */
interface Heading {
  level: number;
  /** As shown in the heading path, e.g. 四、重点任务 / （一）构建… */
  path: string;
  /** Label part, e.g. 四 / （一） */
  label: string;
  /** Bare heading text, e.g. 重点任务 */
  title: string;
  /** Paragraphs written right under the heading (before any child). */
  body: string[];
  hasChildren: boolean;
}

/**
 * Parses a document into clauses. `titleOverride` wins over the detected title.
 */
export function parsePolicyText(text: string, titleOverride?: string): ParsedDocument {
  const lines = text.split('\n').map(clean);
  let title: string | null = null;
  let issuer: string | null = null;
  let issuedAt: Date | null = null;
  const clauses: ParsedClause[] = [];
  const stack: Heading[] = [];
  const before: string[] = [];
  const preamble: string[] = [];
  let started = false;
  let bulletCount = 0;

  const pathOf = (extra?: string): string =>
    [...stack.map((h) => h.path), ...(extra ? [extra] : [])].join(' > ');
  const labelOf = (extra = ''): string => stack.map((h) => h.label).join('') + extra;

  const emitBody = (h: Heading): void => {
    if (h.body.length === 0) return;
    clauses.push({ label: labelOf(), headingPath: pathOf(), heading: h.title, text: h.body.join('\n') });
    h.body = [];
  };
  /** Emits the body of every heading at or below `level` (as a clause), then pops them. */
  const closeTo = (level: number): void => {
    while (stack.length > 0 && (stack[stack.length - 1]?.level ?? 0) >= level) {
      emitBody(stack[stack.length - 1]!);
      stack.pop();
    }
  };
  /** Text written under a heading before its first child becomes its own clause. */
  const adopt = (): void => {
    const parent = stack[stack.length - 1];
    if (!parent) return;
    if (!parent.hasChildren) emitBody(parent);
    parent.hasChildren = true;
  };
  const open = (level: number, label: string, path: string, heading: string): void => {
    closeTo(level);
    adopt();
    stack.push({ level, label, path, title: heading, body: [], hasChildren: false });
    bulletCount = 0;
    started = true;
  };
  const leaf = (label: string, pathTail: string, body: string): void => {
    adopt();
    clauses.push({ label: labelOf(label), headingPath: pathOf(pathTail), heading: firstSentence(body), text: body });
  };
  const structural = (line: string, mdLevel: number | null): boolean => {
    let m: RegExpExecArray | null;
    if ((m = SECTION.exec(line)) && line.length <= 40 && !/[，]/u.test(line)) {
      const t = stripEndPunct(m[2]!);
      open(1, m[1]!, `${m[1]}、${t}`, t);
      return true;
    }
    if ((m = SUBSECTION.exec(line)) && line.length <= 60) {
      const t = stripEndPunct(m[2]!);
      open(2, `（${m[1]}）`, `（${m[1]}）${t}`, t);
      return true;
    }
    if (mdLevel !== null) {
      open(mdLevel + 2, line.length <= 12 ? line : '', line, line);
      return true;
    }
    if ((m = ITEM.exec(line)) && started) {
      leaf(m[1]!, m[1]!, m[2]!);
      return true;
    }
    if ((m = BULLET.exec(line)) && started) {
      bulletCount += 1;
      const body = m[1]!;
      const head = firstSentence(body);
      leaf(`·${head.length <= 12 ? head : String(bulletCount)}`, head, body);
      return true;
    }
    return false;
  };

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw === '') continue;
    const md = MD_HEADING.exec(raw);
    const line = (md ? md[2]! : raw).replace(/^\*\*(.+)\*\*$/u, '$1').trim();
    let m: RegExpExecArray | null;

    if (!started) {
      if ((m = DATE_LINE.exec(line))) {
        issuedAt = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
        continue;
      }
      if (issuer === null && ISSUER_LINE.test(line)) {
        issuer = line;
        continue;
      }
      if (
        title === null &&
        !SECTION.test(line) &&
        line.length <= 40 &&
        !/[。；，：]$/u.test(line) &&
        !/[。，]/u.test(line) &&
        (TITLE_WORDS.test(line) || md?.[1] === '#')
      ) {
        title = line;
        const next = lines[i + 1];
        if (next !== undefined && SUBTITLE.test(next)) {
          title += next;
          i += 1;
        }
        continue;
      }
    }
    if (structural(line, md && !(started === false && md[1] === '#') ? md[1]!.length : null)) continue;
    // A free paragraph.
    const top = stack[stack.length - 1];
    if (top) top.body.push(line);
    else if (title === null) before.push(line);
    else preamble.push(line);
  }
  closeTo(0);

  const front: ParsedClause[] = [];
  if (before.length > 0) {
    const by = issuer ? `${issuer}${issuedAt ? `于${formatDate(issuedAt)}` : ''}印发。` : '';
    front.push({ label: '印发通知', headingPath: '印发通知', heading: '印发通知', text: by + before.join('\n') });
  }
  for (const p of preamble) {
    front.push({ label: '序言', headingPath: '序言', heading: '序言', text: p });
  }
  return { title: titleOverride ?? title, issuer, issuedAt, clauses: [...front, ...clauses] };
}

/** 2018年8月14日 */
export function formatDate(d: Date): string {
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}
