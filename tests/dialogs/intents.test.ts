/** The course intents: which free text opens a course dialog, and which stays with policy Q&A. */
import { describe, expect, test } from 'vitest';
import { courseIntents } from '../../src/dialogs/courses/intents.js';
import type { DialogContext } from '../../src/bot/dialog.js';
import { defaultGazetteer } from '../../src/courses/index.js';

const g = defaultGazetteer();
const ctx = {
  user: { id: 1, name: null, phone: null, countyCode: null },
  channel: { name: 'test', inGroup: false, capabilities: { maxTextLength: 600, maxSegments: 3, supportsLocation: true, canPush: false } },
  conversationKey: 'private',
  services: { courses: { findPlaceInText: (t: string) => g.findInText(t) } } as never,
} satisfies DialogContext;

/** The first matching intent, as the router tries them. */
function route(text: string): { dialog: string; args: unknown } | null {
  for (const i of courseIntents) {
    const args = i.match({ text }, ctx);
    if (args !== null && args !== undefined) return { dialog: i.dialog, args };
  }
  return null;
}

describe('course intents', () => {
  test.each([
    ['我想学电工', 'find-courses', { q: '电工' }],
    ['榆中有电工班吗', 'find-courses', { q: '电工', placeText: '榆中有电工班吗' }],
    ['有啥培训班', 'find-courses', {}],
    ['学厨师', 'find-courses', { q: '厨师' }],
    ['报名', 'find-courses', {}],
    ['我要报名', 'find-courses', {}],
    ['找课', 'find-courses', {}],
    ['挖掘机', 'find-courses', { q: '挖掘机' }],
    ['我想学开网店', 'find-courses', { q: '开网店' }],
    ['会宁有没有盲人按摩的培训', 'find-courses', { q: '盲人按摩', placeText: '会宁有没有盲人按摩的培训' }],
    ['我的报名', 'my-enrollments', {}],
    ['取消报名', 'my-enrollments', {}],
    ['帮别人报名', 'find-courses', { proxy: true }],
    ['代报名', 'find-courses', { proxy: true }],
    ['想创业', 'entrepreneurship', {}],
    ['创业培训', 'entrepreneurship', {}],
    ['我想创业，不知道做啥', 'entrepreneurship', {}],
  ])('%s → %s', (text, dialog, args) => {
    expect(route(text)).toEqual({ dialog, args });
  });

  test.each([
    '残疾人能参加培训不',
    '电工培训有补贴吗',
    '培训期间有生活补助吗',
    '创业贷款怎么申请',
    '返乡创业有什么政策',
    '创业培训有补贴吗',
    '高校毕业生可以参加吗',
    '培训费谁出',
    '甘肃的职业技能培训规划是什么',
    '两后生是什么意思',
  ])('policy question stays with policy Q&A: %s', (text) => {
    expect(route(text)).toBeNull();
  });
});
