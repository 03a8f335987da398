/**
 * The console's catalog routes (under /api/admin, scoped like admin-courses.ts):
 *   GET  /courses?county=&category=&status=&from=&to=&q=&limit=&offset=  → {"total","courses":[…]}
 *   GET  /courses/export.xlsx?(same filters)                              → Excel
 *   GET  /courses/:id/roster.xlsx                                          → Excel roster
 *   POST /courses {…}  → 201 {"id"};  PATCH /courses/:id {…}  (a new start date or place tells the people signed up)
 *   POST /courses/:id/status {"status":"open"|"closed"|"cancelled"}  (cancel tells the people signed up)
 *   POST /enrollments/:id/mark {"mark":"attended"|"certified"}
 *   POST /enrollments/:id/promote                                          (waitlist → confirmed, told)
 *   GET  /places/counties                                                  → the counties this account may pick
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import type { CourseAdminServices } from '../../courses/services.js';
import {
  coursesXlsx,
  courseInScope,
  createCourse,
  listStaffCourses,
  markEnrollment,
  promoteFromWaitlist,
  rosterXlsx,
  setCourseStatus,
  updateCourse,
} from '../../courses/staff-admin.js';
import { COURSE_CATEGORIES, GROUP_KEYS } from '../../courses/types.js';
import { audit } from '../../staff/audit.js';
import { countyInScope, courseWhere, type StaffIdentity } from '../../staff/scope.js';
import { HttpError } from '../errors.js';
import { currentStaff } from '../staff-session.js';
import { parseBody, parseQuery } from '../validate.js';
import { toHttpError } from './admin-courses.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式如 2026-03-01').transform((s) => new Date(`${s}T00:00:00Z`));
const listQuery = z.object({
  county: z.string().regex(/^\d{6}$/).optional(),
  category: z.enum(COURSE_CATEGORIES).optional(),
  status: z.enum(['open', 'full', 'closed', 'cancelled']).optional(),
  from: day.optional(),
  to: day.optional(),
  q: z.string().trim().max(50).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
const courseBody = z.object({
  code: z.string().trim().regex(/^[A-Za-z0-9_.-]{1,40}$/, '课程编码只能包含字母、数字、-、_、.'),
  title: z.string().trim().min(2).max(100),
  occupation: z.string().trim().min(1).max(50),
  category: z.enum(COURSE_CATEGORIES),
  startDate: day,
  endDate: day,
  capacity: z.number().int().min(1).max(10000),
  countyCode: z.string().regex(/^\d{6}$/).nullable(),
  township: z.string().trim().max(30).nullable().optional(),
  address: z.string().trim().max(200).optional(),
  online: z.boolean().optional(),
  contact: z.string().trim().max(100).optional(),
  scheduleText: z.string().trim().max(200).optional(),
  subsidyNote: z.string().trim().max(300).optional(),
  eligibleGroups: z.array(z.enum(GROUP_KEYS)).max(10).optional(),
  institutionId: z.number().int().positive().nullable().optional(),
});
const idParam = z.string().regex(/^\d{1,9}$/).transform(Number);

/** A sign-up to tell about a course change or cancellation. */
export interface CourseSignUp {
  enrollmentId: number;
  userId: number | null;
  phone: string;
}

export interface CatalogRouteDeps {
  courses: CourseAdminServices;
  /** A course was cancelled: tell these sign-ups (and drop their queued reminders). */
  courseCancelled?(course: { id: number; title: string; contact: string }, signUps: CourseSignUp[]): Promise<void>;
  /** Staff changed these fields of a course (tell the people signed up when the start or the place moved). */
  courseChanged?(courseId: number, fields: string[]): Promise<void>;
  /** Staff promoted someone from the waitlist: tell them. */
  promoted?(p: { enrollmentId: number; userId: number | null; phone: string; course: { id: number; title: string; startDate: Date } }): Promise<void>;
}

function id(value: unknown): number {
  const r = idParam.safeParse(value);
  if (!r.success) throw new HttpError(404, '没有找到');
  return r.data;
}

/** County and institution accounts may only place courses inside their scope. */
function checkPlacement(who: StaffIdentity, body: { countyCode?: string | null; institutionId?: number | null }): void {
  if (who.role === 'county' && body.countyCode !== undefined && !countyInScope(who, body.countyCode)) {
    throw new HttpError(403, '只能管理本县区的课程');
  }
  if (who.role === 'institution' && body.institutionId !== undefined && body.institutionId !== who.institutionId) {
    throw new HttpError(403, '只能管理本机构的课程');
  }
}

async function wrap<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toHttpError(err);
  }
}

