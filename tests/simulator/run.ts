/**
 * Runs goals: set up the preconditions, let the persona talk until the judge says the goal is
 * reached, the person believes it is done, or the turn cap (3 × ideal + 5) makes them give up.
 * Then the summary: goals reached, and the median ratio of turns used to the ideal.
 */
import { PersonaAgent } from './agent.js';
import { acceptableCourses, judge, wrongSignups, type Verdict } from './judge.js';
import type { CourseMatch, Goal, GoalResult, ObservedCourse, OutgoingMessage, Target } from './types.js';
import { haversineKm } from './judge.js';

export const capFor = (ideal: number) => 3 * ideal + 5;

function findCourse(courses: ObservedCourse[], m: CourseMatch): ObservedCourse | undefined {
  return courses.find(
    (c) =>
      m.trade.some((w) => c.title.includes(w) || c.occupation.includes(w)) &&
      (m.online === undefined || c.online === m.online) &&
      (!m.near || (c.lat !== null && c.lng !== null && haversineKm(m.near, { lat: c.lat, lng: c.lng }) <= m.near.maxKm)),
  );
}

const show = (m: OutgoingMessage) => m.text ?? `📍(${m.location!.lat},${m.location!.lng} ${m.location!.label ?? ''})`;

export async function runGoal(target: Target, goal: Goal, options: { userPrefix?: string; cap?: number } = {}): Promise<GoalResult> {
  const persona = goal.persona;
  const userId = persona.channel === 'sms' ? persona.phone : `${options.userPrefix ?? 'sim-'}${goal.id}`;
  const cap = options.cap ?? capFor(goal.ideal);
  const transcript: GoalResult['transcript'] = [];
  const base = { id: goal.id, title: goal.title, ideal: goal.ideal, transcript };
  let seededCourseId: number | undefined;
  try {
    const courses = await target.observer.courses();
    if (goal.setup?.enrolledIn) {
      const c = findCourse(courses, goal.setup.enrolledIn);
      if (!c) return { ...base, reached: false, turns: 0, end: 'setup-failed', detail: 'no course for the setup' };
      await target.seedEnrollment(userId, persona.channel, c.id, persona);
      seededCourseId = c.id;
    }
    if (goal.setup?.fullCourse) {
      for (const c of acceptableCourses(goal, courses)) await target.fillCourse(c.id);
    }
  } catch (err) {
    return { ...base, reached: false, turns: 0, end: 'setup-failed', detail: String(err) };
  }

  const agent = new PersonaAgent(goal);
  const replies: string[] = [];
  const opening = [...goal.opening];
  let verdict: Verdict = { reached: false, detail: 'not started' };
  let turns = 0;
  try {
    while (turns < cap) {
      const fromOpening = opening.shift();
      const msg = fromOpening ? agent.style(fromOpening) : agent.next();
      if (!msg) break;
      const sent = show(msg);
      const got = await target.send(userId, persona.channel, msg);
      turns++;
      transcript.push({ user: sent, bot: got });
      replies.push(...got);
      agent.observe(got);
      verdict = await judge(goal, target.observer, { user: { userId, channel: persona.channel }, replies, ...(seededCourseId !== undefined ? { seededCourseId } : {}) });
      if (verdict.reached) break;
      if (agent.believesDone) {
        return { ...base, reached: false, turns, end: 'believed-done', detail: verdict.detail };
      }
    }
    if (verdict.reached) {
      const wrong = await wrongSignups(goal, target.observer);
      if (wrong.length) return { ...base, reached: false, turns, end: 'believed-done', detail: `also signed up for ${wrong.join('、')}` };
    }
    return { ...base, reached: verdict.reached, turns, end: verdict.reached ? 'reached' : 'gave-up', detail: verdict.detail };
  } catch (err) {
    return { ...base, reached: false, turns, end: 'error', detail: err instanceof Error ? err.message : String(err) };
  }
}

export interface Summary {
  goals: number;
  reached: number;
  /** Median of turns/ideal over every goal (a goal not reached counts with the turns it used, at least the cap). */
  medianRatio: number;
  /** Median over the reached goals only. */
  medianRatioReached: number;
}

const median = (xs: number[]) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export function summarize(results: GoalResult[]): Summary {
  const ratio = (r: GoalResult) => (r.reached ? r.turns : Math.max(r.turns, capFor(r.ideal))) / r.ideal;
  return {
    goals: results.length,
    reached: results.filter((r) => r.reached).length,
    medianRatio: median(results.map(ratio)),
    medianRatioReached: median(results.filter((r) => r.reached).map((r) => r.turns / r.ideal)),
  };
}

export function formatTable(results: GoalResult[]): string {
  const rows = results.map((r) => {
    const mark = r.reached ? 'yes' : 'NO ';
    return `${r.id.padEnd(22)} ${mark}  ${String(r.turns).padStart(3)}/${String(r.ideal).padEnd(3)} ${(r.turns / r.ideal).toFixed(1).padStart(5)}×  ${r.end.padEnd(13)} ${r.detail ?? ''}`;
  });
  const s = summarize(results);
  return [
    `${'goal'.padEnd(22)} done turns/ideal ratio  end           detail`,
    ...rows,
    '',
    `reached ${s.reached}/${s.goals}; median turns/ideal ${s.medianRatio.toFixed(2)}× (a goal not reached counts at least its cap); ` +
      `over reached goals ${Number.isNaN(s.medianRatioReached) ? '–' : s.medianRatioReached.toFixed(2) + '×'}`,
  ].join('\n');
}

export function formatTranscript(r: GoalResult): string {
  return [`## ${r.id} — ${r.title} (${r.reached ? 'reached' : r.end}, ${r.turns}/${r.ideal})`, ...r.transcript.flatMap((t) => [`U: ${t.user}`, ...t.bot.map((b) => `B: ${b.replace(/\n/g, '\n   ')}`)])].join('\n');
}
