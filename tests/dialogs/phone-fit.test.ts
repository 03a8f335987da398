/** Transcripts: course details fit two SMS segments on SMS, the full card on chat; one numbered menu per reply. */
import { afterEach, describe, expect, test } from 'vitest';
import { createCourseTestApp, type CourseTestApp } from './helpers/course-app.js';

let app: CourseTestApp | undefined;
afterEach(async () => {
  await app?.destroy();
  app = undefined;
});

const SMS = { maxTextLength: 70, maxSegments: 5, supportsLocation: false, canPush: true };

describe('replies fit a phone', () => {
  test('on SMS, course details take at most 2 segments and keep the essentials', async () => {
    app = await createCourseTestApp({ capabilities: SMS });
    await app.addCourse({ title: '测试：榆中县无人机驾驶员培训班', occupation: '无人机' });
    const u = app.user('u1');
    await u.says('你好');
    await u.says('榆中有无人机班吗');
    const [detail, actions] = await u.says('1');
    expect(detail!.length).toBeLessThanOrEqual(140);
    expect(detail).toMatch(/无人机驾驶员培训班/);
    expect(detail).toMatch(/开课/);
    expect(detail).toMatch(/剩30位/);
    expect(actions).toMatch(/^回复：\n1 报名/);
    expect([detail, actions].filter((r) => /^1 /m.test(r!)).length).toBe(1);
  });

  test('on chat, the full card', async () => {
    app = await createCourseTestApp();
    await app.addCourse({ title: '测试：榆中县无人机驾驶员培训班', occupation: '无人机' });
    const u = app.user('u1');
    await u.says('你好');
    await u.says('榆中有无人机班吗');
    const [detail] = await u.says('1');
    expect(detail).toMatch(/时间：.*\n地点：/);
    expect(detail).toMatch(/联系：/);
  });
});
