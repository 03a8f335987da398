/**
 * Interest notices (a producer: it only enqueues). A person who found no course stored a "tell
 * me when one opens" interest (keyword, category, county). When a course created after that
 * interest — by staff in the console, by an import, by the CLI in another process — matches it,
 * the person is told once: the interest gets `notifiedAt` and is never matched again.
 *
 * A match: the course is open (or full) and has not started; the category is the interest's
 * (when it named one); the keyword appears in the title or the trade, or names the trade (when
 * it has one); the place is within range — the same county, an online course, or county centres
 * at most INTEREST_RADIUS_KM apart (default 45) (an interest without a county matches anywhere).
 *
 * A job runs it every minute, so every path that adds courses is covered without hooks. One
 * message per person and course (key `interest:<userId>:<courseId>`); an announcement, so
 * opt-out, the weekly cap and quiet hours apply at send time.
 */
import type { Logger } from 'pino';
import type { OutboundQueue } from '../bot/ports.js';
import { haversineKm } from '../courses/search-index.js';
import type { Place } from '../courses/types.js';
import type { Db } from '../db/client.js';
import type { Clock } from '../shared/clock.js';
import { noticeTexts } from './texts.js';

/** County centres at most this far apart count as "near", by default (INTEREST_RADIUS_KM). */
export const INTEREST_RANGE_KM = 45;

export interface InterestDeps {
  db: Db;
  queue: OutboundQueue;
  clock: Clock;
  log: Logger;
  /** County centres (the gazetteer). */
  places: { counties(): Place[] };
  /** INTEREST_RADIUS_KM (default INTEREST_RANGE_KM). */
  radiusKm?: number;
}

interface CourseRow {
  id: number;
  createdAt: Date;
  title: string;
  occupation: string;
  category: string;
  countyCode: string | null;
  online: boolean;
  township: string | null;
  address: string;
  startDate: Date;
}

interface InterestRow {
  id: number;
  createdAt: Date;
  userId: number;
  keyword: string;
  category: string | null;
  countyCode: string | null;
}

/** Whether a course meets an interest (see the file comment). */
export function interestMatches(i: InterestRow, c: CourseRow, centres: Map<string, Place>, radiusKm = INTEREST_RANGE_KM): boolean {
  if (c.createdAt <= i.createdAt) return false;
  if (i.category && i.category !== c.category) return false;
  const kw = i.keyword.trim();
  if (kw && !c.title.includes(kw) && !c.occupation.includes(kw) && !(c.occupation && kw.includes(c.occupation))) return false;
  if (!i.countyCode || c.online || c.countyCode === i.countyCode) return true;
  const a = centres.get(i.countyCode);
  const b = c.countyCode ? centres.get(c.countyCode) : undefined;
  return !!a && !!b && haversineKm(a.lat, a.lng, b.lat, b.lng) <= radiusKm;
}

/** Matches open interests against the courses created since; queues one notice per person and course. */
export async function notifyInterests(deps: InterestDeps): Promise<{ matched: number; queued: number }> {
  const { db, queue, clock, log } = deps;
  const interests: InterestRow[] = await db.courseInterest.findMany({
    where: { notifiedAt: null },
    select: { id: true, createdAt: true, userId: true, keyword: true, category: true, countyCode: true },
    orderBy: { id: 'asc' },
  });
  if (!interests.length) return { matched: 0, queued: 0 };
  const now = clock.now();
  const since = interests.reduce((m, i) => (i.createdAt < m ? i.createdAt : m), interests[0]!.createdAt);
  const courses: CourseRow[] = await db.course.findMany({
    where: { createdAt: { gt: since }, status: { in: ['open', 'full'] }, startDate: { gt: now } },
    select: { id: true, createdAt: true, title: true, occupation: true, category: true, countyCode: true, online: true, township: true, address: true, startDate: true },
    orderBy: { startDate: 'asc' },
  });
  if (!courses.length) return { matched: 0, queued: 0 };
  const centres = new Map(deps.places.counties().map((p) => [p.countyCode, p] as const));
  const byUser = new Map<number, { course: CourseRow; interestIds: number[] }>();
  for (const i of interests) {
    // The soonest matching course; one notice per person per run.
    const c = courses.find((course) => interestMatches(i, course, centres, deps.radiusKm));
    if (!c) continue;
    const hit = byUser.get(i.userId);
    if (hit && hit.course.id !== c.id) continue; // their other interests wait for the next run
    byUser.set(i.userId, { course: c, interestIds: [...(hit?.interestIds ?? []), i.id] });
  }
  let queued = 0;
  for (const [userId, { course, interestIds }] of byUser) {
    const county = `${centres.get(course.countyCode ?? '')?.county ?? ''}${course.township ?? ''}`;
    const place = course.online ? '线上' : county || course.address || '见课程详情';
    queued += await queue.enqueue([
      {
        userId,
        kind: 'interest',
        priority: 'announcement',
        body: noticeTexts.interestMatch({ title: course.title, startDate: course.startDate, place }),
        notBefore: now,
        idempotencyKey: `interest:${userId}:${course.id}`,
      },
    ]);
    // After the row exists: a crash in between re-queues the same key (ignored).
    await db.courseInterest.updateMany({ where: { id: { in: interestIds } }, data: { notifiedAt: now } });
  }
  if (byUser.size) log.info({ matched: byUser.size, queued }, 'interest notices queued');
  return { matched: byUser.size, queued };
}
