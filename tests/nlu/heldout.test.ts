/**
 * The blind held-out set (data/nlu/heldout.jsonl, never trained on): intent accuracy must stay at
 * or above the bar, entity F1 above its floor. Also the understanding of the classes issue 9 names.
 */
import { describe, expect, it } from 'vitest';
import { defaultGazetteer } from '../../src/courses/services.js';
import { createUnderstander, evaluate, readExamples } from '../../src/nlu/index.js';

const HELDOUT = new URL('../../data/nlu/heldout.jsonl', import.meta.url).pathname;
const understander = createUnderstander({ places: defaultGazetteer() });

describe('NLU on the blind held-out set', () => {
  it('intent accuracy ≥ 95%, entity F1 ≥ 75%', async () => {
    const report = await evaluate(understander, readExamples(HELDOUT));
    expect(report.total).toBeGreaterThanOrEqual(120);
    expect(report.intentAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(report.entityF1).toBeGreaterThanOrEqual(0.75);
  }, 60_000);
});

describe('understanding one turn', () => {
  const u = (t: string) => understander.understand(t);
  it('traditional characters, emoji and voice placeholders', async () => {
    expect((await u('學廚師')).entities.trade).toBe('厨师');
    expect((await u('菜單')).intents[0]?.intent).toBe('menu');
    for (const t of ['[语音]5"', '😂', '???', '[表情]']) expect((await u(t)).kind).toBe('noise');
    expect((await u('👍')).intents[0]?.intent).toBe('thanks_ack');
  });
  it('options, natural yes/no, corrections, phone and names', async () => {
    expect((await u('第一个')).entities.option).toEqual({ kind: 'number', n: 1 });
    expect((await u('头一个')).entities.option).toEqual({ kind: 'number', n: 1 });
    expect((await u('第2个')).entities.option).toEqual({ kind: 'number', n: 2 });
    expect((await u('最后那个')).entities.option).toEqual({ kind: 'last' });
    expect((await u('我要报上面那个东乡养牛的')).entities.option).toEqual({ kind: 'previous' });
    for (const t of ['是', '嗯', '好的', '行 排吧', '中', '可以', '没问题', '确定']) expect((await u(t)).entities.yesNo, t).toBe('yes');
    for (const t of ['不', '不要', '算了', '不是']) expect((await u(t)).entities.yesNo, t).toBe('no');
    const change = await u('不要厨师了 要家政');
    expect(change.entities).toMatchObject({ trade: '家政', rejectedTrade: '厨师', correction: true });
    expect((await u('不对 俺要报电工的 不是焊工')).entities).toMatchObject({ trade: '电工', correction: true });
    expect((await u('1899320一5678')).entities.phone).toBe('18993205678');
    expect((await u('马秀兰')).entities.name).toBe('马秀兰');
    expect((await u('返回')).entities.name).toBeUndefined();
    expect((await u('下一步')).entities.name).toBeUndefined();
  });
  it('handoff words, life stories and the first message', async () => {
    for (const t of ['我要找真人说话', '有没有人工客服', '转人工']) expect((await u(t)).intents[0]?.intent, t).toBe('handoff');
    const first = await u('俺想学厨师 夏官营的');
    expect(first.entities).toMatchObject({ trade: '厨师', place: '夏官营' });
    expect(first.intents[0]?.intent).toBe('find_courses');
    expect((await u('男人在新疆打工')).entities.lifeStory).toBe(true);
    expect((await u('我是村文书，想帮村里三个妇女报个家政培训')).entities.proxy).toBe(true);
    expect((await u('要带身份证不')).isQuestion).toBe(true);
  });
  it('a long story naming a trade and asking for training is a course request, even when it asks whether it is free', async () => {
    const story = '我是会宁县的 男人在外头打工 我一个人在家种地 想学个手艺挣点钱 比如做月嫂啥的 听说政府培训免费还给补贴 是真的不 我咋报名';
    expect((await u(story)).intents[0]?.intent).toBe('find_courses');
    expect((await u('学月嫂免费吗')).intents[0]?.intent).toBe('policy_question'); // short: the cost question it is
  });
});
