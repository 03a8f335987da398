/**
 * Mainland China mobile numbers: normalization and validation (1[3-9] + 9 digits), one
 * implementation for sign-up, phone binding and the SMS channel (whose user id is the normalized
 * 11-digit number, the same form as User.phone).
 */

/**
 * Normalizes a typed mobile number: strips spaces, dashes, dots and brackets, a leading
 * +86 / 0086 / 86, and full-width digits. Returns the 11-digit number, or null when the result
 * is not a mainland mobile number.
 */
export function normalizeMobile(input: string | null | undefined): string | null {
  if (!input) return null;
  let s = input
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[＋]/g, '+')
    .replace(/[\s\-－—().（）]/g, '');
  s = s.replace(/^(?:\+86|0086|86(?=1\d{10}$))/, '');
  return /^1[3-9]\d{9}$/.test(s) ? s : null;
}

/** "138****5678" for display in lists (staff views, confirmations). */
export function maskMobile(phone: string): string {
  return /^\d{11}$/.test(phone) ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone;
}

/** True when `input` normalizes to a valid mainland mobile number. */
export function isMobile(input: string | null | undefined): boolean {
  return normalizeMobile(input) !== null;
}
