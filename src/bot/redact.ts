/**
 * What the kernel stores of a conversation's text (MessageLog, ProcessedMessage, the session's
 * last turn): mobile and ID card numbers masked everywhere; the answer to a question that asks
 * for personal data (a form's name or phone slot, see Dialog.personalInput) and replies flagged
 * `personal` (a form summary) are not stored at all. What staff need of a sign-up lives in the
 * Enrollment, not in the chat log.
 */
import { maskPii } from '../shared/logger.js';
import type { OutboundMessage } from './message.js';

/** Stored instead of an answer to a personal-data question. */
export const REDACTED_INPUT = '[个人信息，未保存]';
/** Stored instead of a reply that shows personal data (a redelivery gets this text). */
export const REDACTED_REPLY = '（这条回复含个人信息，未保存。回复“菜单”继续）';

/** Text as stored: phone and ID card numbers masked. */
export function storedText(text: string): string {
  return maskPii(text);
}

/** A reply as stored: personal replies replaced, numbers masked in the rest. */
export function storedReply(message: OutboundMessage): OutboundMessage {
  return message.personal ? { text: REDACTED_REPLY } : { text: storedText(message.text) };
}
