/**
 * Was the goal reached? Judged by outcome: sign-ups and their status through the staff API,
 * requests for a person through the staff API, opt-outs and policy clauses from the database.
 * Where the outcome is something the person is shown (a course found, their sign-ups, a policy
 * answer), the judge looks for catalog or document DATA in the replies (a course's title, a
 * clause's label or text, a referral's phone number), never for a sentence of the bot.
 */
import type { ChatUser, Goal, Need, ObservedClause, ObservedCourse, ObservedEnrollment, Observer, Persona } from './types.js';

export interface Verdict {
  reached: boolean;
  detail: string;
}

export interface JudgeContext {
  user: ChatUser;
  /** Every text the person received so far. */
  replies: string[];
  /** The course a setup signed the person up for. */
  seededCourseId?: number;
}

const ACTIVE = new Set(['confirmed', 'waitlisted']);
const digits = (s: string) => s.replace(/\D/g, '');

export function haversineKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

/** The trade the person wants at the end (a change of mind replaces it). */
export function finalTrade(goal: Goal): string[] {
  const switched = goal.quirks?.filter((q) => q.switchTrade).at(-1)?.switchTrade;
  return switched ?? ('trade' in goal.need ? goal.need.trade : []);
}

/** Courses that would satisfy this person: their trade, near them (or online when they take online). */
export function acceptableCourses(goal: Goal, courses: ObservedCourse[], trade = finalTrade(goal)): ObservedCourse[] {
  const need = goal.need;
  const online = 'online' in need ? need.online : undefined;
  const maxKm = 'maxKm' in need && need.maxKm ? need.maxKm : 150;
  const category = need.kind === 'signup' ? need.category : undefined;
  return courses.filter((c) => {
    if (!trade.some((w) => c.title.includes(w) || c.occupation.includes(w))) return false;
    if (category && c.category !== category) return false;
    if (c.online) return online === 'ok' || online === 'only';
    if (online === 'only') return false;
    return c.lat !== null && c.lng !== null && haversineKm(goal.persona.home, { lat: c.lat, lng: c.lng }) <= maxKm;
  });
}

export function subjectOf(goal: Goal): { name: string; phone: string } {
  const n = goal.need;
  return n.kind === 'signup' && n.forOther ? n.forOther : goal.persona;
}

function isSubject(e: ObservedEnrollment, s: { name: string; phone: string }): boolean {
  return digits(e.phone).endsWith(s.phone) && e.name.trim() === s.name;
}

const titleCore = (t: string) => t.replace(/^示例[：:]/, '').replace(/[（(][^）)]*[）)]$/, '').trim();

/** A reply quotes a clause: its label, or 16 consecutive characters of its text. */
export function quotes(reply: string, clause: ObservedClause): boolean {
  if (clause.label && reply.includes(clause.label)) return true;
  const flat = reply.replace(/\s+/g, '');
  for (let i = 0; i + 16 <= flat.length; i++) if (clause.text.includes(flat.slice(i, i + 16))) return true;
  return false;
}

async function signupVerdict(goal: Goal, obs: Observer): Promise<Verdict> {
  const subject = subjectOf(goal);
  for (const c of acceptableCourses(goal, await obs.courses())) {
    const e = (await obs.enrollments(c.id)).find((x) => isSubject(x, subject) && ACTIVE.has(x.status));
    if (e) return { reached: true, detail: `${e.status}: ${c.title}` };
  }
  return { reached: false, detail: 'no matching sign-up in the staff API' };
}

/** Final check of a sign-up goal: no active sign-up on a course the person did not want. */
export async function wrongSignups(goal: Goal, obs: Observer): Promise<string[]> {
  if (goal.need.kind !== 'signup') return [];
  const subject = subjectOf(goal);
  const all = await obs.courses();
  const ok = new Set(acceptableCourses(goal, all).map((c) => c.id));
  const wrong: string[] = [];
  for (const c of all) {
    if (ok.has(c.id)) continue;
    if ((await obs.enrollments(c.id)).some((x) => isSubject(x, subject) && ACTIVE.has(x.status))) wrong.push(c.title);
  }
  return wrong;
}

export async function judge(goal: Goal, obs: Observer, ctx: JudgeContext): Promise<Verdict> {
  const need: Need = goal.need;
  const persona: Persona = goal.persona;
  switch (need.kind) {
    case 'signup':
      return signupVerdict(goal, obs);
    case 'find': {
      const titles = acceptableCourses(goal, await obs.courses()).map((c) => titleCore(c.title));
      const shown = titles.find((t) => ctx.replies.some((r) => r.includes(t)));
      return shown ? { reached: true, detail: `shown: ${shown}` } : { reached: false, detail: 'no acceptable course shown' };
    }
    case 'cancel': {
      if (ctx.seededCourseId === undefined) return { reached: false, detail: 'no seeded sign-up' };
      const e = (await obs.enrollments(ctx.seededCourseId)).find((x) => digits(x.phone).endsWith(persona.phone));
      return { reached: e?.status === 'cancelled', detail: `seeded sign-up is ${e?.status ?? 'missing'}` };
    }
    case 'my': {
      if (ctx.seededCourseId === undefined) return { reached: false, detail: 'no seeded sign-up' };
      const course = (await obs.courses()).find((c) => c.id === ctx.seededCourseId);
      const core = course ? titleCore(course.title) : '\u0000';
      const seen = ctx.replies.some((r) => r.includes(core));
      return { reached: seen, detail: seen ? `shown: ${core}` : 'own sign-up not shown' };
    }
    case 'policy': {
      const clauses = await obs.clauses();
      if (need.clause) {
        const expected = clauses.find((c) => c.text.includes(need.clause!));
        if (!expected) return { reached: false, detail: `no clause contains "${need.clause}"` };
        const cited = ctx.replies.some((r) => quotes(r, expected));
        return { reached: cited, detail: cited ? `cited ${expected.label}` : `did not cite ${expected.label}` };
      }
      const referral = need.referral ?? ['12333'];
      const quoted = clauses.find((c) => ctx.replies.some((r) => quotes(r, c)));
      const referred = ctx.replies.some((r) => referral.some((w) => r.includes(w)));
      if (quoted) return { reached: false, detail: `quoted an unrelated clause ${quoted.label}` };
      return { reached: referred, detail: referred ? 'honest referral' : `no referral to ${referral.join('/')}` };
    }
    case 'handoff': {
      const open = await obs.handoffs(ctx.user);
      const h = open.find((x) => need.keywords.some((k) => x.question.includes(k)));
      if (h) return { reached: true, detail: `handoff: ${h.question.slice(0, 30)}` };
      return { reached: false, detail: open.length ? `handoff without the question: "${open[0]!.question.slice(0, 20)}"` : 'no handoff' };
    }
    case 'optout': {
      const ok = await obs.smsSuppressed(persona.phone);
      return { reached: ok, detail: ok ? 'on the opt-out list' : 'not on the opt-out list' };
    }
  }
}
