import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { z } from 'zod';
import type { Dialog } from '../../src/bot/dialog.js';
import { use, type Feature } from '../../src/bot/feature.js';
import { createTestApp, type TestApp } from '../helpers/fake-channel.js';

/** A two-slot form, enough to exercise the engine: name, then town. */
const formDialog: Dialog<{ slot: 'name' | 'town'; name?: string }> = {
  id: 'find-courses',
  stateSchema: z.object({ slot: z.enum(['name', 'town']), name: z.string().optional() }),
  start: () => ({ replies: ['请问您叫什么名字？'], state: { slot: 'name' } }),
  step(state, input) {
    if (state.slot === 'name') return { replies: [`${input.text}，您在哪个乡镇？`], state: { slot: 'town', name: input.text } };
    return { replies: [`好的${state.name}，记下了：${input.text}`], end: true };
  },
};

/**
 * The form stands in for the course feature: menu items 2–4 (找课程, 我的报名, 创业指导) and a
 * shared location open it, so the kernel's routing is tested without the catalog.
 */
const formFeature: Feature = {
  name: 'form',
  apply(ctx) {
    ctx.dialog(formDialog);
    ctx.intent({ dialog: formDialog.id, match: (input) => (input.location ? {} : null) });
    ctx.menu({ key: 'courses', label: '找课程', order: 20, dialog: formDialog.id });
    ctx.menu({ key: 'my', label: '我的报名', order: 30, dialog: formDialog.id });
    ctx.menu({ key: 'startup', label: '创业指导', order: 40, dialog: formDialog.id });
  },
};

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ features: [use(formFeature)] });
});
afterEach(async () => {
  await t.destroy();
});

describe('conversation transcripts', () => {
  test('first contact gets the welcome and the numbered menu', async () => {
    const replies = await t.chat.user('u1').says('你好');
    expect(replies.join('\n')).toMatch(/陇原技能助手/);
    expect(replies.join('\n')).toMatch(/1 问政策[\s\S]*2 找课程[\s\S]*3 我的报名/);
  });

  test('a first message that is a question gets the menu and an answer', async () => {
    const replies = await t.chat.user('u1').says('残疾人能培训吗');
    expect(replies[0]).toMatch(/陇原技能助手/);
    expect(replies.at(-1)).toMatch(/残疾人职业技能提升计划/);
  });

  test('菜单 works in the middle of a flow and leaves it', async () => {
    const u = t.chat.user('u1');
    await u.says('你好');
    expect((await u.says('2')).join()).toMatch(/名字/);
    expect((await u.says('菜单')).join()).toMatch(/1 问政策/);
    // The form is gone: a name now is not taken as the form's answer.
    expect((await u.says('2')).join()).toMatch(/名字/);
  });

  test('取消 leaves a flow; outside a flow it says there is nothing to leave', async () => {
    const u = t.chat.user('u1');
    await u.says('你好');
    await u.says('2');
    expect((await u.says('取消')).join()).toMatch(/已退出/);
    expect((await u.says('退出')).join()).toMatch(/没有进行中/);
  });

  test('a redelivered message id is processed once and gets the same replies', async () => {
    const u = t.chat.user('u1');
    await u.says('你好');
    const first = await u.says('2', { messageId: 'wx-1' });
    const again = await u.says('2', { messageId: 'wx-1' });
    expect(again).toEqual(first);
    const inbound = await t.db.messageLog.count({ where: { direction: 'in', channelMessageId: 'wx-1' } });
    expect(inbound).toBe(1);
    // Still at the first slot: the redelivery did not advance the form.
    expect((await u.says('张三')).join()).toMatch(/张三，您在哪个乡镇/);
  });

  test('state survives a restart: the user continues where they were', async () => {
    const u = t.chat.user('u1');
    await u.says('你好');
    await u.says('2');
    await u.says('李四');
    await t.restart();
    const after = t.chat.user('u1');
    expect((await after.says('夏官营镇')).join()).toMatch(/好的李四，记下了：夏官营镇/);
  });

  test('人工 records a handoff request with the last question', async () => {
    const u = t.chat.user('u1');
    await u.says('你好');
    await u.says('俺家娃想学技术，咋报名');
    // An honest time to expect an answer (office hours), not an open promise.
    expect((await u.says('人工')).join()).toMatch(/工作人员（工作日9:00-17:30），.*回复/);
    const handoffs = await t.db.handoffRequest.findMany({ where: { kind: 'request' } });
    expect(handoffs).toHaveLength(1);
    // Questions the bot could not answer reach the inbox too.
    expect((await t.db.handoffRequest.findMany({ where: { kind: 'abstain' } })).map((h) => h.question)).toContain('俺家娃想学技术，咋报名');
    expect(handoffs[0]!.question).toBe('俺家娃想学技术，咋报名');
    expect((await u.says('转人工')).join()).toMatch(/已在人工处理中/);
  });

  test('policy answers cite; 1 then shows the clause text', async () => {
    const u = t.chat.user('u1');
    await u.says('你好');
    expect((await u.says('残疾人能参加培训不')).join()).toMatch(/回复1看原文/);
    expect((await u.says('1')).join()).toMatch(/四（一）3原文/);
  });

  test('a failing turn gets one apology and leaves the stored state untouched', async () => {
    const u = t.chat.user('u1');
    await u.says('你好');
    await u.says('2');
    const before = await t.db.conversationState.findUnique({ where: { userId_conversationKey: { userId: 1, conversationKey: 'private' } } });
    t.knowledge.ask = async () => {
      throw new Error('boom 13912345678');
    };
    // Leave the form first so the question reaches the (now failing) knowledge base.
    await u.says('菜单');
    const replies = await u.says('残疾人补贴');
    expect(replies).toEqual(['抱歉，系统刚才出了点问题，请稍后再试，或回复“菜单”重新开始。']);
    const after = await t.db.conversationState.findUnique({ where: { userId_conversationKey: { userId: 1, conversationKey: 'private' } } });
    expect(after!.version).toBe(before!.version + 1); // only the 菜单 turn saved
  });

  test('subscribe event welcomes with the menu; unknown numbers show the menu', async () => {
    const u = t.chat.user('u1');
    expect((await u.event({ type: 'subscribe', source: 'qrscene_yuzhong' })).join()).toMatch(/1 问政策/);
    const identity = await t.db.channelIdentity.findFirst();
    expect(identity!.source).toBe('qrscene_yuzhong');
    expect((await u.says('9')).join()).toMatch(/请回复数字/);
  });
});

describe('first contact with a location', () => {
  test('a new user who sends a location gets the welcome and the location handled', async () => {
    const u = t.chat.user('loc-1');
    const replies = await u.sharesLocation(35.84, 104.11, '榆中');
    expect(replies[0]).toMatch(/陇原技能助手/);
    // The test form stands in for find-courses: it was opened by the location.
    expect(replies.at(-1)).toMatch(/名字/);
  });
});
