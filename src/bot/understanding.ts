/**
 * The understanding of one turn (Rasa-style NLU, once per turn): the text normalized once, the
 * intent candidates with a confidence, and the entities found in it. The kernel only defines the
 * shape and the port; the understander itself (src/nlu/) is injected by the composition root,
 * so the kernel stays free of any domain vocabulary. Dialogs read it from `DialogInput.understanding`
 * and decide; they never re-parse yes/no, ordinals or phone numbers themselves.
 */

/** The intents the understander knows (the labels of data/nlu/corpus.jsonl). */
export const INTENTS = [
  'find_courses',
  'sign_up',
  'my_enrollments',
  'cancel_enrollment',
  'policy_question',
  'entrepreneurship',
  'handoff',
  'greeting',
  'menu',
  'thanks_ack',
  'opt_out',
  'resubscribe',
  'bind_phone',
  'delete_my_data',
  'other_service',
  'chitchat',
] as const;
export type Intent = (typeof INTENTS)[number];

export interface IntentCandidate {
  intent: Intent;
  /** 0..1 */
  confidence: number;
  /** Which part decided it: a rule, the trained classifier, or the LLM. */
  source: 'rule' | 'model' | 'llm';
}

/** A reference to an option of a numbered list: its number, or the last / the one shown above. */
export type OptionRef = { kind: 'number'; n: number } | { kind: 'last' } | { kind: 'previous' };

export interface Entities {
  /** A place name as typed (county, district or township of the gazetteer). */
  place?: string;
  /** An occupation/trade word of the course vocabulary (厨师, 电工, 家政 …). */
  trade?: string;
  /** The trade the user no longer wants ("不要厨师了 要家政" → 厨师, trade 家政). */
  rejectedTrade?: string;
  /** A course category word (创业培训, 农业实用技术 …). */
  category?: string;
  /** Target-group keys (poverty, disabled, lianghousheng …) mentioned. */
  groups: string[];
  /** Month (1–12) mentioned ("二月份", "过完年" → 2). */
  month?: number;
  /** A numbered option referred to: "2", "第一个", "头一个", "最后那个", "上面那个". */
  option?: OptionRef;
  /** A bare number as typed ("9", "99"), when the whole text is digits. */
  number?: number;
  /** Natural yes/no (是/好/行/中/嗯/对/可以 … 不/不要/算了 …). */
  yesNo?: 'yes' | 'no';
  /** Acknowledgement or thanks (好的谢谢, 知道了, 👍). */
  ack?: boolean;
  /** The text corrects something said before (不对 …, 不是A 是B, 不要A 要B). */
  correction?: boolean;
  /** A plausible personal name (the whole text, prefixes like 我叫 removed). */
  name?: string;
  /** A mainland mobile number (11 digits, normalized). */
  phone?: string;
  /** Doing this for someone else (村干部, 帮别人报名, 代报名). */
  proxy?: boolean;
  /** The user tells where they are from / what happened to them rather than asking about elsewhere. */
  lifeStory?: boolean;
}

export interface Understanding {
  /** The text normalized once: simplified characters, ASCII digits, no emoji, single spaces. */
  text: string;
  /**
   * `noise`: nothing but emoji, a sticker, a voice placeholder ("[语音]") or punctuation ("???").
   * `empty`: no text (a location or an event).
   */
  kind: 'text' | 'noise' | 'empty';
  /** Best first; empty for noise/empty input. */
  intents: IntentCandidate[];
  entities: Entities;
  /** The text asks something (吗/啥/咋/怎么/？ …). */
  isQuestion: boolean;
}

/** What the understanding stage is given besides the text. */
export interface UnderstandContext {
  /** The channel may have a slow budget (WeChat's 5 s): the LLM step is skipped when false. */
  allowSlow?: boolean;
}

/** The port of the understanding stage (implemented in src/nlu/). */
export interface Understander {
  understand(text: string, ctx?: UnderstandContext): Promise<Understanding>;
}

/** An understanding of nothing (no text): what the stage produces for locations and events. */
export function emptyUnderstanding(text = ''): Understanding {
  return { text, kind: text ? 'text' : 'empty', intents: [], entities: { groups: [] }, isQuestion: false };
}

/** The top intent when it is at least `min` confident, else null. */
export function topIntent(u: Understanding | undefined, min = 0): Intent | null {
  const top = u?.intents[0];
  return top && top.confidence >= min ? top.intent : null;
}
