/**
 * Figures for the staff dashboard, by area / institution / course, limited to the account's scope.
 *
 * Definitions (what the console labels mean):
 *   signUps      sign-ups not cancelled (confirmed, waitlisted, attended, certified)
 *   attended     sign-ups marked attended or certified (a certificate implies attendance)
 *   certified    sign-ups marked certified;  passRate (合格率) = certified / attended
 *   followUps    sign-ups with a follow-up answer (Enrollment.outcome: employed | entrepreneur |
 *                seeking | undisclosed); employmentRate (就业创业成功率) = (employed + entrepreneur) / answered
 *   broadcasts   broadcasts created for the area/course (not cancelled); messagesSent = their rows sent or delivered
 *   people figures (area-level; null for an institution account or a course/institution filter,
 *   which do not define a population of people):
 *     reached    people of the area (User.countyCode) who wrote to the bot or were sent a message
 *     asked      people of the area who asked something: an inbound text of ≥ 4 characters that is
 *                not a bare menu number (the message log does not record intents, so this is the
 *                closest honest measure)
 *     questions  such inbound texts;  abstained = the bot's abstentions (HandoffRequest kind abstain);
 *     abstainRate = abstained / questions
 *     optOuts    people of the area who opted out of announcements
 * Rates are null when their denominator is 0.
 */
import type { Db } from '../db/client.js';
import { countyPrefix, courseWhere, type StaffIdentity } from './scope.js';

export interface StatsFilter {
  /** County adcode, or a prefecture code ending in 00. */
  county?: string | undefined;
  courseId?: number | undefined;
  institutionId?: number | undefined;
  /** Break the course figures down by this key (rows). */
  groupBy?: 'county' | 'institution' | 'course' | undefined;
}

export class StatsScopeError extends Error {
  constructor(message: string, readonly status: 403 | 404) {
    super(message);
  }
}

export interface CourseFigures {
  signUps: number;
  attended: number;
  certified: number;
  passRate: number | null;
  followUps: { answered: number; employed: number; entrepreneur: number; seeking: number; undisclosed: number };
  employmentRate: number | null;
}

export interface PeopleFigures {
  reached: number;
  asked: number;
  questions: number;
  abstained: number;
  abstainRate: number | null;
  optOuts: number;
}

export interface StatsRow extends CourseFigures {
  key: string;
  label: string;
}

export interface Stats extends CourseFigures {
  scope: { county: string | null; courseId: number | null; institutionId: number | null };
  broadcasts: number;
  messagesSent: number;
  people: PeopleFigures | null;
  rows: StatsRow[];
}

const ACTIVE = ['confirmed', 'waitlisted', 'attended', 'certified'];
const rate = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 1000) / 1000 : null);
const QUESTION = /^(?!\s*\d+\s*$).{4,}$/su;

function emptyCourseFigures(): CourseFigures {
  return { signUps: 0, attended: 0, certified: 0, passRate: null, followUps: { answered: 0, employed: 0, entrepreneur: 0, seeking: 0, undisclosed: 0 }, employmentRate: null };
}

function add(f: CourseFigures, e: { status: string; outcome: string | null }): void {
  if (!ACTIVE.includes(e.status)) return;
  f.signUps++;
  if (e.status === 'attended' || e.status === 'certified') f.attended++;
  if (e.status === 'certified') f.certified++;
  if (e.outcome) {
    f.followUps.answered++;
    if (e.outcome in f.followUps) f.followUps[e.outcome as 'employed']++;
  }
}

function finish<T extends CourseFigures>(f: T): T {
  f.passRate = rate(f.certified, f.attended);
  f.employmentRate = rate(f.followUps.employed + f.followUps.entrepreneur, f.followUps.answered);
  return f;
}

/** The area prefix the account may look at for `county` (null = province); throws outside the scope. */
function areaPrefix(who: StaffIdentity, county: string | undefined): string | null {
  const asked = county ? countyPrefix(county) : null;
  if (who.role === 'admin') return asked;
  if (who.role === 'county' && who.countyCode) {
    const own = countyPrefix(who.countyCode);
    if (asked === null) return own;
    if (!asked.startsWith(own)) throw new StatsScopeError('只能查看本县区（本市州）的数据', 403);
    return asked;
  }
  if (who.role === 'institution') {
    if (asked !== null) throw new StatsScopeError('机构账号只能查看本机构的数据', 403);
    return null;
  }
  throw new StatsScopeError('您的账号没有这个权限', 403);
}

