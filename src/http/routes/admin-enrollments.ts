/**
 * Outcomes staff record on a sign-up (under /api/admin, scoped like admin-catalog.ts: a county
 * account reaches only its county's — or prefecture's — courses' sign-ups, an institution only
 * its own; anything else is 404, the same as an id that does not exist):
 *   PATCH /enrollments/:id {"attended"?: bool, "certified"?: bool}
 *     → {"id","status","attended","certified"}   (certified implies attended)
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { setEnrollmentMarks } from '../../courses/staff-admin.js';
import { audit } from '../../staff/audit.js';
import { courseWhere } from '../../staff/scope.js';
import { HttpError } from '../errors.js';
import { currentStaff } from '../staff-session.js';
import { parseBody } from '../validate.js';
import { toHttpError } from './admin-courses.js';

const marksBody = z
  .strictObject({ attended: z.boolean().optional(), certified: z.boolean().optional() })
  .refine((b) => b.attended !== undefined || b.certified !== undefined, '请填写 attended 或 certified');
const idParam = z.string().regex(/^\d{1,9}$/).transform(Number);

export function adminEnrollmentRoutes(deps: { db: Db; now(): Date }): Router {
  const router = Router();
  router.patch('/enrollments/:id', async (req, res) => {
    const who = currentStaff(res);
    const parsed = idParam.safeParse(req.params.id);
    if (!parsed.success) throw new HttpError(404, '没有找到');
    const marks = parseBody(req, marksBody);
    const result = await setEnrollmentMarks(deps.db, courseWhere(who), parsed.data, marks, deps.now()).catch((err: unknown) => {
      throw toHttpError(err);
    });
    await audit(deps.db, who, { action: 'enrollment.marks', target: `enrollment:${parsed.data}`, details: marks });
    res.json(result);
  });
  return router;
}
