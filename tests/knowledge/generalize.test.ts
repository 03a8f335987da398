/**
 * Policy answers that generalize (issue 9): the paraphrase bank, questions about the document
 * itself, asking back between close clauses, referrals to the right office, cost questions.
 * The questions here are worded differently from the paraphrase bank on purpose.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../src/knowledge/ingest.js';
import { PolicyAnswerer } from '../../src/knowledge/knowledge-base.js';
import { defaultCorpusFile } from '../../src/knowledge/lexicon.js';
import { loadOutsideQuestions, loadParaphrases, paraphraseRoles, ParaphraseIndex, referralKeys } from '../../src/knowledge/paraphrases.js';

const { parsed } = analyzeText(readFileSync(defaultCorpusFile, 'utf8'));
const clauses = parsed.clauses.map((c, i) => ({ ...c, id: i + 1, documentId: 1, document: parsed.title ?? '' }));
const answerer = new PolicyAnswerer(clauses);
const label = (id: number): string => clauses.find((c) => c.id === id)!.label;

describe('paraphrase bank', () => {
  const bank = loadParaphrases();

  it('keys every entry to a clause of the shipped plan and covers every clause', () => {
    const index = new ParaphraseIndex(clauses, bank);
    expect(index.unmatched).toEqual([]);
    expect(index.topics.size).toBe(clauses.length);
    for (const e of bank) expect(Object.values(e.q).flat().length, e.clause).toBeGreaterThanOrEqual(6);
  });

  it('is spread over the roles, questions about the document included', () => {
    for (const role of paraphraseRoles) {
      const n = bank.reduce((s, e) => s + (e.q[role]?.length ?? 0), 0);
      expect(n, role).toBeGreaterThanOrEqual(role === 'employer' || role === 'institution' ? 20 : 30);
    }
  });

  it('ships out-of-scope questions for every office, and names the line of a bad one', () => {
    const outside = loadOutsideQuestions();
    expect(outside.length).toBeGreaterThanOrEqual(300);
    for (const key of referralKeys) expect(outside.filter((o) => o.referral === key).length, key).toBeGreaterThanOrEqual(3);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'oos-')), 'out-of-scope.jsonl');
    writeFileSync(file, '# comment\n{"q":"欠的工钱咋要","referral":"wages"}\n\n{"q":"天气咋样","referral":"weather"}\n');
    expect(() => loadOutsideQuestions(file)).toThrow(/out-of-scope\.jsonl:4:/u);
  });
});

describe('retrieval with paraphrases', () => {
  it('finds a clause the question shares no content word with', async () => {
    // Only the paraphrases link 手艺/靠谱 etc. to clause wording; without them (and without the
    // classifier they train) this abstains.
    const without = new PolicyAnswerer(clauses, { retrieval: { paraphrases: [], classifierWeight: 0 } });
    const q = '私人办的学手艺的班子能接政府的培训活不';
    const a = await answerer.ask(q);
    expect(a.citations[0]?.label).toBe('四（二）1');
    const b = await without.ask(q);
    expect(b.answered && b.citations[0]?.label === '四（二）1').toBe(false);
  });

  it('answers questions about the document itself', async () => {
    const issuer = await answerer.ask('文件是哪个单位印发的');
    expect(issuer.citations[0]?.label).toBe('印发通知');
    expect(issuer.text).toContain('甘肃省人民政府办公厅');
    expect(issuer.text).toContain('2018年8月14日');
    expect((await answerer.ask('全省一年要培训多少人')).text).toContain('30万人次');
    expect((await answerer.ask('规划由哪个部门牵头')).citations[0]?.label).toBe('五（一）');
    expect((await answerer.ask('为啥要定这个规划')).citations[0]?.label).toBe('序言');
  });
});

describe('asking back', () => {
  it('offers close clauses as numbered plain-words choices and answers the pick', async () => {
    // 企业职工岗位技能提升 or 农民工职业技能提升计划?
    const q = '技能提升';
    const a = await answerer.ask(q);
    expect(a.choices?.length).toBeGreaterThanOrEqual(2);
    expect(a.text).toMatch(/^您是想问：\n1 .+\n2 .+/u);
    expect(a.text).not.toContain('回复1看原文');
    const second = a.choices![1]!;
    const picked = await answerer.ask(q, { clauseId: second.clauseId });
    expect(picked.choices).toBeUndefined();
    expect(picked.citations[0]?.clauseId).toBe(second.clauseId);
    expect(picked.text).toContain(`》${label(second.clauseId)}`);
  });

  it('does not ask back when one clause clearly fits', async () => {
    expect((await answerer.ask('想开网店卖土特产，有电商培训没')).choices).toBeUndefined();
  });
});

describe('asking back offers what the question could mean', () => {
  it('leaves out a clause only the words fit (政府 → 规划是谁发的) when the classifier rejects it', async () => {
    const a = await answerer.ask('俺在新疆摘了十年棉花今年回来了 想学个手艺 政府管不管');
    expect(a.answered).toBe(true);
    expect(label(a.citations[0]!.clauseId)).toBe('四（一）3');
    expect(a.text).not.toContain('规划是谁发的');
  });
});

describe('out of scope: the right office, never a loosely related clause', () => {
  it.each([
    ['老板欠了俺三个月工资', '劳动保障监察'],
    ['包工头跑了工钱没给', '劳动保障监察'],
    ['养老保险断了咋续', '社保经办机构'],
    ['医保咋报销', '医保'],
    ['户口咋迁回老家', '派出所'],
    ['低保咋申请', '民政'],
    ['考驾照咋报名', '车管所'],
  ])('%s → %s', async (q, office) => {
    const a = await answerer.ask(q);
    expect(a.answered).toBe(false);
    expect(a.abstainReason).toBe('other-topic');
    expect(a.citations).toEqual([]);
    expect(a.text).toContain(office);
  });

  it('keeps questions about training for the same people in scope', async () => {
    expect((await answerer.ask('技校毕业户口能落城里不')).citations[0]?.label).toBe('四（二）4');
    expect((await answerer.ask('低保户能参加培训吗')).citations[0]?.label).toBe('四（一）2');
    expect((await answerer.ask('技术工人工资能涨吗')).citations[0]?.label).toBe('四（二）4');
    expect((await answerer.ask('能不能用手机在网上学')).answered).toBe(true);
  });

  it('does not invent course details the plan never gives', async () => {
    for (const q of ['培训管吃住不', '报名要带啥材料', '培训完包分配不']) {
      const a = await answerer.ask(q);
      expect(a.answered, q).toBe(false);
      expect(a.abstainReason, q).toBe('missing-fact');
    }
  });

  it('judges asking to learn without the topic word: 学车 is driving, 还在上学 … 才能参加培训 is training', async () => {
    const driving = await answerer.ask('我想学车考驾照，驾校学费有没有补贴');
    expect(driving.answered).toBe(false);
    expect(driving.text).toContain('车管所');
    const student = await answerer.ask('我还在上学没参加工作呢，是不是得先有了工作才能参加这些培训');
    expect(student.answered).toBe(true);
    expect(student.citations.map((c) => label(c.clauseId))).toContain('四（一）1');
  });
});

describe('cost questions', () => {
  it('lead with subsidized training, then say amounts are not in the plan', async () => {
    const a = await answerer.ask('上技校要钱不');
    expect(a.answered).toBe(true);
    expect(a.text.startsWith('规划里写：')).toBe(true);
    expect(a.text).toContain('政府补贴培训');
    const paid = a.text.indexOf('个人付费');
    expect(paid === -1 || paid > a.text.indexOf('政府补贴培训')).toBe(true);
    expect(a.text).toContain('规划没写');
    expect(a.text).toContain('12333');
  });

  it('cite the asker group\'s clause first', async () => {
    expect((await answerer.ask('贫困户学技术免费吗')).citations[0]?.label).toBe('四（一）2');
    // Veterans are named in the employment (3) and the start-up (6) training clauses.
    expect(['四（一）3', '四（一）6']).toContain((await answerer.ask('退伍兵参加培训收费不')).citations[0]?.label);
  });

  it('fit the channel', async () => {
    for (const maxChars of [300, 210, 140, 70]) {
      const a = await answerer.ask('贫困户学技术免费吗', { maxChars });
      expect(a.text.length, String(maxChars)).toBeLessThanOrEqual(maxChars);
      expect(a.text.endsWith('回复1看原文')).toBe(true);
    }
  });

  it('still abstain on amounts', async () => {
    const a = await answerer.ask('学费多少');
    expect(a.answered).toBe(false);
    expect(a.abstainReason).toBe('missing-fact');
  });
});

describe('typo repair leaves known words alone', () => {
  it('does not turn 工伤 into the corpus homophone 工商', async () => {
    const a = await answerer.ask('工伤了还能参加培训吗');
    expect(a.answered).toBe(false);
    expect(a.text).toContain('仲裁');
  });

  it('lets a training question name a topic in the clause\'s own words (社保 → 社会保障)', async () => {
    expect((await answerer.ask('培训过的信息能跟社保连起来吗')).citations[0]?.label).toBe('四（二）3');
    expect((await answerer.ask('社保咋交')).text).toContain('社保经办机构');
  });
});
