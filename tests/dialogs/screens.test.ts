/**
 * Issue 9, the screens: lists keep their numbering for the rest of the conversation, target
 * groups from the first message reach eligibility and sign-up, one phone screen on WeChat, the
 * interrupted screen comes back after a policy ask-back pick, one numbered menu per turn.
 */
import { describe, expect, test } from 'vitest';
import type { AskOptions, KnowledgeBase, PolicyAnswer } from '../../src/knowledge/types.js';
import { WECHAT_SCREEN, repliesLines } from '../../src/bot/screen.js';
import { numberedBlocks } from '../helpers/numbered-blocks.js';
import { createCourseTestApp, realKnowledge, useCourseApp, type CourseTestApp } from './helpers/course-app.js';

let app: CourseTestApp;

/** The numbered line `n` of the last list in `replies` ("2 示例：…") without its number. */
function line(replies: string[], n: number): string {
  const hit = replies.join('\n').split('\n').find((l) => l.startsWith(`${n} `));
  if (!hit) throw new Error(`no line ${n} in ${replies.join('\n')}`);
  return hit.slice(2).replace(/（.*$/, '');
}

describe('lists keep their numbering for the rest of the conversation', () => {
  useCourseApp((a) => (app = a));

  test('after a detail and going back, after a question, after the menu: 第2个 is the list\'s second course', async () => {
    const u = app.user('l1');
    const list = await u.says('俺想学电工 榆中的');
    const second = line(list, 2);
    await u.says('1');
    expect((await u.says('3')).join('\n')).toContain(second); // back to the list
    await u.says('培训有补贴吗'); // a policy question on the list: answered, the list again
    expect((await u.says('第2个')).join('\n')).toContain(second);
    await u.says('菜单');
    expect((await u.says('第2个')).join('\n')).toMatch(new RegExp(`^${second.replace(/[()（）]/g, '.')}`, 'm'));
    // The list is back below the details: 3 shows it again with the same numbers.
    const back = await u.says('3');
    expect(line(back, 2)).toBe(second);
  });

  test('words that fit several lines of the list: asked which, by number, and the number then picks', async () => {
    await app.addCourse({ title: '无人机驾驶培训甲班', occupation: '无人机驾驶' });
    await app.addCourse({ title: '无人机驾驶培训乙班', occupation: '无人机驾驶' });
    const u = app.user('l5');
    const list = await u.says('俺想学无人机驾驶 榆中的');
    const drones = list.join('\n').split('\n').filter((l) => /^\d+ .*无人机驾驶培训/.test(l)).map((l) => l.split(' ')[0]);
    expect(drones.length).toBeGreaterThanOrEqual(2);
    const which = (await u.says('报那个无人机驾驶的')).join('\n');
    expect(which).toContain(`第${drones.join('、')}个都对得上`);
    expect(numberedBlocks([which])).toHaveLength(1);
    expect((await u.says(drones[1]!)).join('\n')).toMatch(/1 报名/);
  });

  test('on a course\'s details, words naming another course of the list open it; a bare 2 stays the screen\'s', async () => {
    const u = app.user('l2');
    const list = await u.says('俺想学电工 榆中的');
    const second = line(list, 2);
    await u.says('1');
    expect((await u.says('第二个班')).join('\n')).toContain(second);
    expect((await u.says('2')).join('\n')).toMatch(/您可以报名|您是.+吗/); // 看我能不能报
  });

  test('上面那个…的 after a policy question picks the line by its words', async () => {
    const u = app.user('l3');
    const list = await u.says('东乡有养殖培训吗');
    const second = line(list, 2);
    const place = /^示例：(.{2,3}?)(?:市|县)/.exec(second)?.[1] ?? '';
    expect(place).not.toBe('');
    await u.says('菜单');
    await u.says('1');
    await u.says('返乡创业能贷款不');
    expect((await u.says(`我要报上面那个${place}养牛的`)).join('\n')).toContain(second);
  });

  test('the entrepreneurship advisor\'s list takes ordinals too', async () => {
    const u = app.user('l4');
    await u.says('我想创业');
    const list = await u.says('1');
    const second = line(list, 2);
    expect((await u.says('第2个')).join('\n')).toContain(second);
  });

  test('the same topic typed or picked from the keyword menu does not renumber the list', async () => {
    const u = app.user('l5');
    const typed = await u.says('俺想学电工 榆中的');
    await u.says('菜单');
    await u.says('2'); // 找课程: the saved place, then the keyword menu
    const picked = await u.says('1'); // 电工/焊工
    expect([1, 2, 3].map((n) => line(picked, n))).toEqual([1, 2, 3].map((n) => line(typed, n)));
    const v = app.user('l6');
    await v.says('找课程');
    await v.says('榆中');
    const first = await v.says('3'); // 家政/育婴/养老
    await v.says('菜单');
    await v.says('找课程');
    const again = await v.says('家政');
    expect([1, 2, 3].map((n) => line(again, n))).toEqual([1, 2, 3].map((n) => line(first, n)));
  });
});

