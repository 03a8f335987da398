/**
 * Runs dialogs over a persisted stack of frames. Pure with respect to channels: give it the
 * stored stack, the input and a context, get back the new stack and the replies.
 */
import { z } from 'zod';
import type { Dialog, DialogContext, DialogInput, DialogRegistry, Reply, StepResult } from './dialog.js';

export interface Frame {
  dialog: string;
  state: unknown;
  /**
   * The dialog above this one ended, so this screen is no longer what the user sees: a question
   * typed now leaves it rather than interrupting it (it is not shown again).
   */
  uncovered?: boolean;
}

/** What is stored in ConversationState.data (schemaVersion 1). */
export const conversationDataSchema = z.object({
  frames: z.array(z.object({ dialog: z.string(), state: z.unknown(), uncovered: z.boolean().optional() })).default([]),
  /** Last free-text question the user asked (handed over on 人工). */
  lastText: z.string().optional(),
  /**
   * The last turn saved with this state (`<channel>:<messageId>`) and its replies as stored
   * (redact.ts): a redelivery that re-runs a turn whose state was saved before a crash gets these
   * replies instead of running the dialog twice.
   */
  lastTurn: z.object({ id: z.string(), replies: z.array(z.object({ text: z.string() })) }).optional(),
  /** Asked "要放弃…吗？" after a leave word inside a form: the next answer decides. */
  confirmLeave: z.boolean().optional(),
  /** What dialogs asked the conversation to remember beyond the stack (`StepResult.remember`). */
  memory: z.record(z.string(), z.unknown()).optional(),
  /** The rest of a reply cut to one screen (screen.ts), shown page by page on "更多". */
  pages: z.array(z.string()).optional(),
});
export type ConversationData = z.infer<typeof conversationDataSchema>;

export const CONVERSATION_SCHEMA_VERSION = 1;
const MAX_DEPTH = 6;
const MAX_REROUTES = 3;

/**
 * Input that interrupts a screen rather than leaving it: a question, or words the understanding
 * confidently gives an intent — not a bare number, an ordinal, a yes/no, a location or an event
 * (those keep the old way: the screen that does not use them is left).
 */
function interrupts(input: DialogInput): boolean {
  const u = input.understanding;
  if (!u || u.kind !== 'text' || input.location || input.event || /^\d+$/.test(input.text)) return false;
  // "第一个", "好的", "不要": an answer to some screen, not a new request.
  if (u.entities.option || u.entities.yesNo || u.entities.ack) return false;
  const top = u.intents[0];
  return u.isQuestion || (top !== undefined && top.confidence >= 0.6 && top.intent !== 'menu' && top.intent !== 'greeting');
}

/** Decides what to do with input when no dialog is active (or a dialog rerouted it). */
export type IdleRouter = (input: DialogInput, ctx: DialogContext) => Promise<StepResult<never>> | StepResult<never>;

export class DialogEngine {
  constructor(
    private readonly registry: DialogRegistry,
    private readonly idle: IdleRouter,
  ) {}

  has(dialogId: string): boolean {
    return this.registry.has(dialogId);
  }

  /**
   * True when a dialog on the stack waits for personal data (see Dialog.personalInput). Not only the
   * one in focus: a screen stacked on a form (a policy ask-back over the name prompt) hands an answer
   * it does not understand down to the form, so the input may be the name or phone all the same.
   */
  expectsPersonal(frames: Frame[]): boolean {
    return frames.some((frame) => {
      const dialog = this.registry.get(frame.dialog);
      if (!dialog?.personalInput) return false;
      const parsed = dialog.stateSchema.safeParse(frame.state);
      return parsed.success && dialog.personalInput(parsed.data);
    });
  }

  /** Advances the conversation by one input. Returns the new frames and the replies. */
  async run(
    frames: Frame[],
    input: DialogInput,
    turnCtx: DialogContext,
  ): Promise<{ frames: Frame[]; replies: Reply[]; memory: Record<string, unknown>; forget?: boolean }> {
    const stack = [...frames];
    const replies: Reply[] = [];
    const memory: Record<string, unknown> = { ...(turnCtx.memory ?? {}) };
    const ctx: DialogContext = { ...turnCtx, memory };
    for (let attempt = 0; attempt <= MAX_REROUTES; attempt++) {
      const top = stack.at(-1);
      if (!top) {
        const result = await this.idle(input, ctx);
        await this.apply(stack, null, result, ctx, replies);
        return { frames: stack, replies, memory };
      }
      const dialog = this.registry.get(top.dialog);
      const parsed = dialog?.stateSchema.safeParse(top.state);
      if (!dialog || !parsed?.success) {
        // Unknown dialog or state from an older format: drop the frame rather than crash.
        stack.pop();
        continue;
      }
      const result = await dialog.step(parsed.data, input, ctx);
      if (result.reroute) {
        replies.push(...result.replies);
        if (attempt === 0 && !top.uncovered && interrupts(input)) {
          const screen = dialog.resume ? await dialog.resume(parsed.data, ctx) : [];
          if (screen.length) {
            await this.interrupt(stack, input, ctx, replies, screen);
            return { frames: stack, replies, memory };
          }
        }
        stack.pop();
        continue;
      }
      await this.apply(stack, top, result, ctx, replies);
      return result.forget ? { frames: stack, replies, memory: {}, forget: true } : { frames: stack, replies, memory };
    }
    return { frames: stack, replies, memory };
  }

