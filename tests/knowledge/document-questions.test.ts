import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { departmentsOf, usualLead } from '../../src/knowledge/document-questions.js';
import { analyzeText } from '../../src/knowledge/ingest.js';
import { PolicyAnswerer } from '../../src/knowledge/knowledge-base.js';
import { defaultCorpusFile } from '../../src/knowledge/lexicon.js';

const { parsed } = analyzeText(readFileSync(defaultCorpusFile, 'utf8'));
const clauses = parsed.clauses.map((c, i) => ({ ...c, id: i + 1, documentId: 1, document: parsed.title ?? '' }));
const answerer = new PolicyAnswerer(clauses);

describe('questions about the document itself', () => {
  it('reads the departments a clause lists, first one leading', () => {
    expect(departmentsOf('……（省人社厅、省教育厅等按职责分工负责。列第一位者为牵头单位，下同）')).toEqual(['省人社厅', '省教育厅']);
    expect(departmentsOf('没有括号')).toEqual([]);
    expect(usualLead(['（省甲厅、省乙厅等按职责分工负责）', '（省甲厅等按职责分工负责）', '（省乙厅、省甲厅等按职责分工负责）'])).toBe('省甲厅');
  });

  it('says who leads an item, from the first department its clause lists', async () => {
    const a = await answerer.ask('农民工技能提升计划这一项是哪个部门牵头');
    expect(a.answered).toBe(true);
    expect(a.text).toMatch(/^这条由省人社厅牵头/u);
    expect(a.citations[0]!.label).toBe('四（一）3');
  });

  it('answers "which one leads" in general with the plan’s own note', async () => {
    const a = await answerer.ask('括号里写了那么多部门，谁是牵头的');
    expect(a.answered).toBe(true);
    expect(a.text).toContain('列第一位者为牵头单位');
    expect(a.citations[0]!.text).toContain('列第一位者为牵头单位');
  });

  it('lists a section named by its head noun (几条原则 → 基本原则)', async () => {
    const a = await answerer.ask('这个规划讲了几条原则');
    expect(a.text).toContain('基本原则共5条');
    expect(a.citations[0]!.heading).toBeTruthy();
    expect(a.citations.every((c) => clauses.find((x) => x.id === c.clauseId)!.headingPath.startsWith('二、基本原则'))).toBe(true);
  });

  it('routes "what does it want to achieve in the end" to the goals section', async () => {
    const a = await answerer.ask('这个规划到最后想达到个什么样子');
    expect(a.answered).toBe(true);
    expect(clauses.find((x) => x.id === a.citations[0]!.clauseId)!.headingPath).toMatch(/^三、主要目标/u);
  });
});

describe('other offices’ topics do not override a clause the question clearly matches', () => {
  it('answers a question about learning to run a shop from the start-up training clause, tax words and all', async () => {
    const a = await answerer.ask('想回村开个小卖部，咋注册咋交税都不懂，谁能教教');
    expect(a.answered).toBe(true);
    expect(a.citations[0]!.label).toBe('四（一）6');
  });

  it('still refers a tax or driving question that asks to learn nothing the plan covers', async () => {
    expect((await answerer.ask('个体户咋报税')).abstainReason).toBe('other-topic');
    expect((await answerer.ask('想学开车考驾照')).abstainReason).toBe('other-topic');
  });
});

describe('a detail asked as a follow-up', () => {
  it('answers the permission and says the plan does not give the detail', async () => {
    const a = await answerer.ask('职业学校能不能聘企业里的技能人才来当老师，要走啥手续');
    expect(a.answered).toBe(true);
    expect(a.text).toContain('自主招用企业技能人才任教');
    expect(a.text).toContain('材料和手续规划没写');
    expect((await answerer.ask('职业学校能不能聘企业里的技能人才来当老师，要走啥手续', { maxChars: 70 })).text.length).toBeLessThanOrEqual(70);
  });
});
