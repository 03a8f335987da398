/**
 * The one normalization of a turn's text: NFKC (full-width → ASCII), traditional → simplified
 * (OpenCC, the same converter the knowledge base uses), emoji, stickers and voice placeholders
 * ("[语音]5\"", "[表情]") removed, whitespace collapsed, trailing punctuation dropped.
 * `noise` is true when nothing readable is left ("👍", "[语音]", "???").
 */
import { t2s } from '../knowledge/normalize.js';

/** Placeholders WeChat and voice input put in the text instead of content. */
const PLACEHOLDER = /\[(?:语音|语言|表情|图片|视频|动画表情|链接|文件|位置|红包|转账|sticker|voice|image)\][\d"″”'’秒s]*/giu;
const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{FE0F}\u{200D}\u{20E3}]/gu;
const TRAILING = /[\s。．.!！?？~～,，、…;；:：]+$/u;
const LEADING = /^[\s@,，。、.…]+/u;

export interface NormalizedText {
  text: string;
  /** Nothing readable: emoji, stickers, placeholders or punctuation only. */
  noise: boolean;
  /** The text ended with or contained a question mark (before it was dropped). */
  questionMark: boolean;
}

export function normalizeTurnText(raw: string): NormalizedText {
  const nfkc = raw.normalize('NFKC');
  const questionMark = /[?？]/.test(nfkc);
  const cleaned = t2s(nfkc.replace(PLACEHOLDER, ' ').replace(EMOJI, ' '))
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .replace(LEADING, '')
    .replace(TRAILING, '')
    .trim();
  const readable = /[\p{L}\p{N}]/u.test(cleaned);
  return { text: readable ? cleaned : '', noise: !readable && raw.trim() !== '', questionMark };
}
