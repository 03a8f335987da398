/**
 * Reading answers inside the course forms (eligibility, sign-up): yes/no, questions asked in
 * the middle of a form (answered, then the same prompt is repeated), and policy citations for
 * a target group.
 */
import type { CourseView, GroupKey } from '../../courses/types.js';
import { extractEntities } from '../../nlu/entities.js';
import { courseTexts as T } from './texts.js';
import type { DialogContext, Reply, StepResult } from '../types.js';

const YES = /^(?:1|是|是的|对|对的|嗯|好|好的|有|符合|属于|yes|y)$/i;
const NO = /^(?:2|不是|否|没有|不|不对|不符合|不属于|no|n)$/i;
const QUESTION = /[？?]|吗|啥|咋|怎么|怎样|多少|能不能|可不可以|是不是|有没有|什么|哪里|哪儿|在哪|几号|几点|为什么|为啥|呢$/;

/**
 * "1"/是/好/行/中/嗯/可以/没问题 … → true, "2"/不是/不要/算了 … → false, anything else → null
 * (natural yes/no as the understanding stage reads it).
 */
export function yesNo(text: string): boolean | null {
  const t = text.replace(/[。！!.，,\s]+$/g, '');
  if (YES.test(t)) return true;
  if (NO.test(t)) return false;
  const said = extractEntities(t).yesNo;
  return said === 'yes' ? true : said === 'no' ? false : null;
}

/** True when free text looks like a question rather than a form answer ("要带身份证不" too). */
export function isQuestion(text: string): boolean {
  return text.length >= 2 && (QUESTION.test(text) || /[^不]不$|没$/.test(text));
}

/**
 * Answers a question asked on a course screen (detail, eligibility, sign-up), which stays as it
 * is: facts of the course (time, place, fee) from the catalog, followed by the screen again
 * (`screen`); anything else goes to policy Q&A on top of the screen, which comes back after the
 * answer — also after an ask-back ("您是想问：1 … 2 …") and the user's pick.
 */
export function answerMidForm<S>(text: string, course: CourseView | null, state: S, screen: Reply[]): StepResult<S> {
  const fact = course ? courseFact(text, course) : null;
  if (fact) return { replies: [fact, ...screen], state };
  return { replies: [], state, push: { dialog: 'ask-policy', args: { question: text, returnTo: true } } };
}

function courseFact(text: string, course: CourseView): string | null {
  if (/什么时候|啥时候|几号|哪天|开课|几点|多久|多长时间|时间/.test(text)) return T.courseFacts.when(course);
  if (/在哪|哪里|哪儿|地点|地址|地方/.test(text)) return T.courseFacts.where(course);
  if (/要钱|收费|学费|多少钱|费用|免费|花钱|交钱/.test(text)) return T.courseFacts.fee(course);
  return null;
}

/** Words to look the group up with in the policy text, most specific first. */
const GROUP_TERMS: Record<GroupKey, string[]> = {
  poverty: ['建档立卡', '贫困劳动力', '贫困'],
  dibao: ['低保'],
  disabled: ['残疾人'],
  migrant: ['农民工'],
  returnee: ['返乡', '返乡创业'],
  graduate: ['高校毕业生', '毕业生'],
  lianghousheng: ['两后生'],
  veteran: ['退役军人', '退役'],
  unemployed: ['失业人员', '失业'],
  women: ['妇女', '女性'],
};

/** "依据：《…规划》四（一）3" for the clause that names a group, or null when none does. */
export async function groupCitation(group: GroupKey, ctx: DialogContext): Promise<string | null> {
  for (const term of GROUP_TERMS[group]) {
    try {
      const [hit] = await ctx.services.knowledge.clausesMentioning(term, 1);
      if (hit) return T.basis(hit.document, hit.label);
    } catch (err) {
      ctx.services.log.warn({ err, term }, 'clausesMentioning failed');
      return null;
    }
  }
  return null;
}