  /**
   * A question or an unrelated request typed on a screen (the frame on top, which rerouted it):
   * the idle router handles it with the screen kept below. A new flow stacks on top of it (the
   * screen comes back when that flow ends); an answer that waits for nothing is dropped and the
   * screen shown again. The same dialog opened anew replaces the screen (a new search).
   */
  private async interrupt(stack: Frame[], input: DialogInput, ctx: DialogContext, replies: Reply[], screen: Reply[]): Promise<void> {
    const below = stack.length;
    const screenFrame = stack[below - 1]!;
    const result = await this.idle(input, { ...ctx, interrupting: true });
    await this.apply(stack, null, result, { ...ctx, interrupting: true }, replies);
    while (stack.length > below && this.isPassive(stack.at(-1)!)) stack.pop();
    if (stack.length > below && stack[below]!.dialog === screenFrame.dialog) {
      stack.splice(below - 1, 1);
      return;
    }
    if (stack.length === below) replies.push(...screen);
  }

  private isPassive(frame: Frame): boolean {
    const dialog = this.registry.get(frame.dialog);
    if (!dialog?.passive) return false;
    const parsed = dialog.stateSchema.safeParse(frame.state);
    return parsed.success && dialog.passive(parsed.data);
  }

  /** What leaving now would lose ("「电工班」的报名"), from the dialog in focus; null = nothing. */
  leaveWarning(frames: Frame[]): string | null {
    const top = frames.at(-1);
    const dialog = top ? this.registry.get(top.dialog) : undefined;
    const parsed = dialog?.leaveWarning ? dialog.stateSchema.safeParse(top!.state) : undefined;
    return parsed?.success ? (dialog!.leaveWarning!(parsed.data) ?? null) : null;
  }

  /** The screen of the dialog in focus again (its prompt), or nothing when it cannot say. */
  async resume(frames: Frame[], ctx: DialogContext): Promise<Reply[]> {
    const top = frames.at(-1);
    const dialog = top ? this.registry.get(top.dialog) : undefined;
    const parsed = dialog?.resume ? dialog.stateSchema.safeParse(top!.state) : undefined;
    return parsed?.success ? await dialog!.resume!(parsed.data, ctx) : [];
  }

  /** Opens a dialog on top of the stack (menu items, intents, events). */
  async open(
    frames: Frame[],
    dialogId: string,
    args: unknown,
    turnCtx: DialogContext,
  ): Promise<{ frames: Frame[]; replies: Reply[]; memory: Record<string, unknown> }> {
    const stack = [...frames];
    const replies: Reply[] = [];
    const memory: Record<string, unknown> = { ...(turnCtx.memory ?? {}) };
    await this.startDialog(stack, dialogId, args, { ...turnCtx, memory }, replies);
    return { frames: stack, replies, memory };
  }

  /** Writes a result's `remember` entries into the turn's memory (null deletes). */
  private remember(ctx: DialogContext, result: StepResult<unknown>): void {
    if (!result.remember || !ctx.memory) return;
    const memory = ctx.memory as Record<string, unknown>;
    for (const [key, value] of Object.entries(result.remember)) {
      if (value === null) delete memory[key];
      else memory[key] = value;
    }
  }

  /** The screen uncovered by a dialog that ended with `resumeBelow`, shown again. */
  private async resumeBelow(stack: Frame[], ctx: DialogContext, replies: Reply[]): Promise<void> {
    const below = stack.at(-1);
    if (!below) return;
    delete below.uncovered;
    replies.push(...(await this.resume(stack, { ...ctx, interrupting: false })));
  }

  private async apply(
    stack: Frame[],
    frame: Frame | null,
    result: StepResult<unknown>,
    ctx: DialogContext,
    replies: Reply[],
  ): Promise<void> {
    replies.push(...result.replies);
    this.remember(ctx, result);
    if (frame) {
      if (result.end || (result.push && result.state === undefined)) {
        stack.splice(stack.indexOf(frame), 1);
        if (result.end && result.resumeBelow) await this.resumeBelow(stack, ctx, replies);
        else if (result.end && stack.length) stack.at(-1)!.uncovered = true;
      } else if (result.state !== undefined) {
        frame.state = result.state;
        delete frame.uncovered;
      }
    }
    if (result.push) await this.startDialog(stack, result.push.dialog, result.push.args, ctx, replies);
  }

  private async startDialog(stack: Frame[], dialogId: string, args: unknown, ctx: DialogContext, replies: Reply[]) {
    const dialog: Dialog | undefined = this.registry.get(dialogId);
    if (!dialog) throw new Error(`Unknown dialog "${dialogId}"`);
    if (stack.length >= MAX_DEPTH) stack.splice(0, stack.length - MAX_DEPTH + 1);
    const result = await dialog.start(args, ctx);
    this.remember(ctx, result);
    let frame: Frame | null = null;
    if (!result.end && result.state !== undefined) {
      frame = { dialog: dialogId, state: result.state };
      stack.push(frame);
    }
    replies.push(...result.replies);
    if (result.end && result.resumeBelow) await this.resumeBelow(stack, ctx, replies);
    if (result.push) {
      if (frame && result.state === undefined) stack.pop();
      await this.startDialog(stack, result.push.dialog, result.push.args, ctx, replies);
    }
  }
}
