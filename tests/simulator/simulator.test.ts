/**
 * The user simulator itself: personas reach a goal against a fake bot whatever its wording, a
 * silently lost sign-up is not counted as reached, a bot that understands nothing makes the
 * person give up at the cap. Then the baseline of the real app is measured and printed; it does
 * not fail the suite on the bot's quality (that is `npm run simulate -- --min-reached N
 * --max-median R`), only on a broken harness (a goal that errored or could not be set up).
 */
import { describe, expect, it } from 'vitest';
import { createFakeBot, type Wording } from './fake-bot.js';
import { GOALS } from './goals.js';
import { parseOptions, moreToken, read } from './reader.js';
import { createRealTarget } from './real-target.js';
import { capFor, formatTable, runGoal, summarize } from './run.js';
import type { Goal, Persona } from './types.js';

const person = (over: Partial<Persona> = {}): Persona => ({
  key: 'fake',
  who: 'test person',
  name: '王德福',
  phone: '13893112345',
  county: '榆中',
  township: '和平镇',
  home: { lat: 35.9, lng: 104.0 },
  groups: [],
  channel: 'wechat',
  style: { yes: ['嗯', '好', '对的'], no: ['不'], pick: 'words' },
  ...over,
});

const signup = (p: Persona): Goal => ({
  id: 'fake-signup',
  title: 'electrician course near 榆中',
  persona: p,
  need: { kind: 'signup', trade: ['电工'], maxKm: 60 },
  opening: [{ text: '俺想学电工' }],
  rephrase: ['俺想学电工 榆中'],
  ideal: 7,
});

describe('reader', () => {
  it('finds numbered options in several formats', () => {
    expect(parseOptions('请选：\n1 问政策\n2 找课程')).toEqual([{ n: '1', label: '问政策' }, { n: '2', label: '找课程' }]);
    expect(parseOptions('1. 电工班\n2、焊工班\n3）厨师班').map((o) => o.label)).toEqual(['电工班', '焊工班', '厨师班']);
    expect(parseOptions('① 我要报名\n② 看看别的').map((o) => o.n)).toEqual(['1', '2']);
    expect(parseOptions('[1] 榆中县电工培训班\n[2] 城关区电工技师研修班').length).toBe(2);
    expect(parseOptions('我们会保存您的信息。同意请回复1')).toEqual([{ n: '1', label: '同意' }]);
  });

  it('finds the way to the next page', () => {
    expect(moreToken('……回复8看下一条')).toBe('8');
    expect(moreToken('发送 9 查看更多')).toBe('9');
    expect(moreToken('回复数字看详情')).toBeUndefined();
  });

  it('tells what is being asked, whatever the sentence', () => {
    expect(read(['请输入您的姓名：']).kind).toBe('name');
    expect(read(['好的！请问怎么称呼您？']).kind).toBe('name');
    expect(read(['方便留个手机号码吗？']).kind).toBe('phone');
    expect(read(['联系：县就业服务中心；政策咨询请拨12333']).kind).not.toBe('phone');
    expect(read(['您的信息只用于培训报名，您同意我们保存这些资料吗？']).kind).toBe('consent');
    expect(read(['王德福，13893112345，信息对吗？'], { name: '王德福' }).kind).toBe('confirm');
    expect(read(['请问您住在什么地方？告诉我乡镇或县名就行']).kind).toBe('place');
    expect(read(['这个课程名额已满。\n1 排候补\n2 不了']).kind).toBe('yes-no');
  });
});

describe('simulator against a fake bot', () => {
  const wordings: Wording[] = ['plain', 'polite', 'terse'];
  for (const wording of wordings) {
    for (const pick of ['words', 'digit', 'ordinal'] as const) {
      it(`reaches a sign-up with "${wording}" wording, picking by ${pick}`, async () => {
        const bot = createFakeBot({ wording });
        const r = await runGoal(bot, signup(person({ style: { yes: ['嗯', '好', '对的'], no: ['不'], pick } })));
        expect(r.end, r.transcript.map((t) => `U: ${t.user}\nB: ${t.bot.join(' | ')}`).join('\n')).toBe('reached');
        expect(bot.enrollments).toMatchObject([{ courseId: 1, name: '王德福', phone: '13893112345' }]);
        expect(r.turns).toBeLessThanOrEqual(10);
      });
    }
  }

  it('writes in traditional characters when the persona does', async () => {
    const bot = createFakeBot();
    const r = await runGoal(bot, signup(person({ style: { yes: ['是'], no: ['不'], pick: 'digit', traditional: true } })));
    expect(r.transcript[0]!.user).toBe('俺想學電工');
  });

  it('does not count a sign-up the bot said it made but did not store', async () => {
    const r = await runGoal(createFakeBot({ broken: true }), signup(person()));
    expect(r.reached).toBe(false);
    expect(r.end).toBe('believed-done');
  });

  it('gives up at the cap when nothing is understood', async () => {
    const goal = signup(person());
    const r = await runGoal(createFakeBot({ deaf: true }), goal);
    expect(r).toMatchObject({ reached: false, end: 'gave-up', turns: capFor(goal.ideal) });
  });

  it('summarizes: goals reached and the median of turns over ideal', () => {
    const base = { title: '', transcript: [], end: 'reached' as const };
    const s = summarize([
      { ...base, id: 'a', reached: true, turns: 7, ideal: 7 },
      { ...base, id: 'b', reached: true, turns: 14, ideal: 7 },
      { ...base, id: 'c', reached: false, turns: 3, ideal: 1, end: 'believed-done' },
    ]);
    expect(s).toMatchObject({ goals: 3, reached: 2, medianRatio: 2, medianRatioReached: 1.5 });
  });
});

describe('the goals', () => {
  it('has at least 20 goals, each with its own id, chat user and phone', () => {
    expect(GOALS.length).toBeGreaterThanOrEqual(20);
    expect(new Set(GOALS.map((g) => g.id)).size).toBe(GOALS.length);
    expect(new Set(GOALS.map((g) => g.persona.phone)).size).toBe(GOALS.length);
    for (const g of GOALS) expect(g.ideal).toBeGreaterThanOrEqual(1);
  });
});

describe('baseline of the real app', () => {
  it('runs every goal through the real app and prints the table', { timeout: 240_000 }, async () => {
    const target = await createRealTarget();
    try {
      const results = [];
      for (const goal of GOALS) results.push(await runGoal(target, goal));
      console.log(`user simulator baseline\n${formatTable(results)}`);
      const broken = results.filter((r) => r.end === 'error' || r.end === 'setup-failed');
      expect(broken.map((r) => `${r.id}: ${r.detail}`)).toEqual([]);
      expect(results.every((r) => r.turns >= 1 && r.turns <= capFor(r.ideal))).toBe(true);
    } finally {
      await target.close();
    }
  });
});
