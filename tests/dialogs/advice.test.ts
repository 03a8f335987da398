/** Transcripts: eligibility pre-check with a policy citation; entrepreneurship advisor by stage. */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { FakeKnowledgeBase } from '../helpers/fake-knowledge.js';
import { createCourseTestApp, openCourse, realKnowledge, type CourseTestApp } from './helpers/course-app.js';

let k: Awaited<ReturnType<typeof realKnowledge>>;
let app: CourseTestApp;
beforeAll(async () => {
  k = await realKnowledge();
});
afterAll(async () => {
  await k.destroy();
});
afterEach(async () => {
  await app.destroy();
});

const PLAN = '甘肃省中长期职业技能培训规划（2018-2025年）';

describe('eligibility pre-check', () => {
  test('asks only the course groups, answers 符合 and cites the clause naming the group; then 1 signs up without re-asking', async () => {
    app = await createCourseTestApp({ knowledge: k.kb });
    await app.addCourse({ title: '测试：榆中县残疾人盲人按摩培训班', occupation: '盲人按摩', eligibleGroups: ['disabled', 'veteran'] });
    const u = app.user('u1');
    await u.says('你好');
    await openCourse(u, '盲人按摩');
    expect(await u.says('2')).toEqual(['这个课程面向残疾人。您是残疾人吗？\n1 是\n2 不是']);
    expect(await u.says('是')).toEqual([
      `您符合条件：这个课程面向残疾人（以报名审核为准）。\n依据：《${PLAN}》四（一）3`,
      '回复1报名，回复“找课”看其他课程，回复3返回列表',
    ]);
    expect((await u.says('1')).at(-1)).toBe('请输入您的姓名：');
    await u.says('张三');
    // No group question: the check already established it.
    expect(await u.says('13912345678')).toEqual(['为办理培训报名，我们会保存您的姓名和手机号，仅用于培训管理。同意请回复1']);
    expect((await u.says('1')).join()).toMatch(/身份：残疾人/);
  });

  test('no to every group → 可能不符合, with whom to ask and the citation', async () => {
    app = await createCourseTestApp({ knowledge: k.kb });
    await app.addCourse({ title: '测试：榆中县退役军人保安培训班', occupation: '保安', eligibleGroups: ['veteran', 'unemployed'] });
    const u = app.user('u1');
    await u.says('你好');
    await openCourse(u, '保安');
    await u.says('2');
    expect(await u.says('这个班在哪上课？')).toEqual(['上课地点：榆中县测试路1号。', '这个课程面向退役军人。您是退役军人吗？\n1 是\n2 不是']);
    expect(await u.says('2')).toEqual(['这个课程面向失业人员。您是失业人员吗？\n1 是\n2 不是']);
    const [verdict, next] = await u.says('不是');
    expect(verdict).toBe(
      `您可能不符合条件：这个课程只面向退役军人、失业人员。请咨询榆中县就业服务中心 0931-0000000或拨打12333。\n依据：《${PLAN}》四（一）3`,
    );
    expect(next).toBe('回复“找课”看其他课程，回复3返回列表');
  });

  test('courses open to everyone need no questions; the citation comes from the knowledge base (fake)', async () => {
    const kb = new FakeKnowledgeBase([
      { clauseId: 7, document: '测试规划', label: '四（一）2', heading: 'h', text: '对建档立卡贫困劳动力开展培训', keywords: ['贫困'] },
    ]);
    app = await createCourseTestApp({ knowledge: kb });
    await app.addCourse({ title: '测试：榆中县脱贫劳动力叉车培训班', occupation: '叉车', eligibleGroups: ['poverty'] });
    const u = app.user('u1');
    await u.says('你好');
    await openCourse(u, '叉车');
    await u.says('2');
    expect((await u.says('1'))[0]).toBe('您符合条件：这个课程面向建档立卡/脱贫户（以报名审核为准）。\n依据：《测试规划》四（一）2');

    await app.addCourse({ title: '测试：榆中县挖掘机培训班', occupation: '挖掘机' });
    await openCourse(u, '挖掘机');
    expect((await u.says('2'))[0]).toMatch(/^这个课程面向所有有培训需求的劳动者，您可以报名/);
  });
});

describe('entrepreneurship advisor', () => {
  test.each([
    ['1', /创业意识教育和创业项目指导/],
    ['2', /企业注册、税务登记、人员管理、资金管理、市场营销/],
    ['3', /产业组织形式、经营管理方式和现代企业制度/],
    ['4', /网络创业培训/],
  ])('stage %s: the plan’s training for it, cited, then real courses', async (stage, advice) => {
    app = await createCourseTestApp({ knowledge: k.kb });
    const u = app.user('u1');
    await u.says('你好');
    expect(await u.says('我想创业')).toEqual(['您现在是哪种情况？\n1 想创业，还没定做什么\n2 刚起步\n3 已经在经营\n4 想做电商/网店']);
    const [text, list] = await u.says(stage);
    expect(text).toMatch(advice);
    expect(text).toMatch(`依据：《${PLAN}》四（一）6`);
    expect(list).toMatch(/^可以报名的相关培训：\n1 示例：/);
    if (stage === '4') expect(list).toMatch(/电商|网店|直播/);
    else expect(list).toMatch(/创业/);
    expect(list).toMatch(/回复地名（如：会宁）找附近的$/);
  });

  test('with a saved county: courses near it; a number opens the details; a place name searches there', async () => {
    app = await createCourseTestApp({ knowledge: k.kb });
    const u = app.user('u1');
    await u.says('你好');
    await u.says('凉州有啥培训班'); // saves 凉州区
    await u.says('菜单');
    await u.says('4');
    const [, list] = await u.says('1');
    expect(list).toMatch(/^凉州区附近的相关培训：\n1 示例：凉州区SYB创业培训班（凉州区 0\.0km/);
    const [detail] = await u.says('1');
    expect(detail).toMatch(/^示例：凉州区SYB创业培训班\n/);
    expect(detail).toMatch(/对象：返乡创业人员、高校毕业生、农民工、失业人员、退役军人/);
    expect((await u.says('3'))[0]).toBe(list);
    expect((await u.says('安定区'))[0]).toMatch(/^安定区附近的创业培训课程：\n1 示例：安定区SYB创业培训班/);
  });

  test('a policy question about 创业 still goes to policy Q&A', async () => {
    app = await createCourseTestApp({ knowledge: k.kb });
    const u = app.user('u1');
    await u.says('你好');
    expect((await u.says('返乡创业有什么政策')).join()).not.toMatch(/哪种情况/);
  });
});
