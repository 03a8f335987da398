/**
 * In-memory grid index for "nearest courses" search.
 *
 * Why in memory: the catalog is small per row (id, point, a few filter fields, ~100 bytes) even at
 * 100k courses, while a SQL bounding box over SQLite still has to read and filter every row in the
 * box through Prisma (tens of ms). The grid answers nearest-k with filters by scanning rings of
 * 0.1° cells outward from the point and stops as soon as no unvisited cell can be closer than the
 * k-th hit. The index is rebuilt from the database when the catalog changes (import, sample load)
 * and patched in place when an enrollment flips a course between open and full.
 */
import { acceptsSignUpsOn, statusTakesSignUps } from './rules.js';
import { matchesTerms } from './synonyms.js';

export interface IndexedCourse {
  id: number;
  lat: number | null;
  lng: number | null;
  online: boolean;
  status: string;
  startMs: number;
  category: string;
  countyCode: string | null;
  /** Target groups the course is reserved for (empty = open to everyone). */
  groups: readonly string[];
  /** Lower-cased title + occupation (+ category) for keyword matching. */
  text: string;
}

export interface IndexFilter {
  terms: string[];
  category?: string;
  /** Sign-up still possible (rules.ts: acceptsSignUpsOn against `todayMs`). */
  openOnly: boolean;
  todayMs: number;
  /**
   * Split by target group: `want: true` keeps only courses reserved for one of `groups`,
   * `want: false` only the others (open to everyone, or reserved for other groups).
   */
  preferred?: { groups: ReadonlySet<string>; want: boolean };
}

/** Whether a course passes the `preferred` split of a filter. */
export function inPreferredPart(c: Pick<IndexedCourse, 'groups'>, preferred: IndexFilter['preferred']): boolean {
  if (!preferred) return true;
  return c.groups.some((g) => preferred.groups.has(g)) === preferred.want;
}

export interface Hit {
  id: number;
  distanceKm: number;
}

const CELL_DEG = 0.1;
const EARTH_KM = 6371;
const KM_PER_DEG = (Math.PI / 180) * EARTH_KM;
/** Smallest cell side in km anywhere in Gansu (lng side at ~43°N). */
const CELL_MIN_KM = CELL_DEG * KM_PER_DEG * Math.cos((43 * Math.PI) / 180);

