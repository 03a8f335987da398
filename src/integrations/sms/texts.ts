import { DEFAULT_SMS_OPT_OUT_TEXT } from '../../notifications/texts.js';

/** User-facing SMS texts (each well under one 70-character segment). */
export const smsTexts = {
  /** Appended to the last segment of a page when more pages wait. */
  more: '回复8看下一条',
  noMorePages: '没有更多内容了。回复“菜单”看服务列表。',
  /** Carriers' opt-out hint at the end of an announcement (SMS_OPT_OUT_TEXT overrides it). */
  optOutHint: DEFAULT_SMS_OPT_OUT_TEXT,
  /** Verification code for linking a phone to a WeChat user. */
  bindCode: (code: string) => `您的绑定验证码是${code}，10分钟内有效。如非本人操作请忽略。`,
} as const;

/** "8": next page of a paged reply. */
export const NEXT_PAGE_WORDS = new Set(['8']);
