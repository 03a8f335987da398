/**
 * The DedupeStore port on SQLite (ProcessedMessage). Dedupe stage: a message id is processed once. A redelivery gets the replies of the first
 * delivery; one that arrives while the first is still running waits for it (WeChat retries).
 */
import type { Db } from '../db/client.js';
import type { OutboundMessage } from './message.js';
import type { DedupeStore } from './ports.js';

export type Claim = { duplicate: false } | { duplicate: true };

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === 'P2002';
}

export class SqliteDedupeStore implements DedupeStore {
  constructor(private readonly db: Db) {}

  /** Claims a message id; `duplicate` when it was seen before. */
  async claim(channel: string, channelMessageId: string): Promise<Claim> {
    try {
      await this.db.processedMessage.create({ data: { channel, channelMessageId } });
      return { duplicate: false };
    } catch (err) {
      if (isUniqueViolation(err)) return { duplicate: true };
      throw err;
    }
  }

  async complete(channel: string, channelMessageId: string, replies: OutboundMessage[], now: Date): Promise<void> {
    await this.db.processedMessage.update({
      where: { channel_channelMessageId: { channel, channelMessageId } },
      data: { status: 'done', replies: JSON.stringify(replies), completedAt: now },
    });
  }

  /** Forgets a claim whose turn failed, so a redelivery may try again. */
  async release(channel: string, channelMessageId: string): Promise<void> {
    await this.db.processedMessage.deleteMany({ where: { channel, channelMessageId } });
  }

  /**
   * Replies of an earlier delivery. Polls while that delivery is still processing, up to
   * `waitMs`; returns null when it is not done by then.
   */
  async repliesOf(channel: string, channelMessageId: string, waitMs: number): Promise<OutboundMessage[] | null> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const row = await this.db.processedMessage.findUnique({
        where: { channel_channelMessageId: { channel, channelMessageId } },
      });
      if (row?.status === 'done') return JSON.parse(row.replies) as OutboundMessage[];
      if (!row || Date.now() >= deadline) return null;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