/** Great-circle distance in km. */
export function haversineKm(aLat: number, aLng: number, bLat: number, bLng: number): number {
  const toRad = Math.PI / 180;
  const dLat = (bLat - aLat) * toRad;
  const dLng = (bLng - aLng) * toRad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(aLat * toRad) * Math.cos(bLat * toRad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

const cellOf = (v: number) => Math.floor(v / CELL_DEG);

/** Keyword match per course slot, for one set of terms (null = no keyword). */
type KeywordMask = Uint8Array | null;

type Slotted = IndexedCourse & { slot: number; cell?: Cell; at?: number };
/** One grid cell as parallel typed arrays (cache-friendly scans; objects touched only for hits). */
interface Cell {
  items: Slotted[];
  lat: Float64Array;
  lng: Float64Array;
  slot: Int32Array;
  startMs: Float64Array;
  /** 1 when the status takes sign-ups (rules.ts: statusTakesSignUps). */
  signable: Uint8Array;
  category: Int32Array;
}
const signable = (status: string) => (statusTakesSignUps(status) ? 1 : 0);

function matches(c: Slotted, f: IndexFilter, mask: KeywordMask): boolean {
  if (f.openOnly && !acceptsSignUpsOn(c.status, c.startMs, f.todayMs)) return false;
  if (f.category && c.category !== f.category) return false;
  if (mask && mask[c.slot] === 0) return false;
  return inPreferredPart(c, f.preferred);
}

const MASK_CACHE_SIZE = 256;

export class CourseIndex {
  /** All courses; a course's position here is its "slot" (used by keyword masks). */
  private readonly slots: Slotted[] = [];
  /** Keyword → which slots match: computed once per keyword (one pass over titles), then O(1) per course. */
  private readonly masks = new Map<string, Uint8Array>();
  /** Grid cells; coordinates in typed arrays so the distance test runs over contiguous memory. */
  private readonly cells = new Map<number, Cell>();
  private readonly byId = new Map<number, Slotted>();
  private readonly categories = new Map<string, number>();
  /** Courses without a point (online, or missing coordinates). */
  readonly pointless: Slotted[] = [];
  private minRow = Infinity;
  private maxRow = -Infinity;
  private minCol = Infinity;
  private maxCol = -Infinity;

  constructor(courses: Iterable<IndexedCourse>) {
    const grouped = new Map<number, Slotted[]>();
    for (const course of courses) {
      const c: Slotted = { ...course, slot: this.slots.length };
      this.slots.push(c);
      this.byId.set(c.id, c);
      if (c.online || c.lat === null || c.lng === null) {
        this.pointless.push(c);
        continue;
      }
      const row = cellOf(c.lat);
      const col = cellOf(c.lng);
      const key = row * 10_000 + col;
      let list = grouped.get(key);
      if (!list) grouped.set(key, (list = []));
      list.push(c);
      this.minRow = Math.min(this.minRow, row);
      this.maxRow = Math.max(this.maxRow, row);
      this.minCol = Math.min(this.minCol, col);
      this.maxCol = Math.max(this.maxCol, col);
    }
    for (const [key, items] of grouped) {
      const cell: Cell = {
        items,
        lat: Float64Array.from(items, (c) => c.lat!),
        lng: Float64Array.from(items, (c) => c.lng!),
        slot: Int32Array.from(items, (c) => c.slot),
        startMs: Float64Array.from(items, (c) => c.startMs),
        signable: Uint8Array.from(items, (c) => signable(c.status)),
        category: Int32Array.from(items, (c) => this.categoryId(c.category)),
      };
      items.forEach((c, i) => {
        c.cell = cell;
        c.at = i;
      });
      this.cells.set(key, cell);
    }
  }

  get size(): number {
    return this.byId.size;
  }

  private categoryId(category: string): number {
    let id = this.categories.get(category);
    if (id === undefined) this.categories.set(category, (id = this.categories.size));
    return id;
  }

  private mask(terms: string[]): KeywordMask {
    if (!terms.length) return null;
    const key = terms.join('\u0000');
    let mask = this.masks.get(key);
    if (mask) {
      // LRU: move to the back.
      this.masks.delete(key);
      this.masks.set(key, mask);
      return mask;
    }
    mask = new Uint8Array(this.slots.length);
    for (let i = 0; i < this.slots.length; i++) if (matchesTerms(this.slots[i]!.text, terms)) mask[i] = 1;
    this.masks.set(key, mask);
    if (this.masks.size > MASK_CACHE_SIZE) this.masks.delete(this.masks.keys().next().value!);
    return mask;
  }

  /** Updates a course's status in place (open ↔ full after an enrollment). */
  setStatus(id: number, status: string): void {
    const c = this.byId.get(id);
    if (!c) return;
    c.status = status;
    if (c.cell && c.at !== undefined) c.cell.signable[c.at] = signable(status);
  }

  /** All matching courses with a point within `maxKm`, nearest first, at most `need` of them. */
  nearest(lat: number, lng: number, filter: IndexFilter, need: number, maxKm: number): Hit[] {
    const hits: Hit[] = [];
    if (need <= 0 || this.cells.size === 0) return hits;
    const mask = this.mask(filter.terms);
    const row0 = cellOf(lat);
    const col0 = cellOf(lng);
    const maxRing = Math.max(
      Math.abs(row0 - this.minRow),
      Math.abs(row0 - this.maxRow),
      Math.abs(col0 - this.minCol),
      Math.abs(col0 - this.maxCol),
    );
    let kth = Infinity; // distance of the need-th hit so far
    const kmPerDegLng = KM_PER_DEG * Math.cos((lat * Math.PI) / 180);
    const { openOnly, todayMs: today } = filter;
    // -1: no category filter; an unknown category matches nothing (-2).
    const categoryId = filter.category ? (this.categories.get(filter.category) ?? -2) : -1;
    for (let r = 0; r <= maxRing; r++) {
      // Every cell in ring r is at least (r - 1) whole cells away.
      if ((r - 1) * CELL_MIN_KM > Math.min(kth, maxKm)) break;
      for (let dr = -r; dr <= r; dr++) {
        const edgeRow = Math.abs(dr) === r;
        for (let dc = -r; dc <= r; dc += edgeRow ? 1 : 2 * r) {
          const cell = this.cells.get((row0 + dr) * 10_000 + (col0 + dc));
          if (cell) {
            const { items, lat: lats, lng: lngs } = cell;
            for (let i = 0; i < items.length; i++) {
              // Equirectangular distance: within 0.1% of the great circle at these ranges and much
              // cheaper than haversine; the kept hits get the exact distance at the end. Distance
              // first (contiguous typed arrays), the filters only for courses that would make the list.
              const dy = (lats[i]! - lat) * KM_PER_DEG;
              const dx = (lngs[i]! - lng) * kmPerDegLng;
              const d = Math.sqrt(dx * dx + dy * dy);
              if (d > maxKm || (hits.length >= need && d >= kth)) continue;
              // acceptsSignUpsOn, with the status half precomputed per cell.
              if (openOnly && (cell.signable[i] === 0 || cell.startMs[i]! < today)) continue;
              if (categoryId !== -1 && cell.category[i] !== categoryId) continue;
              if (mask && mask[cell.slot[i]!] === 0) continue;
              const c = items[i]!;
              if (filter.preferred && !inPreferredPart(c, filter.preferred)) continue;
              insertSorted(hits, { id: c.id, distanceKm: d }, need);
              if (hits.length >= need) kth = hits[hits.length - 1]!.distanceKm;
            }
          }
          if (r === 0) break;
        }
      }
    }
    for (const h of hits) {
      const c = this.byId.get(h.id)!;
      h.distanceKm = haversineKm(lat, lng, c.lat!, c.lng!);
    }
    return hits;
  }

  /** Matching courses without distance: all of them, in `order`. */
  all(filter: IndexFilter, withPoint: boolean, withoutPoint: boolean): IndexedCourse[] {
    const out: IndexedCourse[] = [];
    const mask = this.mask(filter.terms);
    const ok = (c: Slotted) => matches(c, filter, mask);
    if (withPoint) for (const cell of this.cells.values()) for (const c of cell.items) if (ok(c)) out.push(c);
    if (withoutPoint) for (const c of this.pointless) if (ok(c)) out.push(c);
    return out;
  }
}

/** Inserts keeping `list` sorted by distance, then id; truncates to `max`. */
function insertSorted(list: Hit[], hit: Hit, max: number): void {
  let i = list.length;
  while (i > 0 && (list[i - 1]!.distanceKm > hit.distanceKm || (list[i - 1]!.distanceKm === hit.distanceKm && list[i - 1]!.id > hit.id))) i--;
  list.splice(i, 0, hit);
  if (list.length > max) list.pop();
}
