/**
 * The sign-up rule of the catalog, in one place: a course takes sign-ups while its status is
 * open or full (full → onto the waitlist) and it does not start before today, China time.
 * Used by enrollment (the write), the search index (openOnly) and the course dialogs (details,
 * eligibility, sign-up).
 */
import type { Clock } from '../shared/clock.js';
import { chinaIsoDate } from '../shared/china-time.js';

/** Start of "today" in China (UTC+8) as the UTC-midnight date used for stored course dates. */
export function todayMs(clock: Clock): number {
  return Date.parse(chinaIsoDate(clock.now()));
}

/** Statuses that take sign-ups: open, and full (the sign-up goes onto the waitlist). */
export function statusTakesSignUps(status: string): boolean {
  return status === 'open' || status === 'full';
}

/** The rule on plain numbers (the search index keeps `startMs` per course and computes `today` once). */
export function acceptsSignUpsOn(status: string, startMs: number, today: number): boolean {
  return statusTakesSignUps(status) && startMs >= today;
}

/**
 * Whether a course still accepts sign-ups now. `startDate` is the stored date (UTC midnight of
 * the calendar day) or its ISO form "YYYY-MM-DD" (CourseView).
 */
export function acceptsSignUps(course: { status: string; startDate: Date | string }, clock: Clock): boolean {
  const startMs = typeof course.startDate === 'string' ? Date.parse(course.startDate) : course.startDate.getTime();
  return acceptsSignUpsOn(course.status, startMs, todayMs(clock));
}
