/**
 * Catalog work the console does: list courses with filters, create/edit, close/cancel, mark
 * sign-ups attended/certified, promote from the waitlist, and Excel exports. Every function
 * takes a `scope` (a Prisma Course `where` fragment from src/staff/scope.ts): a course outside
 * it is "not found", exactly like a course that does not exist.
 */
import type { Db } from '../db/client.js';
import type { Gazetteer } from './gazetteer.js';
import { CourseError, type CourseCategory, type GroupKey } from './types.js';
import { groupLabel } from './groups.js';
import { parseGroups } from './view.js';

export type Scope = Record<string, unknown>;

export interface CourseFilter {
  countyCode?: string;
  category?: string;
  status?: string;
  from?: Date;
  to?: Date;
  q?: string;
  limit: number;
  offset: number;
}

export interface StaffCourseRow {
  id: number;
  code: string;
  title: string;
  occupation: string;
  category: string;
  status: string;
  startDate: string;
  endDate: string;
  capacity: number;
  confirmed: number;
  waitlisted: number;
  countyCode: string | null;
  county: string;
  township: string | null;
  address: string;
  institutionId: number | null;
  institution: string;
  online: boolean;
  contact: string;
  scheduleText: string;
  subsidyNote: string;
  eligibleGroups: GroupKey[];
}

export interface CourseInput {
  code: string;
  title: string;
  occupation: string;
  category: CourseCategory;
  startDate: Date;
  endDate: Date;
  capacity: number;
  countyCode: string | null;
  township?: string | null;
  address?: string;
  online?: boolean;
  contact?: string;
  scheduleText?: string;
  subsidyNote?: string;
  eligibleGroups?: GroupKey[];
  institutionId?: number | null;
}

function where(scope: Scope, f: Partial<CourseFilter>) {
  return {
    AND: [
      scope,
      f.countyCode ? { countyCode: { startsWith: /^\d{4}00$/.test(f.countyCode) ? f.countyCode.slice(0, 4) : f.countyCode } } : {},
      f.category ? { category: f.category } : {},
      f.status ? { status: f.status } : {},
      f.from ? { startDate: { gte: f.from } } : {},
      f.to ? { startDate: { lte: f.to } } : {},
      f.q ? { OR: [{ title: { contains: f.q } }, { occupation: { contains: f.q } }, { code: { contains: f.q } }] } : {},
    ],
  };
}

export async function listStaffCourses(db: Db, gazetteer: Gazetteer, scope: Scope, f: CourseFilter): Promise<{ total: number; courses: StaffCourseRow[] }> {
  const w = where(scope, f);
  const [total, rows] = await Promise.all([
    db.course.count({ where: w }),
    db.course.findMany({ where: w, orderBy: [{ startDate: 'asc' }, { id: 'asc' }], skip: f.offset, take: f.limit, include: { institution: true } }),
  ]);
  const counts = await db.enrollment.groupBy({
    by: ['courseId', 'status'],
    where: { courseId: { in: rows.map((r) => r.id) } },
    _count: { _all: true },
  });
  const count = (id: number, statuses: string[]) =>
    counts.filter((c) => c.courseId === id && statuses.includes(c.status)).reduce((n, c) => n + c._count._all, 0);
  return {
    total,
    courses: rows.map((r) => ({
      id: r.id,
      code: r.code,
      title: r.title,
      occupation: r.occupation,
      category: r.category,
      status: r.status,
      startDate: r.startDate.toISOString().slice(0, 10),
      endDate: r.endDate.toISOString().slice(0, 10),
      capacity: r.capacity,
      confirmed: count(r.id, ['confirmed', 'attended', 'certified']),
      waitlisted: count(r.id, ['waitlisted']),
      countyCode: r.countyCode,
      county: r.countyCode ? (gazetteer.countyPlace(r.countyCode)?.county ?? r.countyCode) : '线上/未填',
      township: r.township,
      address: r.address,
      institutionId: r.institutionId,
      institution: r.institution?.name ?? '',
      online: r.online,
      contact: r.contact,
      scheduleText: r.scheduleText,
      subsidyNote: r.subsidyNote,
      eligibleGroups: parseGroups(r.eligibleGroups),
    })),
  };
}

/** The course if it is inside the scope, else CourseError('not-found'). */
export async function courseInScope(db: Db, scope: Scope, id: number) {
  const course = await db.course.findFirst({ where: { AND: [{ id }, scope] } });
  if (!course) throw new CourseError('not-found', '没有找到这个课程');
  return course;
}

