/**
 * Dashboard figures (under /api/admin, behind the staff login), limited to the account's scope:
 *   GET /stats?county=&courseId=&institutionId=&groupBy=county|institution|course
 *     → {signUps, attended, certified, passRate, followUps{answered,employed,entrepreneur,seeking,undisclosed},
 *        employmentRate, broadcasts, messagesSent, people{reached,asked,questions,abstained,abstainRate,optOuts}|null,
 *        scope, rows[…]}
 * Definitions in ../../staff/stats.ts. A county outside a county account's area → 403; a course or
 * institution outside the scope → 404.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { staffStats, StatsScopeError } from '../../staff/stats.js';
import { HttpError } from '../errors.js';
import { currentStaff } from '../staff-session.js';
import { parseQuery } from '../validate.js';

const idText = z.string().regex(/^\d{1,9}$/, '编号不正确').transform(Number);
const statsQuery = z.object({
  county: z.string().regex(/^\d{6}$/, 'county 应为6位县区代码').optional(),
  courseId: idText.optional(),
  institutionId: idText.optional(),
  groupBy: z.enum(['county', 'institution', 'course']).optional(),
});

export interface StatsRouteOptions {
  db: Db;
  /** County name of an adcode (rows grouped by county are labelled with it). */
  countyName?: (code: string) => string;
}

export function adminStatsRoutes(options: StatsRouteOptions): Router {
  const router = Router();
  router.get('/stats', async (req, res) => {
    const q = parseQuery(req, statsQuery);
    try {
      res.json(await staffStats(options.db, currentStaff(res), q, options.countyName));
    } catch (err) {
      if (err instanceof StatsScopeError) throw new HttpError(err.status, err.message);
      throw err;
    }
  });
  return router;
}
