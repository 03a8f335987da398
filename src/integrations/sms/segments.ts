/**
 * SMS paging. A reply is cut into segments of at most `segmentChars` characters (70 = one
 * UCS-2 SMS) at sentence boundaries; at most `maxSegments` segments go out per page. When the
 * text needs more, every page but the last ends with the "more" hint (回复8看下一条) and the
 * remaining pages are kept until the user replies 8.
 */
import { splitText } from '../../bot/split.js';

export interface PagingOptions {
  segmentChars: number;
  maxSegments: number;
  /** Hint appended to the last segment of a page that has a successor. */
  moreHint: string;
}

const len = (s: string) => [...s].length;

/** Takes the first chunk of at most `max` characters off `text` (sentence boundary if possible). */
function takeChunk(text: string, max: number): [string, string] {
  const head = splitText(text, max)[0] ?? '';
  // splitText trims; find where `head` ends in `text` to get the rest.
  const start = text.indexOf(head);
  const rest = text.slice(start + head.length).replace(/^[\s\n]+/, '');
  return [head, rest];
}

/**
 * Splits `text` into pages; each page is a list of segments, every segment ≤ segmentChars
 * (hint included). A text that fits one page gives exactly one page with no hint.
 */
export function paginate(text: string, options: PagingOptions): string[][] {
  const { segmentChars, maxSegments, moreHint } = options;
  if (segmentChars <= len(moreHint) + 1) throw new Error('segmentChars too small for the paging hint');
  const trimmed = text.trim();
  if (!trimmed) return [];
  const plain = splitText(trimmed, segmentChars);
  if (plain.length <= maxSegments) return [plain];

  const pages: string[][] = [];
  let rest = trimmed;
  while (rest) {
    // Would the rest fit one final page without a hint?
    const tail = splitText(rest, segmentChars);
    if (tail.length <= maxSegments) {
      pages.push(tail);
      break;
    }
    const page: string[] = [];
    for (let i = 0; i < maxSegments && rest; i++) {
      const last = i === maxSegments - 1;
      const [chunk, after] = takeChunk(rest, last ? segmentChars - len(moreHint) - 1 : segmentChars);
      page.push(last ? `${chunk}\n${moreHint}` : chunk);
      rest = after;
    }
    pages.push(page);
  }
  return pages;
}
