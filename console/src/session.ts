/**
 * The logged-in staff member and the small UI helpers every page uses. Its own module so pages
 * do not import the app shell (main.ts), which imports the pages.
 */
import { ApiError } from './api';

export interface Me { id: number; username: string; role: 'admin' | 'county' | 'institution'; countyCode: string | null; institutionId: number | null }
export let me: Me | null = null;

/** Set by the shell after login or /me. */
export function setMe(value: Me | null): void {
  me = value;
}

export function toast(text: string): void {
  let t = document.getElementById('toast');
  if (!t) { t = document.createElement('div'); t.id = 'toast'; document.body.append(t); }
  t.textContent = text; t.style.display = 'block';
  setTimeout(() => (t!.style.display = 'none'), 3000);
}
export const errText = (e: unknown) => (e instanceof ApiError || e instanceof Error ? e.message : String(e));
