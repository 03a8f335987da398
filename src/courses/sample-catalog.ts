/**
 * The sample catalog (data/catalog/sample-courses.json): clearly marked 示例 courses loaded on
 * first start when the Course table is empty. Dates are stored as offsets in days and
 * materialized with the injected clock, so the sample always lies in the future and tests are
 * deterministic.
 */
import { readFileSync } from 'node:fs';
import { dataPath } from '../shared/data-path.js';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Clock } from '../shared/clock.js';
import type { Db } from '../db/client.js';
import { todayMs } from './rules.js';
import type { Gazetteer } from './gazetteer.js';
import { defaultGazetteer } from './services.js';
import { COURSE_CATEGORIES, GROUP_KEYS } from './types.js';

const DAY_MS = 86_400_000;
export const SAMPLE_CATALOG_FILE = dataPath('catalog', 'sample-courses.json');

const sampleSchema = z.object({
  note: z.string(),
  institutions: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      type: z.string(),
      countyCode: z.string(),
      licenceNote: z.string(),
      isSample: z.boolean(),
    }),
  ),
  courses: z.array(
    z.object({
      code: z.string().startsWith('SAMPLE-'),
      title: z.string().includes('示例'),
      occupation: z.string(),
      category: z.enum(COURSE_CATEGORIES),
      level: z.string().nullable(),
      subsidized: z.boolean(),
      subsidyNote: z.string(),
      eligibleGroups: z.array(z.enum(GROUP_KEYS)),
      startOffsetDays: z.number().int(),
      durationDays: z.number().int().min(1),
      scheduleText: z.string(),
      capacity: z.number().int().min(1),
      online: z.boolean(),
      mobile: z.boolean(),
      countyCode: z.string().nullable(),
      township: z.string().nullable(),
      address: z.string(),
      status: z.enum(['open', 'full', 'closed', 'cancelled']),
      contact: z.string(),
      institution: z.string().nullable(),
      /** Placeholder confirmed seats (so "full" sample courses really are full). */
      seatsTaken: z.number().int().min(0),
    }),
  ),
});
export type SampleCatalog = z.infer<typeof sampleSchema>;

export function readSampleCatalog(file = SAMPLE_CATALOG_FILE): SampleCatalog {
  return sampleSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/** Point of a township (when it has coordinates) or of its county. */
function pointOf(g: Gazetteer, countyCode: string | null, township: string | null): { lat: number; lng: number } | null {
  if (!countyCode) return null;
  const county = g.countyPlace(countyCode);
  if (!county) return null;
  if (township) {
    const r = g.resolve(`${county.county}${township}`);
    if (r.kind === 'found' && r.place.countyCode === countyCode) return { lat: r.place.lat, lng: r.place.lng };
  }
  return { lat: county.lat, lng: county.lng };
}

/**
 * Loads the sample catalog when the Course table is empty. Returns the number of courses created
 * (0 when the catalog already had courses).
 */
export async function ensureSampleCatalog(db: Db, clock: Clock, log: Logger, gazetteer: Gazetteer = defaultGazetteer()): Promise<number> {
  if ((await db.course.count()) > 0) return 0;
  const sample = readSampleCatalog();
  const base = todayMs(clock);
  const created = await db.$transaction(
    async (tx) => {
      const institutionIds = new Map<string, number>();
      for (const i of sample.institutions) {
        const p = pointOf(gazetteer, i.countyCode, null);
        const row = await tx.institution.upsert({
          where: { code: i.code },
          create: { ...i, lat: p?.lat ?? null, lng: p?.lng ?? null },
          update: {},
        });
        institutionIds.set(i.code, row.id);
      }
      for (const c of sample.courses) {
        const { startOffsetDays, seatsTaken, institution, eligibleGroups, ...rest } = c;
        const start = base + startOffsetDays * DAY_MS;
        const p = c.online ? null : pointOf(gazetteer, c.countyCode, c.township);
        const course = await tx.course.create({
          data: {
            ...rest,
            eligibleGroups: JSON.stringify(eligibleGroups),
            startDate: new Date(start),
            endDate: new Date(start + (c.durationDays - 1) * DAY_MS),
            lat: p?.lat ?? null,
            lng: p?.lng ?? null,
            institutionId: institution ? (institutionIds.get(institution) ?? null) : null,
            isSample: true,
          },
        });
        if (seatsTaken > 0) {
          await tx.enrollment.createMany({
            data: Array.from({ length: seatsTaken }, (_, k) => ({
              courseId: course.id,
              name: `示例学员${k + 1}`,
              phone: '',
              status: 'confirmed',
              via: 'proxy',
              proxyBy: 'sample-data',
              queuedAt: new Date(base - DAY_MS),
            })),
          });
        }
      }
      return sample.courses.length;
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
  log.info({ courses: created, institutions: sample.institutions.length }, 'sample course catalog loaded (示例数据)');
  return created;
}
