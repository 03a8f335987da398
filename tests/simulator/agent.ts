/**
 * One simulated person: reads the bot's last replies and answers as that person would, in their
 * own style, from their own facts. A small policy per screen kind; no transcript of any bot.
 *
 * When not understood, the person does what the persona conversations show people doing:
 * restates the need in other words, then tries the digit instead of words, then types 菜单.
 */
import * as OpenCC from 'opencc-js/cn2t';
import { read, type Option, type Reading } from './reader.js';
import type { Goal, Need, OutgoingMessage, Quirk, ScreenKind } from './types.js';

const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

/** Option labels that decline (不了, 保留报名, 修改, 返回 …). */
const NEGATIVE = /(不了|不是|不要|不用|不报|否|算了|保留|修改|返回|^取消$|^\s*2\s*$)/;

const ORDINALS = ['第一个', '第二个', '第三个', '第四个', '第五个', '第六个', '第七个', '第八个', '第九个', '第十个'];

/** Words a person looks for in a menu for each need. */
const NEED_WORDS: Record<Need['kind'], RegExp> = {
  signup: /(找课|课程|培训|报名)/,
  find: /(找课|课程|培训)/,
  cancel: /(我的报名|报名记录|取消)/,
  my: /(我的报名|报名记录|记录)/,
  policy: /政策/,
  handoff: /(人工|客服|工作人员|真人)/,
  optout: /退订/,
};

export class PersonaAgent {
  trade: string[];
  private readonly usedQuirks = new Set<Quirk>();
  private misunderstood = 0;
  private rephraseAt = 0;
  /** How often each exact reply was seen: a screen seen before means the words did not work. */
  private readonly seen = new Map<string, number>();
  private sameScreen = 0;
  private kindRun = 0;
  /** The last main menu seen (its numbers are what people fall back to). */
  private lastMenu: Option[] = [];
  private turn = 0;
  /** The course detail the person decided is not theirs (so "back" is the answer). */
  believesDone = false;
  reading: Reading | undefined;

  constructor(readonly goal: Goal) {
    this.trade = 'trade' in goal.need ? [...goal.need.trade] : [];
  }

  private get p() {
    return this.goal.persona;
  }

  /** The person the form is about (a neighbour for 代报名). */
  private get subject(): { name: string; phone: string } {
    const n = this.goal.need;
    return n.kind === 'signup' && n.forOther ? n.forOther : this.p;
  }

  /** Reads this turn's replies; remembers whether the same reply came back again. */
  observe(replies: string[]): Reading {
    const r = read(replies, { name: this.subject.name, phone: this.subject.phone });
    const seenBefore = this.seen.get(r.text) ?? 0;
    this.seen.set(r.text, seenBefore + 1);
    // The same question again (even reworded) means the last answer did not work.
    this.kindRun = this.reading?.kind === r.kind ? this.kindRun + 1 : 0;
    if (r.kind === 'menu') this.lastMenu = r.options;
    this.sameScreen = Math.max(seenBefore, ['other', 'done'].includes(r.kind) ? 0 : this.kindRun);
    this.reading = r;
    this.turn++;
    if (r.kind === 'done' && ['signup', 'cancel', 'handoff'].includes(this.goal.need.kind)) this.believesDone = true;
    return r;
  }

  /** The next message, or null when the person has nothing left to say. */
  next(): OutgoingMessage | null {
    const r = this.reading;
    if (!r) return null;
    const quirk = this.goal.quirks?.find((q) => !this.usedQuirks.has(q) && (q.on === 'any' || q.on === r.kind) && this.turn >= (q.afterTurn ?? 0));
    if (quirk) {
      this.usedQuirks.add(quirk);
      if (quirk.switchTrade) this.trade = quirk.switchTrade;
      return this.say(quirk.say);
    }
    const out = this.answer(r);
    if (out.location) return out;
    return this.say(out.text ?? '');
  }

  private say(text: string): OutgoingMessage {
    return { text: this.p.style.traditional ? toTraditional(text) : text };
  }

  /** A scripted message (the opening) in this person's script. */
  style(m: OutgoingMessage): OutgoingMessage {
    return m.text !== undefined ? this.say(m.text) : m;
  }

