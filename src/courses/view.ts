/**
 * Course rows → CourseView (the shape dialogs and the HTTP API see), with seats left computed
 * from confirmed enrollments.
 */
import type { Db, Tx } from '../db/client.js';
import type { Gazetteer } from './gazetteer.js';
import { GROUP_KEYS, type CourseStatus, type CourseView, type GroupKey } from './types.js';

/** Enrollment statuses that take a seat. */
export const SEAT_STATUSES = ['confirmed', 'attended', 'certified'];

/** Parses a stored JSON array of group keys, dropping unknown ones. */
export function parseGroups(json: string): GroupKey[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((g): g is GroupKey => (GROUP_KEYS as readonly string[]).includes(g)) : [];
  } catch {
    return [];
  }
}

/** YYYY-MM-DD of a stored date (dates are stored as UTC midnight of the calendar day). */
export const isoDate = (d: Date) => d.toISOString().slice(0, 10);

type CourseRow = NonNullable<Awaited<ReturnType<Db['course']['findUnique']>>> & {
  institution: { name: string; type: string } | null;
};

export async function seatsTaken(db: Db | Tx, courseIds: number[]): Promise<Map<number, number>> {
  if (!courseIds.length) return new Map();
  const rows = await db.enrollment.groupBy({
    by: ['courseId'],
    where: { courseId: { in: courseIds }, status: { in: SEAT_STATUSES } },
    _count: { _all: true },
  });
  return new Map(rows.map((r) => [r.courseId, r._count._all]));
}

export function toView(row: CourseRow, taken: number, gazetteer: Gazetteer, distanceKm?: number): CourseView {
  const county = row.countyCode ? gazetteer.countyPlace(row.countyCode) : null;
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    occupation: row.occupation,
    category: row.category,
    level: row.level,
    subsidized: row.subsidized,
    subsidyNote: row.subsidyNote,
    eligibleGroups: parseGroups(row.eligibleGroups),
    startDate: isoDate(row.startDate),
    endDate: isoDate(row.endDate),
    scheduleText: row.scheduleText,
    durationDays: row.durationDays,
    capacity: row.capacity,
    seatsLeft: Math.max(0, row.capacity - taken),
    online: row.online,
    mobile: row.mobile,
    countyCode: row.countyCode,
    county: county?.county ?? null,
    township: row.township,
    address: row.address,
    lat: row.lat,
    lng: row.lng,
    status: row.status as CourseStatus,
    contact: row.contact,
    institution: row.institution ? { name: row.institution.name, type: row.institution.type } : null,
    isSample: row.isSample,
    ...(distanceKm !== undefined ? { distanceKm: Math.round(distanceKm * 10) / 10 } : {}),
  };
}

/** Loads views for ids, preserving the given order. */
export async function loadViews(
  db: Db,
  gazetteer: Gazetteer,
  ids: number[],
  distances?: Map<number, number>,
): Promise<CourseView[]> {
  if (!ids.length) return [];
  const rows = await db.course.findMany({
    where: { id: { in: ids } },
    include: { institution: { select: { name: true, type: true } } },
  });
  const taken = await seatsTaken(db, ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toView(row, taken.get(id) ?? 0, gazetteer, distances?.get(id))] : [];
  });
}
