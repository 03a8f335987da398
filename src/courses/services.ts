/**
 * createCourseServices: the CourseServices implementation (gazetteer, search, enrollment) plus
 * the staff-only operations the admin routes and the CLI use.
 */
import type { Logger } from 'pino';
import type { Clock } from '../shared/clock.js';
import type { Db } from '../db/client.js';
import { CourseCatalog } from './catalog.js';
import { EnrollmentService, statusLabel, waitlistPosition, type ClassReminderDue, type EnrollmentEvents, type FollowUpDue, type FollowUpOutcome, type ReminderReply } from './enrollment.js';
import { Gazetteer } from './gazetteer.js';
import { maskMobile } from '../shared/phone.js';
import { CourseError, type CourseServices, type EnrollmentStatus } from './types.js';
import { loadViews, parseGroups } from './view.js';
import { importCatalog, type ImportOptions, type ImportReport } from './import/importer.js';
import type { GroupKey } from './types.js';

export interface CourseServicesDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  /** Domain events (waitlist promotion), turned into messages by src/notifications. */
  events?: EnrollmentEvents;
  /** Shared gazetteer (built once per process: ~150 ms for the pinyin keys). */
  gazetteer?: Gazetteer;
  /** Hours a promoted waitlisted person has to confirm (unset: promotion is final at once). */
  offerHoldHours?: number;
}

/** One sign-up as staff see it. */
export interface StaffEnrollmentView {
  id: number;
  name: string;
  /** Full number: staff need it to phone people (the route is behind staff login). */
  phone: string;
  phoneMasked: string;
  groups: GroupKey[];
  status: EnrollmentStatus;
  label: string;
  position?: number;
  via: string;
  proxyBy: string | null;
  userId: number | null;
  createdAt: string;
}

/** CourseServices plus staff operations. */
export interface CourseAdminServices extends CourseServices {
  readonly gazetteer: Gazetteer;
  readonly catalog: CourseCatalog;
  /** Sign-ups of one course (confirmed first, then the waitlist in order, then the rest). */
  listCourseEnrollments(courseId: number): Promise<StaffEnrollmentView[]>;
  /** Validates and imports a staff catalog file (CSV or .xlsx); see import/importer.ts. */
  importCatalog(file: { bytes: Uint8Array; filename?: string; contentType?: string }, options?: ImportOptions): Promise<ImportReport>;
  /** Call after bulk catalog changes (import) so search sees them at once. */
  catalogChanged(): void;
  /** Confirmed sign-ups of courses starting in [from, to) not yet reminded (see EnrollmentService). */
  dueClassReminders(from: Date, to: Date): Promise<ClassReminderDue[]>;
  /** Participants of courses that ended in [from, to), due a follow-up question (see EnrollmentService). */
  dueFollowUps(from: Date, to: Date): Promise<FollowUpDue[]>;
  /** Records that a sign-up's class reminder went out. */
  markReminded(enrollmentId: number, at: Date): Promise<void>;
  /** The promoted person confirms the offered seat; false when no offer is open. */
  confirmOffer(enrollmentId: number): Promise<boolean>;
  /** Unconfirmed offers past their deadline pass to the next in line. */
  expireOffers(): Promise<number>;
  /** The answer to a class reminder (cancel also cancels the sign-up). */
  recordReminderReply(enrollmentId: number, reply: ReminderReply, userId: number): Promise<void>;
  /** A follow-up answer. */
  recordOutcome(enrollmentId: number, outcome: FollowUpOutcome, round: number): Promise<void>;
  readonly db: Db;
  readonly clock: Clock;
  readonly log: Logger;
}

let sharedGazetteer: Gazetteer | null = null;
/** The process-wide gazetteer (lazy). */
export function defaultGazetteer(): Gazetteer {
  return (sharedGazetteer ??= new Gazetteer());
}

export function createCourseServices(deps: CourseServicesDeps): CourseAdminServices {
  const { db, clock, log } = deps;
  const gazetteer = deps.gazetteer ?? defaultGazetteer();
  const catalog = new CourseCatalog(db, clock, gazetteer);
  const enrollments = new EnrollmentService({
    db,
    clock,
    log,
    ...(deps.events ? { events: deps.events } : {}),
    ...(deps.offerHoldHours ? { offerHoldMs: deps.offerHoldHours * 3600_000 } : {}),
    onStatusChange: (id, status) => catalog.setStatus(id, status),
  });
  const order: Record<string, number> = { confirmed: 0, attended: 0, certified: 0, waitlisted: 1, cancelled: 2 };

  return {
    db,
    clock,
    log,
    gazetteer,
    catalog,
    resolvePlace: (text) => gazetteer.resolve(text),
    findPlaceInText: (text) => gazetteer.findInText(text),
    countyPlace: (code) => gazetteer.countyPlace(code),
    nearestCounty: (point) => gazetteer.nearestCounty(point),
    search: (query) => catalog.search(query),
    async get(courseId) {
      if (!Number.isSafeInteger(courseId)) return null;
      const [view] = await loadViews(db, gazetteer, [courseId]);
      return view ?? null;
    },
    enroll: (request) => enrollments.enroll(request),
    cancelEnrollment: (id, by) => enrollments.cancelEnrollment(id, by),
    listEnrollments: (userId) => enrollments.listEnrollments(userId),
    async addInterest(userId, interest) {
      const keyword = interest.keyword.trim().slice(0, 50);
      const existing = await db.courseInterest.findFirst({
        where: { userId, keyword, category: interest.category ?? null, countyCode: interest.countyCode ?? null, notifiedAt: null },
      });
      if (existing) return;
      await db.courseInterest.create({
        data: { userId, keyword, category: interest.category ?? null, countyCode: interest.countyCode ?? null },
      });
    },
    async listCourseEnrollments(courseId) {
      const course = await db.course.findUnique({ where: { id: courseId }, select: { id: true } });
      if (!course) throw new CourseError('not-found', '没有找到这个课程');
      const rows = await db.enrollment.findMany({ where: { courseId }, orderBy: [{ queuedAt: 'asc' }, { id: 'asc' }] });
      rows.sort((a, b) => (order[a.status] ?? 3) - (order[b.status] ?? 3));
      let waiting = 0;
      return rows.map((r) => {
        const status = r.status as EnrollmentStatus;
        const position = status === 'waitlisted' ? ++waiting : undefined;
        return {
          id: r.id,
          name: r.name,
          phone: r.phone,
          phoneMasked: maskMobile(r.phone),
          groups: parseGroups(r.groups),
          status,
          label: statusLabel(status, position),
          ...(position !== undefined ? { position } : {}),
          via: r.via,
          proxyBy: r.proxyBy,
          userId: r.userId,
          createdAt: r.createdAt.toISOString(),
        };
      });
    },
    importCatalog: (file, options) =>
      importCatalog({ db, gazetteer, log, onChanged: () => catalog.invalidate(), ...(deps.events ? { events: deps.events } : {}) }, file, options),
    catalogChanged: () => catalog.invalidate(),
    dueClassReminders: (from, to) => enrollments.dueClassReminders(from, to),
    markReminded: (id, at) => enrollments.markReminded(id, at),
    dueFollowUps: (from, to) => enrollments.dueFollowUps(from, to),
    confirmOffer: (id) => enrollments.confirmOffer(id),
    expireOffers: () => enrollments.expireOffers(),
    recordReminderReply: (id, reply, userId) => enrollments.recordReminderReply(id, reply, userId),
    recordOutcome: (id, outcome, round) => enrollments.recordOutcome(id, outcome, round),
  };
}

export { waitlistPosition };
