/** The dialog engine with no channel and no database: pure state-machine behaviour. */
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { silentLogger } from '../../src/shared/logger.js';
import { DialogEngine, type Frame } from '../../src/bot/engine.js';
import type { Dialog, DialogContext } from '../../src/bot/dialog.js';

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
    expect(back.frames).toEqual([{ dialog: 'counter', state: { n: 5 } }]);
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
