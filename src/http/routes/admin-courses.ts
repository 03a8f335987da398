/**
 * Staff course routes (mounted under /api/admin behind the staff login; the guard puts
 * `res.locals.staff`). Every route is limited to the account's scope (src/staff/scope.ts): a
 * course or sign-up outside it answers 404, like one that does not exist. Institution accounts
 * cannot import (a catalog file may hold any institution's courses); county accounts may import
 * only rows of their own county or prefecture.
 *   POST   /courses/import?dryRun=true&validOnly=true   body: raw text/csv | xlsx | JSON {filename, contentBase64}
 *   GET    /courses/:id/enrollments                     → { enrollments: StaffEnrollmentView[] }
 *   POST   /courses/:id/enrollments {name, phone, groups, consent:true} → 201 {status, position?, enrollmentId}
 *   DELETE /enrollments/:id                             → cancels, promotes the first waitlisted
 * Sign-ups use the same EnrollmentService as the chat (via 'proxy', proxyBy = staff username).
 */
import express, { Router, type Response } from 'express';
import { z } from 'zod';
import type { CourseAdminServices } from '../../courses/services.js';
import { CourseError, GROUP_KEYS } from '../../courses/types.js';
import { parseGroupWords } from '../../courses/groups.js';
import { ImportFileError } from '../../courses/import/read-table.js';
import { courseInScope, enrollmentInScope } from '../../courses/staff-admin.js';
import { canUseInbox, countyInScope, courseWhere } from '../../staff/scope.js';
import { audit } from '../../staff/audit.js';
import { maskMobile } from '../../shared/phone.js';
import { HttpError } from '../errors.js';
import { currentStaff } from '../staff-session.js';
import { parseBody, parseQuery } from '../validate.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_UPLOAD = '10mb';

const flag = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((v) => v === 'true' || v === '1');
const importQuery = z.object({ dryRun: flag, validOnly: flag, force: flag, filename: z.string().max(200).optional() });
const importJson = z.object({
  filename: z.string().trim().min(1).max(200),
  contentBase64: z.string().min(1).max(14_000_000),
});
const enrollBody = z.object({
  name: z.string().trim().min(1).max(30),
  phone: z.string().trim().min(5).max(30),
  groups: z.array(z.string().max(30)).max(10).default([]),
  consent: z.literal(true, { message: '需要本人同意保存报名信息（consent 必须为 true）' }),
});
const idParam = z.string().regex(/^\d{1,9}$/, '编号不正确').transform(Number);

const STATUS_OF: Record<CourseError['code'], number> = {
  'not-found': 404,
  duplicate: 409,
  closed: 409,
  'not-eligible': 422,
  invalid: 400,
};

/** Maps a CourseError to an HttpError (other errors pass through). */
export function toHttpError(err: unknown): unknown {
  if (err instanceof CourseError) return new HttpError(STATUS_OF[err.code], err.message, { code: err.code });
  if (err instanceof ImportFileError) return new HttpError(err.status, err.message);
  return err;
}

function staffName(res: Response): string {
  const staff = res.locals.staff as { username?: string } | undefined;
  return staff?.username ?? 'staff';
}

function parseId(value: string | string[] | undefined): number {
  const r = idParam.safeParse(value);
  if (!r.success) throw new HttpError(400, '编号不正确');
  return r.data;
}

export function adminCourseRoutes(courses: CourseAdminServices): Router {
  const router = Router();
  const raw = express.raw({ type: ['text/csv', 'text/plain', 'application/csv', XLSX_TYPE, 'application/octet-stream'], limit: MAX_UPLOAD });
  const json = express.json({ limit: '15mb' });

  router.post('/courses/import', raw, json, async (req, res) => {
    const query = parseQuery(req, importQuery);
    let bytes: Uint8Array;
    let filename = query.filename;
    if (Buffer.isBuffer(req.body)) {
      bytes = req.body;
    } else if (req.body && typeof req.body === 'object' && 'contentBase64' in req.body) {
      const body = parseBody(req, importJson);
      bytes = Buffer.from(body.contentBase64, 'base64');
      filename = body.filename;
    } else {
      throw new HttpError(415, '请上传 CSV（text/csv）或 Excel（.xlsx）文件，或 JSON {filename, contentBase64}');
    }
    const who = currentStaff(res);
    if (!canUseInbox(who)) throw new HttpError(403, '机构账号不能导入课程目录，请联系县区人社局');
    const rowGuard =
      who.role === 'admin'
        ? undefined
        : async (row: { code: string; countyCode: string | null }) => {
            if (!countyInScope(who, row.countyCode)) return '「县区」不在您的管辖范围内';
            const existing = await courses.db.course.findUnique({ where: { code: row.code }, select: { countyCode: true } });
            if (existing && !countyInScope(who, existing.countyCode)) return `课程编码「${row.code}」已被其他县区使用`;
            return null;
          };
    try {
      const report = await courses.importCatalog(
        { bytes, ...(filename ? { filename } : {}), contentType: req.headers['content-type'] ?? '' },
        { dryRun: query.dryRun, validOnly: query.validOnly, force: query.force, ...(rowGuard ? { rowGuard } : {}) },
      );
      courses.log.info({ staff: staffName(res), written: report.written }, 'catalog import by staff');
      if (report.written) {
        await audit(courses.db, who, { action: 'course.import', details: { created: report.created, updated: report.updated, filename } });
      }
      res.status(report.ok || report.written ? 200 : 422).json(report);
    } catch (err) {
      throw toHttpError(err);
    }
  });

  router.get('/courses/:id/enrollments', async (req, res) => {
    try {
      const id = parseId(req.params.id);
      await courseInScope(courses.db, courseWhere(currentStaff(res)), id);
      res.json({ enrollments: await courses.listCourseEnrollments(id) });
    } catch (err) {
      throw toHttpError(err);
    }
  });

  router.post('/courses/:id/enrollments', async (req, res) => {
    const courseId = parseId(req.params.id);
    const body = parseBody(req, enrollBody);
    const groups = parseGroupWords(body.groups);
    const unknown = body.groups.filter((g) => !parseGroupWords([g]).length);
    if (unknown.length) throw new HttpError(400, `无法识别的人群：${unknown.join('、')}`, { allowed: GROUP_KEYS });
    try {
      await courseInScope(courses.db, courseWhere(currentStaff(res)), courseId);
      const outcome = await courses.enroll({
        courseId,
        name: body.name,
        phone: body.phone,
        groups,
        consent: true,
        via: 'proxy',
        proxyBy: staffName(res),
      });
      await audit(courses.db, currentStaff(res), {
        action: 'enrollment.proxy',
        target: `enrollment:${outcome.enrollmentId}`,
        details: { courseId, phone: maskMobile(body.phone), status: outcome.status },
      });
      res.status(201).json(outcome);
    } catch (err) {
      throw toHttpError(err);
    }
  });

  router.delete('/enrollments/:id', async (req, res) => {
    try {
      const id = parseId(req.params.id);
      await enrollmentInScope(courses.db, courseWhere(currentStaff(res)), id);
      await courses.cancelEnrollment(id, { staff: staffName(res) });
      await audit(courses.db, currentStaff(res), { action: 'enrollment.cancel', target: `enrollment:${id}` });
      res.json({ ok: true });
    } catch (err) {
      throw toHttpError(err);
    }
  });

  return router;
}