function data(input: Partial<CourseInput>) {
  const { eligibleGroups, startDate, endDate, ...rest } = input;
  return {
    ...rest,
    ...(startDate ? { startDate } : {}),
    ...(endDate ? { endDate } : {}),
    ...(startDate && endDate ? { durationDays: Math.max(1, Math.round((endDate.getTime() - startDate.getTime()) / 86_400_000) + 1) } : {}),
    ...(eligibleGroups ? { eligibleGroups: JSON.stringify(eligibleGroups) } : {}),
  };
}

export async function createCourse(db: Db, input: CourseInput): Promise<{ id: number }> {
  if (input.endDate < input.startDate) throw new CourseError('invalid', '结束日期早于开班日期');
  if (await db.course.findUnique({ where: { code: input.code }, select: { id: true } })) {
    throw new CourseError('duplicate', `课程编码「${input.code}」已存在`);
  }
  const row = await db.course.create({ data: { ...data(input), durationDays: data(input).durationDays ?? 1 } as never });
  return { id: row.id };
}

export async function updateCourse(db: Db, scope: Scope, id: number, input: Partial<CourseInput>): Promise<Record<string, unknown>> {
  const before = await courseInScope(db, scope, id);
  const start = input.startDate ?? before.startDate;
  const end = input.endDate ?? before.endDate;
  if (end < start) throw new CourseError('invalid', '结束日期早于开班日期');
  if (input.code && input.code !== before.code && (await db.course.findUnique({ where: { code: input.code }, select: { id: true } }))) {
    throw new CourseError('duplicate', `课程编码「${input.code}」已存在`);
  }
  await db.course.update({ where: { id }, data: data({ ...input, startDate: start, endDate: end }) as never });
  const changed: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    const old = (before as Record<string, unknown>)[k];
    if (String(old instanceof Date ? old.toISOString() : old) !== String(v instanceof Date ? v.toISOString() : v)) changed[k] = v;
  }
  // A rescheduled course is reminded again, the day before its new start date.
  if ('startDate' in changed) await db.enrollment.updateMany({ where: { courseId: id, reminderSentAt: { not: null } }, data: { reminderSentAt: null } });
  return changed;
}

/** Closes (no more sign-ups) or cancels (class will not run) a course; returns the sign-ups to tell on cancel. */
export async function setCourseStatus(
  db: Db,
  scope: Scope,
  id: number,
  status: 'open' | 'closed' | 'cancelled',
): Promise<{ title: string; contact: string; notify: { enrollmentId: number; userId: number | null; phone: string }[] }> {
  const course = await courseInScope(db, scope, id);
  if (course.status === 'cancelled') throw new CourseError('invalid', '这个课程已经取消了');
  await db.course.update({ where: { id }, data: { status } });
  if (status !== 'cancelled') return { title: course.title, contact: course.contact, notify: [] };
  const active = await db.enrollment.findMany({ where: { courseId: id, status: { in: ['confirmed', 'waitlisted'] } }, orderBy: { id: 'asc' } });
  await db.enrollment.updateMany({ where: { courseId: id, status: { in: ['confirmed', 'waitlisted'] } }, data: { status: 'cancelled', cancelledAt: new Date() } });
  return { title: course.title, contact: course.contact, notify: active.map((e) => ({ enrollmentId: e.id, userId: e.userId, phone: e.phone })) };
}

/** The enrollment if its course is inside the scope. */
export async function enrollmentInScope(db: Db, scope: Scope, id: number) {
  const e = await db.enrollment.findFirst({ where: { id, course: scope }, include: { course: true } });
  if (!e) throw new CourseError('not-found', '没有找到这条报名记录');
  return e;
}

/** Marks a sign-up attended or certified (certified implies attended). */
export async function markEnrollment(db: Db, scope: Scope, id: number, mark: 'attended' | 'certified', now: Date) {
  const e = await enrollmentInScope(db, scope, id);
  if (!['confirmed', 'attended', 'certified'].includes(e.status)) throw new CourseError('invalid', '只有已确认的报名可以登记到课或取证');
  await db.enrollment.update({
    where: { id },
    data: mark === 'attended' ? { status: 'attended', attendedAt: now } : { status: 'certified', attendedAt: e.attendedAt ?? now, certifiedAt: now },
  });
}

