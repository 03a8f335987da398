/**
 * Text hygiene for what people type: one NFC form, no invisible steering characters.
 *  - bidi embedding/override/isolate controls (U+202A–202E, U+2066–2069) and marks (U+200E/F,
 *    U+061C) can make a stored name read differently to staff than it is: stripped from free
 *    text, refused in names;
 *  - NUL and other C0/C1 control characters (tab and newline aside) are stripped / refused;
 *  - zero-width characters (U+200B–200D, U+2060, U+FEFF) are stripped; a name of only those is empty;
 *  - a lone UTF-16 surrogate cannot be stored faithfully (SQLite would keep U+FFFD): HTTP
 *    boundaries refuse it (`isWellFormedText`), the message boundary drops it.
 */
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** True when the string has no lone surrogate (it can be stored and shown as typed). */
export function isWellFormedText(text: string): boolean {
  return !new RegExp(LONE_SURROGATE.source).test(text);
}

/** Free text: lone surrogates, bidi and control characters and zero-width characters removed, then NFC. */
export function cleanText(text: string): string {
  return text.replace(LONE_SURROGATE, '').replace(BIDI, '').replace(CONTROL, '').replace(ZERO_WIDTH, '').normalize('NFC');
}

/**
 * A person's name, NFC and trimmed; null when it carries a lone surrogate, a bidi or control
 * character, or nothing visible (e.g. only zero-width characters).
 */
export function cleanPersonName(text: string): string | null {
  if (!isWellFormedText(text) || new RegExp(BIDI.source).test(text) || new RegExp(CONTROL.source).test(text) || /[\t\n\r]/.test(text)) return null;
  const name = text.replace(ZERO_WIDTH, '').normalize('NFC').trim();
  return /[\p{L}\p{N}]/u.test(name) ? name : null;
}
