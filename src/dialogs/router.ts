/**
 * Routing outside any flow: menu numbers and menu-button keys open their dialog, known intents
 * open theirs, a shared location opens the course search, anything else is a policy question.
 */
import { MENU_ITEMS, texts, type MenuKey } from '../bot/texts.js';
import type { IdleRouter } from './engine.js';
import type { DialogContext, DialogInput, IntentMatcher, StepResult } from './types.js';

/** Which dialog each menu item opens (handoff is handled by the turn itself). */
export const MENU_DIALOGS: Record<Exclude<MenuKey, 'human'>, string> = {
  policy: 'ask-policy',
  courses: 'find-courses',
  my: 'my-enrollments',
  startup: 'entrepreneurship',
};

export function menuKeyOf(text: string): MenuKey | null {
  return MENU_ITEMS.find((i) => i.n === text)?.key ?? null;
}

export interface IdleRouterOptions {
  intents: IntentMatcher[];
  /** Whether a dialog id is registered (menu items of modules not installed say "coming soon"). */
  has(dialogId: string): boolean;
}

export function createIdleRouter(options: IdleRouterOptions): IdleRouter {
  const open = (dialog: string, args?: unknown): StepResult<never> =>
    options.has(dialog) ? { replies: [], push: { dialog, args } } : { replies: [texts.comingSoon, texts.menu()] };

  return (input: DialogInput, ctx: DialogContext) => {
    if (input.location) return open('find-courses', { location: input.location });
    const key = menuKeyOf(input.text);
    if (key && key !== 'human') return open(MENU_DIALOGS[key]);
    for (const intent of options.intents) {
      if (!options.has(intent.dialog)) continue;
      const args = intent.match(input, ctx);
      if (args !== null && args !== undefined) return open(intent.dialog, args);
    }
    if (!input.text) return { replies: [texts.unsupported] };
    if (/^\d+$/.test(input.text)) return { replies: [texts.menu()] };
    return open('ask-policy', { question: input.text });
  };
}
