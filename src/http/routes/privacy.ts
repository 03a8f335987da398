/**
 * Staff route for a person's request for a copy of their data (PIPL art. 45), under /api/admin:
 *   GET /people/:userId/export → everything we hold about them (src/privacy/export.ts) as a JSON
 *   attachment; 404 when there is no such user. Each export is logged with the staff member.
 */
import { Router } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { exportPersonalData } from '../../privacy/index.js';
import type { Clock } from '../../shared/clock.js';
import { HttpError } from '../errors.js';

export function privacyRoutes(deps: { db: Db; clock: Clock; log: Logger }): Router {
  const router = Router();
  router.get('/people/:userId/export', async (req, res) => {
    const id = z.coerce.number().int().positive().max(2 ** 31).safeParse(req.params.userId);
    if (!id.success) throw new HttpError(404, '没有找到这个用户');
    const data = await exportPersonalData(deps.db, id.data, deps.clock.now());
    if (!data) throw new HttpError(404, '没有找到这个用户');
    const staff = res.locals.staff as { username?: string } | undefined;
    deps.log.info({ userId: id.data, staff: staff?.username }, 'personal data exported');
    res.setHeader('content-disposition', `attachment; filename="user-${id.data}-data.json"`);
    res.setHeader('cache-control', 'no-store');
    res.json(data);
  });
  return router;
}
