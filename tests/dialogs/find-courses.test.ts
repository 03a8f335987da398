/** Transcripts: finding courses by place name, location, typo, ambiguous place, paging, details. */
import { describe, expect, test } from 'vitest';
import { type CourseTestApp, useCourseApp } from './helpers/course-app.js';

let app: CourseTestApp;
useCourseApp((a) => (app = a));

/** Result lines "1 …（榆中县 0.0km，…）" → distances in km. */
function distances(list: string): number[] {
  return [...list.matchAll(/ (\d+(?:\.\d)?)km/g)].map((m) => Number(m[1]));
}

describe('find courses', () => {
  test('by place name in free text: nearest first with km, 3 at a time', async () => {
    const u = app.user('u1');
    await u.says('你好');
    const [list] = await u.says('榆中有电工班吗');
    expect(list).toMatch(/^榆中县附近的电工课程：/);
    expect(list).toMatch(/\n1 示例：榆中县电工（初级）就业技能培训班（榆中县 0\.0km，/);
    expect(list!.split('\n').filter((l) => /^\d /.test(l))).toHaveLength(3);
    const km = distances(list!);
    expect(km).toEqual([...km].sort((a, b) => a - b));
    expect(list).toMatch(/回复数字看详情，回复8看更多$/);
    // The county is remembered for next time.
    expect((await app.t.db.user.findFirstOrThrow()).countyCode).toBe('620123');
  });

  test('by shared location: asks only the keyword, then lists by distance', async () => {
    const u = app.user('u1');
    await u.says('你好');
    const [ask] = await u.sharesLocation(35.58, 104.61, '定西市安定区');
    expect(ask).toMatch(/想学什么/);
    expect(ask).toMatch(/1 电工\/焊工/);
    const [list] = await u.says('1');
    expect(list).toMatch(/^您的位置（安定区）附近的电工\/焊工课程：\n1 示例：安定区焊工/);
    expect(distances(list!)[0]).toBeLessThan(1);
    expect((await app.t.db.user.findFirstOrThrow()).countyCode).toBe('621102');
  });

  test('typo in a place name is resolved; an unknown one gets numbered suggestions', async () => {
    const u = app.user('u1');
    await u.says('你好');
    expect((await u.says('2')).join()).toMatch(/您在哪个县区或乡镇/);
    expect((await u.says('榆钟')).join()).toMatch(/想学什么/);
    expect((await u.says('学厨师')).join()).toMatch(/^榆中县附近的厨师课程/);

    const v = app.user('u2');
    await v.says('你好');
    await v.says('2');
    const [suggest] = await v.says('夏官');
    expect(suggest).toMatch(/^没找到“夏官”，您是说：/);
    const line = suggest!.split('\n').find((l) => l.includes('榆中县夏官营镇'))!;
    expect((await v.says(line.split(' ')[0]!)).join()).toMatch(/想学什么/);
    expect((await v.says('7')).join()).toMatch(/^榆中县夏官营镇附近的课程：\n1 /);
  });

  test('ambiguous place: numbered choice, then results for the chosen county', async () => {
    const u = app.user('u1');
    await u.says('你好');
    const [choose] = await u.says('定西有焊工班吗');
    expect(choose).toMatch(/^“定西市”有几个地方，您说的是：\n1 安定区\n2 通渭县\n3 陇西县/);
    expect(choose).toMatch(/回复数字选择$/);
    const [list] = await u.says('1');
    expect(list).toMatch(/^安定区附近的焊工课程：\n1 示例：安定区焊工（初级）就业技能培训班（安定区 0\.0km/);
  });

  test('paging with 8, then details of an item on the second page, then back to the list', async () => {
    const u = app.user('u1');
    await u.says('你好');
    await u.says('2');
    await u.says('城关区');
    const [page1] = await u.says('不限');
    expect(page1).toMatch(/^城关区附近的课程：/);
    const [page2] = await u.says('8');
    const titles = (s: string) => s.split('\n').filter((l) => /^\d /.test(l)).map((l) => l.replace(/^\d /, ''));
    expect(titles(page2!)).toHaveLength(3);
    expect(titles(page2!).some((t) => titles(page1!).includes(t))).toBe(false);
    expect(Math.min(...distances(page2!))).toBeGreaterThanOrEqual(Math.max(...distances(page1!)));

    const [detail, actions] = await u.says('2');
    const title = titles(page2!)[1]!.replace(/（[^（]*）$/, '');
    expect(detail!.split('\n')[0]).toBe(title);
    expect(detail).toMatch(/时间：\d{4}-\d{2}-\d{2}至/);
    expect(detail).toMatch(/补贴：/);
    expect(detail).toMatch(/对象：/);
    expect(detail).toMatch(/名额：共\d+人/);
    expect(detail).toMatch(/联系：/);
    expect(actions).toBe('回复：\n1 报名\n2 看我能不能报\n3 返回列表\n4 帮别人报名（代报名）');
    expect(await u.says('3')).toEqual([page2]);
  });

  test('the saved county is used next time without asking', async () => {
    const u = app.user('u1');
    await u.says('你好');
    await u.says('会宁有电工班吗');
    await u.says('菜单');
    const replies = await u.says('2');
    expect(replies[0]).toBe('按您上次的地点（会宁县）查找，换地方请直接回复地名。');
    expect(replies[1]).toMatch(/想学什么/);
    expect((await u.says('2')).join()).toMatch(/^会宁县附近的厨师\/拉面课程/);
  });

  test('online courses are offered when nothing is near', async () => {
    const u = app.user('u1');
    await u.says('你好');
    await u.sharesLocation(40.5, 95.0, '敦煌');
    const [list] = await u.says('3');
    expect(list).toMatch(/^附近暂时没有，这些线上课程可以报：\n1 示例：线上：/);
    expect(list).toMatch(/（线上，/);
  });

  test('nothing found: offers to be notified and stores the interest', async () => {
    const u = app.user('u1');
    await u.says('你好');
    const [none] = await u.says('榆中有无人机培训班吗');
    expect(none).toBe('榆中县附近暂时没有无人机课程。\n回复1 有合适课程时通知我\n也可以换个地名或工种再找。');
    expect(await u.says('1')).toEqual(['好的，有合适的课程开班时会通知您。']);
    const interest = await app.t.db.courseInterest.findFirstOrThrow();
    expect(interest).toMatchObject({ keyword: '无人机', countyCode: '620123' });
  });

  test('a new keyword typed at the list searches again; a policy question leaves the list', async () => {
    const u = app.user('u1');
    await u.says('你好');
    await u.says('榆中有电工班吗');
    expect((await u.says('焊工')).join()).toMatch(/^榆中县附近的焊工课程/);
    const [answer] = await u.says('残疾人参加培训有补贴吗');
    expect(answer).toMatch(/四（一）3/);
  });

  test('a list left for hours no longer owns bare numbers: "1" is the menu again', async () => {
    const u = app.user('u1');
    await u.says('你好');
    await u.says('榆中有电工班吗');
    app.t.clock.advance(3 * 3600_000);
    expect((await u.says('1')).join()).toMatch(/请直接说您想问的政策/);
  });
});