  private answer(r: Reading): OutgoingMessage {
    const need = this.goal.need;
    const repeated = this.sameScreen > 0;
    if (r.kind !== 'other') this.misunderstood = 0;
    switch (r.kind) {
      case 'name':
        return { text: this.name() };
      case 'phone':
        return { text: this.phone() };
      case 'name+phone':
        return { text: `${this.subject.name} ${this.formatPhone(this.subject.phone)}` };
      case 'consent':
      case 'confirm':
        return { text: this.yes(r) };
      case 'yes-no':
        return { text: this.wantsYes(r) ? this.yes(r) : this.no(r) };
      case 'place':
        return this.place();
      case 'trade': {
        const opt = this.bestOption(r.options, this.tradeScore);
        if (opt && !repeated) return { text: this.pick(opt, r.options) };
        return { text: this.trade[0] ?? '不限' };
      }
      case 'course-list':
        return { text: this.onList(r) };
      case 'course-detail':
        return { text: this.onDetail(r) };
      case 'menu':
      case 'choice': {
        const opt = this.bestOption(r.options, (o) => this.needScore(o) * 2 + this.tradeScore(o) + this.preferScore(o));
        if (opt) return { text: this.pick(opt, r.options, repeated) };
        if (r.more) return { text: r.more };
        return { text: this.restate() };
      }
      case 'done':
        return { text: need.kind === 'my' ? '我的报名' : this.restate() };
      case 'other':
        if (r.more) return { text: r.more };
        return { text: this.restate() };
    }
    return { text: this.restate() };
  }

  /**
   * Restates the need; after two misunderstandings tries 菜单, and after that the digit of the
   * menu item they want (people fall back to the numbers when words keep failing).
   */
  private restate(): string {
    this.misunderstood++;
    if (this.misunderstood === 3) return '菜单';
    const item = this.lastMenu.find((o) => this.needScore(o) > 0);
    if (this.misunderstood >= 4 && this.misunderstood % 2 === 0 && item) return item.n;
    const list = this.goal.rephrase;
    if (!list.length) return '菜单';
    return list[this.rephraseAt++ % list.length]!;
  }

  private name(): string {
    const s = this.subject;
    if (!this.p.style.wordy) return s.name;
    return s === this.p ? `我叫${s.name}` : `她叫${s.name}`;
  }

  private formatPhone(phone: string): string {
    return this.p.style.spacedPhone ? `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}` : phone;
  }

  private phone(): string {
    const ph = this.formatPhone(this.subject.phone);
    return this.p.style.wordy ? `手机号是${ph}` : ph;
  }

  /** Yes in the person's words; the same question again → the next word; then the option's digit. */
  private yes(r: Reading): string {
    const words = this.p.style.yes;
    if (this.sameScreen >= 2 || this.p.style.pick === 'digit') {
      const opt = this.goal.need.kind === 'cancel'
        ? r.options.find((o) => /(取消|不参加|不去|确定)/.test(o.label))
        : r.options.find((o) => !NEGATIVE.test(o.label));
      if (opt) return opt.n;
    }
    return words[Math.min(this.sameScreen, words.length - 1)] ?? '是';
  }

  private no(r: Reading): string {
    const opt = r.options.find((o) => NEGATIVE.test(o.label));
    if (this.sameScreen >= 1 && opt) return opt.n;
    return this.p.style.no[0] ?? '不用';
  }

  /** A yes/no question: yes when it moves the goal on (cancel it, join the waitlist, sign up). */
  private wantsYes(r: Reading): boolean {
    const need = this.goal.need;
    const question = r.last.split('\n').filter((l) => !/^\s*\d/.test(l)).join('');
    if (/(原文|详细|通知我)/.test(question) && need.kind !== 'find') return false;
    if (need.kind === 'cancel') return /(取消|不参加|不去)/.test(question);
    if (need.kind === 'signup') return !/(放弃|退出|不报了|取消报名)/.test(question);
    return need.kind !== 'policy';
  }

  private place(): OutgoingMessage {
    const p = this.p;
    if (p.channel === 'wechat' && p.sharesLocation && this.sameScreen === 0) {
      return { location: { ...p.home, label: `${p.county}${p.township ?? ''}` } };
    }
    if (this.sameScreen >= 1) return { text: p.county };
    return { text: p.township ? `${p.county}${p.township}` : p.county };
  }

  private tradeScore = (o: Option): number => {
    const label = o.label;
    let s = this.trade.some((w) => label.includes(w)) ? 2 : 0;
    const n = this.goal.need;
    if ('online' in n && n.online === 'only') s += /(线上|网上|在线|手机)/.test(label) ? 2 : -1;
    if (/(不限|都行|全部)/.test(label) && s === 0) s = 0.5;
    return s;
  };

