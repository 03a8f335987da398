/**
 * The dialog contract. A dialog is a state machine that knows nothing about channels:
 * `start(args, ctx)` opens it, `step(state, input, ctx)` advances it. The engine keeps a stack
 * of frames `{ dialog, state }` in the database (ConversationState), so a conversation survives
 * restarts and SMS replies that come hours later.
 */
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Db } from '../db/client.js';
import type { Clock } from '../shared/clock.js';
import type { ChannelCapabilities, GeoPoint, InboundEvent } from './message.js';
import type { Intent, Understanding } from './understanding.js';

/**
 * What the kernel itself gives every dialog. Features add their domain services on top
 * (`DialogContext<S>` with `S extends KernelServices`, see src/dialogs/types.ts); the kernel
 * never needs to know them.
 */
export interface KernelServices {
  db: Db;
  clock: Clock;
  log: Logger;
}

/**
 * What the user said this turn. `text` is the understanding's normalized form (simplified
 * characters, full-width folded, trimmed); `raw` is the text as typed (for names).
 */
export interface DialogInput {
  text: string;
  raw?: string;
  /** What the understanding stage made of the turn (absent only when a test builds input by hand). */
  understanding?: Understanding;
  location?: GeoPoint;
  event?: InboundEvent;
}

/** The user as the dialogs see them. */
export interface DialogUser {
  id: number;
  name: string | null;
  phone: string | null;
  countyCode: string | null;
}

/** Everything a dialog may use. Injected, so tests run with no channel and a fake clock. */
export interface DialogContext<S extends KernelServices = KernelServices> {
  user: DialogUser;
  /** Channel name and capabilities (for reply length; never branch on the name). */
  channel: { name: string; capabilities: ChannelCapabilities; inGroup: boolean };
  /**
   * The conversation this turn belongs to: "private" (one per user, shared by their channels)
   * or "<channel>:group:<id>" for a group chat. Each has its own dialog stack.
   */
  conversationKey: string;
  services: S;
  /**
   * Set while a dialog answers an interruption (a question typed on another dialog's screen):
   * that screen is shown again right after, so the answer should not offer numbered options of
   * its own (they would collide with the screen's).
   */
  interrupting?: boolean;
  /**
   * What the conversation remembers beyond the dialog stack, by key (e.g. the last result list,
   * so "第2个" still means its second course after the list's dialog was left). Dialogs write it
   * with `StepResult.remember`; it lives until replaced or erased.
   */
  memory?: Readonly<Record<string, unknown>>;
}

/** A reply is plain text, or text flagged as containing personal data. */
export type Reply = string | { text: string; personal: true };

/**
 * What one step returns.
 * - `state` given, nothing else: stay in this dialog with the new state.
 * - `end: true`: leave this dialog (the parent frame, if any, gets the next input).
 * - `push`: open a child dialog on top; this frame stays below with `state` (or is replaced
 *   when `state` is undefined). The child's opening replies follow `replies`.
 * - `reroute: true`: leave this dialog and let the parent/router handle the same input again
 *   (e.g. a menu number typed inside a flow that does not use it).
 */
export interface StepResult<S> {
  replies: Reply[];
  state?: S;
  end?: boolean;
  push?: { dialog: string; args?: unknown };
  reroute?: boolean;
  /** Forget what the conversation remembers besides the stack (the last question): an erasure. */
  forget?: boolean;
  /** Entries for the conversation's memory (`DialogContext.memory`); null deletes a key. */
  remember?: Record<string, unknown>;
  /**
   * With `end`: this dialog answered something asked on the screen below it (a question typed on
   * a form, picked from an ask-back): that screen is shown again right after (`Dialog.resume`).
   */
  resumeBelow?: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface Dialog<S = unknown, A = unknown, Svc extends KernelServices = any> {
  /** Stable id stored in the database, e.g. "sign-up". Never rename without a state migration. */
  readonly id: string;
  /** Validates stored state; a frame whose state fails validation is dropped, not crashed on. */
  readonly stateSchema: z.ZodType<S>;
  start(args: A, ctx: DialogContext<Svc>): Promise<StepResult<S>> | StepResult<S>;
  step(state: S, input: DialogInput, ctx: DialogContext<Svc>): Promise<StepResult<S>> | StepResult<S>;
  /**
   * True when, in `state`, the dialog waits for personal data (a name, a phone or ID number): the
   * kernel then keeps the answer out of the message log, the dedupe record and `lastText`.
   */
  personalInput?(state: S): boolean;
  /** The current screen again (after an interruption or a "继续"). */
  resume?(state: S, ctx: DialogContext<Svc>): Promise<Reply[]> | Reply[];
  /**
   * What leaving this dialog now would lose, named for the user ("「电工班」的报名"); null when
   * nothing would. The router asks once before a leave word discards it.
   */
  leaveWarning?(state: S): string | null;
  /**
   * True when, in `state`, the dialog waits for no answer (it only offers extras, like a policy
   * answer's "回复1看原文"): when it answered an interruption, its frame is dropped and the
   * interrupted screen shown again.
   */
  passive?(state: S): boolean;
}

/** Registered dialogs by id. */
export type DialogRegistry = ReadonlyMap<string, Dialog<any, any, any>>;

/**
 * Recognizes, in free text typed outside any flow, a wish that a dialog serves
 * (e.g. "我想学电工" → find-courses). Returns the dialog's start args, or null.
 * Matchers are tried in order; unmatched text goes to policy Q&A.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface IntentMatcher<Svc extends KernelServices = any> {
  dialog: string;
  match(input: DialogInput, ctx: DialogContext<Svc>): unknown | null;
  /**
   * The understanding's intent labels this dialog serves: when the top intent of a turn outside
   * a flow is one of them (confident enough), the dialog opens even if `match` does not
   * recognize the words — with `args`'s start args (else `match`'s).
   */
  serves?: readonly Intent[];
  args?(input: DialogInput, ctx: DialogContext<Svc>): unknown;
}
