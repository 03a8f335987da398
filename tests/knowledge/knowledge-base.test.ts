import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnowledgeBase, ensureDefaultCorpus, evaluate, formatReport, loadEvalFile, type KnowledgeBase } from '../../src/knowledge/index.js';
import { createTestDb, type TestDb } from '../helpers/db.js';

const log = { info: () => {}, warn: () => {} };
const fixtures = path.join(import.meta.dirname, 'fixtures');

let t: TestDb;
let kb: KnowledgeBase;

beforeAll(async () => {
  t = await createTestDb();
  await ensureDefaultCorpus(t.db, log);
  kb = await createKnowledgeBase({ db: t.db, log });
});
afterAll(async () => {
  await t?.destroy();
});

describe('default corpus', () => {
  it('is ingested once (idempotent by content hash)', async () => {
    const again = await ensureDefaultCorpus(t.db, log);
    expect(again?.changed).toBe(false);
    expect(await t.db.policyDocument.count()).toBe(1);
    expect(await t.db.policyClause.count()).toBe(30);
    const doc = await t.db.policyDocument.findFirstOrThrow();
    expect(JSON.parse(doc.repairReport).repairs[0].count).toBe(2);
    expect(doc.issuer).toBe('甘肃省人民政府办公厅');
  });
});

describe('quality bar on the dev set', () => {
  it('meets top-1 ≥ 95%, abstain ≥ 90%, false abstain ≤ 5%', async () => {
    const report = await evaluate(kb, loadEvalFile(path.join(fixtures, 'dev.jsonl')));
    console.log(`dev:\n${formatReport(report, true)}`);
    // 93.8% before the paraphrase bank (issue 9), 100% after.
    expect(report.top1).toBeGreaterThanOrEqual(0.95);
    expect(report.abstainOnOutOfScope).toBeGreaterThanOrEqual(0.9);
    expect(report.falseAbstain).toBeLessThanOrEqual(0.05);
    // Short answers must keep the facts (91.7% when answers were shortened to ~160 characters).
    expect(report.factCoverage).toBeGreaterThanOrEqual(0.9);
  });

  it('holds on questions written before the answer rework (heldout set)', async () => {
    const report = await evaluate(kb, loadEvalFile(path.join(fixtures, 'heldout.jsonl')));
    console.log(`heldout:\n${formatReport(report, true)}`);
    expect(report.answerable).toBeGreaterThanOrEqual(9);
    expect(report.top1).toBeGreaterThanOrEqual(0.85);
    expect(report.abstainOnOutOfScope).toBeGreaterThanOrEqual(0.8);
    expect(report.falseAbstain).toBe(0);
  });

  // Five blind sets, each written by someone who read only the plan and the eval README, committed
  // before any tuning (top-1 / abstain on out of scope / false abstain, %):
  // blind: first run (before the paraphrase bank) 57.3 / 74.1 / 21.9; after the bank 82.3 / 88.9 / 8.3;
  //   with the learned classifier and the scope classes (amounts, refunds, life stories) 85.4 / 100 / 6.3;
  //   with the bank of ~4,700 questions by writers who saw no eval set and the "none" class 95.8 / 100 / 1.0.
  // blind2: first run, after the learned classifier but before its misses were looked at, 78.4 / 88.0 / 16.5
  //   (before that session's retrieval work 71.1 / 84.0 / 15.5); after the scope rule classes found on its
  //   misses 87.6 / 100 / 7.2; with the larger bank and the "none" class 96.9 / 100 / 0.
  // Scores at the start of the data work → first scoring after it:
  // blind3 81.0 / 80.0 / 3.0 → 86.0 / 93.3 / 4.0 (checked in aggregate four times while data was added; 92.0 / 96.7 / 1.0 now);
  // blind4 76.5 / 76.0 / 14.1 → 91.8 / 92.0 / 3.5 on its one blind scoring, then used to find rule classes (94.1 / 100 / 0 now);
  // blind5 (code at the start: 76.0 / 86.7 / 10.0) → 96.0 / 96.7 / 2.0, scored once, never looked at.
  // Bars: the current level minus ~2 questions.
  it.each([
    ['blind', 96, 0.93, 0.96, 0.03],
    ['blind2', 97, 0.94, 0.92, 0.021],
    ['blind3', 100, 0.9, 0.9, 0.03],
    ['blind4', 85, 0.92, 0.92, 0.024],
    ['blind5', 100, 0.94, 0.9, 0.04],
  ] as const)('holds on %s (blind when committed)', async (name, answerable, top1, abstain, falseAbstain) => {
    const report = await evaluate(kb, loadEvalFile(path.join(fixtures, `${name}.jsonl`)));
    console.log(`${name}:\n${formatReport(report)}`);
    expect(report.answerable).toBe(answerable);
    expect(report.top1).toBeGreaterThanOrEqual(top1);
    expect(report.abstainOnOutOfScope).toBeGreaterThanOrEqual(abstain);
    expect(report.falseAbstain).toBeLessThanOrEqual(falseAbstain);
  });

  it('generalizes to held-out paraphrases (extra set)', async () => {
    const report = await evaluate(kb, loadEvalFile(path.join(fixtures, 'extra.jsonl')));
    console.log(`extra:\n${formatReport(report, true)}`);
    expect(report.answerable).toBeGreaterThanOrEqual(15);
    // 94.4% before the learned classifier, 100% with it.
    expect(report.top1).toBeGreaterThanOrEqual(0.94);
    expect(report.abstainOnOutOfScope).toBeGreaterThanOrEqual(0.8);
  });
});

