/**
 * Course catalog services as the rest of the bot sees them (dialogs, HTTP routes).
 * Implemented in this folder (catalog, gazetteer, nearby search, enrollment).
 */
import type { GeoPoint } from '../shared/geo.js';

/** Target groups a course may be limited to (keys stored in Course.eligibleGroups). */
export const GROUP_KEYS = [
  'poverty', // 建档立卡/脱贫户
  'dibao', // 低保家庭
  'disabled', // 残疾人
  'migrant', // 农民工
  'returnee', // 返乡创业人员
  'graduate', // 高校毕业生
  'lianghousheng', // 两后生
  'veteran', // 退役军人
  'unemployed', // 失业人员
  'women', // 妇女
] as const;
export type GroupKey = (typeof GROUP_KEYS)[number];

export const COURSE_CATEGORIES = [
  '就业技能培训',
  '岗位技能提升培训',
  '创业培训',
  '精准扶贫培训',
  '高技能人才培训',
  '农业实用技术',
] as const;
export type CourseCategory = (typeof COURSE_CATEGORIES)[number];

export type CourseStatus = 'open' | 'full' | 'closed' | 'cancelled';
export type EnrollmentStatus = 'confirmed' | 'waitlisted' | 'cancelled' | 'attended' | 'certified';

/** A place in the gazetteer. */
export interface Place {
  /** County adcode (for townships: their county's). */
  countyCode: string;
  county: string;
  prefecture: string;
  township?: string;
  lat: number;
  lng: number;
}

/** Result of resolving a place name typed by a user. */
export type PlaceResolution =
  | { kind: 'found'; place: Place }
  | { kind: 'ambiguous'; options: Place[] }
  | { kind: 'unknown'; suggestions: string[] };

export interface CourseView {
  id: number;
  code: string;
  title: string;
  occupation: string;
  category: string;
  level: string | null;
  subsidized: boolean;
  subsidyNote: string;
  eligibleGroups: GroupKey[];
  startDate: string; // ISO date
  endDate: string;
  scheduleText: string;
  durationDays: number;
  capacity: number;
  seatsLeft: number;
  online: boolean;
  mobile: boolean;
  countyCode: string | null;
  county: string | null;
  township: string | null;
  address: string;
  lat: number | null;
  lng: number | null;
  status: CourseStatus;
  contact: string;
  institution: { name: string; type: string } | null;
  isSample: boolean;
  /** Present when the search had a point. */
  distanceKm?: number;
}

export interface CourseQuery {
  near?: GeoPoint;
  /** Free keyword: occupation, title words (电工, 学厨师, 开网店). */
  q?: string;
  category?: string;
  /**
   * Only courses still accepting sign-ups (default true): status open, or full (sign-up goes to
   * the waitlist), and not yet started. Check `seatsLeft`/`status` to tell them apart.
   */
  openOnly?: boolean;
  /**
   * Online courses: true → appended after the nearby ones; false → never; unset → only when
   * nothing is within reach of `near` (always included when there is no `near`).
   */
  includeOnline?: boolean;
  /** Only online courses (`near` and `includeOnline` are then ignored). */
  onlineOnly?: boolean;
  /** With `near`: ignore classroom courses farther than this (default 150 km). */
  maxDistanceKm?: number;
  /**
   * Target groups the searcher said they belong to (group keys): courses reserved for one of
   * them come first (distance order kept inside each part). Courses for other groups are not
   * moved or dropped.
   */
  preferGroups?: string[];
  limit?: number;
  offset?: number;
}

export interface EnrollmentRequest {
  courseId: number;
  userId?: number | null;
  name: string;
  phone: string;
  groups: GroupKey[];
  /** Consent to store the data for training administration (must be true). */
  consent: true;
  via: 'self' | 'proxy';
  /** Who recorded a proxy sign-up (staff username or cadre's user id). */
  proxyBy?: string;
}

export type EnrollmentOutcome =
  | { status: 'confirmed'; enrollmentId: number }
  | { status: 'waitlisted'; enrollmentId: number; position: number };

export interface EnrollmentView {
  id: number;
  courseId: number;
  courseTitle: string;
  startDate: string;
  status: EnrollmentStatus;
  /** 1-based waitlist position when waitlisted. */
  position?: number;
  /** 待开课 / 候补第N位 / 已参加 / 已结业 / 已取消 */
  label: string;
}

/** Errors with a user-facing Chinese message (rendered as a reply or a 4xx). */
export class CourseError extends Error {
  constructor(
    readonly code: 'not-found' | 'duplicate' | 'closed' | 'not-eligible' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'CourseError';
  }
}

export interface CourseServices {
  resolvePlace(text: string): PlaceResolution;
  /** Finds a place name inside free text ("榆中有电工班吗" → 榆中县), or null. */
  findPlaceInText(text: string): PlaceResolution | null;
  /** The place (county seat) of a county adcode, e.g. the user's saved county; null when unknown. */
  countyPlace(countyCode: string): Place | null;
  /** The county whose seat is nearest to a point (to remember the county of a shared location); null outside Gansu. */
  nearestCounty(point: GeoPoint): Place | null;
  search(query: CourseQuery): Promise<CourseView[]>;
  get(courseId: number): Promise<CourseView | null>;
  enroll(request: EnrollmentRequest): Promise<EnrollmentOutcome>;
  /** Cancels and promotes the first waitlisted person (who is notified). */
  cancelEnrollment(enrollmentId: number, by: { userId?: number; staff?: string }): Promise<void>;
  listEnrollments(userId: number): Promise<EnrollmentView[]>;
  /** Stores "tell me when a matching course opens". */
  addInterest(userId: number, interest: { keyword: string; category?: string; countyCode?: string }): Promise<void>;
}
