/**
 * Entrepreneurship advisor: asks the stage (想创业 / 刚起步 / 已经在经营 / 想做电商) and
 * recommends the training the plan lays out for it (四（一）6: 创业意识教育与项目指导; 企业注册、
 * 税务登记、人员管理、资金管理、市场营销; 发达地区产业组织形式、经营管理方式、现代企业制度;
 * 网络创业培训), citing the clause, then lists real courses from the catalog near the user.
 */
import { z } from 'zod';
import type { CourseQuery } from '../../courses/types.js';
import { pickFromList, rememberList } from './list-ref.js';
import { savedPlace } from './places.js';
import { courseLine, courseTexts as T } from './texts.js';
import type { Dialog, DialogContext, StepResult } from '../types.js';

type Stage = 1 | 2 | 3 | 4;

const stateSchema = z.object({
  stage: z.enum(['ask', 'courses']),
  /** The chosen stage (1–4) once answered. */
  choice: z.number().int().min(1).max(4).optional(),
  ids: z.array(z.number().int()).default([]),
  listText: z.string().default(''),
});
type State = z.infer<typeof stateSchema>;

const STAGE_WORDS: [RegExp, Stage][] = [
  [/电商|网店|直播|带货|网上/, 4],
  [/经营|开了|做了|几年|扩大/, 3],
  [/起步|刚开|刚办|刚注册|刚做/, 2],
  [/想创业|没想好|打算|准备|想做/, 1],
];

/** Words that identify, among clauses about 创业, the part that speaks to each stage. */
const STAGE_CLAUSE_HINTS: Record<Stage, string[]> = {
  1: ['创业意识', '项目指导'],
  2: ['企业注册', '税务登记', '资金管理'],
  3: ['现代企业制度', '经营管理方式'],
  4: ['网络创业'],
};

/** Search for courses matching a stage. */
function stageQuery(stage: Stage): Pick<CourseQuery, 'q' | 'category'> {
  return stage === 4 ? { q: '开网店' } : { category: '创业培训' };
}

function parseStage(text: string): Stage | null {
  if (/^[1-4]$/.test(text)) return Number(text) as Stage;
  for (const [re, stage] of STAGE_WORDS) if (re.test(text)) return stage;
  return null;
}

/** "依据：《…》四（一）6" for the plan's clause on entrepreneurship training, or null. */
async function startupCitation(stage: Stage, ctx: DialogContext): Promise<string | null> {
  try {
    const clauses = await ctx.services.knowledge.clausesMentioning('创业', 10);
    const hints = STAGE_CLAUSE_HINTS[stage];
    const hit = clauses.find((c) => hints.some((h) => c.text.includes(h))) ?? clauses.find((c) => c.text.includes('创业培训')) ?? clauses[0];
    if (hit) return T.basis(hit.document, hit.label);
    const answer = await ctx.services.knowledge.ask('创业培训包括哪些内容');
    const cite = answer.answered ? answer.citations[0] : undefined;
    return cite ? T.basis(cite.document, cite.label) : null;
  } catch (err) {
    ctx.services.log.warn({ err }, 'startup citation lookup failed');
    return null;
  }
}

async function recommend(stage: Stage, ctx: DialogContext): Promise<StepResult<State>> {
  const cite = await startupCitation(stage, ctx);
  const advice = [T.stageAdvice[stage], cite].filter(Boolean).join('\n');
  const place = savedPlace(ctx);
  const courses = await ctx.services.courses.search({
    ...stageQuery(stage),
    ...(place ? { near: { lat: place.lat, lng: place.lng } } : {}),
    includeOnline: true,
    limit: 3,
  });
  if (courses.length === 0) return { replies: [advice, T.startupNoCourses], end: true };
  const listText = [
    T.startupCoursesHeader(place?.label ?? null),
    ...courses.map((c, i) => courseLine(i + 1, c)),
    ...(courses.some((c) => c.isSample) ? [T.sampleNote] : []),
    T.startupFooter(place !== null),
  ].join('\n');
  const ids = courses.map((c) => c.id);
  return { replies: [advice, listText], state: { stage: 'courses', choice: stage, ids, listText }, remember: rememberList({ ids, listText, proxy: false, groups: [] }) };
}

/** Start args: opened by intent, the words of the turn (they may already name the stage). */
const argsSchema = z.object({ text: z.string().optional(), question: z.boolean().optional() }).optional();

export const entrepreneurshipDialog: Dialog<State, unknown> = {
  id: 'entrepreneurship',
  stateSchema,
  resume: (state) => [state.stage === 'ask' ? T.askStage : state.listText],
  async start(rawArgs, ctx) {
    const parsed = argsSchema.safeParse(rawArgs);
    const args = parsed.success ? parsed.data : undefined;
    // The opening words may already say the stage (网上卖/开网店 → 4); "我想创业" alone is no answer to it.
    const stage = args?.text && !/^\d+$/.test(args.text) ? parseStage(args.text) : null;
    if (stage && stage > 1) return recommend(stage, ctx);
    const state: State = { stage: 'ask', ids: [], listText: '' };
    if (!args?.question) return { replies: [T.askStage], state };
    // "政府对创业的有啥培训": what the plan offers first, with its clause, then the stage question.
    const cite = await startupCitation(1, ctx);
    return { replies: [[T.startupOverview, cite].filter(Boolean).join('\n'), T.askStage], state };
  },
  async step(state, input, ctx) {
    const text = input.text;
    if (state.stage === 'ask') {
      const stage = parseStage(text);
      if (stage) return recommend(stage, ctx);
      if (/^\d+$/.test(text) || !text) return { replies: [T.pickStage, T.askStage], state };
      return { replies: [], reroute: true };
    }
    // "2", "第二个", "最后那个", a line's words (list-ref.ts); a number the list lacks says the range.
    const courseId = pickFromList(state, input);
    if (courseId === 'outOfRange') return { replies: [T.outOfRange(state.ids.length), state.listText], state };
    if (courseId !== null && typeof courseId === 'object') return { replies: [T.whichOfLines(courseId.among), state.listText], state };
    if (courseId !== null) {
      return { replies: [], state, push: { dialog: 'course-detail', args: { courseId, listText: state.listText } } };
    }
    if (text && ctx.services.courses.findPlaceInText(text)) {
      const query = stageQuery((state.choice ?? 1) as Stage);
      return { replies: [], push: { dialog: 'find-courses', args: { placeText: text, ...query } } };
    }
    return { replies: [], reroute: true };
  },
};
