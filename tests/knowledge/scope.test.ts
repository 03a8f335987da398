import { expect, test } from 'vitest';
import { checkScope } from '../../src/knowledge/scope.js';

const wageClause = '指导企业不唯学历和资历，建立基于岗位价值、能力素质、业绩贡献的工资分配机制';

test('a topic other services handle is out of scope unless the clause names it', () => {
  expect(checkScope('老板拖欠工资三个月了咋办', wageClause)).toMatchObject({ reason: 'other-topic', detail: expect.stringContaining('拖欠') });
  expect(checkScope('养老金啥时候涨', '……')).toMatchObject({ reason: 'other-topic' });
  // When a clause names the topic itself, it may answer.
  expect(checkScope('工伤保险能培训吗', '……工伤……')).toEqual({ reason: null });
  expect(checkScope('技能人才的工资怎么定', wageClause)).toEqual({ reason: null });
});

test('other provinces and missing facts are still caught first', () => {
  expect(checkScope('四川的培训补贴咋样', wageClause)).toMatchObject({ reason: 'other-place' });
  expect(checkScope('焊工培训补贴多少钱', wageClause)).toMatchObject({ reason: 'missing-fact', detail: 'money' });
});

test('a topic word does not match across two words of the question, and names its office', () => {
  // 网上学 holds 上学 (schools) only across two words.
  expect(checkScope('能不能用手机在网上学', '……')).toEqual({ reason: null });
  expect(checkScope('娃上学的事找谁', '……')).toMatchObject({ reason: 'other-topic', referral: 'education' });
  expect(checkScope('老板欠了俺三个月工资', wageClause)).toMatchObject({ reason: 'other-topic', referral: 'wages' });
  // A training question about 低保 people is in scope where the clause names them.
  expect(checkScope('低保户能参加培训吗', '……农村低保家庭……')).toEqual({ reason: null });
  expect(checkScope('低保咋申请', '……农村低保家庭……')).toMatchObject({ referral: 'dibao' });
});
