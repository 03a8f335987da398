/**
 * Routing outside any flow, from what features registered: a menu number opens its item's
 * dialog; then the understanding's top intent, when confident, opens the dialog that declared
 * it serves that label (features declare it, the kernel knows no domain); thanks and chit-chat
 * get a friendly prompt; then the intents' word matchers (tried in order); anything else goes
 * to the fallback (policy Q&A). A bare number that is no menu item shows the menu again.
 */
import type { DialogContext, DialogInput, IntentMatcher, StepResult } from './dialog.js';
import type { IdleRouter } from './engine.js';
import type { MenuRegistry } from './menu.js';
import { texts } from './texts.js';

/** How sure the understanding must be before its top intent decides, by who decided it. */
const MIN_CONFIDENCE = { rule: 0.8, model: 0.6, llm: 0.6 } as const;

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
    const top = input.location ? undefined : input.understanding?.intents[0];
    if (top && top.confidence >= MIN_CONFIDENCE[top.source]) {
      for (const intent of options.intents) {
        if (!intent.serves?.includes(top.intent)) continue;
        const args = intent.args ? intent.args(input, ctx) : intent.match(input, ctx);
        return open(intent.dialog, args ?? undefined);
      }
      if (top.intent === 'thanks_ack') return { replies: [texts.ack] };
      if (top.intent === 'chitchat' || top.intent === 'greeting') return { replies: [texts.chitchat + '\n' + options.menu.render()] };
    }
    for (const intent of options.intents) {
      const args = intent.match(input, ctx);
      if (args !== null && args !== undefined) return open(intent.dialog, args);
    }
    if (!input.text) return { replies: [texts.unsupported] };
    if (/^\d+$/.test(input.text) || !options.fallback) return { replies: [options.menu.render()] };
    return open(options.fallback.dialog, options.fallback.args(input));
  };
}
