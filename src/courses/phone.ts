/**
 * Mainland China mobile numbers: normalization and validation (1[3-9] + 9 digits).
 */

/**
 * Normalizes a typed mobile number: strips spaces, dashes, dots and brackets, a leading
 * +86 / 0086 / 86, and full-width digits. Returns the 11-digit number, or null when the result
 * is not a mainland mobile number.
 */
export function normalizeMobile(input: string): string | null {
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
