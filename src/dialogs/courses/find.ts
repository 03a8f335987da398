/**
 * Find courses: gets a place (shared location, a typed place name, or the saved county) and a
 * keyword or category, asking only for what is missing, then lists results nearest first,
 * three at a time ("回复8看更多"). A number opens the course details. Nothing found → offers to
 * store an interest ("有合适课程时通知我").
 */
import { z } from 'zod';
import type { GeoPoint } from '../../shared/geo.js';
import type { CourseView } from '../../courses/types.js';
import { courseKeyword, findOccupation } from '../../courses/synonyms.js';
import { isPolicyQuestion, ONLINE_WORDS } from './intents.js';
import { pickFromList, rememberedList, rememberList, type CourseList } from './list-ref.js';
import {
  fromLocation,
  placeOptionSchema,
  placeOutcome,
  rememberCounty,
  savedPlace,
  statePlaceSchema,
  type PlaceOption,
  type StatePlace,
} from './places.js';
import { courseLine, courseTexts as T } from './texts.js';
import type { Dialog, DialogContext, DialogInput, Reply, StepResult } from '../types.js';

const PAGE = 3;
/** A result list older than this no longer owns bare numbers (they go back to the menu). */
export const STALE_LIST_MS = 2 * 3600_000;

const stateSchema = z.object({
  stage: z.enum(['place', 'placeChoice', 'keyword', 'results', 'nothing']),
  place: statePlaceSchema.nullable(),
  options: z.array(placeOptionSchema).default([]),
  /** Keyword chosen; null = 不限. Absent = not asked yet. */
  q: z.string().nullable().optional(),
  category: z.string().nullable().optional(),
  /** What the user looks for, for display ("电工", "种植养殖"). */
  what: z.string().default(''),
  offset: z.number().int().min(0).default(0),
  ids: z.array(z.number().int()).default([]),
  more: z.boolean().default(false),
  listText: z.string().default(''),
  proxy: z.boolean().default(false),
  /** Asked for courses to take online (网上学, 线上, 手机上学): no place needed. */
  online: z.boolean().default(false),
  /** Target groups the user said they belong to (退役军人, 两后生 …): eligibility and sign-up skip asking. */
  groups: z.array(z.string()).default([]),
  at: z.number().default(0),
});
type State = z.infer<typeof stateSchema>;

/** Start args (menu: none; intents: q/placeText; shared location; entrepreneurship: category). */
export interface FindCoursesArgs {
  location?: GeoPoint;
  q?: string;
  placeText?: string;
  category?: string;
  /** Sign-ups from this search are for someone else (代报名). */
  proxy?: boolean;
  /** Online courses only. */
  online?: boolean;
  /** Target groups said in the request (group keys). */
  groups?: string[];
  /** A remembered list picked from ("上面那个东乡养牛的"): shown again below that course's details. */
  restore?: CourseList;
  courseId?: number;
}

const KEYWORD_OPTIONS: { label: string; q?: string; category?: string }[] = [
  { label: '电工/焊工', q: '电工焊工' },
  { label: '厨师/拉面', q: '厨师' },
  { label: '家政/育婴/养老', q: '家政育婴养老' },
  { label: '电商/开网店', q: '开网店' },
  { label: '种植养殖', category: '农业实用技术' },
  { label: '创业', category: '创业培训' },
  { label: '各类' },
];
/**
 * Alternatives ("月嫂或者养老护理" → q 月嫂养老, see intents.ts) are open within their topic: when
 * one of them is a word of a keyword-menu topic (养老 of 家政/育婴/养老), the whole topic is searched
 * with them, so the 家政 course next door is not missed for a 月嫂 course far away.
 */
function widenAlternatives(q: string): string {
  if (!q.includes('或')) return q;
  const option = KEYWORD_OPTIONS.find((o) => o.q && o.label.split('/').some((w) => q.includes(w)));
  return option?.q ? `${option.q}${q}` : q;
}
const ANY_WORDS = /^(?:不限|都行|都可以|随便|全部|所有|都看看|啥都行|什么都行|不知道)$/;

