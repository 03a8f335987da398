/** User-facing SMS texts (each well under one 70-character segment). */
export const smsTexts = {
  /** Appended to the last segment of a page when more pages wait. */
  more: '回复8看下一条',
  noMorePages: '没有更多内容了。回复“菜单”看服务列表。',
  optedOut: '已退订，今后不再给您发通知短信。有问题仍可直接发短信问我。',
  /** Verification code for linking a phone to a WeChat user. */
  bindCode: (code: string) => `您的绑定验证码是${code}，10分钟内有效。如非本人操作请忽略。`,
} as const;

/** Opt-out keywords (Chinese carrier rules): T, TD, R, 退订 (any case, trailing punctuation ignored). */
export const OPT_OUT_WORDS = new Set(['t', 'td', 'r', '退订', '退订短信']);

/** "8": next page of a paged reply. */
export const NEXT_PAGE_WORDS = new Set(['8']);
