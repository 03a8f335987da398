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

test('a money word asking 多少 asks an amount; a rate answers a question asking an amount or a rate', () => {
  // 津贴有多少 / 工资标准是多少: the plan names no amounts.
  expect(checkScope('高级工每月的津贴有多少', '……技能津贴……')).toMatchObject({ reason: 'missing-fact', detail: 'money' });
  expect(checkScope('兰州的工资标准是多少', wageClause)).toMatchObject({ reason: 'missing-fact', detail: 'money' });
  // 工资总额多少比例 asks a rate, not an amount.
  expect(checkScope('按工资总额多少比例提', '按照职工工资总额1.5%-2.5%足额提取')).toEqual({ reason: null });
  expect(checkScope('厂里一年出多少钱培训，有比例吗', '按照职工工资总额1.5%-2.5%足额提取')).toEqual({ reason: null });
  expect(checkScope('厂里一年出多少钱培训，有比例吗', wageClause)).toMatchObject({ reason: 'missing-fact' });
});

test('a life story stating 十几年 / 好几年 does not ask a number', () => {
  expect(checkScope('干了十几年电焊，想考个证', '开展职业技能等级认定')).toEqual({ reason: null });
  expect(checkScope('出去好几年了回来能学啥', '返乡下乡创业人员')).toEqual({ reason: null });
  expect(checkScope('培训要学几年', '开展职业技能等级认定')).toMatchObject({ reason: 'missing-fact', detail: 'number' });
});

test('refunds from a training school go to the county bureau, not a clause', () => {
  expect(checkScope('报了个培训班交了钱，人家不退钱咋办', '……培训机构……')).toMatchObject({ reason: 'other-topic', referral: 'refund' });
  expect(checkScope('学费交了能退还吗', '……')).toMatchObject({ reason: 'other-topic', referral: 'refund' });
});
