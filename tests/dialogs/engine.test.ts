/** The dialog engine with no channel and no database: pure state-machine behaviour. */
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { silentLogger } from '../../src/shared/logger.js';
import { DialogEngine, type Frame } from '../../src/bot/engine.js';
import type { Dialog, DialogContext, DialogInput } from '../../src/bot/dialog.js';
import { emptyUnderstanding, type Understanding } from '../../src/bot/understanding.js';

const ctx = {
  user: { id: 1, name: null, phone: null, countyCode: null },
  channel: { name: 'test', inGroup: false, capabilities: { maxTextLength: 600, maxSegments: 3, supportsLocation: true, canPush: false } },
  conversationKey: 'private',
  services: { log: silentLogger } as never,
} satisfies DialogContext;

const counter: Dialog<{ n: number }, { from?: number }> = {
  id: 'counter',
  stateSchema: z.object({ n: z.number() }),
  start: (args) => ({ replies: [`start ${args?.from ?? 0}`], state: { n: args?.from ?? 0 } }),
  step(state, input) {
    if (input.text === 'done') return { replies: ['bye'], end: true };
    if (input.text === 'child') return { replies: ['opening child'], state, push: { dialog: 'counter', args: { from: 100 } } };
    if (input.text === 'swap') return { replies: [], push: { dialog: 'counter', args: { from: 7 } } };
    if (input.text === 'menu') return { replies: [], reroute: true };
    return { replies: [`n=${state.n + 1}`], state: { n: state.n + 1 } };
  },
};

const engine = new DialogEngine(new Map([[counter.id, counter]]), (input) =>
  input.text === 'count' ? { replies: [], push: { dialog: 'counter' } } : { replies: [`idle:${input.text}`] },
);

describe('DialogEngine', () => {
  test('idle input is routed; a push opens a dialog', async () => {
    const r = await engine.run([], { text: 'count' }, ctx);
    expect(r.replies).toEqual(['start 0']);
    expect(r.frames).toEqual([{ dialog: 'counter', state: { n: 0 } }]);
  });

  test('step keeps state; end pops back to idle', async () => {
    let frames: Frame[] = [{ dialog: 'counter', state: { n: 1 } }];
    ({ frames } = await engine.run(frames, { text: 'x' }, ctx));
    expect(frames[0]!.state).toEqual({ n: 2 });
    const r = await engine.run(frames, { text: 'done' }, ctx);
    expect(r.replies).toEqual(['bye']);
    expect(r.frames).toEqual([]);
  });

  test('push with state keeps the parent below; push without state replaces it', async () => {
    const r = await engine.run([{ dialog: 'counter', state: { n: 5 } }], { text: 'child' }, ctx);
    expect(r.frames).toEqual([
      { dialog: 'counter', state: { n: 5 } },
      { dialog: 'counter', state: { n: 100 } },
    ]);
    const back = await engine.run(r.frames, { text: 'done' }, ctx);
    expect(back.frames).toEqual([{ dialog: 'counter', state: { n: 5 }, uncovered: true }]);
    const swapped = await engine.run([{ dialog: 'counter', state: { n: 5 } }], { text: 'swap' }, ctx);
    expect(swapped.frames).toEqual([{ dialog: 'counter', state: { n: 7 } }]);
  });

  test('reroute hands the same input to the level below', async () => {
    const r = await engine.run([{ dialog: 'counter', state: { n: 5 } }], { text: 'menu' }, ctx);
    expect(r.replies).toEqual(['idle:menu']);
    expect(r.frames).toEqual([]);
  });

  test('a frame with unreadable state or an unknown dialog is dropped, not crashed on', async () => {
    const r = await engine.run(
      [
        { dialog: 'gone', state: {} },
        { dialog: 'counter', state: { n: 'not a number' } },
      ],
      { text: 'hello' },
      ctx,
    );
    expect(r.replies).toEqual(['idle:hello']);
    expect(r.frames).toEqual([]);
  });
});

describe('interruptions', () => {
  // A screen that reroutes what it does not use and can show itself again; an answer that waits for nothing.
  const screen: Dialog<{ shown: string }, unknown> = {
    id: 'screen',
    stateSchema: z.object({ shown: z.string() }),
    start: () => ({ replies: ['screen: 1 a 2 b'], state: { shown: 'list' } }),
    step: (state, input) => (input.text === '1' ? { replies: ['picked a'], state } : input.text === 'leave' ? { replies: [], end: true } : { replies: [], reroute: true }),
    resume: () => ['screen: 1 a 2 b'],
  };
  const answer: Dialog<{ waiting: boolean }, unknown> = {
    id: 'answer',
    stateSchema: z.object({ waiting: z.boolean() }),
    start: (_a, c) => ({ replies: [c.interrupting ? 'the answer' : 'the answer 回复1看原文'], state: { waiting: false } }),
    step: () => ({ replies: [], reroute: true }),
    passive: (s) => !s.waiting,
  };
  const flow: Dialog<{ step: number }, unknown> = {
    id: 'flow',
    stateSchema: z.object({ step: z.number() }),
    start: () => ({ replies: ['flow: your name?'], state: { step: 0 } }),
    step: () => ({ replies: ['flow done'], end: true }),
  };
  const idle = (input: DialogInput) =>
    input.text.endsWith('?') ? { replies: [], push: { dialog: 'answer' } } : input.text === 'start flow' ? { replies: [], push: { dialog: 'flow' } } : { replies: [`idle:${input.text}`] };
  const e = new DialogEngine(new Map<string, Dialog<any, any>>([[screen.id, screen], [answer.id, answer], [flow.id, flow]]), idle);
  const says = (text: string, u: Partial<Understanding> = {}): DialogInput => ({
    text,
    understanding: { ...emptyUnderstanding(text), isQuestion: text.endsWith('?'), ...u },
  });

  test('a question on a screen is answered and the same screen shown again; its numbers still work', async () => {
    const r = await e.run([{ dialog: 'screen', state: { shown: 'list' } }], says('what about food?'), ctx);
    expect(r.replies).toEqual(['the answer', 'screen: 1 a 2 b']);
    expect(r.frames.map((f) => f.dialog)).toEqual(['screen']);
    expect((await e.run(r.frames, says('1'), ctx)).replies).toEqual(['picked a']);
  });

  test('an unrelated request opens its flow above the screen, which comes back under it', async () => {
    const r = await e.run([{ dialog: 'screen', state: { shown: 'list' } }], says('start flow', { intents: [{ intent: 'sign_up', confidence: 0.9, source: 'rule' }] }), ctx);
    expect(r.replies).toEqual(['flow: your name?']);
    expect(r.frames.map((f) => f.dialog)).toEqual(['screen', 'flow']);
  });

  test('a bare number or a screen no longer in view is left as before', async () => {
    const r = await e.run([{ dialog: 'screen', state: { shown: 'list' } }], says('9'), ctx);
    expect(r.replies).toEqual(['idle:9']);
    expect(r.frames).toEqual([]);
    const hidden = await e.run([{ dialog: 'screen', state: { shown: 'list' }, uncovered: true }], says('what about food?'), ctx);
    expect(hidden.replies).toEqual(['the answer 回复1看原文']);
    expect(hidden.frames.map((f) => f.dialog)).toEqual(['answer']);
  });
});
