/**
 * Batch routes: a channel that can send one text to many of its users in one platform call
 * (WeChat OA mass-send by openid list) answers `reach(…)` with BATCH_ROUTE and implements
 * `pushBatch`. The outbound sender collects the rows routed there, marks each batch on its rows
 * (OutboundQueue.markBatch) before the call, and sends it under that key as the platform's
 * idempotency key, so a sender restarted after a crash re-sends the same batch under the same key
 * and the platform refuses the duplicate.
 */
import type { ChannelAdapter } from '../bot/message.js';

/** The route name `reach` answers for a batch send (e.g. the OA's mass-send). */
export const BATCH_ROUTE = 'mass';

export interface BatchReceipt {
  status: 'sent' | 'failed';
  /** The platform's job id (every row of the batch records it as its receipt). */
  providerMessageId?: string;
  error?: string;
  /**
   * The platform refused for good (no quota, not allowed, bad recipients): the rows try their
   * next route now. Otherwise a failure may be transient (network, "too fast"): the rows are
   * retried as the same batch.
   */
  final?: boolean;
}

export interface BatchOptions {
  /** Our idempotency key for the call (≤ 64 characters): the same key is never sent twice. */
  key: string;
  kind: string;
  broadcastId: number | null;
}

export interface BatchChannel {
  /** Fewest and most recipients one call takes (WeChat: 2 and 10,000). */
  readonly batchLimits: { min: number; max: number };
  pushBatch(channelUserIds: string[], text: string, options: BatchOptions): Promise<BatchReceipt>;
}

export function isBatchChannel(adapter: ChannelAdapter): adapter is ChannelAdapter & BatchChannel {
  return typeof (adapter as Partial<BatchChannel>).pushBatch === 'function' && (adapter as Partial<BatchChannel>).batchLimits !== undefined;
}
