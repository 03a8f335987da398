import { expect, test } from 'vitest';
import { asksToLearn, checkScope } from '../../src/knowledge/scope.js';

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

test('哪几块 / 好几块 name parts, not an amount of money', () => {
  const pooling = '各项补贴资金整合，可统一纳入就业补助资金统筹使用';
  expect(checkScope('补贴有好几块，能合在一起用吗', pooling)).toEqual({ reason: null });
  expect(checkScope('经费分哪几块', pooling)).toEqual({ reason: null });
  expect(checkScope('补贴每天给几块钱', pooling)).toMatchObject({ reason: 'missing-fact', detail: 'money' });
  expect(checkScope('补贴每天多少钱', pooling)).toMatchObject({ reason: 'missing-fact', detail: 'money' });
});

test('占多少 asks a share: a rate or a count answers it, and with it the amount asked beside it', () => {
  const funds = '按照工资总额1.5%-2.5%的比例足额提取职工教育培训经费，其中用于一线职工教育培训的比例不低于60%';
  expect(checkScope('厂里每年要拿出多少钱搞培训，一线的占多少', funds)).toEqual({ reason: null });
  expect(checkScope('高技能人才里技师占多少', '高技能人才总量达到40万人，其中技师、高级技师4万人')).toEqual({ reason: null });
  expect(checkScope('厂里每年要拿出多少钱搞培训，一线的占多少', wageClause)).toMatchObject({ reason: 'missing-fact' });
});

test('a fact asked only as a follow-up to a permission the clause grants does not block the answer', () => {
  const teachers = '实行专兼职教师制度，职业院校和培训机构可根据需要和条件自主招用企业技能人才任教';
  expect(checkScope('培训机构能不能请企业的技师来讲课，需要办啥手续', teachers)).toEqual({ reason: null, unanswered: 'paperwork' });
  // The fact is the only ask, or the clause grants nothing: still missing.
  expect(checkScope('请技师来讲课要办啥手续', teachers)).toMatchObject({ reason: 'missing-fact', detail: 'paperwork' });
  expect(checkScope('能不能请技师来讲课，需要办啥手续', '实行专兼职教师制度')).toMatchObject({ reason: 'missing-fact', detail: 'paperwork' });
});

test('a province in a life story is past context; asked about, it is out of scope', () => {
  expect(checkScope('在内蒙古干了八年工地，前年回来了，像我这样的能参加培训不', '农民工职业技能提升计划')).toEqual({ reason: null });
  expect(checkScope('在内蒙古打工，内蒙古的培训补贴能领吗', '农民工职业技能提升计划')).toMatchObject({ reason: 'other-place' });
  expect(checkScope('内蒙古的培训能参加不', '农民工职业技能提升计划')).toMatchObject({ reason: 'other-place' });
});

test('a topic word sharing its characters with a training phrase is not named (手机上学技术)', () => {
  expect(checkScope('晚上能不能在手机上学技术', '……')).toEqual({ reason: null });
  expect(checkScope('娃想转学咋办', '……')).toMatchObject({ reason: 'other-topic', referral: 'education' });
});

test('a figure for the asker’s own county or how to get a card is a key concept the plan lacks', () => {
  const yearly = '每年开展各类职业技能培训30万人次以上';
  expect(checkScope('今年我们县能分到多少培训名额', yearly)).toMatchObject({ reason: 'missing-fact', detail: 'local' });
  expect(checkScope('全省每年培训多少人', yearly)).toEqual({ reason: null });
  expect(checkScope('全省每年培训多少人？县上要报数', yearly)).toEqual({ reason: null });
  expect(checkScope('残疾证去哪办', '残疾人职业技能提升计划')).toMatchObject({ reason: 'missing-fact', detail: 'application' });
  expect(checkScope('营业执照咋办理', '创业培训')).toMatchObject({ reason: 'missing-fact', detail: 'application' });
  expect(checkScope('残疾人能参加培训吗', '残疾人职业技能提升计划')).toEqual({ reason: null });
});

test('外地 is another place only when its rules are asked; neighbours of a named place and a place come back from are not', () => {
  const east = '加强与天津市和福州市、厦门市、青岛市等东部企业用工需求的对接';
  expect(checkScope('培训完了能不能直接给安排到外地厂里上班', wageClause)).toEqual({ reason: null });
  expect(checkScope('外地的培训补贴政策咱这能用不', wageClause)).toMatchObject({ reason: 'other-place', detail: '外地' });
  expect(checkScope('培训完能送到天津福建青岛那边的厂子不', east)).toEqual({ reason: null });
  expect(checkScope('培训完能送到福建那边的厂子不', wageClause)).toMatchObject({ reason: 'other-place', detail: '福建' });
  expect(checkScope('我从新疆摘棉花回来了想在镇上搞个农家乐能不能去学学', wageClause)).toEqual({ reason: null });
  expect(checkScope('新疆那边培训给补贴不', wageClause)).toMatchObject({ reason: 'other-place', detail: '新疆' });
});

test('asking for training on another office topic is asking to learn; not wanting to learn is not', () => {
  expect(asksToLearn('刚注册了个小公司，不懂报税，有没有这方面的培训')).toBe(true);
  expect(asksToLearn('报了个挖掘机培训班交了六千，不想学了能退钱不')).toBe(false);
  expect(asksToLearn('培训学校关门跑路了 交的学费咋退')).toBe(false);
  expect(asksToLearn('开小店咋报税，有人教不')).toBe(true);
});

test('a share of the wage bill is a rate; an income limit is an amount; a paper already obtained is not asked for', () => {
  const fund = '企业要按照职工工资总额1.5%-2.5%足额提取教育培训经费';
  expect(checkScope('企业每年要按工资总额提多少职工教育经费', fund)).toEqual({ reason: null });
  expect(checkScope('贫困户是按啥认定的，人均年收入低于多少才能评上', '……建档立卡贫困劳动力……')).toMatchObject({ reason: 'missing-fact', detail: 'money' });
  expect(checkScope('我刚把营业执照办下来，不懂管账，有相关的培训没', '……创业培训……')).toEqual({ reason: null });
  expect(checkScope('营业执照咋申请', '……创业培训……')).toMatchObject({ reason: 'missing-fact', detail: 'application' });
  expect(asksToLearn('管人管钱啊都不懂，有相关的培训没')).toBe(true);
  expect(asksToLearn('是不是得先有了工作才能参加这些培训')).toBe(true);
});