/** The menu option a topic belongs to ("电工" → 电工/焊工), as the words of its label. */
function topicWords(q: string | null | undefined, category: string | null | undefined): string[] {
  const option = KEYWORD_OPTIONS.find((o) => (q && o.q === q) || (category && o.category === category));
  if (option) return option.label.split('/');
  return q ? [q] : [];
}

/**
 * The same topic as the list last shown, at the same place (电工 typed, then 电工/焊工 picked
 * from the menu, or the other way round): that list's query, so it comes back numbered the same.
 */
function sameTopic(state: State, ctx: DialogContext): State {
  const last = rememberedList(ctx)?.topic;
  const where = state.online || !state.place ? '线上' : state.place.label;
  if (!last || last.where !== where || (last.q === (state.q ?? null) && last.category === (state.category ?? null))) return state;
  const mine = topicWords(state.q, state.category);
  const theirs = topicWords(last.q, last.category);
  const overlap = mine.some((w) => theirs.includes(w)) && (mine.length > 1 || theirs.length > 1);
  return overlap ? { ...state, q: last.q, category: last.category, what: last.what } : state;
}

async function search(searched: State, ctx: DialogContext): Promise<StepResult<State>> {
  const state = searched.offset === 0 ? sameTopic(searched, ctx) : searched;
  const place = state.place;
  const found = await ctx.services.courses.search({
    ...(state.online ? { onlineOnly: true } : place ? { near: { lat: place.lat, lng: place.lng } } : {}),
    ...(state.q ? { q: state.q } : {}),
    ...(state.category ? { category: state.category } : {}),
    ...(state.groups.length ? { preferGroups: state.groups } : {}),
    limit: PAGE + 1,
    offset: state.offset,
  });
  const at = ctx.services.clock.now().getTime();
  const where = state.online || !place ? '线上' : place.label;
  if (found.length === 0 && state.offset === 0 && state.online && (state.q || state.category)) {
    // No online course of that trade: the online courses there are, saying so.
    const any = await search({ ...state, q: null, category: null, what: '' }, ctx);
    return { ...any, replies: [T.noOnlineOf(state.what), ...any.replies] };
  }
  if (found.length === 0 && state.offset === 0) {
    return { replies: [T.nothingFound(where, state.what)], state: { ...state, stage: 'nothing', ids: [], at } };
  }
  if (found.length === 0) return { replies: [T.noMore], state: { ...state, more: false, at } };
  const page = found.slice(0, PAGE);
  const more = found.length > PAGE;
  const allOnline = page.every((c) => c.online);
  const header = state.online ? T.onlineOnlyHeader : allOnline && state.offset === 0 ? T.onlineHeader : T.resultsHeader(where, state.what);
  const listText = [header, ...page.map((c: CourseView, i) => courseLine(i + 1, c, state.groups)), ...(page.some((c) => c.isSample) ? [T.sampleNote] : []), T.resultsFooter(more)].join('\n');
  const ids = page.map((c) => c.id);
  return {
    replies: [listText],
    state: { ...state, stage: 'results', ids, more, listText, at },
    remember: rememberList({
      ids,
      listText,
      proxy: state.proxy,
      groups: state.groups,
      topic: { q: state.q ?? null, category: state.category ?? null, what: state.what, where },
    }),
  };
}

/** Asks for what is missing, or searches when place and keyword are known. */
async function advance(state: State, ctx: DialogContext, prefix: Reply[] = []): Promise<StepResult<State>> {
  const at = ctx.services.clock.now().getTime();
  let result: StepResult<State>;
  if (!state.place && !state.online) result = { replies: [T.askPlace], state: { ...state, stage: 'place', at } };
  else if (state.q === undefined && !state.category) result = { replies: [T.askKeyword], state: { ...state, stage: 'keyword', at } };
  else result = await search({ ...state, offset: 0 }, ctx);
  return { ...result, replies: [...prefix, ...result.replies] };
}

/** Longer than any place name people type (榆中县夏官营镇 is 7): a sentence, not a place. */
const LONGEST_PLACE = 10;