/** Dashboard figures for `filter`, inside `who`'s scope. `countyName` labels county rows. */
export async function staffStats(db: Db, who: StaffIdentity, filter: StatsFilter, countyName: (code: string) => string = (c) => c): Promise<Stats> {
  const prefix = areaPrefix(who, filter.county);
  if (who.role === 'institution' && filter.institutionId !== undefined && filter.institutionId !== who.institutionId) throw new StatsScopeError('没有这个培训机构', 404);
  const institutionId = who.role === 'institution' ? (who.institutionId ?? -1) : (filter.institutionId ?? null);
  const courseFilter = {
    AND: [
      courseWhere(who),
      prefix !== null ? { countyCode: { startsWith: prefix } } : {},
      filter.courseId !== undefined ? { id: filter.courseId } : {},
      institutionId !== null ? { institutionId } : {},
    ],
  };
  if (filter.courseId !== undefined && !(await db.course.count({ where: courseFilter }))) throw new StatsScopeError('没有这个课程', 404);

  const enrollments = await db.enrollment.findMany({
    where: { course: courseFilter },
    select: { status: true, outcome: true, course: { select: { id: true, title: true, countyCode: true, institutionId: true, institution: { select: { name: true } } } } },
  });
  const total = emptyCourseFigures();
  const rows = new Map<string, StatsRow>();
  for (const e of enrollments) {
    add(total, e);
    if (!filter.groupBy) continue;
    const c = e.course;
    const [key, label] =
      filter.groupBy === 'county'
        ? [c.countyCode ?? '', c.countyCode ? countyName(c.countyCode) : '未知县区']
        : filter.groupBy === 'institution'
          ? [String(c.institutionId ?? ''), c.institution?.name ?? '未登记机构']
          : [String(c.id), c.title];
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { key, label, ...emptyCourseFigures() }));
    add(row, e);
  }

  const courseScoped = filter.courseId !== undefined || institutionId !== null;
  const broadcastWhere = {
    status: { not: 'cancelled' },
    ...(courseScoped
      ? { courseId: { in: (await db.course.findMany({ where: courseFilter, select: { id: true } })).map((c) => c.id) } }
      : prefix !== null
        ? { countyCode: { startsWith: prefix } }
        : {}),
  };
  const broadcasts = await db.broadcast.count({ where: broadcastWhere });
  const messagesSent = await db.outboxMessage.count({ where: { broadcast: broadcastWhere, status: { in: ['sent', 'delivered'] } } });

  return {
    ...finish(total),
    scope: { county: prefix === null ? null : filter.county ?? who.countyCode, courseId: filter.courseId ?? null, institutionId },
    broadcasts,
    messagesSent,
    people: courseScoped || who.role === 'institution' ? null : await peopleFigures(db, prefix),
    rows: [...rows.values()].map(finish).sort((a, b) => b.signUps - a.signUps || a.key.localeCompare(b.key)),
  };
}

async function peopleFigures(db: Db, prefix: string | null): Promise<PeopleFigures> {
  const userWhere = prefix !== null ? { countyCode: { startsWith: prefix } } : {};
  const inbound = await db.messageLog.findMany({
    where: { direction: 'in', kind: 'text', userId: { not: null }, ...(prefix !== null ? { user: userWhere } : {}) },
    select: { userId: true, text: true },
  });
  const reached = new Set<number>();
  const asked = new Set<number>();
  let questions = 0;
  for (const m of inbound) {
    reached.add(m.userId!);
    if (QUESTION.test(m.text.trim())) {
      questions++;
      asked.add(m.userId!);
    }
  }
  const pushed = await db.outboxMessage.findMany({
    where: { status: { in: ['sent', 'delivered'] }, userId: { not: null }, ...(prefix !== null ? { user: userWhere } : {}) },
    select: { userId: true },
    distinct: ['userId'],
  });
  for (const p of pushed) reached.add(p.userId!);
  const abstained = await db.handoffRequest.count({ where: { kind: 'abstain', ...(prefix !== null ? { countyCode: { startsWith: prefix } } : {}) } });
  const optOuts = await db.notificationOptOut.count({ where: prefix !== null ? { user: userWhere } : {} });
  return { reached: reached.size, asked: asked.size, questions, abstained, abstainRate: rate(abstained, questions), optOuts };
}
