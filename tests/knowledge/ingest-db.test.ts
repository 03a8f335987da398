import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnowledgeBase, ingestText } from '../../src/knowledge/index.js';
import { checkScope, factNeeds } from '../../src/knowledge/scope.js';
import { createTestDb, type TestDb } from '../helpers/db.js';

const log = { info: () => {}, warn: () => {} };
const markdown = `# 某县返乡创业扶持办法

## 一、适用对象
返乡创业的农民工、退役军人和高校毕业生。

## 二、扶持措施
1. 免费参加创业培训，培训合格的发给创业培训合格证书。
2. 创业孵化基地为返乡创业人员提供场地服务。
`;

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.destroy();
});

describe('ingesting other documents', () => {
  it('parses Markdown headings and numbered items, and replaces by key', async () => {
    const first = await ingestText(t.db, markdown, { key: 'county.md' });
    expect(first).toMatchObject({ title: '某县返乡创业扶持办法', clauses: 3, changed: true });
    const clauses = await t.db.policyClause.findMany({ orderBy: { ordinal: 'asc' } });
    expect(clauses.map((c) => c.label)).toEqual(['一', '二1', '二2']);
    expect(clauses[1]?.headingPath).toBe('二、扶持措施 > 1');

    expect((await ingestText(t.db, markdown, { key: 'county.md' })).changed).toBe(false);
    const second = await ingestText(t.db, markdown.replace('场地服务', '场地和指导服务'), { key: 'county.md' });
    expect(second.changed).toBe(true);
    expect(await t.db.policyDocument.count()).toBe(1);
    expect(await t.db.policyClause.count()).toBe(3);
  });

  it('leaves out documents that are not in force', async () => {
    await ingestText(t.db, markdown, {
      key: 'old.md',
      title: '旧办法',
      expiresAt: new Date('2020-01-01T00:00:00Z'),
      force: true,
    });
    const kb = await createKnowledgeBase({ db: t.db, log, clock: () => new Date('2026-01-01T00:00:00Z') });
    const a = await kb.ask('返乡创业有场地服务不');
    expect(a.answered).toBe(true);
    expect(a.citations.every((c) => c.document !== '旧办法')).toBe(true);
  });
});

describe('scope signals', () => {
  it('asks for facts the clause must contain', () => {
    expect(factNeeds('一个人补贴多少钱')).toEqual(['money']);
    expect(factNeeds('按工资总额多少比例提')).toEqual(['rate']);
    expect(factNeeds('几号开课')).toEqual(['day']);
    expect(checkScope('一个人补贴多少钱', '给予培训补贴')).toMatchObject({ reason: 'missing-fact', detail: 'money' });
    expect(checkScope('一年培训多少人', '每年培训30万人次')).toEqual({ reason: null });
    expect(checkScope('四川的补贴政策', '培训补贴')).toMatchObject({ reason: 'other-place' });
    expect(checkScope('去天津打工有组织不', '与天津市对接')).toEqual({ reason: null });
  });
});
