/**
 * Routing outside any flow, from what features registered: a menu number opens its item's
 * dialog, an intent (tried in order) opens its dialog, and anything else goes to the fallback
 * (policy Q&A). A bare number that is no menu item shows the menu again.
 */
import type { DialogContext, DialogInput, IntentMatcher, StepResult } from './dialog.js';
import type { IdleRouter } from './engine.js';
import type { MenuRegistry } from './menu.js';
import { texts } from './texts.js';

export interface IdleRouterOptions {
  menu: MenuRegistry;
  intents: IntentMatcher<any>[];
  fallback: { dialog: string; args: (input: DialogInput) => unknown } | null;
}

export function createIdleRouter(options: IdleRouterOptions): IdleRouter {
  const open = (dialog: string, args?: unknown): StepResult<never> => ({ replies: [], push: { dialog, args } });

  return (input: DialogInput, ctx: DialogContext<any>) => {
    const item = input.location ? null : options.menu.byNumber(input.text);
    if (item) return open(item.dialog);
    for (const intent of options.intents) {
      const args = intent.match(input, ctx);
      if (args !== null && args !== undefined) return open(intent.dialog, args);
    }
    if (!input.text) return { replies: [texts.unsupported] };
    if (/^\d+$/.test(input.text) || !options.fallback) return { replies: [options.menu.render()] };
    return open(options.fallback.dialog, options.fallback.args(input));
  };
}