  private needScore(o: Option): number {
    return NEED_WORDS[this.goal.need.kind].test(o.label) ? 1 : 0;
  }

  private preferScore(o: Option): number {
    return (this.goal.prefer ?? []).some((w) => o.label.includes(w)) ? 2 : 0;
  }

  private placeScore(o: Option): number {
    const p = this.p;
    const short = (s: string) => s.replace(/(县|区|市|镇|乡)$/, '');
    return [p.county, p.township].some((w) => w && o.label.includes(short(w))) ? 1 : 0;
  }

  private bestOption(options: Option[], score: (o: Option) => number): Option | undefined {
    let best: Option | undefined;
    let bestScore = 0;
    for (const o of options) {
      const s = score(o);
      if (s > bestScore) {
        best = o;
        bestScore = s;
      }
    }
    return best;
  }

  /** Picks an option in the person's style; a repeated screen makes anyone fall back to the digit. */
  private pick(o: Option, options: Option[], repeated = false): string {
    const style = this.p.style.pick;
    if (style === 'digit' || repeated) return o.n;
    if (style === 'ordinal') {
      const i = options.indexOf(o);
      return ORDINALS[i] ?? o.n;
    }
    return this.wordsFor(o.label);
  }

  /**
   * The words a person would use for an option: short ones as they are; a long one (a course) by
   * where it is and what it teaches, as people say "榆中那个电工的".
   */
  private wordsFor(label: string): string {
    const core = label.replace(/[（(].*?[）)]/g, '').replace(/^示例[：:]/, '').trim();
    if (core.length <= 8) return core;
    const place = /^([一-龥]{2,4}?(?:县|区|市))/.exec(core)?.[1] ?? (/(线上|网上)/.test(core) ? '网上' : '');
    const what = this.trade.find((w) => core.includes(w)) ?? core.slice(place.length, place.length + 4);
    return this.goal.need.kind === 'cancel' ? `${place}${what}那个不去了` : `${place}那个${what}的`;
  }

  private onList(r: Reading): string {
    const need = this.goal.need;
    const score = (o: Option) => {
      const t = this.tradeScore(o);
      if (t < 2 && !(need.kind === 'my')) return 0;
      return t + this.placeScore(o);
    };
    const opt = this.bestOption(r.options, score);
    if (opt) return this.pick(opt, r.options, this.sameScreen > 0);
    if (r.more) return r.more;
    return this.trade.length ? this.restateTrade() : this.restate();
  }

  private restateTrade(): string {
    this.misunderstood++;
    if (this.misunderstood === 3) return '菜单';
    const n = this.goal.need;
    const online = 'online' in n && n.online === 'only';
    return online ? `有没有网上学${this.trade[0]}的` : `有没有${this.trade[0]}的`;
  }

  private onDetail(r: Reading): string {
    const need = this.goal.need;
    if (need.kind !== 'signup' && need.kind !== 'find') return this.restate();
    const firstLine = r.text.split('\n').find((l) => l.trim()) ?? '';
    const right = this.trade.some((w) => firstLine.includes(w) || r.text.split('\n').slice(0, 3).join('').includes(w)) &&
      !('online' in need && need.online === 'only' && !/(线上|网上|在线|手机)/.test(r.text));
    if (!right || need.kind === 'find') {
      const back = r.options.find((o) => /(返回|列表|其他)/.test(o.label));
      if (need.kind === 'find') return '好的 谢谢';
      return back && this.p.style.pick === 'digit' ? back.n : '不是这个 返回';
    }
    const wantsProxy = need.kind === 'signup' && need.forOther;
    // The sign-up option is not on this page yet: read the next page first.
    if (!r.options.length && r.more) return r.more;
    const opt = r.options.find((o) => (wantsProxy ? /(代|帮|别人|他人)/ : /报名/).test(o.label) && !(wantsProxy ? false : /(代|帮|别人)/.test(o.label)));
    if (opt && (this.p.style.pick === 'digit' || this.sameScreen > 0)) return opt.n;
    if (wantsProxy) return '帮别人报名';
    return this.p.style.pick === 'ordinal' ? '报这个' : '报名';
  }

  /** The first kind of screen seen (for tests). */
  kind(): ScreenKind | undefined {
    return this.reading?.kind;
  }
}