/**
 * Sets attendance and certification of a sign-up (PATCH semantics: an absent field keeps its
 * value). Certified implies attended: certifying marks attended too, and un-marking attended
 * clears the certification; `{attended:false, certified:true}` is refused. Only confirmed,
 * attended or certified sign-ups can be marked. Timestamps keep the first marking.
 */
export async function setEnrollmentMarks(db: Db, scope: Scope, id: number, marks: { attended?: boolean; certified?: boolean }, now: Date) {
  const e = await enrollmentInScope(db, scope, id);
  if (!['confirmed', 'attended', 'certified'].includes(e.status)) throw new CourseError('invalid', '只有已确认的报名可以登记到课或取证');
  if (marks.attended === false && marks.certified === true) throw new CourseError('invalid', '取证的学员必须已到课');
  const wasAttended = e.status === 'attended' || e.status === 'certified';
  const certified = marks.certified ?? (marks.attended === false ? false : e.status === 'certified');
  const attended = certified || (marks.attended ?? wasAttended);
  const status = certified ? 'certified' : attended ? 'attended' : 'confirmed';
  const data = { status, attendedAt: attended ? (e.attendedAt ?? now) : null, certifiedAt: certified ? (e.certifiedAt ?? now) : null };
  await db.enrollment.update({ where: { id }, data });
  return { id, status, attended, certified };
}

/** Staff confirm a waitlisted person (even beyond capacity: a decision staff take). */
export async function promoteFromWaitlist(db: Db, scope: Scope, id: number) {
  const e = await enrollmentInScope(db, scope, id);
  if (e.status !== 'waitlisted') throw new CourseError('invalid', '这条报名不在候补名单上');
  await db.enrollment.update({ where: { id }, data: { status: 'confirmed' } });
  return { userId: e.userId, phone: e.phone, course: { id: e.course.id, title: e.course.title, startDate: e.course.startDate } };
}

async function toXlsx(sheet: string, columns: { header: string; key: string; width: number }[], rows: Record<string, unknown>[]): Promise<Buffer> {
  // Loaded on first export (like the importer's read-table.ts): exceljs holds ~27 MB once imported.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.columns = columns;
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const STATUS_ZH: Record<string, string> = { open: '报名中', full: '已满', closed: '已截止', cancelled: '已取消' };

/** The course list as an Excel file, columns as the import expects (so it can be edited and re-imported). */
export function coursesXlsx(rows: StaffCourseRow[]): Promise<Buffer> {
  return toXlsx(
    '课程',
    [
      { header: '课程编码', key: 'code', width: 16 },
      { header: '课程名称', key: 'title', width: 28 },
      { header: '工种', key: 'occupation', width: 12 },
      { header: '培训类别', key: 'category', width: 14 },
      { header: '开班日期', key: 'startDate', width: 12 },
      { header: '结束日期', key: 'endDate', width: 12 },
      { header: '名额', key: 'capacity', width: 8 },
      { header: '已报名', key: 'confirmed', width: 8 },
      { header: '候补', key: 'waitlisted', width: 8 },
      { header: '县区', key: 'county', width: 12 },
      { header: '乡镇', key: 'township', width: 12 },
      { header: '培训地址', key: 'address', width: 24 },
      { header: '培训机构', key: 'institution', width: 20 },
      { header: '面向人群', key: 'groups', width: 16 },
      { header: '状态', key: 'status', width: 8 },
      { header: '联系方式', key: 'contact', width: 16 },
    ],
    rows.map((r) => ({ ...r, status: STATUS_ZH[r.status] ?? r.status, groups: r.eligibleGroups.map(groupLabel).join('、') })),
  );
}

/** A course roster as an Excel file (full phone numbers: staff call people; the file is theirs to keep safe). */
export function rosterXlsx(rows: { name: string; phone: string; label: string; groups: GroupKey[]; via: string; createdAt: string }[]): Promise<Buffer> {
  return toXlsx(
    '花名册',
    [
      { header: '序号', key: 'n', width: 6 },
      { header: '姓名', key: 'name', width: 10 },
      { header: '手机号', key: 'phone', width: 14 },
      { header: '状态', key: 'label', width: 14 },
      { header: '人群', key: 'groups', width: 16 },
      { header: '报名方式', key: 'via', width: 10 },
      { header: '报名时间', key: 'createdAt', width: 18 },
    ],
    rows.map((r, i) => ({ ...r, n: i + 1, groups: r.groups.map(groupLabel).join('、'), via: r.via === 'proxy' ? '代报名' : '本人', createdAt: r.createdAt.slice(0, 16).replace('T', ' ') })),
  );
}
