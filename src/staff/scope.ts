/**
 * What a staff account may see, by role:
 *   admin        everything (province); manages staff; reads the audit log
 *   county       one county (adcode) — or a whole prefecture when its code ends in "00":
 *                its courses, their sign-ups, its people's requests for a person
 *   institution  its own institution's courses and their sign-ups, nothing else
 * Every staff query adds `courseWhere`/`handoffWhere` so a row outside the scope is simply not
 * found (404), the same answer as a row that does not exist: guessing ids reveals nothing.
 */
export const STAFF_ROLES = ['admin', 'county', 'institution'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffIdentity {
  id: number;
  username: string;
  role: StaffRole;
  countyCode: string | null;
  institutionId: number | null;
}

/** "620123" → "620123"; a prefecture "620100" → "6201" (matches every county in it). */
export function countyPrefix(code: string): string {
  return /^\d{4}00$/.test(code) ? code.slice(0, 4) : code;
}

/** Whether a county code lies inside the account's county or prefecture. */
export function countyInScope(who: StaffIdentity, countyCode: string | null | undefined): boolean {
  if (who.role === 'admin') return true;
  if (who.role !== 'county' || !who.countyCode || !countyCode) return false;
  return countyCode.startsWith(countyPrefix(who.countyCode));
}

/** A Prisma `where` fragment for Course rows the account may see. */
export function courseWhere(who: StaffIdentity): Record<string, unknown> {
  if (who.role === 'admin') return {};
  if (who.role === 'county' && who.countyCode) return { countyCode: { startsWith: countyPrefix(who.countyCode) } };
  if (who.role === 'institution' && who.institutionId !== null) return { institutionId: who.institutionId };
  return { id: -1 };
}

/** A Prisma `where` fragment for HandoffRequest rows (institutions see none). */
export function handoffWhere(who: StaffIdentity): Record<string, unknown> {
  if (who.role === 'admin') return {};
  if (who.role === 'county' && who.countyCode) return { countyCode: { startsWith: countyPrefix(who.countyCode) } };
  return { id: -1 };
}

/** Roles that work the inbox and the knowledge base (institutions only run their courses). */
export function canUseInbox(who: StaffIdentity): boolean {
  return who.role === 'admin' || who.role === 'county';
}
