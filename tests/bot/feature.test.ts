/** The Feature contract: what features register is what the kernel builds from. */
import { Router } from 'express';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Dialog, KernelServices } from '../../src/bot/dialog.js';
import { installFeatures, use, type Feature } from '../../src/bot/feature.js';
import { silentLogger } from '../../src/shared/logger.js';
import { FakeClock } from '../helpers/clock.js';

const services = { db: null as never, clock: new FakeClock(), log: silentLogger } satisfies KernelServices;

const dialog = (id: string): Dialog<{ n: number }, undefined> => ({
  id,
  stateSchema: z.object({ n: z.number() }),
  start: () => ({ replies: [id], state: { n: 0 } }),
  step: () => ({ replies: [], end: true }),
});

const feature = (name: string, apply: Feature['apply']): Feature => ({ name, apply });

describe('installFeatures', () => {
  it('numbers menu items by their order, whatever the order features were installed in', async () => {
    const later = feature('later', (ctx) => {
      ctx.dialog(dialog('b'));
      ctx.menu({ key: 'b', label: '第二', order: 20, dialog: 'b' });
    });
    const earlier = feature('earlier', (ctx) => {
      ctx.dialog(dialog('a'));
      ctx.menu({ key: 'a', label: '第一', order: 10, dialog: 'a' });
    });
    const installed = await installFeatures([use(later), use(earlier)], services);
    expect(installed.names).toEqual(['later', 'earlier']);
    expect(installed.menu.items().map((i) => `${i.n} ${i.label}`)).toEqual(['1 第一', '2 第二']);
    expect(installed.menu.byNumber('2')?.dialog).toBe('b');
    expect(installed.menu.byKey('a')?.n).toBe('1');
    expect(installed.menu.byNumber('3')).toBeNull();
    expect(installed.menu.render()).toBe('请回复数字：\n1 第一\n2 第二\n随时回复“菜单”回到这里');
  });

  it('collects intents, commands, the fallback, routes, staff routes and jobs', async () => {
    const routes = Router();
    const staff = Router();
    const installed = await installFeatures(
      [
        use(
          feature('all', (ctx) => {
            ctx.dialog(dialog('x'));
            ctx.intent({ dialog: 'x', match: () => null });
            ctx.command({ name: 'x', words: new Set(['叉']), dialog: 'x' });
            ctx.fallback('x', (input) => ({ q: input.text }));
            ctx.routes(routes);
            ctx.staffRoutes(staff);
            ctx.job({ name: 'j', cron: '0 0 18 * * *', run: async () => {} });
          }),
        ),
      ],
      services,
    );
    expect(installed.intents).toHaveLength(1);
    expect(installed.commands.map((c) => c.name)).toEqual(['x']);
    expect(installed.fallback?.args({ text: '问' })).toEqual({ q: '问' });
    expect(installed.routes).toEqual([routes]);
    expect(installed.staffRoutes).toEqual([staff]);
    expect(installed.jobs.map((j) => j.name)).toEqual(['j']);
  });

  it('refuses duplicate dialogs and menu keys, menu items of unknown dialogs, and a second fallback', async () => {
    const twice = feature('twice', (ctx) => ctx.dialog(dialog('a'), dialog('a')));
    await expect(installFeatures([use(twice)], services)).rejects.toThrow(/registered twice/);
    const dangling = feature('dangling', (ctx) => ctx.menu({ key: 'k', label: 'K', order: 1, dialog: 'nope' }));
    await expect(installFeatures([use(dangling)], services)).rejects.toThrow(/unknown dialog "nope"/);
    const keys = feature('keys', (ctx) => {
      ctx.dialog(dialog('a'));
      ctx.menu({ key: 'k', label: 'K', order: 1, dialog: 'a' });
      ctx.menu({ key: 'k', label: 'K2', order: 2, dialog: 'a' });
    });
    await expect(installFeatures([use(keys)], services)).rejects.toThrow(/registered twice/);
    const fallback = (name: string) => feature(name, (ctx) => ctx.fallback('a', () => ({})));
    await expect(installFeatures([use(fallback('f1')), use(fallback('f2'))], services)).rejects.toThrow(/fallback is taken/);
  });

  it('validates options with the feature schema and passes the parsed value', async () => {
    let seen: unknown = null;
    const withOptions: Feature<KernelServices, { hours: number }> = {
      name: 'opts',
      options: z.object({ hours: z.coerce.number().int().min(1) }),
      apply: (_ctx, options) => {
        seen = options;
      },
    };
    await installFeatures([use(withOptions, { hours: '24' as never })], services);
    expect(seen).toEqual({ hours: 24 });
    await expect(installFeatures([use(withOptions, { hours: 0 })], services)).rejects.toThrow();
  });

  it('dispose runs the features’ hooks in reverse order', async () => {
    const order: string[] = [];
    const f = (name: string) => feature(name, (ctx) => ctx.onDispose(() => void order.push(name)));
    const installed = await installFeatures([use(f('first')), use(f('second'))], services);
    await installed.dispose();
    expect(order).toEqual(['second', 'first']);
  });
});