/** Applies a typed place name: found → continue; ambiguous/typo → numbered choice. */
async function applyPlaceText(state: State, text: string, ctx: DialogContext, input?: DialogInput): Promise<StepResult<State>> {
  const outcome = placeOutcome(ctx.services.courses.resolvePlace(text));
  if (outcome.kind === 'place') return usePlace(state, outcome.place, ctx);
  // A question or a sentence with no place in it (比亚迪工厂还招人不) is no place name: it is answered
  // and the place asked again, never matched to a look-alike county.
  const notPlace = isPolicyQuestion(text) || input?.understanding?.isQuestion === true || [...text].length > LONGEST_PLACE;
  if (outcome.kind === 'unknown' && notPlace) return { replies: [], reroute: true };
  const labels = outcome.options.map((o) => o.label);
  const reply = outcome.kind === 'choose' ? T.placeAmbiguous(outcome.name || text, labels) : T.placeUnknown(text, labels);
  return { replies: [reply], state: { ...state, stage: outcome.options.length ? 'placeChoice' : 'place', options: outcome.options } };
}

async function usePlace(state: State, place: StatePlace, ctx: DialogContext): Promise<StepResult<State>> {
  await rememberCounty(place, ctx);
  return advance({ ...state, place, options: [] }, ctx);
}

async function choosePlace(state: State, option: PlaceOption, ctx: DialogContext): Promise<StepResult<State>> {
  if (option.place) return usePlace(state, option.place, ctx);
  return applyPlaceText(state, option.label, ctx);
}

function withKeyword(state: State, text: string): State | null {
  const n = Number(text);
  if (/^\d$/.test(text)) {
    const option = KEYWORD_OPTIONS[n - 1];
    if (!option) return null;
    return { ...state, q: option.q ?? null, category: option.category ?? null, what: option.q || option.category ? option.label : '' };
  }
  if (ANY_WORDS.test(text)) return { ...state, q: null, category: null, what: '' };
  const q = findOccupation(text) ?? courseKeyword(text);
  return q ? { ...state, q, category: null, what: q } : null;
}

/** New place or keyword typed while a list is shown: search again; anything else is not ours. */
async function research(state: State, input: DialogInput, ctx: DialogContext): Promise<StepResult<State>> {
  const text = input.text;
  if (isPolicyQuestion(text)) return { replies: [], reroute: true };
  // The understanding's trade: "不要厨师了 要家政" is 家政 (a change of mind replaces the trade).
  const q = input.understanding?.entities.trade ?? findOccupation(text);
  const placeHit = ctx.services.courses.findPlaceInText(text);
  const online = ONLINE_WORDS.test(text);
  if (!q && !placeHit && !online) return { replies: [], reroute: true };
  const next: State = { ...state, ...(q ? { q, category: null, what: q } : {}), offset: 0, online: online || (state.online && !placeHit) };
  if (placeHit) return applyPlaceText(next, text, ctx);
  return advance(next, ctx);
}

function detailArgs(state: State, courseId: number) {
  return { courseId, proxy: state.proxy, listText: state.listText, groups: state.groups };
}

