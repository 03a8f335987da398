/** Calendar days in China Standard Time (UTC+8, no daylight saving), for "tomorrow" and dates in texts. */
const OFFSET_MS = 8 * 3600_000;

/** The instant when the CST calendar day containing `at` (shifted by `days`) begins. */
export function startOfChinaDay(at: Date, days = 0): Date {
  const local = at.getTime() + OFFSET_MS;
  const dayStart = local - (((local % 86_400_000) + 86_400_000) % 86_400_000);
  return new Date(dayStart - OFFSET_MS + days * 86_400_000);
}

/** The CST calendar date of `at` as "YYYY-MM-DD" (course dates are stored as that day's UTC midnight). */
export function chinaIsoDate(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** "12月3日" for a date in CST. */
export function chinaMonthDay(at: Date): string {
  const d = new Date(at.getTime() + OFFSET_MS);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}
