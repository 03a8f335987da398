/**
 * Route stage: platform events, then the kernel's global commands (菜单/帮助/0, 取消/退出), then
 * the features' global commands (e.g. 人工), then the dialog engine. Returns the new
 * conversation data and the replies.
 */
import type { DialogContext, DialogInput, Reply } from './dialog.js';
import type { ConversationData, DialogEngine } from './engine.js';
import type { GlobalCommand } from './feature.js';
import type { MenuRegistry } from './menu.js';
import { commandForm } from './normalize.js';
import { storedText } from './redact.js';
import { fitScreen, MORE_WORDS } from './screen.js';
import { texts } from './texts.js';

const MENU_WORDS = new Set(['菜单', '帮助', '0', 'menu', 'help', '主菜单', '返回菜单']);
const LEAVE_WORDS = new Set(['取消', '退出', '不报了', '算了', 'exit', 'quit']);
const GREETINGS = /^(你好|您好|在吗|在不|hi|hello|喂|嗨|哈喽)$/;

export interface RouteOutcome {
  data: ConversationData;
  replies: Reply[];
}

export interface Router {
  /** True when the dialog in focus waits for personal data: the input is not stored as typed. */
  personalInput(data: ConversationData): boolean;
  route(data: ConversationData, input: DialogInput, ctx: RouteCtx): Promise<RouteOutcome>;
}

function matches(command: GlobalCommand, cmd: string): boolean {
  return command.words instanceof RegExp ? command.words.test(cmd) : command.words.has(cmd);
}

type RouteCtx = DialogContext<any> & { isNewUser: boolean };

/**
 * One screen on channels that declare it (screen.ts): "更多" shows the next page of the last
 * reply that was cut; any other turn drops the pages left and is routed, and its replies are cut
 * to one screen.
 */
async function onScreen(
  stored: ConversationData,
  input: DialogInput,
  ctx: RouteCtx,
  route: (data: ConversationData) => Promise<RouteOutcome>,
): Promise<RouteOutcome> {
  const screen = ctx.channel.capabilities.screen;
  const { pages, ...data } = stored;
  if (pages?.length && MORE_WORDS.test(commandForm(input.text))) {
    const [page, ...rest] = pages;
    return { data: { ...data, ...(rest.length ? { pages: rest } : {}) }, replies: [page!] };
  }
  const outcome = await route(data);
  if (!screen) return outcome;
  const fit = fitScreen(outcome.replies, screen);
  return { data: { ...outcome.data, ...(fit.pages.length ? { pages: fit.pages } : {}) }, replies: fit.shown };
}

export function createRouter(engine: DialogEngine, menu: MenuRegistry, commands: GlobalCommand[]): Router {
  return {
    personalInput: (data) => engine.expectsPersonal(data.frames),
    route: (stored, input, turnCtx) => onScreen(stored, input, turnCtx, (data) => routeTurn(data, input, turnCtx)),
  };

  async function routeTurn(stored: ConversationData, input: DialogInput, turnCtx: RouteCtx): Promise<RouteOutcome> {
    let data = stored;
    const ctx = { ...turnCtx, memory: data.memory ?? {} };
    const cmd = commandForm(input.text);
    const inFlow = data.frames.length > 0;
    const done = (replies: Reply[], frames = data.frames): RouteOutcome => ({ data: { ...data, frames }, replies });
    const openFresh = async (dialog: string, args: unknown): Promise<RouteOutcome> => {
      const opened = await engine.open([], dialog, args, ctx);
      return { data: { ...data, frames: opened.frames, memory: opened.memory }, replies: opened.replies };
    };

    // Events from the platform.
    if (input.event?.type === 'unsubscribe' || input.event?.type === 'location-report') return done([]);
    if (input.event?.type === 'subscribe') return done([texts.welcome, menu.render()], []);
    if (input.event?.type === 'menu') {
      const item = menu.byKey(input.event.key);
      const command = item ? commands.find((c) => c.dialog === item.dialog) : undefined;
      if (!item) return done([menu.render()], []);
      return openFresh(item.dialog, command?.args?.(data));
    }

    // First contact: welcome and menu. A real request is answered right after a greeting line
    // only: its own numbered choices are the one menu of the turn (never two numbered blocks).
    const onlyGreeting = !input.location && (cmd === '' || GREETINGS.test(cmd) || MENU_WORDS.has(cmd));
    if (ctx.isNewUser && onlyGreeting) return done([texts.welcome, menu.render()], []);
    const intro: Reply[] = ctx.isNewUser ? [texts.welcomeLine] : [];

    // Emoji, stickers, voice placeholders, "???": a friendly prompt, and the screen in focus stays.
    const u = input.understanding;
    if (u?.kind === 'noise' && !input.location) {
      const ack = u.intents[0]?.intent === 'thanks_ack';
      return done([inFlow ? (ack ? texts.ackInFlow : texts.noiseInFlow) : (ack ? texts.ack : texts.noise) + '\n' + menu.render()]);
    }
    if (!inFlow && u?.intents[0]?.source === 'rule' && u.intents[0].intent === 'thanks_ack') return done([texts.ack]);

    // Leaving a form that holds answers needs one confirmation that names what would be lost.
    if (data.confirmLeave) {
      const rest = { ...data, confirmLeave: undefined };
      if (cmd === '1' || u?.entities.yesNo === 'yes' || LEAVE_WORDS.has(cmd)) return { data: { ...rest, frames: [] }, replies: [texts.left, menu.render()] };
      if (cmd === '2' || u?.entities.yesNo === 'no' || /^继续/.test(cmd)) {
        const resumed = await engine.resume(data.frames, ctx);
        return { data: rest, replies: [texts.continueForm, ...resumed] };
      }
      data = rest;
    }
    if (inFlow && (MENU_WORDS.has(cmd) || LEAVE_WORDS.has(cmd))) {
      const warning = engine.leaveWarning(data.frames);
      if (warning) return { data: { ...data, confirmLeave: true }, replies: [texts.confirmLeave(warning)] };
    }

    // Global commands work at any point.
    if (MENU_WORDS.has(cmd) || GREETINGS.test(cmd)) return done([menu.render()], []);
    if (LEAVE_WORDS.has(cmd)) return done([inFlow ? texts.left : texts.nothingToLeave, menu.render()], []);
    const command = commands.find((c) => matches(c, cmd));
    if (command) return openFresh(command.dialog, command.args?.(data));
    // A menu item chosen by number outside a flow gets the same args as its command (人工 → last question).
    const item = inFlow || input.location ? null : menu.byNumber(cmd);
    const itemCommand = item ? commands.find((c) => c.dialog === item.dialog) : undefined;
    if (itemCommand) return openFresh(itemCommand.dialog, itemCommand.args?.(data));

    const personal = engine.expectsPersonal(data.frames);
    const result = await engine.run(data.frames, input, ctx);
    const lastText = result.forget
      ? undefined
      : input.text && !personal && !/^\d+$/.test(input.text) && input.understanding?.kind !== 'noise'
        ? storedText(input.raw ?? input.text)
        : data.lastText;
    const memory = Object.keys(result.memory).length ? { memory: result.memory } : {};
    return { data: { frames: result.frames, ...(lastText ? { lastText } : {}), ...memory }, replies: [...intro, ...result.replies] };
  }
}