export const findCoursesDialog: Dialog<State, FindCoursesArgs | undefined> = {
  id: 'find-courses',
  stateSchema,
  /** The screen again after an interruption; nothing for a stale list (it is left instead). */
  resume(state, ctx) {
    if (ctx.services.clock.now().getTime() - state.at > STALE_LIST_MS) return [];
    switch (state.stage) {
      case 'place':
        return [T.askPlace];
      case 'placeChoice':
        return [T.askPlaceAgain];
      case 'keyword':
        return [T.askKeyword];
      case 'results':
        return [state.listText];
      case 'nothing':
        return [];
    }
  },
  async start(args, ctx) {
    let state: State = {
      stage: 'place',
      place: null,
      options: [],
      what: args?.q ?? '',
      offset: 0,
      ids: [],
      more: false,
      listText: '',
      proxy: args?.proxy ?? false,
      online: args?.online ?? false,
      groups: args?.groups ?? [],
      at: ctx.services.clock.now().getTime(),
      ...(args?.q ? { q: widenAlternatives(args.q) } : {}),
      ...(args?.category ? { category: args.category, what: args.q ?? args.category } : {}),
    };
    if (args?.restore && args.courseId !== undefined) {
      // The list again (as it was numbered), with the picked course's details on top of it.
      const { ids, listText, proxy, groups } = args.restore;
      const restored: State = { ...state, stage: 'results', q: null, ids, listText, proxy, groups, more: false };
      return { replies: [], state: restored, push: { dialog: 'course-detail', args: detailArgs(restored, args.courseId) } };
    }
    if (args?.location) return usePlace(state, fromLocation(args.location, ctx), ctx);
    if (state.online) return advance(state, ctx);
    if (args?.placeText) {
      const hit = ctx.services.courses.findPlaceInText(args.placeText);
      if (hit) {
        const outcome = placeOutcome(hit);
        if (outcome.kind === 'place') return usePlace(state, outcome.place, ctx);
        if (outcome.kind === 'choose') {
          return { replies: [T.placeAmbiguous(outcome.name, outcome.options.map((o) => o.label))], state: { ...state, stage: 'placeChoice', options: outcome.options } };
        }
      } else {
        // A township the understanding found ("夏官营"): resolved like a typed place name.
        const outcome = placeOutcome(ctx.services.courses.resolvePlace(args.placeText));
        if (outcome.kind === 'place') return usePlace(state, outcome.place, ctx);
      }
    }
    const saved = savedPlace(ctx);
    if (saved) {
      state = { ...state, place: saved };
      return advance(state, ctx, [T.usingSavedPlace(saved.label)]);
    }
    return advance(state, ctx);
  },

  async step(state, input, ctx) {
    const now = ctx.services.clock.now().getTime();
    const browsing = state.stage === 'results' || state.stage === 'nothing';
    if (browsing && now - state.at > STALE_LIST_MS) return { replies: [], reroute: true };
    if (input.location) return usePlace({ ...state, offset: 0 }, fromLocation(input.location, ctx), ctx);
    const text = input.text;
    switch (state.stage) {
      case 'place': {
        if (!text || /^\d+$/.test(text)) return { replies: [T.askPlaceAgain], state };
        // "电工" typed instead of a place, or "不要厨师了 要家政": keep the (new) trade and ask the place again.
        const occ = input.understanding?.entities.trade ?? findOccupation(text);
        const next = occ ? { ...state, q: occ, category: null, what: occ } : state;
        if (occ && !ctx.services.courses.findPlaceInText(text)) return { replies: [T.askPlaceAgain], state: next };
        return applyPlaceText(next, text, ctx, input);
      }
      case 'placeChoice': {
        const option = /^\d+$/.test(text) ? state.options[Number(text) - 1] : undefined;
        if (option) return choosePlace(state, option, ctx);
        if (!text || /^\d+$/.test(text)) return { replies: [T.askPlaceAgain], state: { ...state, stage: 'place', options: [] } };
        return applyPlaceText(state, text, ctx, input);
      }
      case 'keyword': {
        const next = text ? withKeyword(state, text) : null;
        if (!next) return { replies: [T.askKeyword], state };
        return advance(next, ctx);
      }
      case 'results': {
        // "8" as the footer says, or in words: 更多/下一页/还有吗.
        if (text === '8' || /^(?:更多|下一页|还有吗?|还有呢|再来几个|看更多)$/.test(text)) {
          if (!state.more) return { replies: [T.noMore], state: { ...state, at: now } };
          return search({ ...state, offset: state.offset + PAGE }, ctx);
        }
        const picked = pickFromList(state, input);
        if (picked === 'outOfRange') return { replies: [T.outOfRange(state.ids.length), state.listText], state: { ...state, at: now } };
        if (picked !== null && typeof picked === 'object') return { replies: [T.whichOfLines(picked.among), state.listText], state: { ...state, at: now } };
        const courseId = picked ?? undefined;
        if (courseId !== undefined) {
          return {
            replies: [],
            state: { ...state, at: now },
            push: { dialog: 'course-detail', args: detailArgs(state, courseId) },
          };
        }
        return research(state, input, ctx);
      }
      case 'nothing': {
        if (text === '1') {
          await ctx.services.courses.addInterest(ctx.user.id, {
            keyword: state.q || state.what || '不限',
            ...(state.category ? { category: state.category } : {}),
            ...(state.place?.countyCode ? { countyCode: state.place.countyCode } : {}),
          });
          return { replies: [T.interestSaved], end: true };
        }
        return research(state, input, ctx);
      }
    }
  },
};
