import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { pickChoice } from '../../src/dialogs/policy.js';
import type { AskOptions, PolicyAnswer } from '../../src/knowledge/types.js';
import { createTestApp, type TestApp } from '../helpers/fake-channel.js';
import { FakeKnowledgeBase } from '../helpers/fake-knowledge.js';

const DOC = '甘肃省中长期职业技能培训规划（2018-2025年）';

/** Asks back on 要钱不 (two clauses fit); answers the picked clause. */
class AskingBackKnowledge extends FakeKnowledgeBase {
  readonly picks: Array<{ question: string; clauseId?: number }> = [];
  constructor() {
    super([
      { clauseId: 7, document: DOC, label: '四（一）2', heading: 'h2', text: '精准扶贫劳动力培训……', keywords: [] },
      { clauseId: 8, document: DOC, label: '四（一）3', heading: 'h3', text: '农民工职业技能提升计划……', keywords: [] },
    ]);
  }
  override async ask(question: string, options: AskOptions = {}): Promise<PolicyAnswer> {
    this.picks.push({ question, ...(options.clauseId !== undefined ? { clauseId: options.clauseId } : {}) });
    if (options.clauseId !== undefined) {
      const c = (await this.clause(options.clauseId))!;
      return { answered: true, text: `${c.text}——${c.label} 回复1看原文`, citations: [c], confidence: 1 };
    }
    if (!question.includes('培训')) return super.ask(question);
    return {
      answered: true,
      text: '您是想问：\n1 贫困户、低保户的扶贫培训\n2 农民工、毕业生等就业培训\n回复数字或直接说。',
      citations: [],
      confidence: 0.5,
      choices: [
        { clauseId: 7, label: '贫困户、低保户的扶贫培训' },
        { clauseId: 8, label: '农民工、毕业生等就业培训' },
      ],
    };
  }
}

let t: TestApp;
let kb: AskingBackKnowledge;
beforeEach(async () => {
  kb = new AskingBackKnowledge();
  t = await createTestApp({ knowledge: kb });
});
afterEach(async () => {
  await t.destroy();
});

describe('asking back when two clauses fit', () => {
  test('a number picks the clause; then 1 shows its text', async () => {
    const u = t.chat.user('u1');
    await u.says('你好');
    expect((await u.says('村里人想参加培训')).join()).toMatch(/您是想问：\n1 贫困户/);
    expect((await u.says('2')).join()).toMatch(/农民工职业技能提升计划/);
    expect(kb.picks.at(-1)).toEqual({ question: '村里人想参加培训', clauseId: 8 });
    expect((await u.says('1')).join()).toMatch(/四（一）3原文/);
  });

  test('the words of a choice or an ordinal pick it too', async () => {
    const u = t.chat.user('u1');
    await u.says('你好');
    await u.says('村里人想参加培训');
    expect((await u.says('扶贫的')).join()).toMatch(/精准扶贫劳动力培训/);
    await u.says('村里人想参加培训');
    expect((await u.says('第二个')).join()).toMatch(/农民工/);
  });

  test('a new question instead of a pick is answered as a question', async () => {
    const u = t.chat.user('u1');
    await u.says('你好');
    await u.says('村里人想参加培训');
    await u.says('残疾人有补贴吗');
    expect(kb.picks.at(-1)).toEqual({ question: '残疾人有补贴吗' });
  });
});

describe('pickChoice', () => {
  const choices = [
    { clauseId: 1, label: '贫困户、低保户的扶贫培训' },
    { clauseId: 2, label: '农民工、毕业生等就业培训' },
    { clauseId: 3, label: '创业培训（返乡创业、开网店）' },
  ];
  test.each([
    ['1', 1],
    ['２', 2],
    ['第三个', 3],
    ['头一个', 1],
    ['最后那个', 3],
    ['我问创业的', 3],
    ['农民工', 2],
  ])('%s → %i', (text, id) => {
    expect(pickChoice(text, choices)?.clauseId).toBe(id);
  });
  test.each(['4', '好的', '培训', '俺想问问别的省的培训补贴咋样啊'])('%s picks nothing', (text) => {
    expect(pickChoice(text, choices)).toBeNull();
  });
});
