/**
 * Route stage: global commands first (菜单/帮助/0, 取消/退出, 人工), then events, then the
 * dialog engine. Returns the new conversation data and the replies.
 */
import type { Db } from '../db/client.js';
import type { DialogEngine, ConversationData } from '../dialogs/engine.js';
import { MENU_DIALOGS } from '../dialogs/router.js';
import type { DialogContext, DialogInput, Reply } from '../dialogs/types.js';
import { commandForm } from './normalize.js';
import { texts } from './texts.js';

const MENU_WORDS = new Set(['菜单', '帮助', '0', 'menu', 'help', '主菜单', '返回菜单']);
const LEAVE_WORDS = new Set(['取消', '退出', '不报了', '算了', 'exit', 'quit']);
const HUMAN_WORDS = new Set(['人工', '转人工', '人工服务', '找人工', '客服', '5']);
const GREETINGS = /^(你好|您好|在吗|在不|hi|hello|喂|嗨|哈喽)$/;

export interface RouteOutcome {
  data: ConversationData;
  replies: Reply[];
}

export async function route(
  engine: DialogEngine,
  db: Db,
  data: ConversationData,
  input: DialogInput,
  ctx: DialogContext & { isNewUser: boolean; channelName: string },
): Promise<RouteOutcome> {
  const cmd = commandForm(input.text);
  const inFlow = data.frames.length > 0;
  const done = (replies: Reply[], frames = data.frames): RouteOutcome => ({ data: { ...data, frames }, replies });

  // Events from the platform.
  if (input.event?.type === 'unsubscribe' || input.event?.type === 'location-report') return done([]);
  if (input.event?.type === 'subscribe') return done([texts.welcome, texts.menu()], []);
  if (input.event?.type === 'menu') {
    if (input.event.key === 'human') return handoff(db, data, ctx);
    const dialog = MENU_DIALOGS[input.event.key as keyof typeof MENU_DIALOGS];
    if (!dialog || !engine.has(dialog)) return done([texts.menu()], []);
    const opened = await engine.open([], dialog, undefined, ctx);
    return done(opened.replies, opened.frames);
  }

  // First contact: welcome and menu; a real question is answered right after.
  const intro: Reply[] = ctx.isNewUser ? [texts.welcome, texts.menu()] : [];
  const onlyGreeting = !input.location && (cmd === '' || GREETINGS.test(cmd) || MENU_WORDS.has(cmd));
  if (ctx.isNewUser && onlyGreeting) return done(intro, []);

  // Global commands work at any point.
  if (MENU_WORDS.has(cmd) || GREETINGS.test(cmd)) return done([texts.menu()], []);
  if (LEAVE_WORDS.has(cmd)) return done([inFlow ? texts.left : texts.nothingToLeave, texts.menu()], []);
  // "5" is a menu number only outside a flow (inside one it may be an answer).
  if (HUMAN_WORDS.has(cmd) && (cmd !== '5' || !inFlow)) return handoff(db, data, ctx);

  const result = await engine.run(data.frames, input, ctx);
  const lastText = input.text && !/^\d+$/.test(input.text) ? input.text : data.lastText;
  return { data: { frames: result.frames, ...(lastText ? { lastText } : {}) }, replies: [...intro, ...result.replies] };
}

async function handoff(db: Db, data: ConversationData, ctx: DialogContext & { channelName: string }): Promise<RouteOutcome> {
  const open = await db.handoffRequest.findFirst({ where: { userId: ctx.user.id, status: 'open' } });
  if (open) return { data: { ...data, frames: [] }, replies: [texts.handoffAlreadyOpen] };
  await db.handoffRequest.create({
    data: { userId: ctx.user.id, channel: ctx.channelName, question: data.lastText ?? '' },
  });
  return { data: { ...data, frames: [] }, replies: [texts.handoffCreated] };
}
