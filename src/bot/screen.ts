/**
 * "One screen on WeChat": a reply that would not fit one phone screen is cut there, with a
 * "回复“更多”看下一页" continuation (the rest waits in the session; 更多/下一页/还有呢 shows it).
 *
 * The measure is lines as the phone shows them, not characters: on a common 6.1-inch phone at
 * WeChat's default font, a chat bubble holds about 15 Chinese characters a line, and the chat
 * area shows about 24 lines, of which the user's own message, the bubbles' padding and the time
 * stamps take about 6 — so 18 lines (≈ 270 characters of running text) is what can be read
 * without scrolling. A channel declares it in `ChannelCapabilities.screen`; channels without it
 * (SMS pages by segments, the web chat and the terminal scroll) are not cut here.
 *
 * What stays on the first page: when a turn ends with a short prompt (numbered options such as
 * a course's "1 报名 2 看我能不能报 …", at most half a screen), the prompt stays whole at the
 * bottom and the text above it is cut — so the choices are always in view.
 */
import type { Reply } from './dialog.js';

export interface ScreenSize {
  /** Lines one screen shows. */
  lines: number;
  /** Characters (CJK) one line of a chat bubble holds. */
  charsPerLine: number;
}

/** The WeChat phone screen (see the header): 18 lines of 15 characters. */
export const WECHAT_SCREEN: ScreenSize = { lines: 18, charsPerLine: 15 };

/** What the continuation says; the words that ask for it. */
export const MORE_HINT = '（回复“更多”看下一页）';
export const MORE_WORDS = /^(?:更多|看更多|下一页|下页|还有吗?|还有呢|继续看|接着看|往下看|后面呢)$/;

const textOf = (r: Reply): string => (typeof r === 'string' ? r : r.text);

/** Lines `text` takes on the screen (each line wraps every `charsPerLine` characters). */
export function screenLines(text: string, screen: ScreenSize): number {
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil([...line].length / screen.charsPerLine)), 0);
}

/** Lines a turn's replies take: each message, plus one line of gap between bubbles. */
export function repliesLines(replies: Reply[], screen: ScreenSize): number {
  return replies.reduce((n, r, i) => n + screenLines(textOf(r), screen) + (i > 0 ? 1 : 0), 0);
}

/** Cuts `lines` to at most `budget` screen lines (a long line is cut inside), returning head and rest. */
function take(lines: string[], budget: number, screen: ScreenSize): { head: string[]; rest: string[] } {
  const head: string[] = [];
  let used = 0;
  let i = 0;
  for (; i < lines.length; i++) {
    const need = screenLines(lines[i]!, screen);
    if (used + need > budget) break;
    head.push(lines[i]!);
    used += need;
  }
  if (head.length === 0 && i < lines.length) {
    // One line longer than the whole budget: cut it inside.
    const chars = [...lines[i]!];
    const n = Math.max(1, budget) * screen.charsPerLine;
    return { head: [chars.slice(0, n).join('')], rest: [chars.slice(n).join(''), ...lines.slice(i + 1)] };
  }
  return { head, rest: lines.slice(i) };
}

/** Pages of plain text, each at most one screen with the hint (all but the last). */
function pagesOf(lines: string[], screen: ScreenSize): string[] {
  const pages: string[] = [];
  let rest = lines;
  while (rest.length) {
    if (screenLines(rest.join('\n'), screen) <= screen.lines) {
      pages.push(rest.join('\n'));
      break;
    }
    const cut = take(rest, screen.lines - 1, screen);
    pages.push([...cut.head, MORE_HINT].join('\n'));
    rest = cut.rest;
  }
  return pages;
}

/**
 * The replies that fit one screen, and the pages left for "更多". Replies with personal data are
 * never cut (the rest would wait in the session store).
 */
export function fitScreen(replies: Reply[], screen: ScreenSize): { shown: Reply[]; pages: string[] } {
  if (repliesLines(replies, screen) <= screen.lines || replies.some((r) => typeof r !== 'string')) return { shown: replies, pages: [] };
  const last = replies.at(-1)!;
  const tailLines = replies.length > 1 ? screenLines(textOf(last), screen) : Infinity;
  const tail = tailLines <= screen.lines / 2 ? [textOf(last)] : [];
  const body = (tail.length ? replies.slice(0, -1) : replies).map(textOf).join('\n').split('\n');
  const budget = screen.lines - (tail.length ? tailLines + 1 : 0) - 1;
  const first = take(body, budget, screen);
  const shown = [[...first.head, MORE_HINT].join('\n'), ...tail];
  return { shown, pages: pagesOf(first.rest, screen) };
}
