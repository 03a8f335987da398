/**
 * Place handling shared by the course dialogs: the compact place stored in dialog state, turning
 * gazetteer answers into it, the user's saved county, and remembering a resolved county.
 */
import { z } from 'zod';
import type { GeoPoint } from '../../shared/geo.js';
import type { Place, PlaceResolution } from '../../courses/types.js';
import type { DialogContext } from '../types.js';

/** A searchable point as stored in dialog state. */
export const statePlaceSchema = z.object({
  label: z.string(),
  lat: z.number(),
  lng: z.number(),
  countyCode: z.string().nullable(),
});
export type StatePlace = z.infer<typeof statePlaceSchema>;

/** A numbered place choice: a resolved place, or a suggested name to resolve when chosen. */
export const placeOptionSchema = z.object({ label: z.string(), place: statePlaceSchema.nullable() });
export type PlaceOption = z.infer<typeof placeOptionSchema>;

/** Short label of a gazetteer place ("榆中县夏官营镇", "安定区"). */
export function placeLabel(p: Place): string {
  return p.township ? `${p.county}${p.township}` : p.county;
}

export function fromPlace(p: Place): StatePlace {
  return { label: placeLabel(p), lat: p.lat, lng: p.lng, countyCode: p.countyCode };
}

/** A shared location; its county comes from the catalog when it can tell. */
export function fromLocation(point: GeoPoint, ctx: DialogContext): StatePlace {
  const county = ctx.services.courses.nearestCounty(point);
  return {
    label: county ? `您的位置（${county.county}）` : '您的位置',
    lat: point.lat,
    lng: point.lng,
    countyCode: county?.countyCode ?? null,
  };
}

/** Options for an ambiguous name (labels made unique with the prefecture when needed). */
export function ambiguousOptions(places: Place[]): PlaceOption[] {
  const labels = places.map(placeLabel);
  return places.slice(0, 7).map((p, i) => {
    const dup = labels.filter((l) => l === labels[i]).length > 1;
    return { label: dup ? `${p.prefecture}${labels[i]}` : labels[i]!, place: fromPlace(p) };
  });
}

/** The user's saved county as a place, when known and the catalog can locate it. */
export function savedPlace(ctx: DialogContext): StatePlace | null {
  const code = ctx.user.countyCode;
  if (!code) return null;
  const p = ctx.services.courses.countyPlace(code);
  return p ? fromPlace(p) : null;
}

/** Remembers the county for next time (User.countyCode). Never fails the turn. */
export async function rememberCounty(place: StatePlace, ctx: DialogContext): Promise<void> {
  if (!place.countyCode || place.countyCode === ctx.user.countyCode) return;
  try {
    await ctx.services.db.user.update({ where: { id: ctx.user.id }, data: { countyCode: place.countyCode } });
    ctx.user.countyCode = place.countyCode;
  } catch (err) {
    ctx.services.log.warn({ err }, 'could not save county');
  }
}

/** What a resolution means for a dialog: a place, a numbered choice, or nothing usable. */
export type PlaceOutcome =
  | { kind: 'place'; place: StatePlace }
  | { kind: 'choose'; options: PlaceOption[]; name: string }
  | { kind: 'unknown'; options: PlaceOption[] };

export function placeOutcome(r: PlaceResolution): PlaceOutcome {
  if (r.kind === 'found') return { kind: 'place', place: fromPlace(r.place) };
  if (r.kind === 'ambiguous') return { kind: 'choose', options: ambiguousOptions(r.options), name: ambiguousName(r.options) };
  return { kind: 'unknown', options: r.suggestions.slice(0, 5).map((s) => ({ label: s, place: null })) };
}

/** What the ambiguous name was, for "定西市有几个县区…": the shared prefecture or township name. */
function ambiguousName(places: Place[]): string {
  const prefectures = new Set(places.map((p) => p.prefecture));
  const townships = new Set(places.map((p) => p.township ?? ''));
  if (townships.size === 1 && !townships.has('')) return [...townships][0]!;
  if (prefectures.size === 1 && townships.has('')) return [...prefectures][0]!;
  return '';
}
