/**
 * Public course API.
 *   GET /api/courses?near=榆中&q=电工&category=...&limit=&offset=&online=
 *   GET /api/courses?lat=..&lng=..            → { courses: CourseView[], place? } nearest first
 *   GET /api/courses/:id                      → CourseView (404 when missing)
 * An unknown place gives 400 with the closest names; an ambiguous one 400 with the options.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { CourseServices, Place } from '../../courses/types.js';
import { COURSE_CATEGORIES } from '../../courses/types.js';
import { HttpError } from '../errors.js';
import { parseQuery } from '../validate.js';

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const listQuery = z
  .object({
    near: z.string().trim().min(1).max(50).optional(),
    lat: z.coerce.number().min(-90).max(90).optional(),
    lng: z.coerce.number().min(-180).max(180).optional(),
    q: z.string().trim().max(50).optional(),
    category: z.enum(COURSE_CATEGORIES).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(10),
    offset: z.coerce.number().int().min(0).max(10_000).default(0),
    online: flag.optional(),
    openOnly: flag.optional(),
    maxKm: z.coerce.number().positive().max(2000).optional(),
  })
  .refine((v) => (v.lat === undefined) === (v.lng === undefined), { message: 'lat 和 lng 需要同时提供' });

const placeLabel = (p: Place) => `${p.county}${p.township ?? ''}`;

export function courseRoutes(courses: CourseServices): Router {
  const router = Router();

  router.get('/api/courses', async (req, res) => {
    const query = parseQuery(req, listQuery);
    let place: Place | undefined;
    let near: { lat: number; lng: number } | undefined;
    if (query.lat !== undefined && query.lng !== undefined) {
      near = { lat: query.lat, lng: query.lng };
    } else if (query.near) {
      const r = courses.resolvePlace(query.near);
      if (r.kind === 'unknown') {
        throw new HttpError(400, `没有找到地名「${query.near}」`, { suggestions: r.suggestions });
      }
      if (r.kind === 'ambiguous') {
        throw new HttpError(400, `「${query.near}」对应多个地方，请写得更具体`, { options: r.options.map(placeLabel) });
      }
      place = r.place;
      near = { lat: r.place.lat, lng: r.place.lng };
    }
    const list = await courses.search({
      ...(near ? { near } : {}),
      ...(query.q ? { q: query.q } : {}),
      ...(query.category ? { category: query.category } : {}),
      ...(query.online !== undefined ? { includeOnline: query.online } : {}),
      ...(query.openOnly !== undefined ? { openOnly: query.openOnly } : {}),
      ...(query.maxKm !== undefined ? { maxDistanceKm: query.maxKm } : {}),
      limit: query.limit,
      offset: query.offset,
    });
    res.json({ courses: list, ...(place ? { place } : {}) });
  });

  router.get('/api/courses/:id', async (req, res) => {
    const id = Number(req.params.id);
    if (!/^\d{1,9}$/.test(req.params.id)) throw new HttpError(400, '课程编号不正确');
    const course = await courses.get(id);
    if (!course) throw new HttpError(404, '没有找到这个课程');
    res.json(course);
  });

  return router;
}
