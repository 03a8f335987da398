/**
 * The channel contract: every adapter exports one `ChannelSubject` from
 * tests/integrations/subjects/<channel>.ts (export name: `subject`), and
 * tests/integrations/contract.test.ts runs the same cases against each of them:
 *
 *   - parse:      fixtures.text (and fixtures.location when the channel supports location)
 *                 reach the bot as the expected InboundMessage fields;
 *   - dedupe:     the same raw payload delivered twice → the bot runs ONE turn;
 *   - split:      a long reply (about 2.5 × maxTextLength) reaches the user as ≥ 2 texts,
 *                 each ≤ capabilities.maxTextLength, at most capabilities.maxSegments;
 *   - signature:  badSignature(raw) → true (rejected, no turn) — only when the channel signs;
 *   - outbound:   send(userId, text) → the fake platform received that text for that user
 *                 (userId = subject.userId ?? fixtures.text.expect.channelUserId).
 *
 * `fixtures` and `userId` may be getters: the suite reads them after setup().
 *
 * The suite hands each subject a `ContractBot` (see `createContractBot` below): a fake `Bot`
 * with the pipeline's dedupe semantics (a repeated messageId returns the first replies with
 * `duplicate: true` and does not run a turn) whose answers the test scripts. Subjects wire their
 * adapter to that bot, to a fake platform on 127.0.0.1 and (if they need one) a test DB.
 *
 * Raw fixtures live in tests/fixtures/<channel>/ (one file per payload); subjects load them.
 */
import type { Bot, HandleOptions, TurnResult } from '../../../src/bot/pipeline.js';
import type {
  ChannelAdapter,
  ChannelCapabilities,
  GeoPoint,
  InboundMessage,
  OutboundMessage,
} from '../../../src/bot/message.js';

/** A raw inbound payload fixture and what the bot must receive from it. */
export interface RawFixture<Raw> {
  /** The platform's payload, as the subject's `deliver` takes it (XML string, form fields, …). */
  raw: Raw;
  /** Fields the InboundMessage must have (checked with toMatchObject), e.g. channelUserId, text. */
  expect: Partial<Pick<InboundMessage, 'channel' | 'channelUserId' | 'messageId' | 'text'>> & {
    location?: GeoPoint;
  };
}

export interface ChannelSubject<Raw = unknown> {
  /** Channel name = adapter.name = InboundMessage.channel, e.g. "wechat-oa", "sms-kannel". */
  readonly name: string;
  /** Skip the whole subject with this reason (e.g. "kannel binaries missing"); undefined = run. */
  readonly skip?: string;
  readonly fixtures: {
    /** A plain text message. Required. */
    text: RawFixture<Raw>;
    /** A location message; required when capabilities.supportsLocation. */
    location?: RawFixture<Raw>;
  };
  /**
   * A user the fake platform can reach, for the outbound case (default:
   * fixtures.text.expect.channelUserId). May be a getter that is valid after setup().
   */
  readonly userId?: string;
  /**
   * Builds the adapter around `bot` (plus fake platform servers, DB, …). Called once per test
   * (beforeEach), so state never leaks between cases. Returns the adapter under test.
   */
  setup(bot: Bot): Promise<ChannelAdapter>;
  /** Stops what setup started. Called after each test. */
  teardown(): Promise<void>;
  /**
   * Delivers one raw payload the way the platform would (HTTP request with a valid signature,
   * mock puppet event, …) and waits until the channel has finished with it, including any
   * later sends. Resolves with every text the user received because of it, in order
   * (passive reply + pushes / SMS MTs / chat messages).
   */
  deliver(raw: Raw): Promise<string[]>;
  /**
   * Builds a variant of `raw` carrying a NEW message id (so dedupe does not hide it), e.g. for
   * the long-reply case where the text fixture was already used. Optional: the suite falls back
   * to a fresh setup() per test, so most subjects can leave this out.
   */
  withNewId?(raw: Raw, id: string): Raw;
  /**
   * Sends `text` to `userId` outside a request (adapter.push) and resolves with the texts the
   * fake platform received for that user.
   */
  send(userId: string, text: string): Promise<string[]>;
  /**
   * Delivers `raw` with a broken signature. Resolves true when the channel rejected it (4xx,
   * nothing handed to the bot). Leave undefined when the channel does not sign its payloads.
   */
  badSignature?(raw: Raw): Promise<boolean>;
}

/** A scripted fake Bot with the pipeline's dedupe semantics. */
export interface ContractBot extends Bot {
  /** Every call to handle, duplicates included. */
  readonly calls: InboundMessage[];
  /** Turns that actually ran (first delivery of each messageId). */
  readonly turns: InboundMessage[];
  /** Sets how the next turns are answered (default: one reply "收到：<text>"). */
  answer(fn: (msg: InboundMessage) => OutboundMessage[]): void;
}

/** Capabilities helper for the suite. */
export type SubjectCapabilities = ChannelCapabilities;

/** The fake bot handed to every subject. */
export function createContractBot(): ContractBot {
  const calls: InboundMessage[] = [];
  const turns: InboundMessage[] = [];
  const done = new Map<string, OutboundMessage[]>();
  let answer = (msg: InboundMessage): OutboundMessage[] => [{ text: `收到：${msg.text ?? '[位置]'}` }];
  return {
    calls,
    turns,
    use() {},
    answer(fn) {
      answer = fn;
    },
    async handle(msg: InboundMessage, channel: ChannelAdapter, options: HandleOptions = {}): Promise<TurnResult> {
      calls.push(msg);
      const key = `${msg.channel}:${msg.messageId}`;
      const previous = done.get(key);
      if (previous) return { replies: previous, duplicate: true };
      turns.push(msg);
      const replies = answer(msg);
      done.set(key, replies);
      if (options.deliver && channel.push && replies.length) await channel.push(msg.channelUserId, replies);
      return { replies, duplicate: false, userId: turns.length };
    },
  };
}
