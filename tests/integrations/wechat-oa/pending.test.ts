/** PendingTurns: who delivers an answer — a waiting request (passively) or the push, never both. */
import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../../src/bot/message.js';
import { PendingTurns } from '../../../src/integrations/wechat-oa/pending.js';

function deferred() {
  let resolve!: (v: OutboundMessage[]) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<OutboundMessage[]>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}
const answer = [{ text: '答' }];

describe('PendingTurns', () => {
  it('answer within the budget → passive, no push', async () => {
    const pending = new PendingTurns({ onError: () => {} });
    const pushes: OutboundMessage[][] = [];
    const out = await pending.request('m1', async () => answer, 1000, async (r) => (pushes.push(r), true));
    expect(out).toEqual({ kind: 'passive', replies: answer, first: true });
    await pending.idle();
    expect(pushes).toEqual([]);
  });

  it('budget exceeded → later, pushed once; a retry afterwards gets "later" and nothing is re-sent', async () => {
    const pending = new PendingTurns({ onError: () => {} });
    const turn = deferred();
    const pushes: OutboundMessage[][] = [];
    const push = async (r: OutboundMessage[]) => (pushes.push(r), true);
    let runs = 0;
    const run = () => (runs++, turn.promise);
    expect(await pending.request('m1', run, 10, push)).toEqual({ kind: 'later' });
    turn.resolve(answer);
    await pending.idle();
    expect(pushes).toEqual([answer]);
    expect(await pending.request('m1', run, 10, push)).toEqual({ kind: 'later' });
    expect(runs).toBe(1);
    expect(pushes).toHaveLength(1);
  });

  it('a retry waiting when the answer comes claims it; the push is skipped', async () => {
    const pending = new PendingTurns({ onError: () => {} });
    const turn = deferred();
    const pushes: OutboundMessage[][] = [];
    const push = async (r: OutboundMessage[]) => (pushes.push(r), true);
    expect(await pending.request('m1', () => turn.promise, 5, push)).toEqual({ kind: 'later' });
    const retry = pending.request('m1', () => turn.promise, 1000, push);
    expect(pending.waiting('m1')).toBe(1);
    turn.resolve(answer);
    expect(await retry).toEqual({ kind: 'passive', replies: answer, first: true });
    await pending.idle();
    expect(pushes).toEqual([]);
    // A further retry repeats the passive answer, without claiming it again.
    expect(await pending.request('m1', () => turn.promise, 5, push)).toEqual({ kind: 'passive', replies: answer, first: false });
  });

  it('a failed push releases the claim for a later retry; a failed turn is forgotten', async () => {
    const errors: unknown[] = [];
    const pending = new PendingTurns({ onError: (e) => errors.push(e) });
    const turn = deferred();
    expect(await pending.request('m1', () => turn.promise, 5, async () => false)).toEqual({ kind: 'later' });
    turn.resolve(answer);
    await pending.idle();
    expect(await pending.request('m1', () => turn.promise, 5, async () => true)).toMatchObject({ kind: 'passive', first: true });

    const failing = deferred();
    const first = pending.request('m2', () => failing.promise, 1000, async () => true);
    failing.reject(new Error('db down'));
    expect(await first).toEqual({ kind: 'later' });
    await pending.idle();
    expect(errors).toHaveLength(1);
    expect(pending.waiting('m2')).toBe(0);
    let reran = false;
    await pending.request('m2', async () => ((reran = true), answer), 1000, async () => true);
    expect(reran).toBe(true);
  });
});
