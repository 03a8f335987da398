/**
 * The last course list shown, and what in a turn points at one of its courses.
 *
 * The rule ("lists keep their numbering for the rest of the conversation"):
 * - Every course list shown (a search page, the entrepreneurship advisor's list) is remembered in
 *   the conversation's memory (`StepResult.remember`, beyond the dialog stack), numbered as shown.
 *   A new list replaces it; nothing else does (a detail, a question, the menu, another flow).
 * - While the list is the screen in view (on its own, shown again after a question, after
 *   "3 返回列表"), a number, an ordinal or a line's words pick from it.
 * - Later, from any point where no screen claims the turn, an ordinal typed in words ("第2个",
 *   "最后那个") or a line's words ("上面那个东乡养牛的") still pick from the same list; a bare
 *   digit belongs to the screen in view (on the main menu, 2 is 找课程).
 * - On a screen with numbered options of its own (course details), a bare number or ordinal is
 *   that screen's; words that name a course of the list ("第二个班", "上面那个东乡养牛的") pick it.
 * - A new search for the same topic at the same place as the list shown (电工 typed, then
 *   "1 电工/焊工" picked from the keyword menu, or the other way round) shows that list again with
 *   the same numbers: the way the topic was given does not renumber it.
 */
import { z } from 'zod';
import type { DialogContext, DialogInput } from '../types.js';

export const COURSE_LIST_KEY = 'courseList';

const courseListSchema = z.object({
  ids: z.array(z.number().int()),
  listText: z.string(),
  proxy: z.boolean().default(false),
  /** Target groups the searcher said they belong to (pre-fill for eligibility and sign-up). */
  groups: z.array(z.string()).default([]),
  /** What the list was searched for, and where (a search of the same topic there reuses it). */
  topic: z.object({ q: z.string().nullable(), category: z.string().nullable(), what: z.string(), where: z.string() }).optional(),
});
export type CourseList = z.infer<typeof courseListSchema>;

/** The `remember` entry for a list just shown. */
export function rememberList(list: CourseList): Record<string, unknown> {
  return { [COURSE_LIST_KEY]: list };
}

/** The last course list shown in this conversation, or null. */
export function rememberedList(ctx: DialogContext): CourseList | null {
  const parsed = courseListSchema.safeParse(ctx.memory?.[COURSE_LIST_KEY]);
  return parsed.success && parsed.data.ids.length ? parsed.data : null;
}

/** The numbered lines of a list text ("1 示例：…"). */
function lines(listText: string): string[] {
  return listText.split('\n').filter((l) => /^\d+ /.test(l));
}

/** Positions (1-based) of the lines several courses share the words of: the user must choose. */
export interface Ambiguous {
  among: number[];
}

/**
 * The course a line's words point at ("上面那个东乡养牛的", "报电工那个"), `{ among }` when the words
 * fit several lines, or null.
 */
function byWords(list: Pick<CourseList, 'ids' | 'listText'>, input: DialogInput): number | Ambiguous | null {
  const e = input.understanding?.entities;
  const words = [e?.trade, e?.place].filter((w): w is string => !!w);
  const pointing = e?.option?.kind === 'previous' || /那个|这个|那期|那班|那家|报/.test(input.text);
  if (!pointing) return null;
  if (words.length) {
    const hits = lines(list.listText).filter((l) => words.every((w) => l.includes(w)));
    const positions = hits.map((l) => Number(l.split(' ')[0]));
    if (positions.length === 1) return list.ids[positions[0]! - 1] ?? null;
    if (positions.length > 1) return { among: positions };
  }
  if (e?.option?.kind === 'previous' && list.ids.length === 1) return list.ids[0]!;
  return null;
}

/**
 * The course a typed answer picks on a list in view: "2", "第二个", "头一个", "最后那个", or
 * the words of one line. 'outOfRange' for a number the list does not have; `{ among }` when the
 * words fit several lines (the caller asks which, naming their numbers).
 */
export function pickFromList(list: Pick<CourseList, 'ids' | 'listText'>, input: DialogInput): number | 'outOfRange' | Ambiguous | null {
  const option = input.understanding?.entities.option ?? (/^\d+$/.test(input.text) ? { kind: 'number' as const, n: Number(input.text) } : undefined);
  if (option?.kind === 'number') return list.ids[option.n - 1] ?? 'outOfRange';
  if (option?.kind === 'last') return list.ids.at(-1) ?? null;
  return byWords(list, input);
}

/**
 * The remembered list's course a turn points at when that list is NOT the screen in view: an
 * ordinal in words or a line's words — never a bare digit (that is the screen's). `named`: only
 * words that name a course ("第二个班", "上面那个养牛的"), for screens with numbered options.
 */
export function pickFromRemembered(ctx: DialogContext, input: DialogInput, named = false): { list: CourseList; courseId: number } | null {
  const list = rememberedList(ctx);
  if (!list || /^\d+$/.test(input.text.trim())) return null;
  const option = input.understanding?.entities.option;
  const nouned = /课|班|培训|那期/.test(input.text);
  let courseId: number | null = null;
  if (option?.kind === 'number' && (!named || nouned)) courseId = list.ids[option.n - 1] ?? null;
  else if (option?.kind === 'last' && (!named || nouned)) courseId = list.ids.at(-1) ?? null;
  else {
    const byLine = byWords(list, input);
    courseId = typeof byLine === 'number' ? byLine : null; // several lines fit: not a pick from afar
  }
  return courseId === null ? null : { list, courseId };
}