describe('target groups from the first message', () => {
  useCourseApp((a) => (app = a));

  test('俺是退役军人: eligibility does not ask it again and the sign-up records it', async () => {
    await app.addCourse({ title: '退役军人无人机驾驶培训班', occupation: '无人机驾驶', eligibleGroups: ['veteran'] });
    const u = app.user('g1');
    expect((await u.says('俺是退役军人 想学无人机驾驶 榆中的')).join('\n')).toContain('退役军人无人机驾驶培训班');
    await u.says('1');
    const verdict = (await u.says('2')).join('\n');
    expect(verdict).toMatch(/您符合条件/);
    expect(verdict).not.toMatch(/您是退役军人吗/);
    await u.says('1');
    await u.says('张建国');
    await u.says('13893112345');
    await u.says('同意');
    expect(u.lastReply()).toMatch(/身份：退役军人/);
    await u.says('确认');
    const row = await app.t.db.enrollment.findFirst({ where: { name: '张建国' } });
    expect(JSON.parse(row!.groups as unknown as string)).toContain('veteran');
  });

  test('two trades offered as alternatives are both searched, within their topic (家政/育婴/养老)', async () => {
    const list = (await app.user('g3').says('会宁有月嫂或者养老护理的培训吗')).join('\n');
    expect(list).toMatch(/附近的月嫂或养老课程/);
    expect(list).toMatch(/^1 示例：会宁县.*家政/m); // the 家政 course next door, not a 月嫂 course 100 km away
  });

  test('娃初中毕业没考上 (两后生): the sign-up skips the group question', async () => {
    await app.addCourse({ title: '两后生无人机驾驶培训班', occupation: '无人机驾驶', eligibleGroups: ['lianghousheng'] });
    const u = app.user('g2');
    await u.says('初中毕业没考上 想学无人机驾驶 榆中的');
    await u.says('1');
    await u.says('报名');
    await u.says('李浩然');
    const next = await u.says('18993205678');
    expect(next.join('\n')).not.toMatch(/您是两后生吗/);
    expect(next.join('\n')).toMatch(/同意/);
  });

  test('娃初中毕业没考上: the course for 两后生 comes first, marked, though farther; paging neither repeats nor skips', async () => {
    for (const i of [1, 2, 3, 4]) await app.addCourse({ title: `无人机驾驶普通班${i}`, occupation: '无人机驾驶', lat: 35.8431 + 0.01 * i });
    await app.addCourse({ title: '退役军人无人机驾驶班', occupation: '无人机驾驶', lat: 35.8431 + 0.015, eligibleGroups: ['veteran'] });
    await app.addCourse({ title: '两后生无人机驾驶专项班', occupation: '无人机驾驶', lat: 35.8431 + 0.2, eligibleGroups: ['lianghousheng'] });
    const u = app.user('g4');
    const first = (await u.says('娃初中毕业没考上 想学无人机驾驶 榆中的')).join('\n');
    expect(first).toMatch(/^1 两后生无人机驾驶专项班（两后生专班，榆中县 2\dkm，/m);
    expect(first).toMatch(/^2 无人机驾驶普通班1（榆中县/m);
    expect(first).toMatch(/^3 退役军人无人机驾驶班（榆中县/m); // other groups' courses keep their place, unmarked
    const seen = [...first.matchAll(/^\d+ (\S+?)（/gm)].map((m) => m[1]);
    for (let page = 0; page < 3 && /回复8看更多/.test(u.lastReply()); page++) {
      seen.push(...[...(await u.says('8')).join('\n').matchAll(/^\d+ (\S+?)（/gm)].map((m) => m[1]));
    }
    expect(seen).toEqual(['两后生无人机驾驶专项班', '无人机驾驶普通班1', '退役军人无人机驾驶班', '无人机驾驶普通班2', '无人机驾驶普通班3', '无人机驾驶普通班4']);
  });
});