function sendXlsx(res: Response, name: string, buf: Buffer): void {
  res.set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  res.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
  res.send(buf);
}

export function adminCatalogRoutes(deps: CatalogRouteDeps): Router {
  const { courses } = deps;
  const { db, gazetteer } = courses;
  const router = Router();

  router.get('/places/counties', (_req, res) => {
    const who = currentStaff(res);
    res.json({ counties: gazetteer.counties().filter((c) => countyInScope(who, c.countyCode) || who.role === 'institution').map((c) => ({ code: c.countyCode, name: c.county, prefecture: c.prefecture })) });
  });

  router.get('/courses', async (req, res) => {
    const q = parseQuery(req, listQuery);
    const { county, ...rest } = q;
    res.json(await listStaffCourses(db, gazetteer, courseWhere(currentStaff(res)), { ...rest, ...(county ? { countyCode: county } : {}) }));
  });

  router.get('/courses/export.xlsx', async (req, res) => {
    const q = parseQuery(req, listQuery);
    const { county, ...rest } = q;
    const { courses: rows } = await listStaffCourses(db, gazetteer, courseWhere(currentStaff(res)), { ...rest, ...(county ? { countyCode: county } : {}), limit: 5000, offset: 0 });
    sendXlsx(res, '课程列表.xlsx', await coursesXlsx(rows));
  });

  router.get('/courses/:id/roster.xlsx', async (req, res) => {
    const courseId = id(req.params.id);
    const course = await wrap(() => courseInScope(db, courseWhere(currentStaff(res)), courseId));
    const rows = await courses.listCourseEnrollments(courseId);
    sendXlsx(res, `花名册-${course.code}.xlsx`, await rosterXlsx(rows.filter((r) => r.status !== 'cancelled')));
  });

  router.post('/courses', async (req, res) => {
    const who = currentStaff(res);
    const body = parseBody(req, courseBody);
    checkPlacement(who, body);
    const input = { ...body, institutionId: who.role === 'institution' ? who.institutionId : (body.institutionId ?? null) };
    const created = await wrap(() => createCourse(db, input));
    courses.catalogChanged();
    await audit(db, who, { action: 'course.create', target: `course:${created.id}`, details: { code: body.code, title: body.title } });
    res.status(201).json(created);
  });

  router.patch('/courses/:id', async (req, res) => {
    const who = currentStaff(res);
    const courseId = id(req.params.id);
    const body = parseBody(req, courseBody.partial());
    checkPlacement(who, body);
    const changed = await wrap(() => updateCourse(db, courseWhere(who), courseId, body));
    courses.catalogChanged();
    if (Object.keys(changed).length) await deps.courseChanged?.(courseId, Object.keys(changed));
    await audit(db, who, { action: 'course.update', target: `course:${courseId}`, details: changed });
    res.json({ id: courseId, changed: Object.keys(changed) });
  });

  router.post('/courses/:id/status', async (req, res) => {
    const who = currentStaff(res);
    const courseId = id(req.params.id);
    const { status } = parseBody(req, z.object({ status: z.enum(['open', 'closed', 'cancelled']) }));
    const result = await wrap(() => setCourseStatus(db, courseWhere(who), courseId, status));
    courses.catalogChanged();
    if (result.notify.length) await deps.courseCancelled?.({ id: courseId, title: result.title, contact: result.contact }, result.notify);
    await audit(db, who, { action: `course.${status}`, target: `course:${courseId}`, details: { notified: result.notify.length } });
    res.json({ id: courseId, status, notified: result.notify.length });
  });

  router.post('/enrollments/:id/mark', async (req, res) => {
    const who = currentStaff(res);
    const enrollmentId = id(req.params.id);
    const { mark } = parseBody(req, z.object({ mark: z.enum(['attended', 'certified']) }));
    await wrap(() => markEnrollment(db, courseWhere(who), enrollmentId, mark, courses.clock.now()));
    await audit(db, who, { action: `enrollment.${mark}`, target: `enrollment:${enrollmentId}` });
    res.json({ id: enrollmentId, status: mark });
  });

  router.post('/enrollments/:id/promote', async (req, res) => {
    const who = currentStaff(res);
    const enrollmentId = id(req.params.id);
    const p = await wrap(() => promoteFromWaitlist(db, courseWhere(who), enrollmentId));
    await deps.promoted?.({ enrollmentId, ...p });
    await audit(db, who, { action: 'enrollment.promote', target: `enrollment:${enrollmentId}` });
    res.json({ id: enrollmentId, status: 'confirmed' });
  });

  return router;
}
