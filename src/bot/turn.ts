/**
 * One turn as middleware sees it (the pipeline builds it; features and channels add middleware).
 * Its own file so the Feature contract can name middleware without importing the pipeline.
 */
import type { Reply } from './dialog.js';
import type { ChannelAdapter, InboundMessage } from './message.js';
import type { IdentifiedUser } from './users.js';

/** One turn as middleware sees it. */
export interface Turn {
  readonly msg: InboundMessage;
  readonly channel: ChannelAdapter;
  /** The text, normalized (full-width folded, whitespace collapsed). */
  readonly text: string;
  readonly user: IdentifiedUser;
  /** "private", or "<channel>:group:<id>" for a group chat: whose dialog stack this turn uses. */
  readonly conversationKey: string;
  /** The replies; a middleware that answers the turn itself sets them and skips `next()`. */
  replies: Reply[];
  /** The inbound MessageLog row of this turn. */
  readonly logId: number;
}

/** A use() slot around the rest of the turn (grammY/Hono style). */
export type TurnMiddleware = (turn: Turn, next: () => Promise<void>) => Promise<void>;