describe('the interrupted screen comes back after a policy ask-back pick', () => {
  /** The real knowledge base, but 补贴咋领 is asked back with two choices. */
  class AskingBack implements KnowledgeBase {
    constructor(private readonly real: KnowledgeBase) {}
    async ask(question: string, options: AskOptions = {}): Promise<PolicyAnswer> {
      if (!question.includes('补贴咋领')) return this.real.ask(question, options);
      if (options.clauseId !== undefined) return { answered: true, text: `答：第${options.clauseId}条的内容。回复1看原文`, citations: [], confidence: 1 };
      return {
        answered: true,
        text: '您是想问：\n1 培训补贴怎么领\n2 生活费补贴怎么领\n回复数字或直接说。',
        citations: [],
        confidence: 0.5,
        choices: [
          { clauseId: 11, label: '培训补贴怎么领' },
          { clauseId: 12, label: '生活费补贴怎么领' },
        ],
      };
    }
    clause = (id: number) => this.real.clause(id);
    clausesMentioning = (term: string, limit?: number) => this.real.clausesMentioning(term, limit);
  }

  test('on a course\'s details and on the sign-up form: the pick is answered and the screen shown again', async () => {
    const k = await realKnowledge();
    const a = await createCourseTestApp({ knowledge: new AskingBack(k.kb) });
    try {
      const u = a.user('p1');
      await u.says('俺想学电工 榆中的');
      await u.says('1');
      const asked = await u.says('补贴咋领');
      expect(asked.join('\n')).toMatch(/您是想问/);
      expect(numberedBlocks(asked)).toHaveLength(1);
      const picked = (await u.says('2')).join('\n');
      expect(picked).toMatch(/第12条的内容/);
      expect(picked).not.toMatch(/看原文/);
      expect(picked).toMatch(/1 报名\n2 看我能不能报/);
      await u.says('1'); // 报名: the details' option 1, as the screen came back
      await u.says('王德福');
      await u.says('补贴咋领');
      const onForm = (await u.says('培训补贴')).join('\n');
      expect(onForm).toMatch(/第11条的内容/);
      expect(onForm).toMatch(/请输入您的手机号/);
      expect((await u.says('13893112345')).join('\n')).toMatch(/同意/);
    } finally {
      await a.destroy();
      await k.destroy();
    }
  });

  test('a name typed instead of a pick while the ask-back sits on the form is not stored in the message log', async () => {
    const k = await realKnowledge();
    const a = await createCourseTestApp({ knowledge: new AskingBack(k.kb) });
    try {
      const u = a.user('p3');
      await u.says('俺想学电工 榆中的');
      await u.says('1');
      await u.says('1'); // 报名: the form asks the name
      expect((await u.says('补贴咋领')).join('\n')).toMatch(/您是想问/);
      expect((await u.says('王德福')).join('\n')).toMatch(/手机号/); // the form took it
      const logged = await a.t.db.messageLog.findMany({ where: { direction: 'in' }, select: { text: true } });
      expect(logged.map((m) => m.text).join('\n')).not.toContain('王德福');
    } finally {
      await a.destroy();
      await k.destroy();
    }
  });

  test('on a result list: the pick is answered and the list shown again', async () => {
    const k = await realKnowledge();
    const a = await createCourseTestApp({ knowledge: new AskingBack(k.kb) });
    try {
      const u = a.user('p2');
      const list = await u.says('俺想学电工 榆中的');
      await u.says('补贴咋领');
      const picked = (await u.says('第一个')).join('\n');
      expect(picked).toMatch(/第11条的内容/);
      expect(picked).toContain(line(list, 2));
      expect((await u.says('2')).join('\n')).toContain(line(list, 2));
    } finally {
      await a.destroy();
      await k.destroy();
    }
  });
});

describe('one numbered menu per turn', () => {
  useCourseApp((a) => (app = a));

  test('a new user\'s first request gets a greeting line, not the menu, and the answer\'s choices', async () => {
    const u = app.user('n1');
    const first = await u.says('俺想学厨师 夏官营的');
    expect(first[0]).toMatch(/您好/);
    expect(first.join('\n')).not.toMatch(/1 问政策/);
    expect(numberedBlocks(first)).toHaveLength(1);
    const v = app.user('n2');
    const policy = await v.says('残疾人参加培训有补贴吗');
    expect(policy.join('\n')).not.toMatch(/1 问政策/);
    expect(numberedBlocks(policy).length).toBeLessThanOrEqual(1);
  });

  test('a greeting alone still gets the welcome and the menu', async () => {
    const u = app.user('n3');
    expect((await u.says('你好')).join('\n')).toMatch(/1 问政策/);
  });
});

describe('one screen on WeChat', () => {
  const wechat = { maxTextLength: 600, maxSegments: 5, supportsLocation: true, canPush: true, screen: WECHAT_SCREEN };

  test('course details are cut to one screen with the actions in view; 更多 shows the rest', async () => {
    const k = await realKnowledge();
    const a = await createCourseTestApp({ knowledge: k.kb, capabilities: wechat });
    try {
      const u = a.user('w1');
      await u.says('俺想学电工 榆中的');
      const detail = await u.says('1');
      expect(repliesLines(detail, WECHAT_SCREEN)).toBeLessThanOrEqual(WECHAT_SCREEN.lines);
      expect(detail.join('\n')).toMatch(/回复“更多”看下一页/);
      expect(detail.at(-1)).toMatch(/1 报名/);
      expect(detail.join('\n')).not.toMatch(/联系：/);
      const more = (await u.says('还有呢')).join('\n');
      expect(more).toMatch(/联系：/);
      expect((await u.says('2')).join('\n')).toMatch(/您可以报名|您是.+吗/); // the actions still work
    } finally {
      await a.destroy();
      await k.destroy();
    }
  });

  test('without a screen size (web, SMS) nothing is cut', async () => {
    const u = (app = await createCourseTestApp()).user('w2');
    try {
      await u.says('俺想学电工 榆中的');
      expect((await u.says('1')).join('\n')).toMatch(/联系：/);
    } finally {
      await app.destroy();
    }
  });
});