describe('answers', () => {
  it('cites the clause and offers the full text', async () => {
    const a = await kb.ask('想开网店卖土特产，有电商培训没');
    expect(a.answered).toBe(true);
    expect(a.citations[0]?.label).toBe('四（一）6');
    expect(a.text).toContain('《甘肃省中长期职业技能培训规划（2018-2025年）》四（一）6');
    expect(a.text).toContain('回复1看原文');
    const full = await kb.clause(a.citations[0]!.clauseId);
    expect(full?.text).toContain('会经营网店');
  });

  it('says 1.5%-2.5%, never 15%-25%', async () => {
    const a = await kb.ask('企业职工教育经费按工资总额的多少比例提取');
    expect(a.answered).toBe(true);
    expect(a.text).toContain('1.5%-2.5%');
    expect(a.text).not.toContain('15%-25%');
  });

  it('respects the channel length (WeChat 300, SMS 3×70)', async () => {
    for (const q of ['俺是种地的想学新技术', '残疾人能参加培训不', '技校毕业户口能落城里不']) {
      const wechat = await kb.ask(q);
      expect(wechat.text.length).toBeLessThanOrEqual(300);
      const sms = await kb.ask(q, { maxChars: 210 });
      expect(sms.text.length).toBeLessThanOrEqual(210);
      expect(sms.text).toContain('回复1看原文');
      const tiny = await kb.ask(q, { maxChars: 70 });
      expect(tiny.text.length).toBeLessThanOrEqual(70);
    }
  });

  it('tolerates dialect, typos and traditional characters', async () => {
    const typo = await kb.ask('俺家是建党立卡户，娃能参加雨露计划不');
    expect(typo.citations[0]?.label).toBe('四（一）2');
    const place = await kb.ask('两洲一县有啥培训');
    expect(place.citations[0]?.label).toBe('四（一）2');
    const trad = await kb.ask('政府會不會定期評選表彰高技能人才？');
    expect(trad.citations[0]?.label).toBe('五（四）');
    const soldier = await kb.ask('当兵回来想创业有培训没');
    expect(soldier.citations[0]?.label).toBe('四（一）6');
  });

  it('abstains honestly with a referral, without inventing facts', async () => {
    for (const q of ['明天兰州下雨不', '电工培训一个人补贴多少钱', '四川那边的培训补贴咋样', '下一期培训班几号开课', '报名电话是多少']) {
      const a = await kb.ask(q);
      expect(a.answered, q).toBe(false);
      expect(a.text).toContain('12333');
      expect(a.citations).toEqual([]);
      expect(a.text).not.toMatch(/\d+元/u);
    }
  });

  it('lists the principles when asked for them', async () => {
    const a = await kb.ask('基本原则有哪些');
    expect(a.answered).toBe(true);
    expect(a.text).toContain('促进普惠均等');
    expect(a.text).toContain('服务脱贫攻坚');
  });

  it('finds clauses that name a target group', async () => {
    const cites = await kb.clausesMentioning('残疾人');
    expect(cites.map((c) => c.label)).toContain('四（一）3');
    expect(await kb.clausesMentioning('宇航员')).toEqual([]);
  });
});
