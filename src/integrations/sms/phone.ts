/**
 * Mainland mobile numbers for the SMS channel. The normalization itself lives in
 * src/courses/phone.ts (one implementation for sign-up and SMS); this module adds the
 * null-tolerant forms the channel needs. The SMS channelUserId is the normalized 11-digit
 * number (no country code), the same form as User.phone.
 */
import { maskMobile, normalizeMobile as normalizeTyped } from '../../courses/phone.js';

/** 11-digit number from "+86 139-1234-5678", "008613912345678", … or null when invalid. */
export function normalizeMobile(input: string | null | undefined): string | null {
  return input ? normalizeTyped(input) : null;
}

/** True when `input` normalizes to a valid mainland mobile number (1[3-9] + 9 digits). */
export function isMobile(input: string | null | undefined): boolean {
  return normalizeMobile(input) !== null;
}

export { maskMobile };
